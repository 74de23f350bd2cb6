"""Prose fields compared by their text, not by how the YAML wraps their lines.

Prose is parsed with the small markup of text.py into its blocks (paragraphs and list
items with their formatted runs); two versions are the same when their blocks are, and
a change names the paragraphs that changed.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from .. import model, text


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


def prose_blocks(source: str) -> tuple:
    """Prose as its blocks (kind and formatted runs); line wrapping in the YAML is no change."""
    try:
        return tuple((b.kind, b.runs) for b in text.parse(source).blocks)
    except text.MarkupError:
        return tuple(("paragraph", " ".join(p.split())) for p in re.split(r"\n\s*\n", source) if p.strip())


def paragraph_changes(old: str, new: str) -> list[tuple[int, str | None, str | None]]:
    """(paragraph number, old text, new text) of every paragraph that changed, came or
    went; the number is the new version's, or for a removed one the old version's."""
    a, b = prose_blocks(old), prose_blocks(new)
    found: list[tuple[int, str | None, str | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            found.append((j1 + offset + 1, _block_text(a[i1 + offset]), _block_text(b[j1 + offset])))
        for j in range(j1 + paired, j2):
            found.append((j + 1, None, _block_text(b[j])))
        for i in range(i1 + paired, i2):
            found.append((i + 1, _block_text(a[i]), None))
    return found


def _block_text(block: tuple) -> str:
    _, runs = block
    return runs if isinstance(runs, str) else "".join(run.text for run in runs)


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


def plain_text(source: Any) -> str:
    """Prose as one line of plain text, for a change that quotes it."""
    if not isinstance(source, str):
        return str(source)
    try:
        return text.parse(source).text.replace("\n\n", " ")
    except text.MarkupError:
        return " ".join(source.split())
