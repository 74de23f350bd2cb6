"""A posted form → the file's data, and the list edits (add, remove, move) a form asks for.

Field names are paths: `officer.name`, `partners[0].agreement.end`, and for a table of
values per year `indicators[0].targets#0.key` / `.value` (a row, since its key is edited
too). Every list item and table row also posts a hidden `_item` with its name, so that an
item whose inputs are all empty is still there. Empty inputs mean "not given" and are
left out, as an officer leaves a key out of the YAML.
"""

from __future__ import annotations

import re
from typing import Any

from ..case.yamlfile import format_path
from ..errors import Problem
from .schemaform import Node

Form = dict[str, list[str]]  # every posted value of each name, in order
_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def form_values(pairs: list[tuple[str, str]]) -> Form:
    out: Form = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out


def parse_form(root: Node, form: Form) -> tuple[dict[str, Any], list[Problem]]:
    """The file's data as the form states it (a mapping, possibly empty), and what the form
    says that no file could (the same year on two rows of a table)."""
    reader = _Reader(form)
    return reader.object(root, "") or {}, reader.problems


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


class _Reader:
    def __init__(self, form: Form):
        self.form = form
        self.problems: list[Problem] = []

    def object(self, node: Node, prefix: str) -> dict[str, Any]:
        out = {}
        for child in node.children:
            value = self.value(child, _join(prefix, child.key or ""))
            if value is not None:
                out[child.key] = value
        return out

    def value(self, node: Node, name: str) -> Any:
        if node.kind == "object":
            return self.object(node, name) or None
        if node.kind == "list":
            return self.list(node, name) or None
        if node.kind == "map":
            return self.map(node, name) or None
        return scalar(node, self.form.get(name, [""])[-1] if node.kind != "bool" else self.form.get(name))

    def rows(self, name: str, opener: str) -> list[int]:
        pattern = re.compile(re.escape(name) + (r"\[(\d+)\]$" if opener == "[" else r"#(\d+)$"))
        found = {int(m.group(1)) for item in self.form.get("_item", []) if (m := pattern.match(item))}
        return sorted(found)

    def list(self, node: Node, name: str) -> list[Any]:
        assert node.item is not None
        out = []
        for index in self.rows(name, "["):
            item_name = f"{name}[{index}]"
            if node.item.kind == "object":
                out.append(self.object(node.item, item_name))
            else:
                value = self.value(node.item, item_name)
                if value is not None:
                    out.append(value)
        return out

    def map(self, node: Node, name: str) -> dict[Any, Any]:
        assert node.item is not None
        out: dict[Any, Any] = {}
        for index in self.rows(name, "#"):
            row = f"{name}#{index}"
            key = self.form.get(f"{row}.key", [""])[-1].strip()
            value = self.value(node.item, f"{row}.value")
            if not key and value is None:
                continue
            final = int(key) if node.year_keys and re.fullmatch(r"\d{1,6}", key) else key
            if final in out:
                where = format_path(tuple(path_steps(name)) + (final,))
                self.problems.append(Problem("", None, where, f"{key} står på två rader; slå ihop dem"))
            out[final] = value
        return out


def scalar(node: Node, raw: Any) -> Any:
    """One input's text as the YAML value it stands for; what cannot be read is kept as
    text, so that validation names the problem beside the field."""
    if node.kind == "bool":
        return bool(raw) and raw[-1] not in ("", "false")
    value = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "\n".join(line.rstrip() for line in value.split("\n")).strip("\n")
    if node.kind != "prose":
        value = value.strip()
    if not value.strip():
        return None
    if node.kind == "integer" and re.fullmatch(r"[-+]?\d[\d ]*", value):
        return int(value.replace(" ", ""))
    if node.kind == "number":
        plain = value.replace(" ", "").replace(",", ".")
        if re.fullmatch(r"[-+]?\d+", plain):
            return int(plain)
        if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+)", plain):
            return float(plain)
    return value


# --- list edits ---------------------------------------------------------------------


def path_steps(name: str) -> list[str | int]:
    """'partners[1].agreement' → ['partners', 1, 'agreement']; '' when not a plain path."""
    steps: list[str | int] = []
    position = 0
    for match in _STEP.finditer(name):
        if match.start() != position:
            raise ValueError(name)
        steps.append(match.group(1) if match.group(1) else int(match.group(2)))
        position = match.end()
    if position != len(name) or not steps:
        raise ValueError(name)
    return steps


def apply_op(root: Node, data: dict[str, Any], op: str) -> bool:
    """Apply 'add:NAME', 'remove:NAME[i]', 'up:NAME[i]' or 'down:NAME[i]' to `data`;
    False for anything else (a tampered form changes nothing)."""
    verb, _, name = op.partition(":")
    try:
        steps = path_steps(name)
    except ValueError:
        return False
    index = None
    if verb in ("remove", "up", "down"):
        if not isinstance(steps[-1], int):
            return False
        index = steps.pop()
    elif verb != "add":
        return False
    node = _node_at(root, steps)
    if node is None or node.kind != "list":
        return False
    items = _list_at(data, steps)
    if verb == "add":
        items.append({} if node.item and node.item.kind == "object" else "")
        return True
    if index is None or not 0 <= index < len(items):
        return False
    if verb == "remove":
        del items[index]
    else:
        other = index - 1 if verb == "up" else index + 1
        if not 0 <= other < len(items):
            return False
        items[index], items[other] = items[other], items[index]
    return True


def _node_at(root: Node, steps: list[str | int]) -> Node | None:
    node: Node | None = root
    for step in steps:
        if node is None:
            return None
        if isinstance(step, int):
            node = node.item if node.kind == "list" else None
        else:
            node = node.child(step) if node.kind == "object" else None
    return node


def _list_at(data: dict[str, Any], steps: list[str | int]) -> list[Any]:
    """The list at `steps`, made (with the mappings above it) when it is not there yet."""
    here: Any = data
    for step, following in zip(steps, steps[1:] + [None]):
        empty: Any = [] if following is None else ({} if isinstance(following, str) else [])
        if isinstance(step, int):
            while len(here) <= step:
                here.append({})
            here = here[step]
        else:
            if here.get(step) is None:
                here[step] = empty
            here = here[step]
    return here
