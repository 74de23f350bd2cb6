"""Safe YAML reading that remembers where every value stands.

PyYAML silently keeps the last of two equal keys, resolves `no` to False and `12:30` to
750 (YAML 1.1), and expands aliases without limit. Officers' files get none of that:
duplicate keys are errors, scalars follow YAML 1.2's core schema, aliases are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

# Paths are tuples of keys and list indices, as in pydantic's `loc`.
Path_ = tuple[str | int, ...]

MAX_NODES = 100_000  # expanded nodes per file: far above any real case, far below an alias bomb
MAX_BYTES = 5_000_000


# libyaml's parser is ~15 times faster than the pure-Python one; both give the same nodes.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core-schema scalars (no yes/no booleans, no base 60).

Dates stay strings, so that pydantic reports an impossible date as a located error.
"""


_Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    _Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


@dataclass
class YamlDocument:
    """A parsed file: its data and the line of every path in it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class YamlError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def read(path: Path, display: str) -> YamlDocument:
    """Read one YAML file safely; raises YamlError with a located Swedish message."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(display, None, "", f"kan inte läsas ({exc.strerror})")) from None
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(display, None, "", "filen är för stor för en ärendefil"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(Problem(display, line, "", "filen är inte UTF-8; spara den som UTF-8")) from None
    return parse(source, display)


def parse(source: str, display: str) -> YamlDocument:
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(display, None, {(): 1})
        lines: dict[Path_, int] = {}
        _walk(node, (), lines, display, [0])
        data = loader.construct_document(node)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(Problem(display, line, "", _yaml_message(exc))) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(display, None, "", f"ogiltig YAML ({exc})")) from None
    finally:
        loader.dispose()
    return YamlDocument(display, data, lines)


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], display: str, count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise YamlError(
            Problem(display, node.start_mark.line + 1, "", "för många värden (ankare och alias expanderar för mycket)")
        )
    lines.setdefault(path, node.start_mark.line + 1)
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.startswith("tag:yaml.org,2002:python"):
        raise YamlError(
            Problem(display, node.start_mark.line + 1, _dotted(path), f"taggen {node.tag} är inte tillåten")
        )
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(
                    Problem(display, key_node.start_mark.line + 1, _dotted(path), "sammanslagning med '<<' stöds inte")
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(Problem(display, key_node.start_mark.line + 1, _dotted(path), "nyckeln ska vara text"))
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlError(
                    Problem(
                        display,
                        line,
                        _dotted(path + (key,)),
                        f"nyckeln '{key}' förekommer två gånger (första gången på rad {seen[key]})",
                    )
                )
            seen[key] = line
            # A numeric key (a year) is looked up by pydantic as a string.
            _walk(value_node, path + (key,), lines, display, count)
            lines[path + (key,)] = line
            if key.isdigit():
                lines[path + (int(key),)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines, display, count)


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    translations = {
        "found character '\\t' that cannot start any token": "tabbtecken får inte användas för indrag; använd mellanslag",
        "found character that cannot start any token": "tecknet kan inte inleda ett värde (tabbtecken? använd mellanslag)",
        "found a tab character": "tabbtecken får inte användas för indrag; använd mellanslag",
        "mapping values are not allowed": "kolon på fel ställe; sätt texten inom citattecken",
        "did not find expected node content": "ett värde saknas eller är ofullständigt (saknas en avslutande parentes eller ett citattecken?)",
        "did not find expected key": "indraget stämmer inte, eller en nyckel saknas",
        "did not find expected ',' or ']'": "listan avslutas inte med ]",
        "did not find expected ',' or '}'": "mappningen avslutas inte med }",
        "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)",
        "did not find expected '-' indicator": "en listpunkt ('- ') och en nyckel står i samma lista",
        "found unknown escape character": "okänd escape-sekvens i en text inom citattecken",
        "found undefined alias": "aliaset saknar ett ankare",
        "could not find expected ':'": "kolon saknas efter nyckeln",
        "found unhashable key": "nyckeln ska vara text",
    }
    for english, swedish in translations.items():
        if problem.startswith(english):
            return f"ogiltig YAML: {swedish}"
    if "expected <block end>" in problem or "expected <block end>" in str(exc):
        return "ogiltig YAML: indraget stämmer inte"
    if "could not determine a constructor" in problem:
        return "ogiltig YAML: taggen är inte tillåten"
    return f"ogiltig YAML: {problem or exc}"


def _dotted(path: Path_) -> str:
    return format_path(path)


def format_path(path: Path_) -> str:
    """('partners', 0, 'orgnr') → 'partners[0].orgnr'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
