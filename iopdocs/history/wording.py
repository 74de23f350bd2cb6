"""How a change reads in Swedish: values ('450 000 kr', 'ja'), list items, nouns.

A list item is named by what a reader knows it by (a partner by its short name, a goal
by its id) and an added or removed one by its noun with the right gender ('ny partner',
'nytt mål'); an enum value by its label ('Uppfyllt', not 'met').
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import model
from .prosediff import PROSE_FIELDS, plain_text
from .worddiff import plain_tokens, word_diff

MONEY_FIELDS = frozenset({"amount_per_year", "own_funding", "paid", "budget"})

# Labels of enum values, by field name, so that a change reads "Uppfyllt → Ej uppfyllt".
_ENUM_LABELS: dict[str, dict[str, str]] = {
    **{field: {member.value: member.label for member in enum}
       for field, enum in (("kind", model.Kind), ("legal_form", model.LegalForm), ("initiative", model.Initiative),
                           ("result", model.CheckResult), ("recommendation", model.Recommendation),
                           ("decision", model.Decision))},
    "direction": {"higher": "högre är bättre", "lower": "lägre är bättre"},
    "form": {"assessment": "bedömning", "follow_up": "uppföljning", "agreement": "överenskommelse"},
}


@dataclass(frozen=True)
class Noun:
    """A Swedish noun for a list item, with its gender for 'ny/nytt', 'borttagen/borttaget'."""

    word: str
    neuter: bool = False

    @property
    def new(self) -> str:
        return f"{'nytt' if self.neuter else 'ny'} {self.word}"

    @property
    def removed(self) -> str:
        return f"{'borttaget' if self.neuter else 'borttagen'} {self.word}"


_NOUNS: dict[str, Noun] = {
    "partners": Noun("partner"),
    "goals": Noun("mål", True),
    "subgoals": Noun("delmål", True),
    "priority_areas": Noun("prioriterat område", True),
    "indicators": Noun("indikator"),
    "follow_ups": Noun("uppföljning"),
    "sections": Noun("avsnitt", True),
    "attachments": Noun("bilaga"),
    "signatories": Noun("undertecknare"),
    "activities": Noun("aktivitet"),
    "participants": Noun("deltagare"),
    "proposal": Noun("beslutspunkt"),
    "departments": Noun("avdelning"),
}
_DEFAULT_NOUN = Noun("post")


def noun_for(field: str) -> Noun:
    """The noun of an item of the list `field` ('post' for a list without one)."""
    return _NOUNS.get(field, _DEFAULT_NOUN)


def item_label(field: str, item: Any, position: int) -> str:
    """How an item is named in a path: a partner by its short name, a goal by its id …"""
    if not isinstance(item, dict):
        return str(position)
    if field == "partners":
        return str(item.get("short_name") or item.get("name") or item.get("id"))
    if field in ("goals", "subgoals", "indicators", "priority_areas"):
        return str(item.get("id", position))
    if field == "follow_ups":
        return f"{item.get('period')}, {item['partner']}" if item.get("partner") else str(item.get("period"))
    if field == "sections":
        return str(item.get("heading") or ("partner" if item.get("partners") else position))
    if field == "signatories":
        return str(item.get("name", position))
    if field == "activities" and item.get("activity"):
        return str(item["activity"])
    return str(position)


def describe_item(field: str, item: Any) -> str:
    """An item in a line of its own: its name or title."""
    if isinstance(item, str):
        return plain_text(item) if field in PROSE_FIELDS else item
    if not isinstance(item, dict):
        return format_value(field, item)
    if field == "follow_ups":
        return item_label(field, item, 0)
    if field == "sections" and not item.get("heading"):
        return "partnerna" if item.get("partners") else plain_text(item.get("text", ""))
    for key in ("name", "title", "heading", "planned", "activity"):
        if item.get(key):
            return str(item[key])
    return str(item.get("id", ""))


# --- Values ---------------------------------------------------------------------------


def format_value(field: str, value: Any) -> str:
    """A value as a Swedish reader expects it: '450 000 kr', '2023-11-09', 'ja'."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if field in MONEY_FIELDS:
            return f"{group_digits(value)} kr"
        return group_digits(value) if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, str):
        labels = _ENUM_LABELS.get(field)
        if labels and value in labels:
            return labels[value]
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
        return f'"{short(value)}"'
    return str(value)


def group_digits(value: int) -> str:
    """450000 → '450 000' (Swedish thousands separator)."""
    return f"{value:,}".replace(",", " ")


def short(value: str, limit: int = 70) -> str:
    """A value on one line, cut at `limit` characters."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


# --- Text changed word by word --------------------------------------------------------

CONTEXT_WORDS = 6  # unchanged words kept on each side of a change


def word_markup(old: str, new: str) -> str:
    """`old` → `new` as one line marked word by word, as git's --word-diff writes it:
    `[-gammalt-]{+nytt+}`, with long unchanged stretches cut to '…'."""
    parts = word_diff(plain_tokens(" ".join(old.split())), plain_tokens(" ".join(new.split())))
    out = []
    for index, (tag, tokens) in enumerate(parts):
        words = "".join(t[0] for t in tokens)
        if tag in ("del", "ins"):
            lead, body, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", words, re.S).groups()  # type: ignore[union-attr]
            if tag == "ins" and index and parts[index - 1][0] == "del":
                lead = ""  # the deleted words stood there: the new ones take their place
            out.append(f"{lead}[-{body}-]{trail}" if tag == "del" else f"{lead}{{+{body}+}}{trail}")
        else:
            out.append(_elide(words, first=index == 0, last=index == len(parts) - 1))
    return "".join(out).strip()


def _elide(words: str, first: bool, last: bool) -> str:
    """An unchanged stretch between changes, cut to its ends when it is long."""
    pieces = re.split(r"(\s+)", words)
    count = sum(1 for p in pieces if p.strip())
    keep = CONTEXT_WORDS
    if count <= keep * (1 if first or last else 2):
        return words
    tokens = [p for p in pieces if p.strip()]
    lead = " " if words[:1].isspace() else ""
    trail = " " if words[-1:].isspace() else ""
    if first:
        return "… " + " ".join(tokens[-keep:]) + trail
    if last:
        return lead + " ".join(tokens[:keep]) + " …"
    return lead + " ".join(tokens[:keep]) + " … " + " ".join(tokens[-keep:]) + trail
