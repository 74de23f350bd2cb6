"""A form's fields bound to values and to the problems found in them, ready to render."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..case.yamlfile import format_path
from ..errors import Problem
from .schemaform import Node


@dataclass
class Bound:
    node: Node
    name: str  # the form name
    path: tuple  # where the value stands in the file, as in a Problem's field
    value: Any = None  # a scalar's text for its input
    children: list["Bound"] = field(default_factory=list)  # object fields
    items: list["Bound"] = field(default_factory=list)  # list items, or map rows (their value)
    key: str = ""  # a map row's key
    errors: list[str] = field(default_factory=list)
    given: bool = False  # the value is there (an optional group opens when given)

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(c.has_errors for c in self.children + self.items)


def bind(root: Node, data: Any, problems: list[Problem]) -> tuple[Bound, list[Problem]]:
    """The bound form, and the problems that belong to no field of it."""
    index: dict[str, Bound] = {}
    top = _bind(root, data if isinstance(data, dict) else {}, "", (), index)
    loose = []
    for problem in problems:
        target = _nearest(index, problem.field)
        if target is None:
            loose.append(problem)
        else:
            target.errors.append(problem.message)
    return top, loose


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _bind(node: Node, value: Any, name: str, path: tuple, index: dict[str, Bound]) -> Bound:
    bound = Bound(node, name, path, given=value not in (None, {}, [], ""))
    index[format_path(path)] = bound
    if node.kind == "object":
        value = value if isinstance(value, dict) else {}
        for child in node.children:
            bound.children.append(
                _bind(child, _get(value, child.key), _join(name, child.key or ""), path + (child.key,), index)
            )
    elif node.kind == "list":
        assert node.item is not None
        items = value if isinstance(value, list) else []
        if node.item.scalar:
            items = list(items) + [None]  # one blank to add to, without a button
        for i, item in enumerate(items):
            bound.items.append(_bind(node.item, item, f"{name}[{i}]", path + (i,), index))
    elif node.kind == "map":
        assert node.item is not None
        rows = list(value.items()) if isinstance(value, dict) else []
        for i, (key, item) in enumerate(rows + [(None, None)]):
            row = _bind(node.item, item, f"{name}#{i}.value", path + (_key(key),), index)
            row.key = "" if key is None else str(key)
            row.name = f"{name}#{i}"
            bound.items.append(row)
    else:
        bound.value = _text(node, value)
    return bound


def _get(value: dict, key: Any) -> Any:
    return next((v for k, v in value.items() if str(k) == str(key)), None)


def _key(key: Any) -> Any:
    if key is None:
        return "(ny rad)"
    if isinstance(key, str) and re.fullmatch(r"\d+", key):
        return int(key)
    return key


def _text(node: Node, value: Any) -> Any:
    if value is None:
        return node.default if node.kind in ("choice", "bool") else ""
    if node.kind == "bool":
        return value is True
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and node.kind == "number":
        return str(int(value))
    return str(value).rstrip("\n") if node.kind == "prose" else str(value)


_PART = re.compile(r"\[(\d+)\]|\['((?:[^']|'')*)'\]|\.?([^.\[]+)")


def _nearest(index: dict[str, Bound], field_path: str) -> Bound | None:
    """The bound field a problem's field names, or the nearest group above it."""
    parts: list[Any] = []
    for match in _PART.finditer(field_path or ""):
        number, quoted, plain = match.groups()
        parts.append(int(number) if number is not None else (quoted if quoted is not None else plain))
    while parts:
        found = index.get(format_path(tuple(parts)))
        if found is not None:
            return found
        parts.pop()
    return None
