"""The context names a template prints, read from its parsed Jinja code.

A name is printed when it stands in a `{{ … }}` (or `{{p … }}`), alone or inside a filter
or a call; through a loop variable it is printed as an element of the list looped over:
`{{ s.name }}` in `{% for s in signatories %}` prints 'signatories[].name'. The same holds
for `set` and `with`. A name only tested in an `if` or looped over without printing
anything of it is not printed: the paper would not show it.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from jinja2 import nodes


def printed_names(templates: Iterable[nodes.Template]) -> set[str]:
    """Every dotted name ('head.dnr', 'signatories[].name') the templates print."""
    walker = _Walker()
    for template in templates:
        walker.body(template.body)
    return walker.printed


def shows(printed: str, name: str) -> bool:
    """Whether printing `printed` shows `name`: the name itself, or a part of it."""
    return printed == name or printed.startswith(name + ".") or printed.startswith(name + "[]")


class _Walker:
    def __init__(self) -> None:
        self.scopes: list[dict[str, str | None]] = [{}]
        self.printed: set[str] = set()

    def body(self, body: list[nodes.Node]) -> None:
        for node in body:
            self.statement(node)

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                self.printed.update(self.names(child))
        elif isinstance(node, nodes.For):
            base = self.path(node.iter)
            scope: dict[str, str | None] = {}
            self.bind(node.target, f"{base}[]" if base else None, scope)
            self.scoped(scope, node.body)
            self.body(node.else_)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.path(node.node), self.scopes[-1])
        elif isinstance(node, nodes.With):
            scope = {}
            for target, value in zip(node.targets, node.values):
                self.bind(target, self.path(value), scope)
            self.scoped(scope, node.body)
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            if isinstance(node, nodes.CallBlock):
                self.printed.update(self.names(node.call))
            self.scoped({arg.name: None for arg in node.args}, node.body)
        else:  # if, filter blocks, scopes …: their bodies, never their tests
            for child in node.iter_child_nodes():
                if not isinstance(child, nodes.Expr):
                    self.statement(child)

    def scoped(self, scope: dict[str, str | None], body: list[nodes.Node]) -> None:
        self.scopes.append(scope)
        self.body(body)
        self.scopes.pop()

    def bind(self, target: nodes.Node, path: str | None, scope: dict[str, str | None]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = path
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, None, scope)

    def path(self, node: nodes.Node) -> str | None:
        """The dotted name an expression stands for; None when it stands for no context name."""
        if isinstance(node, nodes.Name):
            for scope in reversed(self.scopes):
                if node.name in scope:
                    return scope[node.name]
            return node.name
        if isinstance(node, (nodes.Getattr, nodes.Getitem)):
            base = self.path(node.node)
            if base is None:
                return None
            if isinstance(node, nodes.Getattr):
                return f"{base}.{node.attr}"
            key = node.arg.value if isinstance(node.arg, nodes.Const) else None
            return f"{base}.{key}" if isinstance(key, str) else f"{base}[]"
        if isinstance(node, nodes.Filter) and node.node is not None:  # `for a in agreements|sort`
            return self.path(node.node)
        return None

    def names(self, node: nodes.Node) -> Iterator[str]:
        """The dotted names an expression prints."""
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            path = self.path(node)
            if path is not None:
                yield path
            if isinstance(node, nodes.Getitem):
                yield from self.names(node.arg)
            return
        for child in node.iter_child_nodes():
            yield from self.names(child)
