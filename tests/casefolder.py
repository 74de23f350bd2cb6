"""Real case folders in a temporary project, edited the way an officer would edit them."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from iopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent


def make_project(tmp_path: Path, source: str = "exempel-iop", name: str = "x") -> Path:
    """A project root with templates/profiles and one copy of a shipped case as cases/<name>."""
    root = tmp_path / "projekt"
    (root / "cases").mkdir(parents=True)
    shutil.copytree(ROOT / "templates" / "profiles", root / "templates" / "profiles")
    shutil.copytree(ROOT / "cases" / source, root / "cases" / name)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) by `new` in the file."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def write(root: Path, rel: str, content: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    """The line number (1-based) of the only line of the file that contains `needle`, or
    failing that, of the only line that starts with it."""
    text = (root / rel).read_text(encoding="utf-8").splitlines()
    lines = [i for i, line in enumerate(text, 1) if needle in line]
    if len(lines) > 1:
        lines = [i for i in lines if text[i - 1].startswith(needle)]
    assert len(lines) == 1, f"{needle!r} is on lines {lines} of {rel}"
    return lines[0]


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(root), *args])


def check(root: Path, *cases: str) -> Result:
    return run(root, "check", *cases)


def problems(result: Result) -> list[str]:
    """The located problems printed by `check`, one per line, without indentation."""
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]


def assert_problem(result: Result, expected: str) -> None:
    """`check` failed, without a traceback, and printed exactly this problem line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert expected in problems(result), "\n".join(["expected:", expected, "got:", *problems(result)])
