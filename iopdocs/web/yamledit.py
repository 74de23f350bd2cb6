"""Write a form's data into a YAML file, changing only what changed.

ruamel.yaml's round trip keeps comments, key order, quoting and block styles. A file is
only edited when loading and dumping it unchanged gives back every byte (the indentation
is found by trying the usual styles); otherwise the save is refused rather than letting
lines the officer did not touch move.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..case.yamlfile import YamlError, parse
from ..errors import Problem, UserError
from .schemaform import Node

_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0))


class RoundTrip:
    """A file's text, loaded for editing with the indentation that reproduces it."""

    def __init__(self, source: str, display: str):
        self.source = source
        self.display = display
        self.yaml, self.data = self._load(source)

    def _load(self, source: str) -> tuple[YAML, Any]:
        for mapping, sequence, offset in _INDENTS:
            yaml = YAML()
            yaml.preserve_quotes = True
            yaml.width = 100_000  # never re-wrap a line the officer wrote
            yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
            try:
                data = yaml.load(source)
            except YAMLError:
                raise UserError(
                    f"{self.display} kan inte visas som formulär förrän felen i filen är rättade "
                    "i en textredigerare:", _problems(source, self.display)) from None
            if not source.strip() or _dump(yaml, data) == source:
                return yaml, data if data is not None else CommentedMap()
        raise UserError(
            f"{self.display} kan inte sparas från webben utan att rader som inte ändrats skrivs om "
            "(ovanligt indrag eller format). Redigera filen i en textredigerare."
        )

    def apply(self, root: Node, new: dict[str, Any]) -> str:
        """The file's text with `new` written in; untouched lines stay byte for byte."""
        if not isinstance(self.data, CommentedMap):
            self.data = CommentedMap()
        _merge_map(self.data, new, root)
        return _dump(self.yaml, self.data) if self.data or self.source.strip() else ""


def _problems(source: str, display: str) -> list[Problem]:
    """What `check` says about text that does not parse."""
    try:
        parse(source, display)
    except YamlError as exc:
        return [exc.problem]
    return []


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def plain(value: Any) -> Any:
    """Round-trip data as plain Python (dates as ISO text, strings stripped), for comparing."""
    if isinstance(value, dict):
        return {(str(k)): plain(v) for k, v in value.items() if not _absent(v)}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict)) and not value)


def same(old: Any, new: Any) -> bool:
    return plain(old) == plain(new)


def _merge_map(old: CommentedMap, new: dict[str, Any], node: Node | None) -> None:
    children = [c.key for c in node.children] if node is not None and node.kind == "object" else list(new)
    for key in list(old):
        if str(key) not in {str(k) for k in new} and not _absent(old[key]):
            if not (node is not None and node.kind == "object" and _is_default(node.child(str(key)), old[key])):
                del old[key]
    for key, value in new.items():
        child = node.child(key) if node is not None and node.kind == "object" else (node.item if node else None)
        existing = _find_key(old, key)
        if existing is not None:
            old[existing] = _merge(old[existing], value, child)
        elif not _is_default(child, value):
            old.insert(_position(old, key, children), key, _fresh(value, child))


def _find_key(old: CommentedMap, key: Any) -> Any:
    return next((k for k in old if str(k) == str(key)), None)


def _is_default(node: Node | None, value: Any) -> bool:
    if _absent(value):
        return True
    return node is not None and node.scalar and node.default is not None and same(node.default, value)


def _position(old: CommentedMap, key: Any, order: list[Any]) -> int:
    """Where a new key goes: after the keys that come before it in the model's order."""
    if key not in order:
        return len(old)
    before = set(order[: order.index(key)])
    positions = [i for i, k in enumerate(old) if k in before]
    return positions[-1] + 1 if positions else 0


def _merge(old: Any, new: Any, node: Node | None) -> Any:
    if same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        _merge_map(old, new, node)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        item = node.item if node is not None else None
        for index in range(min(len(old), len(new))):
            old[index] = _merge(old[index], new[index], item)
        del old[len(new):]
        for value in new[len(old):]:
            old.append(_fresh(value, item))
        return old
    return _fresh(new, node, like=old)


def _fresh(value: Any, node: Node | None, like: Any = None) -> Any:
    """A new value in the file's style: block text stays a block, dates unquoted."""
    if isinstance(value, dict):
        out = CommentedMap()
        _merge_map(out, value, node)
        return out
    if isinstance(value, list):
        seq = CommentedSeq()
        for item in value:
            seq.append(_fresh(item, node.item if node is not None else None))
        return seq
    if isinstance(value, str):
        kind = node.kind if node is not None else "text"
        if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        if kind == "prose" and ("\n" in value or isinstance(like, (LiteralScalarString, FoldedScalarString))):
            return LiteralScalarString(value + "\n")
    return value
