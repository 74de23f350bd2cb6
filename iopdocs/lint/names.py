"""Every name in a template's Jinja code checked against the template's context type.

A walk over the parsed template keeps the types of the names in scope (the context's
fields, loop variables, `set` and `with` targets) and infers the type of each
expression from them, so that '{{ case.titel }}' is reported even inside an '{% if %}'
that a test case never takes. It also reports unknown filters and tests, and prose
(Paragraphs) printed inside a line of text instead of as '{{p name }}'.
"""

from __future__ import annotations

import re
import typing
from typing import Any

import jinja2
from jinja2 import nodes

from ..documents.render import make_env
from ..documents.wordxml import Paragraphs
from ..errors import Problem
from .typeinfo import ANY, element_type, members, strip_optional, type_hints


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


class NameChecker:
    """Walks one parsed template; what it finds is in `problems`."""

    def __init__(self, display: str, env: jinja2.Environment, context: type, lines: list[str]) -> None:
        self.display = display
        self.env = env
        self.lines = lines
        self.problems: list[Problem] = []
        self.scopes: list[dict[str, Any]] = [dict(type_hints(context))]

    def report(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.display, None, field, message))

    def lookup(self, name: str) -> tuple[bool, Any]:
        for scope in reversed(self.scopes):
            if name in scope:
                return True, scope[name]
        if name in self.env.globals:
            return True, ANY
        return False, ANY

    # statements

    def visit_template(self, template: nodes.Template) -> None:
        self.visit_body(template.body)

    def visit_body(self, body: list[nodes.Node]) -> None:
        for node in body:
            self.visit(node)

    def visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            self._visit_output(node)
        elif isinstance(node, nodes.For):
            self._visit_for(node)
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
            self._visit_macro_or_call(node)
        elif isinstance(node, nodes.With):
            scope: dict[str, Any] = {}
            for target, value in zip(node.targets, node.values):
                self._bind(target, self.infer(value), scope)
            self._visit_scoped(scope, node.body)
        elif isinstance(node, nodes.AssignBlock):
            self.visit_body(node.body)
            self._bind(node.target, str, self.scopes[-1])
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self.infer(child)
                else:
                    self.visit(child)

    def _visit_output(self, node: nodes.Output) -> None:
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            kind = self.infer(child)
            if kind is Paragraphs:
                self._check_paragraph_placement(child)

    def _visit_for(self, node: nodes.For) -> None:
        item = element_type(self.infer(node.iter))
        scope: dict[str, Any] = {"loop": ANY}
        self._bind(node.target, item, scope)
        self.scopes.append(scope)
        if node.test is not None:
            self.infer(node.test)
        self.visit_body(node.body)
        self.scopes.pop()
        self.visit_body(node.else_)

    def _visit_macro_or_call(self, node: nodes.Macro | nodes.CallBlock) -> None:
        scope = {arg.name: ANY for arg in node.args}
        scope.update({"varargs": ANY, "kwargs": ANY, "caller": ANY})
        if isinstance(node, nodes.Macro):
            self.scopes[-1][node.name] = ANY
        else:
            self.infer(node.call)
        self._visit_scoped(scope, node.body)

    def _visit_scoped(self, scope: dict[str, Any], body: list[nodes.Node]) -> None:
        self.scopes.append(scope)
        self.visit_body(body)
        self.scopes.pop()

    def _bind(self, target: nodes.Node, kind: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = kind
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self._bind(item, ANY, scope)

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
            return element_type(base) if typing.get_origin(strip_optional(base)) is list else ANY
        if isinstance(node, nodes.Filter):
            return self._filter(node)
        if isinstance(node, nodes.Test):
            self.infer(node.node)
            self._arguments(node)
            if node.name not in self.env.tests:
                self.report(node.name, f"testet '{node.name}' finns inte")
            return bool
        if isinstance(node, nodes.Call):
            self.infer(node.node)
            self._arguments(node)
            return ANY
        if isinstance(node, nodes.Const):
            return type(node.value)
        for child in node.iter_child_nodes():
            self.infer(child)
        return ANY

    def _filter(self, node: nodes.Filter) -> Any:
        if node.node is not None:
            self.infer(node.node)
        self._arguments(node)
        if node.name not in self.env.filters:
            self.report(_dotted(node), f"filtret '{node.name}' finns inte "
                        f"(finns bl.a.: {', '.join(sorted(_OWN_FILTERS))})")
        return str if node.name in _OWN_FILTERS else ANY

    def _arguments(self, node: nodes.Node) -> None:
        for arg in node.args:
            self.infer(arg)
        for kwarg in node.kwargs:
            self.infer(kwarg.value)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.infer(extra)

    def _attribute(self, node: nodes.Node, base: Any, attr: str) -> Any:
        found = members(base)
        if found is None:
            return ANY
        if attr in found:
            return found[attr]
        names = sorted(n for n in found if not callable(getattr(strip_optional(base), n, None))
                       or isinstance(getattr(strip_optional(base), n, None), property))
        where = _dotted(node.node) if isinstance(node, (nodes.Getattr, nodes.Getitem)) else "värdet"
        hint = f" (finns: {', '.join(names[:20])})" if names else ""
        self.report(_dotted(node), f"'{attr}' finns inte i '{where}'{hint}")
        return ANY

    def _check_paragraph_placement(self, node: nodes.Node) -> None:
        """Prose must replace a whole paragraph ({{p name }}); inside a run it breaks the XML."""
        line = self.lines[node.lineno - 1] if 0 < node.lineno <= len(self.lines) else ""
        wanted = re.sub(r"\s+", "", _dotted(node))
        for match in re.finditer(r"\{\{(.*?)\}\}", line):
            if re.sub(r"\s+", "", match.group(1)) != wanted:
                continue
            before = line[: match.start()]
            # '<w:t>' or '<w:t xml:space=…>' opens a run's text; '<w:tc>' (a table cell) does not.
            opened = max((m.start() for m in re.finditer(r"<w:t[ >]", before)), default=-1)
            if opened > before.rfind("</w:t>"):
                self.report("{{ " + _dotted(node) + " }}",
                            f"löptext måste stå ensam i ett eget stycke som '{{{{p {_dotted(node)} }}}}'")


_OWN_FILTERS = set(make_env().filters) - set(jinja2.Environment().filters)
