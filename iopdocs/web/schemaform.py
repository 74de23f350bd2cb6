"""The shape of a case file's form, read from its pydantic model.

Every field of a file model becomes a Node: its Swedish label and help from the field's
description, and the input it needs (text, prose, date, number, choice, yes/no, a nested
group, a list of items or a table of values per year). The model stays the one source:
a field added to the model appears in the form without touching the web layer.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .. import model, text

# Fields whose description begins with the codes of their choices, or says too little alone.
LABELS = {
    "id": "Id",
    "legal_form": "Juridisk form",
    "recommendation": "Rekommendation",
    "result": "Resultat",
    "direction": "Riktning",
    "decision": "Beslut om fortsättning",
    "period": "Period (år)",
    "kind": "Slag av ärende",
    "form": "Genererad blankett",
    "initiative": "Vem tog initiativet",
    "overrides": "Profilfält för just detta ärende",
    "orgnr": "Organisationsnummer",
}

# Swedish words for choices that the model has no label table for.
_EXTRA_CHOICES = {
    "Direction": {"higher": "Högre är bättre", "lower": "Lägre är bättre"},
    "GeneratedForm": {"assessment": "Bedömning", "follow_up": "Uppföljning"},
}

SCALARS = ("text", "prose", "date", "integer", "number", "choice", "bool")


@dataclass
class Node:
    """One field of a form (or the whole file, kind 'object', key None)."""

    kind: str  # object, list, map, or one of SCALARS
    key: str | None = None
    label: str = ""
    help: str = ""
    required: bool = False
    default: Any = None
    children: list["Node"] = field(default_factory=list)  # object
    item: "Node | None" = None  # list item, or map value
    year_keys: bool = False  # map: keys are years
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def scalar(self) -> bool:
        return self.kind in SCALARS

    def child(self, key: str) -> "Node | None":
        return next((c for c in self.children if c.key == key), None)


def file_form(kind: str) -> Node:
    """The form of one case file kind ('case', 'partners', …)."""
    return model_form(model.FILE_MODELS[kind])


def model_form(cls: type[BaseModel]) -> Node:
    """The form of any file model (the meeting file's too)."""
    return _object(cls, key=None)


def _object(cls: type[BaseModel], key: str | None) -> Node:
    node = Node("object", key=key)
    for name, info in cls.model_fields.items():
        child = _node(info.annotation, name)
        child.required = info.is_required()
        if info.default is not PydanticUndefined and not isinstance(info.default, (BaseModel, list, dict)):
            child.default = info.default.value if isinstance(info.default, Enum) else info.default
        child.label, child.help = _label(name, info.description or "")
        if child.kind == "choice" and any(value in child.help for value, _ in child.choices):
            child.help = ""  # it lists the codes of the YAML; the form shows their Swedish words
        node.children.append(child)
    return node


def _node(annotation: Any, key: str) -> Node:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        return Node("list", key=key, item=_node(typing.get_args(annotation)[0], key))
    if origin is dict:
        key_type, value_type = typing.get_args(annotation)
        return Node("map", key=key, item=_node(value_type, key), year_keys=_unwrap(key_type) is int)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return _object(annotation, key)
        if issubclass(annotation, Enum):
            return Node("choice", key=key, choices=_choices(annotation))
        for cls, kind in ((text.Prose, "prose"), (bool, "bool"), (int, "integer"), (float, "number"),
                          (dt.date, "date")):
            if issubclass(annotation, cls):
                return Node(kind, key=key)
    return Node("text", key=key)


def _unwrap(annotation: Any) -> Any:
    """Annotated[T, …] → T; T | None → T."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = rest[0]
        else:
            return annotation


def _choices(enum: type[Enum]) -> list[tuple[str, str]]:
    extra = _EXTRA_CHOICES.get(enum.__name__, {})
    return [(m.value, getattr(m, "label", None) or extra.get(m.value, m.value)) for m in enum]


def _label(name: str, description: str) -> tuple[str, str]:
    """A short label from the description's first clause; the whole description as help
    when it says more than the label."""
    label = LABELS.get(name)
    if label is None:
        label = re.split(r", |[:;(]|\. ", description, maxsplit=1)[0].strip().rstrip(".") or name
    rest = description.strip()
    return label, "" if rest.rstrip(".") == label else rest


PROSE_HELP = (
    "Stycken skiljs med en tom rad. En rad som börjar med '- ' blir en punktlista, '1. ' en "
    "numrerad lista. **fetstil** och *kursiv*."
)
