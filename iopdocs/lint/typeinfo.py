"""Python types as the template lint reads them: what a value's attributes and items are.

The context types of the templates are dataclasses and pydantic models with type hints;
from those hints this tells the type of `x.name` and of an item of `x` in a for loop.
Where a type cannot be told (a union, an untyped value), the answer is ANY and nothing
below it is checked. A context's field carries its Swedish description as
`Annotated[type, "beskrivning"]` (a pydantic model's as Field(description=…)): the type is
what counts here, the description is for the template reference (reference.py).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Annotated, Any, Union

ANY = Any


def strip_optional(tp: Any) -> Any:
    """`X | None` → X; any other union → ANY; `Annotated[X, …]` → X."""
    if typing.get_origin(tp) is Annotated:
        return strip_optional(typing.get_args(tp)[0])
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else ANY
    return tp


def element_type(tp: Any) -> Any:
    """The type of the items a for loop over a value of type `tp` gives."""
    tp = strip_optional(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple, set, frozenset, typing.Sequence, typing.Iterable) and args:
        return args[0]
    if origin is dict and args:
        return args[0]
    if tp is range:
        return int
    return ANY


def type_hints(tp: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(tp)
    except Exception:  # noqa: BLE001 - unresolvable hints: check nothing rather than fail
        return {}


def descriptions(tp: type) -> dict[str, str]:
    """Field name → its Swedish description, for the fields of a dataclass or pydantic model that have one."""
    if hasattr(tp, "model_fields"):
        return {n: f.description for n, f in tp.model_fields.items() if f.description}
    try:
        hints = typing.get_type_hints(tp, include_extras=True)
    except Exception:  # noqa: BLE001 - as in type_hints
        return {}
    found = {}
    for name, hint in hints.items():
        if typing.get_origin(hint) is Annotated:
            found[name] = next((m for m in hint.__metadata__ if isinstance(m, str)), None)
    return {n: d for n, d in found.items() if d}


def members(tp: Any) -> dict[str, Any] | None:
    """Attribute name → type for a class the lint knows; None when it cannot tell."""
    tp = strip_optional(tp)
    if tp is ANY or not isinstance(tp, type):
        origin = typing.get_origin(tp)
        return None if origin is None else {n: ANY for n in dir(origin) if not n.startswith("_")}
    found: dict[str, Any] = {n: ANY for n in dir(tp) if not n.startswith("_")}
    if dataclasses.is_dataclass(tp) or hasattr(tp, "model_fields"):
        found.update({n: t for n, t in type_hints(tp).items() if not n.startswith("_")})
    for name in list(found):
        attr = getattr(tp, name, None)
        if isinstance(attr, property) and attr.fget is not None:
            found[name] = type_hints(attr.fget).get("return", ANY)
    if hasattr(tp, "model_fields"):
        for name in ("model_fields", "model_config", "model_computed_fields", "model_extra",
                     "model_fields_set"):
            found.pop(name, None)
    return found
