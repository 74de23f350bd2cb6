"""Text from git or from case files reaches the terminal with its control characters and
escape sequences made visible: a crafted author, commit message or folder name cannot
clear the screen, retitle the window or reorder what is shown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casefolder import make_project, run
from iopdocs.text import terminal_safe
from test_history import copy_project, git

CLEAR = "\x1b[2J\x1b[H"
TITLE = "\x1b]0;lurad\x07"
RTL = "\u202e"


@pytest.mark.parametrize("raw, shown", [
    ("a\x1b[31mröd\x1b[0m", "a\\x1b[31mröd\\x1b[0m"),
    ("ett\rtvå", "ett\\x0dtvå"),
    ("csi\x9b2J", "csi\\x9b2J"),
    ("höger" + RTL + "vänster", "höger\\u202evänster"),
    ("rader\nmed\ttabb", "rader\nmed\ttabb"),
])
def test_control_characters_are_made_visible(raw: str, shown: str):
    assert terminal_safe(raw) == shown


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", f"Första{CLEAR} versionen{TITLE}", who=(f"Mallory{CLEAR}{RTL}", "2024-01-10T09:00:00+01:00"))
    return root


def test_history_shows_a_crafted_author_and_message_harmlessly(repo: Path):
    result = run(repo, "history", "exempel-iop")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and RTL not in result.output
    assert "Mallory\\x1b[2J\\x1b[H\\u202e" in result.output
    assert "Första\\x1b[2J\\x1b[H versionen\\x1b]0;lurad\\x07" in result.output


def test_diff_shows_them_harmlessly_too(repo: Path):
    result = run(repo, "diff", "exempel-iop")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "Mallory\\x1b[2J" in result.output


def test_a_case_folder_name_with_an_escape_sequence_is_printed_harmlessly(tmp_path: Path):
    root = make_project(tmp_path)
    shutil.move(root / "cases" / "x", root / "cases" / f"x{CLEAR}")
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "OK  x\\x1b[2J\\x1b[H" in result.stdout


def test_status_shows_a_direction_override_from_a_case_file_harmlessly(tmp_path: Path):
    root = make_project(tmp_path)
    partners = root / "cases" / "x" / "partners.yaml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(text.replace("short_name: Läxhjälp Järva", 'short_name: "Läx\\u202ehjälp"'), encoding="utf-8")
    result = run(root, "status")
    assert result.exit_code == 0, result.output
    assert RTL not in result.output
    assert "Läx\\u202ehjälp" in result.output
