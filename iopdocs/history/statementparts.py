"""The pieces of a statement, read from a case's plain data, for the comparison document.

Each piece is what the statement prints (a partner's period, the city's contributions, a
signatory's title), as a string or as prose blocks, so that the comparison can set the
old and the new version of it side by side. Lists are paired item by item with align().
"""

from __future__ import annotations

import difflib
from typing import Any, Callable

from .. import text
from .prosediff import prose_blocks
from .trackeddoc import Blocks
from .worddiff import plain_tokens, tokens
from .wording import format_value


def align(old: list, new: list, key: Callable[[Any], Any]) -> list[tuple[Any, Any]]:
    """Items of two lists paired by key, in the new order; removed ones where they stood."""
    def safe(item: Any) -> Any:
        try:
            found = key(item) if isinstance(item, dict) else item
            hash(found)  # raw data may hold a list or a mapping where the key should be
            return found
        except (KeyError, TypeError, AttributeError):
            return None

    old_keys, new_keys = [safe(x) for x in old], [safe(x) for x in new]
    if None in old_keys + new_keys or len(set(old_keys)) < len(old_keys) or len(set(new_keys)) < len(new_keys):
        old_keys, new_keys = list(range(len(old))), list(range(len(new)))  # no identity: by position
    old_by = dict(zip(old_keys, old))
    new_set = set(new_keys)
    pairs: list[tuple[Any, Any]] = []
    ops = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    for _tag, i1, i2, j1, j2 in ops:
        for k, item in zip(old_keys[i1:i2], old[i1:i2]):
            if k not in new_set:
                pairs.append((item, None))
        for k, item in zip(new_keys[j1:j2], new[j1:j2]):
            pairs.append((old_by.get(k), item))
    return pairs


def prose(source: Any) -> Blocks:
    """A prose field as blocks of tokens; text the markup refuses, paragraph by paragraph."""
    if not isinstance(source, str) or not source:
        return []
    try:
        return [(b.kind, tokens(b.runs)) for b in text.parse(source).blocks]
    except text.MarkupError:
        return [(kind, plain_tokens(content)) for kind, content in prose_blocks(source)]  # type: ignore[misc]


def proposal(case: dict[str, Any]) -> Blocks:
    """The proposed decision: one paragraph, or a numbered list when it has several points."""
    items = [b for item in case.get("proposal") or [] for b in prose(item)]
    return [("number", t) for _, t in items] if len(items) > 1 else items


def date_text(value: Any) -> str | None:
    return None if value is None else str(value)


def signatory_title(signatory: dict[str, Any]) -> str | None:
    title = signatory.get("title")
    return f"tf. {title}" if title and signatory.get("acting") else title


def attachment_line(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    return f"{item.get('title', '')}" + (f" ({item['dnr']})" if item.get("dnr") else "")


def area_titles(data: dict[str, Any], partner: dict[str, Any]) -> str | None:
    titles = {a.get("id"): a.get("title") for a in data.get("priority_areas") or [] if isinstance(a, dict)}
    ids = partner.get("priority_areas") or []
    return ", ".join(str(titles.get(i) or i) for i in ids) or None


def agreement_period(partner: dict[str, Any]) -> str | None:
    agreement = partner.get("agreement") or {}
    if not agreement.get("start") and not agreement.get("end"):
        return None
    return f"{agreement.get('start', '')} – {agreement.get('end', '')}"


def contributions(partner: dict[str, Any]) -> dict[str, str]:
    """What the city and the organisation contribute, label → value, as the statement lists it."""
    given = partner.get("contributions") or {}
    city, org = given.get("city") or {}, given.get("organisation") or {}
    out: dict[str, str] = {}
    if city.get("amount_per_year") is not None:
        out["Stadens medel"] = f"{format_value('amount_per_year', city['amount_per_year'])} per år"
    for key, label in (("premises", "Stadens lokaler"), ("staff", "Stadens personal"), ("other", "Stadens övriga bidrag")):
        if city.get(key):
            out[label] = str(city[key])
    if org.get("volunteer_hours_per_year") is not None:
        out["Ideella timmar"] = f"{format_value('', org['volunteer_hours_per_year'])} per år"
    if org.get("own_funding") is not None:
        out["Organisationens egen finansiering"] = f"{format_value('own_funding', org['own_funding'])} per år"
    for key, label in (("premises", "Organisationens lokaler"), ("other", "Organisationens övriga bidrag")):
        if org.get(key):
            out[label] = str(org[key])
    return out


def partner_goals(data: dict[str, Any], partner: dict[str, Any]) -> list[dict[str, Any]]:
    if not partner:
        return []
    goals = [g for g in data.get("goals") or [] if isinstance(g, dict)]
    single = len(data.get("partners") or []) == 1
    return [g for g in goals if g.get("partner") == partner.get("id") or (single and not g.get("partner"))]
