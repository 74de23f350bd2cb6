"""What a build depends on: the key that lets an unchanged case be skipped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from templatefiles import TEMPLATES

from iopdocs.documents import fingerprint

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases" / "exempel-iop", tmp_path / "cases" / "x")
    return tmp_path


def key(project: Path) -> str:
    return fingerprint.build_key(project / "cases" / "x", project / "templates" / "profiles", project / "templates")


def append(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_the_key_is_stable_for_unchanged_input(project: Path):
    assert key(project) == key(project)


@pytest.mark.parametrize(
    "changed",
    [
        "cases/x/partners.yaml",
        "cases/x/bilagor/overenskommelse.pdf",
        "templates/profiles/rinkeby-kista.yaml",
        "templates/uppfoljning.docx",
    ],
)
def test_every_input_changes_the_key(project: Path, changed: str):
    before = key(project)
    append(project / changed, "\n# ändrad\n")
    assert key(project) != before


def test_the_package_source_changes_the_key_subpackages_too(project: Path, monkeypatch):
    before = key(project)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# edited\n" if path.name == "partners.py" and path.parent.name == "model" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert key(project) != before


def test_the_case_mark_depends_only_on_the_case_yaml(project: Path):
    folder = project / "cases" / "x"
    before = fingerprint.case_mark(fingerprint.case_files(folder))
    append(project / "templates" / "profiles" / "rinkeby-kista.yaml", "\n# ändrad\n")
    assert fingerprint.case_mark(fingerprint.case_files(folder)) == before
    append(folder / "goals.yaml", "\n# ändrad\n")
    assert fingerprint.case_mark(fingerprint.case_files(folder)) != before


def test_editing_a_profile_rebuilds_only_the_cases_that_use_it(tmp_path: Path):
    from casefolder import edit, make_project, run

    root = make_project(tmp_path)
    shutil.copytree(ROOT / "cases" / "exempel-iop", root / "cases" / "y")
    profiles = root / "templates" / "profiles"
    shutil.copy(profiles / "rinkeby-kista.yaml", profiles / "annan.yaml")
    edit(root, "cases/y/case.yaml", "profile: rinkeby-kista", "profile: annan")
    first = run(root, "build", "--no-pdf")
    assert first.exit_code == 0, first.output
    edit(root, "templates/profiles/annan.yaml", "web: start.stockholm", "web: annan.example")
    second = run(root, "build", "--no-pdf")
    assert second.exit_code == 0, second.output
    assert "Byggt      y" in second.stdout
    assert "Oförändrat x" in second.stdout
