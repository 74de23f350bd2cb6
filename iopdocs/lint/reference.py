"""The reference for whoever edits a template in Word (`iopdocs mallar fält`): every name a
template can use, with its kind, its Swedish description and an example from the project.

The names come from the template's context type in TEMPLATE_CONTEXTS, the contract the
lint checks a template against, walked with typeinfo:
- the document's own views (dataclasses) are listed in full: each field, the fields of a
  view inside it ('head.dnr'), and a list as a loop followed by its items' names
  ('{% for a in agreements %}' … '{{ a.name }}');
- under the case's own data (a pydantic model: 'case', 'officer') the reference goes at
  most MODEL_DEPTH levels down ('case.meta.dnr', not 'case.meta.officer.name') and lists
  only the plain values its model describes: text, numbers, dates, yes/no. Lists, prose
  and choices reach a template through the document's own fields (proposal, agreements …),
  ready to print.
Prose (Paragraphs) is shown as '{{p name }}', a date with its filter, a yes/no as an 'if'.
Each example is the first value that the project's cases and meetings give (examples.py),
on one line; "–" when none gives one. A name the lint requires the template to show
(ESSENTIAL_DATA) is marked 'krävs'.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import typing
from dataclasses import dataclass
from typing import Any, Iterator

from .. import filters
from ..documents.agreement import MISSING as NO_DATA
from ..documents.render import AGREEMENT, ASSESSMENT, FOLLOW_UP, STATEMENT
from ..documents.views import DASH, MISSING
from ..documents.wordxml import MISSING_TEXT, DescribedImage, Paragraphs
from ..meeting.agenda import AGENDA_TEMPLATE
from ..meeting.minutes import EXTRACT_TEMPLATE, MINUTES_TEMPLATE
from ..project import Project
from .essentials import ESSENTIAL_DATA
from .examples import Examples, example_contexts
from .templates import TEMPLATE_CONTEXTS
from .typeinfo import descriptions, element_type, strip_optional, type_hints

MODEL_DEPTH = 2
EXAMPLE_WIDTH = 60
DOCUMENTS = {
    STATEMENT: "Tjänsteutlåtande", ASSESSMENT: "Bedömning", FOLLOW_UP: "Uppföljning",
    AGREEMENT: "Överenskommelse", AGENDA_TEMPLATE: "Föredragningslista", MINUTES_TEMPLATE: "Protokoll",
    EXTRACT_TEMPLATE: "Protokollsutdrag",
}
_PLACEHOLDERS = {"", DASH, MISSING, MISSING_TEXT, NO_DATA}  # a missing value is no example
_EACH = None  # a step into every item of a list
_KINDS = {str: "text", int: "tal", float: "tal", dt.date: "datum", bool: "ja/nej", Paragraphs: "stycken",
          DescribedImage: "bild"}


@dataclass(frozen=True)
class Name:
    """One name a template can use, as the reference lists it."""

    usage: str  # as written in the template: '{{ head.dnr }}', '{{p proposal }}', '{% for a in agreements %}'
    name: str  # 'head.dnr', 'a.name'
    kind: str  # text, tal, datum, ja/nej, stycken, lista, grupp (a view whose names follow), värde
    description: str
    example: str
    level: int  # how many loops it is inside
    required: str  # 'krävs' when `iopdocs check` requires the template to show it, with the names that may stand instead


@dataclass(frozen=True)
class TemplateReference:
    template: str
    document: str
    names: list[Name]


@dataclass(frozen=True)
class Reference:
    templates: list[TemplateReference]
    notes: list[str]  # the cases and meetings that gave no examples, and why

    def to_json(self) -> dict:
        return {"templates": [{"template": t.template, "document": t.document,
                               "names": [dataclasses.asdict(n) for n in t.names]} for t in self.templates],
                "notes": self.notes}


def template_reference(project: Project, templates: list[str] | None = None) -> Reference:
    """The reference of the templates named (file names; all when None), with examples
    from the project's cases and meetings."""
    examples = example_contexts(project)
    chosen = templates if templates is not None else list(TEMPLATE_CONTEXTS)
    return Reference([_template(name, examples) for name in chosen], examples.notes)


def _template(name: str, examples: Examples) -> TemplateReference:
    contexts = examples.contexts.get(name, [])
    found = list(_walk(TEMPLATE_CONTEXTS[name]))
    by_path = {path: dotted for _usage, dotted, _kind, _description, path, _level in found}
    required = required_paths(name)
    names = [Name(usage, dotted, kind, description.rstrip("."), "" if kind == "grupp" else _example(contexts, path),
                  level, _required(required.get(path), by_path))
             for usage, dotted, kind, description, path, level in found]
    return TemplateReference(name, DOCUMENTS[name], names)


def required_paths(template: str) -> dict[tuple, tuple[tuple, ...]]:
    """The paths of the names the lint requires the template to show (ESSENTIAL_DATA), each
    with the other names that would show the same datum instead."""
    found: dict[tuple, tuple[tuple, ...]] = {}
    for datum in ESSENTIAL_DATA.get(template, ()):
        paths = [_path(name) for name in datum.names]
        for path in paths:
            found[path] = tuple(other for other in paths if other != path)
    return found


def _path(name: str) -> tuple:
    """'head.dnr' → ('head', 'dnr'); 'items[].title' → ('items', _EACH, 'title')."""
    steps: list = []
    for part in name.split("."):
        steps += [part[:-2], _EACH] if part.endswith("[]") else [part]
    return tuple(steps)


def _required(others: tuple[tuple, ...] | None, by_path: dict[tuple, str]) -> str:
    if others is None:
        return ""
    return "krävs" + "".join(f", eller {by_path.get(other, '.'.join(map(str, other)))}" for other in others)


# --- The names, from the context type ----------------------------------------------------------


def _walk(tp: type, prefix: str = "", path: tuple = (), level: int = 0, depth: int | None = None,
          loops: tuple[str, ...] = ()) -> Iterator[tuple]:
    """(usage, name, kind, description, path, level) of every name below `tp`; `depth` counts
    the levels left under a pydantic model (None: in the document's own views)."""
    hints, described = type_hints(tp), descriptions(tp)
    model = hasattr(tp, "model_fields")
    for field, hint in hints.items():
        if field.startswith("_") or (model and field not in tp.model_fields):
            continue
        kind = strip_optional(hint)
        name, steps, description = f"{prefix}{field}", (*path, field), described.get(field, "")
        item = element_type(kind) if typing.get_origin(kind) is list else None
        nested = dataclasses.is_dataclass(kind) or hasattr(kind, "model_fields")
        if model or hasattr(kind, "model_fields"):  # the case's own data: plain values, MODEL_DEPTH down
            left = MODEL_DEPTH if depth is None else depth - 1
            if nested and left > 0:
                below = list(_walk(kind, f"{name}.", steps, level, left, loops))
                if below:
                    yield name, name, "grupp", description, steps, level
                    yield from below
            elif kind in _KINDS and kind is not Paragraphs and description:
                yield _plain(name, kind, description, steps, level)
        elif item is not None:
            var = _loop_variable(field, loops)
            yield f"{{% for {var} in {name} %}}", name, "lista", description, steps, level
            if dataclasses.is_dataclass(item):
                yield from _walk(item, f"{var}.", (*steps, _EACH), level + 1, None, (*loops, var))
            else:
                yield _plain(var, strip_optional(item), "", (*steps, _EACH), level + 1)
        elif nested:
            yield name, name, "grupp", description, steps, level
            yield from _walk(kind, f"{name}.", steps, level, None, loops)
        else:  # a union such as the logo's `DescribedImage | str` is Any to the lint: its kind from the hint
            yield _plain(name, hint if kind is typing.Any else kind, description, steps, level)


def _plain(name: str, kind: Any, description: str, steps: tuple, level: int) -> tuple:
    if kind is Paragraphs:
        usage = f"{{{{p {name} }}}}"
    elif kind is dt.date:
        usage = f"{{{{ {name}|datum }}}}"
    elif kind is bool:
        usage = f"{{% if {name} %}}"
    else:
        usage = f"{{{{ {name} }}}}"
    shown = next((k for k in (kind, *typing.get_args(kind)) if k in _KINDS), None)  # an image or ''
    return usage, name, _KINDS.get(shown, "värde"), description, steps, level


def _loop_variable(field: str, loops: tuple[str, ...]) -> str:
    """The loop's item as the templates name it: the list's first letter ('a' in agreements)."""
    var, n = field[0], 2
    while var in loops:
        var, n = f"{field[0]}{n}", n + 1
    return var


# --- The examples, from the project's contexts ---------------------------------------------------


def _example(contexts: list[Any], path: tuple) -> str:
    for value in _values(contexts, path):
        shown = _shown(value)
        if shown not in _PLACEHOLDERS:
            return shown
    return DASH


def _values(values: list[Any], path: tuple) -> Iterator[Any]:
    if not path:
        yield from values
        return
    step, rest = path[0], path[1:]
    if step is _EACH:
        yield from _values([item for value in values for item in (value or [])], rest)
    else:
        yield from _values([getattr(v, step) for v in values if v is not None and hasattr(v, step)], rest)


def _shown(value: Any) -> str:
    """A value on one line, as the template prints it, shortened to EXAMPLE_WIDTH."""
    if value is None or dataclasses.is_dataclass(value) or hasattr(type(value), "model_fields"):
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.date):
        return filters.datum(value)
    if isinstance(value, list):
        return f"{len(value)} st." if value else ""
    if isinstance(value, DescribedImage):
        return f"bild ({value.alt})"
    if isinstance(value, Paragraphs):  # a signature line's runs stand side by side
        value = "\n".join((", " if b.kind == "signature" else "").join(r.text for r in b.runs) for b in value.blocks)
    lines = [" ".join(line.split()) for line in str(value).splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    text = lines[0]
    if len(text) <= EXAMPLE_WIDTH:
        return text if len(lines) == 1 else f"{text} …"
    cut = text[:EXAMPLE_WIDTH - 1]
    if " " in cut:
        cut = re.sub(r"\s+\S*$", "", cut)  # at a word's end
    return f"{cut} …"
