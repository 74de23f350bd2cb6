"""The package's layout: one subpackage per stage, imports running one way (README, "Kodens
uppbyggnad"). These tests keep the map in the README true."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "iopdocs"

# From the top: a package may import only packages below it. The foundation is the
# modules directly in iopdocs/.
LAYERS = ["web", "cli", "templategen", "lint", "meeting", "history", "documents", "case", "model", "pdf", "foundation"]
# pdf/ sits below documents/ and meeting/ but uses nothing of the case: only the foundation.
ALLOWED = {
    "web": {"lint", "meeting", "history", "documents", "case", "model", "pdf", "foundation"},
    "cli": {"templategen", "lint", "meeting", "history", "documents", "case", "model", "pdf", "foundation"},
    # The starting templates are built from code only for `iopdocs mallar ny`.
    "templategen": {"meeting", "documents", "case", "pdf", "foundation"},
    "lint": {"meeting", "history", "documents", "case", "model", "pdf", "foundation"},
    "meeting": {"documents", "case", "model", "pdf", "foundation"},
    "history": {"documents", "case", "model", "pdf", "foundation"},
    "documents": {"case", "model", "pdf", "foundation"},
    "case": {"model", "foundation"},
    "model": {"foundation"},
    "pdf": {"foundation"},
    "foundation": set(),
}
# `iopdocs serve` is a command like the others: its command (and nothing else in cli/)
# starts the web layer.
EXCEPTIONS = {("iopdocs.cli.commands", "iopdocs.web.serve")}
FOUNDATION = {"__init__", "errors", "text", "filters", "fsutil", "project", "cores", "personaldata"}


def modules() -> list[Path]:
    found = sorted(PACKAGE.rglob("*.py"))
    assert len(found) > 60  # the glob found the package
    return found


def dotted(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every iopdocs module or package a module imports, as a dotted name, lazy imports included."""
    here = dotted(path).split(".")
    base = here if path.name == "__init__.py" else here[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                module = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "iopdocs":
                continue
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names
                         if _exists(f"{module}.{alias.name}"))
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.split(".")[0] == "iopdocs")
    return names


def _exists(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer(name: str) -> str:
    parts = name.split(".")
    if len(parts) == 1:
        return "foundation"  # `from iopdocs import model` is listed as iopdocs.model below
    return parts[1] if parts[1] in ALLOWED and parts[1] != "foundation" else "foundation"


@pytest.mark.parametrize("path", modules(), ids=lambda p: dotted(p))
def test_a_module_imports_only_the_packages_below_its_own(path: Path):
    own = layer(dotted(path))
    wrong = sorted(n for n in imported(path) if n != "iopdocs"
                   and layer(n) != own and layer(n) not in ALLOWED[own] and (dotted(path), n) not in EXCEPTIONS)
    assert not wrong, f"{dotted(path)} ({own}/) imports {wrong}"


def test_the_foundation_is_the_few_modules_directly_in_the_package():
    direct = {p.stem for p in PACKAGE.glob("*.py")}
    assert direct == FOUNDATION
    assert len(direct) <= 8
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(LAYERS) - {"foundation", "web"} | ({"web"} & packages)


def test_no_import_cycle_between_modules():
    graph = {dotted(p): {n for n in imported(p) if n in {dotted(q) for q in modules()}} for p in modules()}
    for name in graph:  # a package's __init__ importing its own modules is no cycle
        if name.count(".") == 1 and (PACKAGE / name.split(".")[1] / "__init__.py").is_file():
            graph[name] = set()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " → ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])


@pytest.mark.parametrize("path", modules(), ids=lambda p: dotted(p))
def test_no_module_outgrows_one_job(path: Path):
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"{dotted(path)} has {lines} lines"


def test_meeting_and_history_never_import_each_other():
    for path in modules():
        own = layer(dotted(path))
        other = {"meeting": "history", "history": "meeting"}.get(own)
        if other:
            assert not [n for n in imported(path) if layer(n) == other], dotted(path)


def test_the_readme_map_names_every_package():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Kodens uppbyggnad", 1)[1].split("\n## ", 1)[0]
    for package in (p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()):
        assert f"{package}/" in section, package
    for module in FOUNDATION - {"__init__"}:
        assert f"`{module}.py`" in section, module


def _private_uses(path: Path) -> list[str]:
    """Private names (`_x`) a file takes from another module: imported, or reached as module._x."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"from {node.module} import {alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_private_name_is_used_outside_its_module():
    root = PACKAGE.parent
    files = modules() + sorted((root / "tests").glob("*.py")) + sorted((root / "tools").rglob("*.py"))
    uses = {str(p.relative_to(root)): _private_uses(p) for p in files}
    assert {k: v for k, v in uses.items() if v} == {}


def test_pypdfs_private_add_object_is_called_in_one_place():
    root = PACKAGE.parent
    callers = [str(p.relative_to(root)) for p in modules() + sorted((root / "tests").glob("*.py"))
               if "._add_" "object(" in p.read_text(encoding="utf-8")]  # split: not this file
    assert callers == ["iopdocs/pdf/objects.py"]
