"""What changed between two versions of a case, in terms of the case model, not lines.

Both versions are first turned into plain data with one shape (comparable.py). Lists of
things with an identity (partners, goals, indicators …) are matched by it (itemkeys.py),
so a reordered list is no change and a new partner is one line, not fifty. Prose is
compared by its parsed text (prosediff.py), so re-wrapping lines in the YAML is no
change either. How a change reads in Swedish is in wording.py.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Literal

from .comparable import case_data, normalize, raw_data
from .itemkeys import attachment_key, section_key, shared_key
from .fieldnames import swedish_path
from .prosediff import PROSE_FIELDS, paragraph_changes, plain_text, prose_blocks, prose_note
from .wording import (
    MONEY_FIELDS,
    Noun,
    describe_item,
    format_value,
    group_digits,
    item_label,
    noun_for,
    short,
    word_markup,
)

__all__ = [
    "MONEY_FIELDS", "PROSE_FIELDS", "TOP_ORDER", "Change", "Kind", "Noun", "attachment_key", "case_data",
    "describe_item", "diff", "format_value", "group_digits", "item_label", "normalize", "prose_blocks",
    "prose_note", "raw_data", "section_key",
]

Kind = Literal["added", "removed", "changed"]

TOP_ORDER = ("case", "background", "partners", "priority_areas", "goals", "indicators", "follow_ups")


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

    @property
    def where(self) -> str:
        """The change's place as the officer reads it: 'Bidrag › Stadens bidrag per år'."""
        return swedish_path(self.path)

    def lines(self) -> list[str]:
        """The change for a person: where and what on the first line, then (for prose)
        each changed paragraph marked word by word."""
        return [f"{self.where}: {self.describe()}", *self.details()]

    def details(self) -> list[str]:
        if not (self.note and self.kind == "changed" and isinstance(self.old, str) and isinstance(self.new, str)):
            return []
        out = []
        for number, old, new in paragraph_changes(self.old, self.new):
            if old is None:
                out.append(f'stycke {number} (nytt): "{new}"')
            elif new is None:
                out.append(f'stycke {number} (borttaget): "{old}"')
            else:
                out.append(f"stycke {number}: {word_markup(old, new)}")
        return out

    def describe(self) -> str:
        if self.noun is not None:
            item = self.new if self.kind == "added" else self.old
            label = self.noun.new if self.kind == "added" else self.noun.removed
            return f'{label} "{short(describe_item(self.field, item))}"'
        if self.field in PROSE_FIELDS and self.kind != "changed" or self.note:
            if self.kind == "added":
                return f'ny text "{short(plain_text(self.new))}"'
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
            return word_markup(self.old, self.new)
        old, new = format_value(self.field, self.old), format_value(self.field, self.new)
        if self.field in MONEY_FIELDS and isinstance(self.old, int) and isinstance(self.new, int):
            old = old.removesuffix(" kr")
        return f"{old} → {new}"


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
    noun = noun_for(field)
    key = shared_key(field, old, new)
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
