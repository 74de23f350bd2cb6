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

from ..errors import Problem, os_reason
from ..fsutil import not_regular

# Paths are tuples of keys and list indices, as in pydantic's `loc`.
Path_ = tuple[str | int, ...]

MAX_NODES = 100_000  # expanded nodes per file: far above any real case, far below an alias bomb
MAX_BYTES = 5_000_000
MAX_DEPTH = 64  # nesting levels: a real case uses under ten


# libyaml's parser is ~15 times faster than the pure-Python one; both give the same nodes.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader with YAML 1.2 core-schema scalars (no yes/no booleans, no base 60).

Dates stay strings, so that pydantic reports an impossible date as a located error.
Mapping keys are always text (the walk has refused every other kind of key), so that
`2024:` and `"2024":` are the same key and a model never sees a key that is not a string.
"""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001, ANN201 - PyYAML's signature
        return {key.value: self.construct_object(value, deep=deep) for key, value in node.value}


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    # YAML 1.2: 010 is ten (PyYAML's 1.1 constructor reads it as octal, and 08 as an error).
    return int(loader.construct_scalar(node), 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
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
    # Paths of literal block scalars (`|`), with the line their `|` stands on.
    literal: dict[Path_, int] = field(default_factory=dict)

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


def read(path: Path, display: str, within: Path | None = None) -> YamlDocument:
    """Read one YAML file safely; raises YamlError with a located Swedish message.

    The file must be a regular file (a FIFO, a device or a folder is refused unopened),
    and with `within` (the project root) a symbolic link must not lead out of it.
    """
    wrong = not_regular(path, within)
    if wrong is not None:
        raise YamlError(Problem(display, None, "", f"filen {wrong}"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(Problem(display, None, "", f"filen kan inte läsas ({os_reason(exc)})")) from None
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
        doc = YamlDocument(display, None, {})
        _Walker(display, doc).walk(node, (), 0)
        doc.data = loader.construct_document(node)
    except YamlError:
        raise
    except yaml.reader.ReaderError as exc:
        raise YamlError(_reader_problem(exc, source, display)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(Problem(display, line, "", _yaml_message(exc, source))) from None
    except (yaml.YAMLError, ValueError, TypeError, KeyError, OverflowError, RecursionError):
        # The walk has refused everything known to upset the constructor; this is the last guard.
        raise YamlError(Problem(display, None, "", "ogiltig YAML: filen kan inte läsas")) from None
    finally:
        loader.dispose()
    return doc


_ALLOWED_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}
_INT = re.compile(r"[-+]?[0-9]{1,30}")
_DIGITS = re.compile(r"[0-9]+")
_UNCLEAR_KEY = re.compile(r"^$|[.\s\[\]']")  # a key that would not read plainly after a dot
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_BOOL = {"true", "True", "TRUE", "false", "False", "FALSE"}
# Characters that Word documents (XML) cannot hold, or that nobody types on purpose.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class _Walker:
    """Records the line of every path and refuses what the rest of the pipeline must never see."""

    def __init__(self, display: str, doc: YamlDocument):
        self.display = display
        self.doc = doc
        self.count = 0
        self.active: set[int] = set()  # nodes on the current path: an alias back into one is a cycle

    def fail(self, node: yaml.Node, path: Path_, message: str) -> None:
        raise YamlError(Problem(self.display, node.start_mark.line + 1, format_path(path), message))

    def walk(self, node: yaml.Node, path: Path_, depth: int) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            self.fail(node, (), "för många värden (ankare och alias expanderar för mycket)")
        if depth > MAX_DEPTH:
            self.fail(node, (), f"för djupt nästlat (mer än {MAX_DEPTH} nivåer)")
        if id(node) in self.active:
            self.fail(node, path, "aliaset pekar på värdet som innehåller det (en oändlig slinga)")
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        if node.tag not in _ALLOWED_TAGS:
            self.fail(node, path, f"taggen {_short_tag(node.tag)} är inte tillåten")
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, path)
            return
        self.active.add(id(node))
        if isinstance(node, yaml.MappingNode):
            self.mapping(node, path, depth)
        else:
            for index, item in enumerate(node.value):
                self.walk(item, path + (index,), depth + 1)
        self.active.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> None:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail(key_node, path, "sammanslagning med '<<' stöds inte")
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "nyckeln ska vara text")
            if key_node.tag not in _ALLOWED_TAGS:
                self.fail(key_node, path, f"taggen {_short_tag(key_node.tag)} är inte tillåten")
            key = key_node.value  # keys are always text; pydantic reads a year key as a number
            bad = _BAD_CHAR.search(key)
            if bad:
                self.fail(key_node, path, f"otillåtet tecken (U+{ord(bad.group()):04X}) i nyckeln")
            same = str(int(key)) if _INT.fullmatch(key) else key  # 2024 and 02024 are one year
            if same in seen:
                self.fail(
                    key_node,
                    path + (key,),
                    f"nyckeln '{key}' förekommer två gånger, på rad {seen[same]} och rad {line}",
                )
            seen[same] = line
            self.walk(value_node, path + (key,), depth + 1)
            self.doc.lines[path + (key,)] = line
            if _DIGITS.fullmatch(key):  # str.isdigit() also takes '²', which int() refuses
                self.doc.lines[path + (int(key),)] = line

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> None:
        value = node.value
        bad = _BAD_CHAR.search(value)
        if bad:
            self.fail(node, path, f"otillåtet styrtecken (U+{ord(bad.group()):04X}) i texten")
        tag = node.tag.rsplit(":", 1)[-1]
        if tag == "int" and not _INT.fullmatch(value):
            self.fail(node, path, f"'{value[:40]}' är inget heltal som kan läsas (högst 30 siffror)")
        if tag == "float" and not _FLOAT.fullmatch(value):
            self.fail(node, path, f"'{value[:40]}' är inget tal")
        if tag == "bool" and value not in _BOOL:
            self.fail(node, path, f"'{value[:40]}' ska vara true eller false")
        if node.style == "|":
            # Line 1 of a literal block's text stands on the line after its `|`.
            self.doc.literal[path] = node.start_mark.line + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _reader_problem(exc: yaml.reader.ReaderError, source: str, display: str) -> Problem:
    position = exc.position if isinstance(exc.position, int) else 0
    line = source[:position].count("\n") + 1
    char = exc.character
    code = char if isinstance(char, int) else (ord(char) if isinstance(char, str) and len(char) == 1 else None)
    what = f" (U+{code:04X})" if code is not None else ""
    return Problem(display, line, "", f"otillåtet styrtecken{what} i filen")


# libyaml's and PyYAML's messages (problem or context), most specific first.
_TRANSLATIONS: list[tuple[str, str]] = [
    ("found character '\\t' that cannot start any token", "tabbtecken får inte användas för indrag; använd mellanslag"),
    ("found a tab character", "tabbtecken får inte användas för indrag; använd mellanslag"),
    ("found character that cannot start any token",
     "tecknet kan inte inleda ett värde (tabbtecken? @ eller `? sätt texten inom citattecken)"),
    ("cannot start any token", "tecknet kan inte inleda ett värde; sätt texten inom citattecken"),
    ("mapping values are not allowed", "kolon på fel ställe; sätt texten inom citattecken"),
    ("mapping keys are not allowed", "nyckel på fel ställe; kontrollera indraget"),
    ("block sequence entries are not allowed", "listpunkt ('- ') på fel ställe; kontrollera indraget"),
    ("did not find expected node content",
     "ett värde saknas eller är ofullständigt (saknas en avslutande parentes eller ett citattecken?)"),
    ("did not find expected key", "indraget stämmer inte, eller en nyckel saknas"),
    ("did not find expected ',' or ']'", "listan avslutas inte med ]"),
    ("did not find expected ',' or '}'", "mappningen avslutas inte med }"),
    ("expected ',' or ']'", "listan avslutas inte med ]"),
    ("expected ',' or '}'", "mappningen avslutas inte med }"),
    ("did not find expected '-' indicator", "en listpunkt ('- ') och en nyckel står i samma lista"),
    ("expected <block end>", "indraget stämmer inte"),
    ("did not find expected <document start>", "indraget stämmer inte, eller text står utanför en nyckel"),
    ("expected '<document start>'", "indraget stämmer inte, eller text står utanför en nyckel"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)"),
    ("found unexpected document indicator", "'---' eller '...' inne i en text inom citattecken"),
    ("found unknown escape character", "okänd escape-sekvens (\\) i en text inom citattecken"),
    ("found invalid Unicode character escape code", "ogiltig escape-sekvens (\\u) i en text inom citattecken"),
    ("did not find expected hexdecimal number", "ogiltig escape-sekvens (\\x eller \\u) i en text inom citattecken"),
    ("expected escape sequence", "ogiltig escape-sekvens (\\x eller \\u) i en text inom citattecken"),
    ("found undefined alias", "aliaset (*) saknar ett ankare (&)"),
    ("found duplicate anchor", "ankaret (&) finns redan i filen"),
    ("second occurrence", "ankaret (&) finns redan i filen"),
    ("but found another document", "filen får bara innehålla ett YAML-dokument; ta bort '---'"),
    ("expected a single document", "filen får bara innehålla ett YAML-dokument; ta bort '---'"),
    ("found incompatible YAML document", "YAML-versionen stöds inte; ta bort raden %YAML"),
    ("found duplicate %YAML directive", "raden %YAML står två gånger"),
    ("found duplicate %TAG directive", "raden %TAG står två gånger"),
    ("found undefined tag handle", "taggen är inte tillåten"),
    ("could not determine a constructor", "taggen är inte tillåten"),
    ("did not find expected alphabetic or numeric character", "ett ankare (&) eller alias (*) saknar namn"),
    ("expected alphabetic or numeric character", "ett ankare (&) eller alias (*) saknar namn"),
    ("exceeded maximum nesting depth", f"för djupt nästlat (mer än {MAX_DEPTH} nivåer)"),
    ("could not find expected ':'", "kolon saknas efter nyckeln"),
    ("found unhashable key", "nyckeln ska vara text"),
    ("did not find expected comment or line break", "oväntad text efter värdet på raden"),
    ("expected a comment or a line break", "oväntad text efter värdet på raden"),
    ("found an indentation indicator equal to 0", "indragsangivelsen efter | eller > får inte vara 0"),
    ("did not find expected whitespace or line break", "en tagg (!) ska följas av mellanslag"),
    ("did not find expected '!'", "taggen är inte tillåten"),
    ("did not find URI escaped octet", "taggen är inte tillåten"),
    ("found an incorrect leading UTF-8 octet", "filen är inte UTF-8; spara den som UTF-8"),
    ("found an incorrect trailing UTF-8 octet", "filen är inte UTF-8; spara den som UTF-8"),
]


def _yaml_message(exc: yaml.MarkedYAMLError, source: str = "") -> str:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None:
        lines = source.splitlines()
        text = lines[mark.line] if 0 <= mark.line < len(lines) else ""
        if "\t" in text[: len(text) - len(text.lstrip())]:
            return "ogiltig YAML: tabbtecken får inte användas för indrag; använd mellanslag"
    texts = [(exc.problem or "").strip(), (exc.context or "").strip()]
    for english, swedish in _TRANSLATIONS:
        if any(english in t for t in texts):
            return f"ogiltig YAML: {swedish}"
    # Never English to the user: a general hint, at the line libyaml points to.
    return "ogiltig YAML: kontrollera indrag, kolon och citattecken på raden"


def format_path(path: Path_) -> str:
    """('partners', 0, 'orgnr') → 'partners[0].orgnr'; a key that a dot would make
    ambiguous ('2024.5', '', 'två ord') is quoted: targets['2024.5']."""
    out = ""
    for part in path:
        if isinstance(part, int) or _DIGITS.fullmatch(part):  # a list index, or a year key read as text
            out += f"[{part}]"
        elif _UNCLEAR_KEY.search(part):
            out += f"['{part}']"
        else:
            out += f".{part}" if out else str(part)
    return out
