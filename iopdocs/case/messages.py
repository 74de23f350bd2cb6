"""pydantic's validation errors, told in Swedish with file, line and field."""

from __future__ import annotations

import difflib
import re
import types
import typing
import unicodedata
from enum import Enum

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType

from ..errors import Problem
from ..model.base import SLUG_PATTERN
from .yamlfile import YamlDocument, format_path

# pydantic error type → Swedish message; {placeholders} come from the error's ctx.
MESSAGES: dict[str, str] = {
    "missing": "obligatoriskt fält saknas",
    "string_type": "ska vara text",
    "string_too_short": "får inte vara tomt",
    "string_pattern_mismatch": "har fel form",  # never the regular expression itself
    "int_type": "ska vara ett heltal, t.ex. 1200",
    "int_parsing": "ska vara ett heltal, t.ex. 1200",
    "int_from_float": "ska vara ett heltal, t.ex. 1200",
    "float_type": "ska vara ett tal, t.ex. 28.5",
    "float_parsing": "ska vara ett tal, t.ex. 28.5",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_parsing": "ska vara ett datum (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_parsing": "ska vara ett datum som finns (ÅÅÅÅ-MM-DD)",
    "date_from_datetime_inexact": "ska vara ett datum utan klockslag (ÅÅÅÅ-MM-DD)",
    "list_type": "ska vara en lista",
    "dict_type": "ska vara nycklar och värden",
    "model_type": "ska vara nycklar och värden",
    "model_attributes_type": "ska vara nycklar och värden",
    "too_short": "ska ha minst {min_length} värde(n)",
    "too_long": "får ha högst {max_length} värden",
    "greater_than_equal": "ska vara minst {ge}",
    "less_than_equal": "får vara högst {le}",
    "greater_than": "ska vara större än {gt}",
    "less_than": "ska vara mindre än {lt}",
    "enum": "ska vara ett av: {expected}",
    "literal_error": "ska vara ett av: {expected}",
    "none_required": "ska vara tomt",
    "finite_number": "ska vara ett ändligt tal",
    "int_parsing_size": "talet är för stort",
    "string_too_long": "får vara högst {max_length} tecken",
    "string_unicode": "ska vara text",
    "invalid_key": "nyckeln ska vara text",
    "multiple_of": "ska vara en multipel av {multiple_of}",
    "set_type": "ska vara en lista",
    "tuple_type": "ska vara en lista",
    "iterable_type": "ska vara en lista",
    "mapping_type": "ska vara nycklar och värden",
    "dataclass_type": "ska vara text",
    "is_instance_of": "har fel typ",
    "recursion_loop": "värdet innehåller sig självt",
    "recursion_depth_exceeded": "för djupt nästlat",
    "bytes_type": "ska vara text",
    "date_past": "ska vara ett datum före i dag",
    "date_future": "ska vara ett datum efter i dag",
    "union_tag_invalid": "har fel typ",
    "union_tag_not_found": "har fel typ",
    "frozen_field": "kan inte ändras",
    "frozen_instance": "kan inte ändras",
}

# Error types that pydantic itself raises; the rest are ours (PydanticCustomError) and Swedish.
_PYDANTIC_TYPES = frozenset(typing.get_args(ErrorType))


def pydantic_problems(
    exc: ValidationError, doc: YamlDocument, schema: type[BaseModel], prefix: tuple = ()
) -> list[Problem]:
    """One Problem per pydantic error; `prefix` places a part model's errors in its file."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        key_error = bool(loc) and loc[-1] == "[key]"  # a dict key, e.g. a year, is wrong
        if key_error:
            loc = loc[:-1]
        message = swedish_message(error, loc, schema)
        ctx = error.get("ctx") or {}
        if error["type"] == "duplicate_id" and ctx.get("at"):
            first = doc.line(prefix + loc + _steps(ctx.get("first", "")))
            loc = loc + _steps(ctx["at"])
            message += f" (också på rad {first})" if first else ""
        if key_error:
            message = f"nyckeln {message}"
        if error["type"] == "extra_forbidden":
            message = _split_decimal(doc, prefix + loc) or message
        path = prefix + loc
        line = doc.line(path)
        if error["type"] == "prose_markup" and path in doc.literal:
            # A literal block's text line n stands n lines below its `|`: point at it.
            ctx = error.get("ctx") or {}
            line = doc.literal[path] + int(ctx.get("line", 1))
            message = str(ctx.get("message", message))
        problems.append(Problem(doc.file, line, format_path(path), message))
    return problems


def swedish_message(error: dict, loc: tuple, schema: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(loc, schema)
    if kind.endswith("_type") and value is None:
        return "värde saknas"
    if isinstance(value, str) and not value.strip():
        return _blank(kind, ctx, loc, schema)
    if kind in ("enum", "literal_error"):
        return _unknown_choice(value, str(ctx.get("expected", "")))
    if kind in _NUMBER_TYPES and isinstance(value, (str, float)) and not isinstance(value, bool):
        return _number_message(kind, value)
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return "ska vara text; sätt värdet inom citattecken"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return _slug_message(str(value))
    if kind in MESSAGES:
        try:
            return MESSAGES[kind].format(**ctx)
        except (KeyError, IndexError):
            return MESSAGES[kind]
    if kind in _PYDANTIC_TYPES:
        return "ogiltigt värde"  # never pydantic's English
    # Our own PydanticCustomError messages are Swedish already.
    return error["msg"].removeprefix("Value error, ")


_NUMBER_TYPES = frozenset({"int_type", "int_parsing", "int_from_float", "float_type", "float_parsing"})


def _number_message(kind: str, value: str | float) -> str:
    """A number written the Swedish way (1 200,50) or a decimal where a whole number
    belongs: say how to write it, with the value as it should be."""
    whole = kind.startswith("int")
    example = "1200" if whole else "28.5"
    if isinstance(value, float):
        return f"ska vara ett heltal utan decimaler, t.ex. {example} (inte {value})"
    shown = value.strip()
    plain = re.sub(r"[\s\u00a0]", "", shown)
    if re.fullmatch(r"[-+]?\d+(,\d+)?", plain) or re.fullmatch(r"[-+]?\d+(\.\d+)?", plain):
        number = plain.replace(",", ".")
        if whole:
            rounded = number.split(".")[0]
            why = "utan mellanslag och utan decimaler" if "." in number else "utan mellanslag"
            return f"ska vara ett heltal {why}, t.ex. {rounded} (inte '{shown}')"
        why = "med punkt som decimaltecken och utan mellanslag" if "," in plain else "utan mellanslag"
        return f"ska vara ett tal {why}, t.ex. {number} (inte '{shown}')"
    what = "ett heltal" if whole else "ett tal"
    return f"ska vara {what}, t.ex. {example} (inte '{shown[:40]}')"


def _split_decimal(doc: YamlDocument, path: tuple) -> str | None:
    """`{value: 28,5}` reads as {value: 28, '5': null}: YAML's comma split the number.
    Recognised by a key of digits without a value on the same line as a number."""
    key = path[-1] if path else None
    parent: object = doc.data
    for step in path[:-1]:
        try:
            parent = parent[step]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    if not (isinstance(key, str) and key.isdigit() and isinstance(parent, dict) and parent.get(key) is None):
        return None
    line = doc.line(path)
    for name, value in parent.items():
        if isinstance(value, int) and not isinstance(value, bool) and doc.line(path[:-1] + (name,)) == line:
            return (f"decimalkomma: YAML läser '{value},{key}' som talet {value} och ett fält '{key}'; "
                    f"skriv {name}: {value}.{key} med punkt")
    return None


def _slug_message(value: str) -> str:
    """An id that is not lower-case a–z, digits and hyphens, with the id it most likely meant."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()
    suggestion = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    hint = f"; skriv t.ex. '{suggestion}'" if suggestion else ""
    return (
        f"'{value}' ska bara innehålla små bokstäver a–z, siffror och bindestreck, "
        f"och börja med en bokstav eller siffra{hint}"
    )


def _steps(path: str) -> tuple:
    """'goals/1/id' → ('goals', 1, 'id')."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("/") if p)


def _unknown_choice(value: object, expected: str) -> str:
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",") if c.strip()]
    message = "ska vara ett av: " + ", ".join(choices)
    close = []
    if isinstance(value, str) and value:
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        close = close or [c for c in choices if c.startswith(value.lower())][:1]
    if close:
        return f"'{value}' är inte tillåtet; menade du '{close[0]}'? ({message})"
    return message


def _unknown_key(loc: tuple, schema: type[BaseModel]) -> str:
    key = str(loc[-1])
    owner = _model_at(schema, loc[:-1])
    if owner is None:
        return f"okänt fält '{key}'"
    names = list(owner.model_fields)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"okänt fält '{key}'; menade du '{close[0]}'?"
    if len(loc) == 1:
        elsewhere = _other_file(key, schema)
        if elsewhere:
            return f"okänt fält '{key}'; {elsewhere}"
    return f"okänt fält '{key}'; tillåtna fält är: {', '.join(names)}"


def _blank(kind: str, ctx: dict, loc: tuple, schema: type[BaseModel]) -> str:
    """A blank left unfilled (as `iopdocs new` writes them): say what to write there."""
    if kind in ("enum", "literal_error"):
        choices = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        what = f"skriv ett av: {choices}"
    elif kind.startswith("date"):
        what = "skriv ett datum, ÅÅÅÅ-MM-DD"
    elif kind.startswith("int"):
        what = "skriv ett heltal"
    elif kind.startswith("float") or kind == "finite_number":
        what = "skriv ett tal"
    else:
        what = "fyll i värdet"
    return f"får inte vara tomt; {what}" + (", eller ta bort raden" if _optional(loc, schema) else "")


def _optional(loc: tuple, schema: type[BaseModel]) -> bool:
    """Whether the field at `loc` may be left out (a blank there can simply be removed)."""
    owner = _model_at(schema, loc[:-1]) if loc and isinstance(loc[-1], str) else None
    field = owner.model_fields.get(loc[-1]) if owner is not None else None
    return field is not None and not field.is_required()


def _other_file(key: str, schema: type[BaseModel]) -> str | None:
    """Where a top-level key belongs when it is in the wrong file, e.g. background in case.yaml."""
    from ..model import (
        FILE_MODELS,  # model imports nothing from here; late to keep it that way
    )

    for kind, other in FILE_MODELS.items():
        if other is schema or kind == "profile":
            continue
        close = difflib.get_close_matches(key, list(other.model_fields), n=1, cutoff=0.8)
        if close:
            return f"'{close[0]}' hör hemma i {kind}.yaml"
    return None


def _model_at(schema: type, loc: tuple) -> type[BaseModel] | None:
    """The model class that a loc points into, following lists, dicts and optionals."""
    current: object = schema
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return None
    current = _unwrap(current, None)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: object, part: object) -> object:
    """Step from a type into the type at `part` (a field name, an index, a key, or None: no step)."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            candidates = [a for a in args if a is not type(None)]
            annotation = candidates[0] if len(candidates) == 1 else annotation
            if len(candidates) != 1:
                return None
        else:
            break
    if part is None:
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is list and isinstance(part, int):
        return _unwrap(args[0], None)
    if origin is dict:
        return _unwrap(args[1], None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return None if field is None else _unwrap(field.annotation, None)
    return None


def enum_values(enum: type[Enum]) -> str:
    return ", ".join(str(m.value) for m in enum)
