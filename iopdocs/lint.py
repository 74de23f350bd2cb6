"""The template lint: catch a clerk's typo in a Word template before a build does.

For each template in templates/ it reports, as Problems:
- a tag opened and never closed in its paragraph ('{{' without '}}'), or a tag split
  over several paragraphs or table cells, or split by Word (tracked changes, a link)
  in a way docxtpl cannot rejoin; a tag split into several runs of one paragraph, as
  Word often does, is rejoined by docxtpl and is not a problem;
- block tags that do not pair up ('{% if %}' without '{% endif %}', an 'endfor' with
  no 'for', 'else' outside an 'if' or 'for');
- any other Jinja syntax error;
- every variable, attribute and filter that does not exist: names are checked against
  the template's context type in render.TEMPLATE_CONTEXTS (StatementContext, …, and the
  agenda's AgendaContext) and attributes
  against the types of its fields, dataclasses and pydantic models alike, so
  '{{ case.titel }}' is reported even inside an '{% if %}' that a test case never takes;
- prose (Paragraphs) printed inside a line of text instead of as '{{p name }}'.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
import zipfile
from pathlib import Path
from typing import Any, Union

import jinja2
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree

from .agenda import AGENDA_TEMPLATE
from .errors import Problem
from .render import TEMPLATE_CONTEXTS, make_env
from .wordxml import Paragraphs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPEN = re.compile(r"\{[{%#]")
_CLOSE = re.compile(r"[}%#]\}")
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "trans"}
_MIDDLE = {"elif": ("if",), "else": ("if", "for"), "pluralize": ("trans",)}
_HEADER_FOOTER = ("/header", "/footer")
_MADE_BY = {AGENDA_TEMPLATE: "tools/make_agenda_template.py"}  # the others: tools/make_templates.py


def template_problems(templates_dir: Path) -> list[Problem]:
    """Problems in every template of templates_dir (files named relative to the project)."""
    problems: list[Problem] = []
    for name, context in TEMPLATE_CONTEXTS.items():
        path = templates_dir / name
        display = f"{templates_dir.name}/{name}"
        if not path.is_file():
            tool = _MADE_BY.get(name, "tools/make_templates.py")
            problems.append(Problem(display, None, "", f"mallen saknas; skapa den med 'python {tool}'"))
            continue
        problems.extend(lint_template(path, display, context))
    return problems


def lint_template(path: Path, display: str, context: type) -> list[Problem]:
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        return [Problem(display, None, "", f"filen är ingen giltig Word-fil ({exc})")]
    parts = [document.part] + [
        rel.target_part for rel in document.part.rels.values()
        if rel.reltype.endswith(_HEADER_FOOTER) and not rel.is_external
    ]
    problems: list[Problem] = []
    seen: set[tuple] = set()
    patcher = DocxTemplate(str(path))
    env = make_env()
    for part in parts:
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        for problem in _part_problems(root, display, patcher, env, context):
            key = (problem.field, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    return problems


def _part_problems(root, display: str, patcher: DocxTemplate, env: jinja2.Environment,
                   context: type) -> list[Problem]:
    problems, tags = _scan_tags(root, display)
    if problems:
        return problems  # the Jinja parser would only repeat them less clearly
    problems = _block_problems(tags, display)
    if problems:
        return problems
    source = patcher.patch_xml(etree.tostring(root, encoding="unicode"))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line = source.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(source.splitlines()) else ""
        return [Problem(display, None, _tag_on(line), f"mallkoden kan inte läsas: {exc.message}")]
    checker = _Checker(display, env, context, source.splitlines())
    checker.visit_template(ast)
    return checker.problems


# --- Tags in the Word text -------------------------------------------------------------


def _texts(paragraph) -> list:
    return [t for t in paragraph.iter(f"{W}t")]


def _scan_tags(root, display: str) -> tuple[list[Problem], list[str]]:
    """Every tag's text in document order, and problems of tags that are not whole."""
    problems: list[Problem] = []
    tags: list[str] = []
    pending: str | None = None  # a tag still open at the end of the previous paragraph
    for paragraph in root.iter(f"{W}p"):
        if paragraph.find(f".//{W}p") is not None:
            continue  # a paragraph holding a text box: its inner paragraphs are scanned
        pieces = _texts(paragraph)
        text = "".join(t.text or "" for t in pieces)
        owners: list[Any] = []
        for t in pieces:
            owners.extend([_run_parent(t)] * len(t.text or ""))
        position = 0
        if pending is not None:
            close = text.find(_PAIRS[pending[:2]])
            opened = _OPEN.search(text)
            if close >= 0 and (opened is None or close < opened.start()):
                problems.append(Problem(
                    display, None, _shorten(f"{pending} … {text[: close + 2]}"),
                    "taggen är delad över flera stycken eller tabellceller; skriv hela taggen i ett och samma stycke"))
                position = close + 2
            else:
                problems.append(_unclosed(display, pending))
            pending = None
        while True:
            opened = _OPEN.search(text, position)
            stray = _CLOSE.search(text, position)
            if stray and (not opened or stray.start() < opened.start()):
                problems.append(Problem(display, None, _shorten(text[max(0, stray.start() - 30): stray.end()]),
                                        f"'{stray.group()}' utan början ('{_opener(stray.group())}')"))
                position = stray.end()
                continue
            if not opened:
                break
            closer = _PAIRS[opened.group()]
            end = text.find(closer, opened.end())
            inner = _OPEN.search(text, opened.end(), end if end >= 0 else len(text))
            if inner:  # '{{ a {{ b }}': the first tag never closes
                problems.append(_unclosed(display, text[opened.start(): inner.start()]))
                position = inner.start()
                continue
            if end < 0:
                pending = text[opened.start():]
                break
            end += 2
            tag = text[opened.start():end]
            tags.append(tag)
            if len(set(owners[opened.start():end])) > 1:
                problems.append(Problem(
                    display, None, tag,
                    "Word har delat taggen (t.ex. med spårade ändringar eller en länk) så att den inte kan "
                    "läsas; radera taggen och skriv den på nytt utan spårade ändringar"))
            position = end
    if pending is not None:
        problems.append(_unclosed(display, pending))
    return problems, tags


def _unclosed(display: str, tag: str) -> Problem:
    opener = tag[:2]
    return Problem(display, None, _shorten(tag), f"'{opener}' öppnas men stängs aldrig med '{_PAIRS[opener]}'")


def _run_parent(t) -> Any:
    """What a piece of text hangs from, above its run: the paragraph, a link, an insertion."""
    run = t.getparent()
    return run.getparent() if run is not None else None


def _opener(closer: str) -> str:
    return {"}}": "{{", "%}": "{%", "#}": "{#"}[closer]


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _block_name(tag: str) -> str | None:
    """'if' for '{%p if x %}', 'endfor' for '{%tr endfor %}'; None for other tags."""
    if not tag.startswith("{%"):
        return None
    match = re.match(r"^\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(\w+)", tag)
    return match.group(1) if match else None


def _block_problems(tags: list[str], display: str) -> list[Problem]:
    problems: list[Problem] = []
    stack: list[tuple[str, str]] = []
    for tag in tags:
        name = _block_name(tag)
        if name is None:
            continue
        if name == "set" and "=" not in tag:
            stack.append(("set", tag))
        elif name in _BLOCKS:
            stack.append((name, tag))
        elif name in _MIDDLE:
            if not stack or stack[-1][0] not in _MIDDLE[name]:
                problems.append(Problem(display, None, tag,
                                        f"'{name}' står utanför {' eller '.join(_MIDDLE[name])}-blocket det hör till"))
        elif name.startswith("end"):
            opener = name[3:]
            if stack and stack[-1][0] == opener:
                stack.pop()
            elif any(kind == opener for kind, _ in stack):
                while stack and stack[-1][0] != opener:
                    kind, open_tag = stack.pop()
                    problems.append(Problem(display, None, open_tag,
                                            f"'{{% {kind} %}}' avslutas aldrig med '{{% end{kind} %}}'"))
                stack.pop()
            else:
                problems.append(Problem(display, None, tag, f"'{name}' utan '{{% {opener} %}}' före"))
    for kind, tag in stack:
        problems.append(Problem(display, None, tag, f"'{{% {kind} %}}' avslutas aldrig med '{{% end{kind} %}}'"))
    return problems


def _tag_on(line: str) -> str:
    text = re.sub(r"<[^>]+>", "", line)
    match = re.search(r"\{[{%#].*?(?:[}%#]\}|$)", text)
    return _shorten(match.group(0) if match else text)


# --- Names and attributes against the context types ---------------------------------------

_ANY = Any


def _strip_optional(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else _ANY
    return tp


def _element_type(tp: Any) -> Any:
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple, set, frozenset, typing.Sequence, typing.Iterable) and args:
        return args[0]
    if origin is dict and args:
        return args[0]
    if tp is range:
        return int
    return _ANY


def _hints(tp: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(tp)
    except Exception:  # noqa: BLE001 - unresolvable hints: check nothing rather than fail
        return {}


def _members(tp: Any) -> dict[str, Any] | None:
    """Attribute name → type for a class the lint knows; None when it cannot tell."""
    tp = _strip_optional(tp)
    if tp is _ANY or not isinstance(tp, type):
        origin = typing.get_origin(tp)
        return None if origin is None else {n: _ANY for n in dir(origin) if not n.startswith("_")}
    members: dict[str, Any] = {n: _ANY for n in dir(tp) if not n.startswith("_")}
    if dataclasses.is_dataclass(tp) or hasattr(tp, "model_fields"):
        members.update({n: t for n, t in _hints(tp).items() if not n.startswith("_")})
    for name in list(members):
        attr = getattr(tp, name, None)
        if isinstance(attr, property) and attr.fget is not None:
            members[name] = _hints(attr.fget).get("return", _ANY)
    if hasattr(tp, "model_fields"):
        for name in ("model_fields", "model_config", "model_computed_fields", "model_extra",
                     "model_fields_set"):
            members.pop(name, None)
    return members


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_dotted(node.node)}[…]"
    if isinstance(node, nodes.Filter):
        return f"{_dotted(node.node)}|{node.name}" if node.node is not None else node.name
    if isinstance(node, nodes.Call):
        return f"{_dotted(node.node)}()"
    return "…"


class _Checker:
    def __init__(self, display: str, env: jinja2.Environment, context: type, lines: list[str]) -> None:
        self.display = display
        self.env = env
        self.lines = lines
        self.problems: list[Problem] = []
        self.scopes: list[dict[str, Any]] = [dict(_hints(context))]

    def report(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.display, None, field, message))

    def lookup(self, name: str) -> tuple[bool, Any]:
        for scope in reversed(self.scopes):
            if name in scope:
                return True, scope[name]
        if name in self.env.globals:
            return True, _ANY
        return False, _ANY

    # statements

    def visit_template(self, template: nodes.Template) -> None:
        self.visit_body(template.body)

    def visit_body(self, body: list[nodes.Node]) -> None:
        for node in body:
            self.visit(node)

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                kind = self.infer(child)
                if kind is Paragraphs:
                    self._check_paragraph_placement(child)
        elif isinstance(node, nodes.For):
            item = _element_type(self.infer(node.iter))
            scope: dict[str, Any] = {"loop": _ANY}
            self._bind(node.target, item, scope)
            self.scopes.append(scope)
            if node.test is not None:
                self.infer(node.test)
            self.visit_body(node.body)
            self.scopes.pop()
            self.visit_body(node.else_)
        elif isinstance(node, nodes.If):
            self.infer(node.test)
            self.visit_body(node.body)
            for elif_ in node.elif_:
                self.visit(elif_)
            self.visit_body(node.else_)
        elif isinstance(node, nodes.Assign):
            kind = self.infer(node.node)
            self._bind(node.target, kind, self.scopes[-1])
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            scope = {arg.name: _ANY for arg in node.args}
            scope.update({"varargs": _ANY, "kwargs": _ANY, "caller": _ANY})
            if isinstance(node, nodes.Macro):
                self.scopes[-1][node.name] = _ANY
            else:
                self.infer(node.call)
            self.scopes.append(scope)
            self.visit_body(node.body)
            self.scopes.pop()
        elif isinstance(node, nodes.With):
            scope = {}
            for target, value in zip(node.targets, node.values):
                self._bind(target, self.infer(value), scope)
            self.scopes.append(scope)
            self.visit_body(node.body)
            self.scopes.pop()
        elif isinstance(node, nodes.AssignBlock):
            self.visit_body(node.body)
            self._bind(node.target, str, self.scopes[-1])
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.infer(child)
                else:
                    self.visit(child)

    def _bind(self, target: nodes.Node, kind: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, _ANY, scope)

    # expressions

    def infer(self, node: nodes.Node) -> Any:
        if isinstance(node, nodes.Name):
            found, kind = self.lookup(node.name)
            if not found:
                known = ", ".join(sorted(self.scopes[0]))
                self.report(node.name, f"variabeln '{node.name}' finns inte i mallens data (finns: {known})")
            return kind
        if isinstance(node, nodes.Getattr):
            return self._attribute(node, self.infer(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.infer(node.node)
            self.infer(node.arg)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._attribute(node, base, node.arg.value)
            return _element_type(base) if typing.get_origin(_strip_optional(base)) is list else _ANY
        if isinstance(node, nodes.Filter):
            if node.node is not None:
                self.infer(node.node)
            self._arguments(node)
            if node.name not in self.env.filters:
                self.report(_dotted(node), f"filtret '{node.name}' finns inte "
                            f"(finns bl.a.: {', '.join(sorted(_OWN_FILTERS))})")
            return str if node.name in _OWN_FILTERS else _ANY
        if isinstance(node, nodes.Test):
            self.infer(node.node)
            self._arguments(node)
            if node.name not in self.env.tests:
                self.report(node.name, f"testet '{node.name}' finns inte")
            return bool
        if isinstance(node, nodes.Call):
            self.infer(node.node)
            self._arguments(node)
            return _ANY
        if isinstance(node, nodes.Const):
            return type(node.value)
        for child in node.iter_child_nodes():
            self.infer(child)
        return _ANY

    def _arguments(self, node: nodes.Node) -> None:
        for arg in node.args:
            self.infer(arg)
        for kwarg in node.kwargs:
            self.infer(kwarg.value)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.infer(extra)

    def _attribute(self, node: nodes.Node, base: Any, attr: str) -> Any:
        members = _members(base)
        if members is None:
            return _ANY
        if attr in members:
            return members[attr]
        names = sorted(n for n in members if not callable(getattr(_strip_optional(base), n, None))
                       or isinstance(getattr(_strip_optional(base), n, None), property))
        where = _dotted(node.node) if isinstance(node, (nodes.Getattr, nodes.Getitem)) else "värdet"
        hint = f" (finns: {', '.join(names[:20])})" if names else ""
        self.report(_dotted(node), f"'{attr}' finns inte i '{where}'{hint}")
        return _ANY

    def _check_paragraph_placement(self, node: nodes.Node) -> None:
        """Prose must replace a whole paragraph ({{p name }}); inside a run it breaks the XML."""
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        wanted = re.sub(r"\s+", "", _dotted(node))
        for match in re.finditer(r"\{\{(.*?)\}\}", line):
            if re.sub(r"\s+", "", match.group(1)) != wanted:
                continue
            before = line[: match.start()]
            if before.rfind("<w:t") > before.rfind("</w:t>"):
                self.report("{{ " + _dotted(node) + " }}",
                            f"löptext måste stå ensam i ett eget stycke som '{{{{p {_dotted(node)} }}}}'")


_OWN_FILTERS = set(make_env().filters) - set(jinja2.Environment().filters)
