"""What changed between two versions of a case, in terms of the case model, not lines.

Both versions are first turned into plain data (dicts, lists, scalars) with one shape:
`case` (case.yaml), `background` (background.yaml), and the lists `partners`,
`priority_areas`, `goals`, `indicators`, `follow_ups`. Lists of things with an identity
(partners, goals, indicators …) are matched by it, so a reordered list is no change and a
new partner is one line, not fifty. Prose is compared by its parsed text, so re-wrapping
lines in the YAML is no change either.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any, Callable, Literal

from . import model, text

Kind = Literal["added", "removed", "changed"]

TOP_ORDER = ("case", "background", "partners", "priority_areas", "goals", "indicators", "follow_ups")
MONEY_FIELDS = frozenset({"amount_per_year", "own_funding", "paid", "budget"})


def _prose_fields() -> frozenset[str]:
    """Names of the model's prose fields (compared by text, summarised by paragraph)."""

    def has_prose(t: Any) -> bool:
        return t is text.Prose or any(has_prose(a) for a in typing.get_args(t))

    names: set[str] = set()
    seen: set[type] = set()

    def walk(cls: type[model.BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for name, info in cls.model_fields.items():
            if has_prose(info.annotation):
                names.add(name)
            stack = [info.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, model.BaseModel):
                    walk(t)
                stack.extend(typing.get_args(t))

    for cls in model.FILE_MODELS.values():
        walk(cls)
    return frozenset(names)


PROSE_FIELDS = _prose_fields()

# Labels of enum values, by field name, so that a change reads "Uppfyllt → Ej uppfyllt".
_ENUM_LABELS: dict[str, dict[str, str]] = {
    "kind": {k.value: v for k, v in model.KIND_LABELS.items()},
    "legal_form": {k.value: v for k, v in model.LEGAL_FORM_LABELS.items()},
    "initiative": {k.value: v for k, v in model.INITIATIVE_LABELS.items()},
    "result": {k.value: v for k, v in model.CHECK_RESULT_LABELS.items()},
    "recommendation": {k.value: v for k, v in model.RECOMMENDATION_LABELS.items()},
    "decision": {k.value: v for k, v in model.DECISION_LABELS.items()},
    "direction": {"higher": "högre är bättre", "lower": "lägre är bättre"},
    "form": {"assessment": "bedömning", "follow_up": "uppföljning"},
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


@dataclass(frozen=True)
class Change:
    """One semantic change: where (a readable path), what kind, and the values."""

    path: str
    kind: Kind
    old: Any = None
    new: Any = None
    field: str = ""  # the last key: decides formatting (money, prose, enum labels)
    noun: Noun | None = None  # set for a list item added or removed
    note: str = ""  # for prose: which paragraphs changed

    def __str__(self) -> str:
        return f"{self.path}: {self.describe()}"

    def describe(self) -> str:
        if self.noun is not None:
            item = self.new if self.kind == "added" else self.old
            label = self.noun.new if self.kind == "added" else self.noun.removed
            return f'{label} "{_short(describe_item(self.field, item))}"'
        if self.field in PROSE_FIELDS and self.kind != "changed" or self.note:
            if self.kind == "added":
                return f'ny text "{_short(_plain(self.new))}"'
            if self.kind == "removed":
                return "texten borttagen"
            return self.note
        if isinstance(self.new if self.kind == "added" else self.old, (dict, list)):
            return {"added": "tillagt", "removed": "borttaget", "changed": "ändrat"}[self.kind]
        if self.kind == "added":
            return f"{format_value(self.field, self.new)} (tillagt)"
        if self.kind == "removed":
            return f"borttaget (var {format_value(self.field, self.old)})"
        if isinstance(self.old, str) and isinstance(self.new, str) and max(len(self.old), len(self.new)) > 70:
            return "texten ändrad"
        old, new = format_value(self.field, self.old), format_value(self.field, self.new)
        if self.field in MONEY_FIELDS and isinstance(self.old, int) and isinstance(self.new, int):
            old = old.removesuffix(" kr")
        return f"{old} → {new}"


# --- Plain data from a model or from raw YAML ---------------------------------------


def case_data(case: model.Case) -> dict[str, Any]:
    """A validated case as plain data (the shape the diff compares)."""
    data = {
        "case": case.meta.model_dump(mode="json"),
        "background": case.background.model_dump(mode="json"),
        "partners": [p.model_dump(mode="json") for p in case.partners],
        "priority_areas": [a.model_dump(mode="json") for a in case.priority_areas],
        "goals": [g.model_dump(mode="json") for g in case.goals],
        "indicators": [i.model_dump(mode="json") for i in case.indicators],
        "follow_ups": [f.model_dump(mode="json") for f in case.follow_ups],
    }
    return normalize(data)


def raw_data(files: dict[str, Any]) -> dict[str, Any]:
    """Parsed YAML of a case's files (kind → data, e.g. 'partners' → {...}) as plain data.

    For a version that doesn't validate: it is compared as written, without defaults.
    """
    data: dict[str, Any] = {}
    for kind, content in files.items():
        if kind in ("case", "background") or not isinstance(content, dict):
            data[kind] = content
        else:
            data.update(content)
    return normalize(data)


def normalize(value: Any) -> Any:
    """Drop what means 'not given' (None, '', [], {}); keys become strings."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = normalize(item)
            if not _absent(item):
                out[str(key)] = item
        return out
    if isinstance(value, (list, tuple)):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        return value.strip()
    return value


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


# --- The diff -------------------------------------------------------------------------


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes from `old` to `new` (both from case_data or raw_data), in document order."""
    out: list[Change] = []
    keys = [k for k in TOP_ORDER if k in old or k in new]
    keys += sorted(k for k in set(old) | set(new) if k not in TOP_ORDER)
    for key in keys:
        _diff(old.get(key), new.get(key), key, key, out)
    return out


def _diff(old: Any, new: Any, path: str, field: str, out: list[Change]) -> None:
    if _same(old, new, field):
        return
    if old is None or new is None:
        present = new if old is None else old
        kind: Kind = "added" if old is None else "removed"
        if isinstance(present, list) and all(isinstance(x, (dict, str)) for x in present):
            _diff_list([] if old is None else old, [] if new is None else new, path, field, out)
        elif isinstance(present, dict) and _leaves(present) <= 4:
            for key in present:
                _diff(None if old is None else old[key], None if new is None else new[key], f"{path}.{key}", key, out)
        else:
            out.append(Change(path, kind, old, new, field))
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(new) + [k for k in old if k not in new]:
            _diff(old.get(key), new.get(key), f"{path}.{key}", key, out)
    elif isinstance(old, list) and isinstance(new, list):
        _diff_list(old, new, path, field, out)
    elif field in PROSE_FIELDS and isinstance(old, str) and isinstance(new, str):
        out.append(Change(path, "changed", old, new, field, note=prose_note(old, new)))
    else:
        out.append(Change(path, "changed", old, new, field))


def _same(old: Any, new: Any, field: str) -> bool:
    if field in PROSE_FIELDS and isinstance(old, str) and isinstance(new, str):
        return prose_blocks(old) == prose_blocks(new)
    if isinstance(old, str) and isinstance(new, str):
        return " ".join(old.split()) == " ".join(new.split())
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return old == new


def _leaves(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v) for v in value) + 1
    return 1


def _diff_list(old: list, new: list, path: str, field: str, out: list[Change]) -> None:
    noun = _NOUNS.get(field, _DEFAULT_NOUN)
    key = next((k for k in _KEYS.get(field, ()) if _keyed(old, k) and _keyed(new, k)), None)
    if key is not None:
        old_by = {key(x): x for x in old}
        new_keys = {key(x) for x in new}
        for position, item in enumerate(new, start=1):
            k = key(item)
            label = f"{path}[{item_label(field, item, position)}]"
            if k in old_by:
                _diff(old_by[k], item, label, "", out)
            else:
                out.append(Change(path, "added", None, item, field, noun))
        for item in old:
            if key(item) not in new_keys:
                out.append(Change(path, "removed", item, None, field, noun))
        return
    # No identity: align the sequences; a replaced item of equal count is a changed one.
    a = [_fingerprint(x, field) for x in old]
    b = [_fingerprint(x, field) for x in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            o, n = old[i1 + offset], new[j1 + offset]
            if isinstance(o, dict) and isinstance(n, dict) or field in PROSE_FIELDS:
                _diff(o, n, f"{path}[{j1 + offset + 1}]", field if field in PROSE_FIELDS else "", out)
            else:
                out.append(Change(path, "removed", o, None, field, noun))
                out.append(Change(path, "added", None, n, field, noun))
        for item in old[i1 + paired : i2]:
            out.append(Change(path, "removed", item, None, field, noun))
        for item in new[j1 + paired : j2]:
            out.append(Change(path, "added", None, item, field, noun))


def _fingerprint(item: Any, field: str) -> Any:
    if field in PROSE_FIELDS and isinstance(item, str):
        return prose_blocks(item)
    if isinstance(item, str):
        return " ".join(item.split())
    return repr(item)


def _keyed(items: list, key: Callable[[Any], Any]) -> bool:
    """Whether every item has a key and no two share one (raw data may break both)."""
    try:
        keys = [key(x) for x in items]
    except (KeyError, TypeError, AttributeError):
        return False
    return None not in keys and len(set(keys)) == len(keys)


def _get(name: str) -> Callable[[Any], Any]:
    return lambda item: item[name] if isinstance(item, dict) else item


def section_key(item: Any) -> Any:
    if item.get("heading"):
        return ("heading", item["heading"])
    if item.get("partners"):
        return ("partners",)
    return None  # untitled text: aligned by position instead


def attachment_key(item: Any) -> Any:
    if item.get("form"):
        return ("form", item["form"], item.get("partner"), item.get("period"))
    if item.get("file"):
        return ("file", item["file"])
    return ("title", item["title"])


# How items of a list are matched, by the list's key; the first that is unique on both
# sides wins (a follow-up is its period, unless two partners share one).
_KEYS: dict[str, tuple[Callable[[Any], Any], ...]] = {
    "partners": (_get("id"),),
    "goals": (_get("id"),),
    "subgoals": (_get("id"),),
    "indicators": (_get("id"),),
    "priority_areas": (_get("id"),),
    "follow_ups": (_get("period"), lambda item: (item["period"], item.get("partner"))),
    "sections": (section_key,),
    "attachments": (attachment_key,),
    "signatories": (_get("name"),),
}


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
    return str(position)


def describe_item(field: str, item: Any) -> str:
    """An item in a line of its own: its name or title."""
    if isinstance(item, str):
        return _plain(item) if field in PROSE_FIELDS else item
    if not isinstance(item, dict):
        return format_value(field, item)
    if field == "follow_ups":
        return item_label(field, item, 0)
    if field == "sections" and not item.get("heading"):
        return "partnerna" if item.get("partners") else _plain(item.get("text", ""))
    for key in ("name", "title", "heading", "planned"):
        if item.get(key):
            return str(item[key])
    return str(item.get("id", ""))


# --- Prose ----------------------------------------------------------------------------


def prose_blocks(source: str) -> tuple:
    """Prose as its blocks (kind and formatted runs); line wrapping in the YAML is no change."""
    try:
        return tuple((b.kind, b.runs) for b in text.parse(source).blocks)
    except text.MarkupError:
        return tuple(("paragraph", " ".join(p.split())) for p in re.split(r"\n\s*\n", source) if p.strip())


def prose_note(old: str, new: str) -> str:
    """Which paragraphs changed: 'stycket ändrat', 'stycke 2 ändrat; stycke 4 nytt'."""
    a, b = prose_blocks(old), prose_blocks(new)
    if len(a) == len(b) == 1:
        return "stycket ändrat"
    changed: list[int] = []
    added: list[int] = []
    removed: list[int] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changed += range(j1 + 1, j1 + paired + 1)
        added += range(j1 + paired + 1, j2 + 1)
        removed += range(i1 + paired + 1, i2 + 1)
    parts = []
    for numbers, singular, plural in ((changed, "ändrat", "ändrade"), (added, "nytt", "nya"), (removed, "borttaget", "borttagna")):
        if numbers:
            parts.append(f"stycke {_join(numbers)} {singular if len(numbers) == 1 else plural}")
    return "; ".join(parts) or "texten ändrad"


def _join(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} och {words[-1]}"


def _plain(source: Any) -> str:
    if not isinstance(source, str):
        return str(source)
    try:
        return text.parse(source).text.replace("\n\n", " ")
    except text.MarkupError:
        return " ".join(source.split())


def _short(value: str, limit: int = 70) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


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
        return f'"{_short(value)}"'
    return str(value)


def group_digits(value: int) -> str:
    """450000 → '450 000' (Swedish thousands separator)."""
    return f"{value:,}".replace(",", " ")
