"""Real case folders in a temporary project, edited the way an officer would edit them."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner, Result
from templatefiles import TEMPLATES

from iopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent


def make_project(tmp_path: Path, source: str = "exempel-iop", name: str = "x") -> Path:
    """A project root with templates/ and one copy of a shipped case as cases/<name>."""
    root = tmp_path / "projekt"
    (root / "cases").mkdir(parents=True)
    shutil.copytree(TEMPLATES, root / "templates")
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
    return CliRunner().invoke(main, ["--root", str(root), *args], prog_name="iopdocs")


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


# --- Garbage, for the tests that no input ever gives a traceback -------------------


def garbage(rng: random.Random, originals: dict[str, str]) -> tuple[str, bytes]:
    """One file of the case replaced by something broken; which kind of breakage is random."""
    name = rng.choice(sorted(originals))
    text = originals[name]
    kind = rng.randrange(9)
    if kind == 0:
        return name, bytes(rng.randrange(256) for _ in range(rng.randrange(200)))
    if kind == 1:
        return name, text.encode("utf-8")[: rng.randrange(len(text.encode("utf-8")) + 1)]
    if kind == 2:
        lines = text.splitlines(keepends=True)
        for _ in range(rng.randrange(1, 4)):
            i = rng.randrange(len(lines))
            choice = rng.randrange(4)
            if choice == 0:
                del lines[i]
            elif choice == 1:
                lines.insert(i, lines[i])
            elif choice == 2:
                lines[i] = " " * rng.randrange(1, 5) + lines[i]
            else:
                lines[i] = lines[i].lstrip()
            if not lines:
                break
        return name, "".join(lines).encode("utf-8")
    if kind == 3:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randrange(1, 6)):
            data[rng.randrange(len(data))] = rng.choice(b"\t\x00:-[]{}&*!|>'\"#%@`\n ,?\xff")
        return name, bytes(data)
    if kind == 4:
        depth = rng.randrange(50, 3000)
        opener, closer = rng.choice([("[", "]"), ("{a: ", "}")])
        return name, f"goals: {opener * depth}1{closer * depth}\n".encode()
    if kind == 5:
        return name, with_scalar(rng, text, rng.choice(ODD_SCALARS))
    # Real structure, one value anywhere replaced by null, empty, a list, a mapping, a number …
    data = yaml.safe_load(text.replace("\t", " ")) or {}
    paths = list(_paths(data))
    for _ in range(rng.randrange(1, 4)):
        if not paths:
            break
        parent, key = rng.choice(paths)
        parent[key] = rng.choice([None, "", [], {}, 0, -1, 10**40, 1.5, True, "x", [None], {"": None}, "2023-02-30"])
        paths = list(_paths(data))
    return name, yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


# Scalars that YAML 1.1, PyYAML or pydantic read in surprising ways.
ODD_SCALARS = [
    "9" * 40, "9" * 6000, "1e99999", "-1e400", "0." + "0" * 5000 + "1", "08", "0850800000", "0x1F", "0o17",
    "-0", "1_000", ".5", "1.", "+12", ".inf", ".nan", "1:30", "12:30:00", "yes", "No", "on", "~", "null",
    "2023-02-30", "2023-11-09T10:00:00Z", "!!int 1.5", "!!float x", "!!bool yes", "!!str 1", "!!binary aGk=",
    "!!timestamp 2023-01-01", "!!set {a}", "!!omap [a: 1]", "*nope", "&a 1", r'"\0"', r'"\x07"', "'",
    "[", "{", "|", ">", "- a", "? a", "!x", "%", "@", "`", "\t",
]


def with_scalar(rng: random.Random, text: str, scalar: str) -> bytes:
    """The file with one value, on a random line, replaced by `scalar`."""
    lines = text.splitlines(keepends=True)
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")]
    i = rng.choice(candidates)
    lines[i] = f"{lines[i].split(': ', 1)[0]}: {scalar}\n"
    return "".join(lines).encode("utf-8")


def _paths(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield node, key
            yield from _paths(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield node, index
            yield from _paths(value)
