"""How items of a list are matched between two versions of a case: by their identity.

A partner, a goal or an indicator is its id, a follow-up its period (and partner), a
section its heading, an attachment its form or file; so a reordered list is no change
and a new partner is one item added. A list whose items have no identity, or share one,
is aligned by position instead.
"""

from __future__ import annotations

from typing import Any, Callable


def shared_key(field: str, old: list, new: list) -> Callable[[Any], Any] | None:
    """The first of the list's keys that is unique on both sides; None: align by position."""
    return next((k for k in _KEYS.get(field, ()) if _keyed(old, k) and _keyed(new, k)), None)


def _keyed(items: list, key: Callable[[Any], Any]) -> bool:
    """Whether every item has a key and no two share one (raw data may break both)."""
    try:
        keys = [key(x) for x in items]
        distinct = set(keys)  # a list or a mapping where the key should be is no identity
    except (KeyError, TypeError, AttributeError):
        return False
    return None not in keys and len(distinct) == len(keys)


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
    "activities": (_get("activity"),),  # an agreement's activity plan; a follow-up's aligns by position
}
