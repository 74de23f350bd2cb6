"""Input files are regular files inside the project, or a located Swedish error.

A case file, a profile, a meeting file or a template that is a FIFO, a device, a folder,
a dangling symbolic link or a link out of the project is named in `check` and `build`,
never skipped in silence (a statement built without its Bakgrund) and never opened
(reading a FIFO blocks until someone writes to it). A link that stays inside the
project is followed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from casefolder import assert_problem, check, make_project, problems, run

CASE = "cases/x"


def make_fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def make_directory(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.mkdir()


def make_dangling(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(path.parent / "finns-inte.yaml")


def make_outside(path: Path) -> None:
    outside = path.parents[3] / "utanfor" / path.name  # beside the project root
    outside.parent.mkdir(exist_ok=True)
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)


def make_device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a device node can only be made as root")
    path.unlink(missing_ok=True)
    os.mknod(path, 0o600 | 0o020000, os.makedev(1, 3))  # a character device like /dev/null


KINDS = {
    "fifo": (make_fifo, "filen är en namngiven rörledning (FIFO), inte en vanlig fil"),
    "directory": (make_directory, "filen är en mapp, inte en fil"),
    "dangling link": (make_dangling, "filen är en symbolisk länk till en fil som inte finns"),
    "link out of the project": (make_outside, "filen är en symbolisk länk som pekar utanför projektet"),
    "device": (make_device, "filen är en enhetsfil, inte en vanlig fil"),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("name", ["background.yaml", "partners.yaml", "case.yaml"])
def test_a_case_file_that_is_not_a_regular_file_is_a_located_error_in_check(root: Path, name: str, kind: str):
    make, message = KINDS[kind]
    make(root / CASE / name)
    assert_problem(check(root), f"{CASE}/{name}: {message}")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_build_refuses_it_too_and_writes_no_statement(root: Path, kind: str):
    make, message = KINDS[kind]
    make(root / CASE / "background.yaml")
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert f"{CASE}/background.yaml: {message}" in problems(result)
    assert not (root / "build" / "x" / "tjansteutlatande.docx").exists()


def test_a_link_inside_the_project_is_followed(root: Path):
    shared = root / "gemensamt" / "bakgrund.yaml"
    shared.parent.mkdir()
    (root / CASE / "background.yaml").rename(shared)
    (root / CASE / "background.yaml").symlink_to(Path("..", "..", "gemensamt", "bakgrund.yaml"))
    result = check(root)
    assert result.exit_code == 0, result.output
    assert "OK  x" in result.stdout


@pytest.mark.parametrize("kind", ["fifo", "dangling link", "link out of the project"])
def test_a_profile_that_is_not_a_regular_file_is_a_located_error(root: Path, kind: str):
    make, message = KINDS[kind]
    make(root / "templates" / "profiles" / "rinkeby-kista.yaml")
    assert_problem(check(root, "x"), f"templates/profiles/rinkeby-kista.yaml: {message}")


@pytest.mark.parametrize("kind", ["fifo", "directory", "dangling link"])
def test_a_meeting_file_that_is_not_a_regular_file_is_named_by_check(root: Path, kind: str):
    make, message = KINDS[kind]
    path = root / "meetings" / "2023-12-07.yaml"
    path.parent.mkdir()
    path.write_text("time: '18:00'\n", encoding="utf-8")
    make(path)
    result = check(root)
    assert result.exit_code == 1
    assert f"meetings/2023-12-07.yaml: {message}" in problems(result)


@pytest.mark.parametrize("kind", ["fifo", "link out of the project"])
def test_a_template_that_is_not_a_regular_file_is_named_by_build(root: Path, kind: str):
    make, message = KINDS[kind]
    template = root / "templates" / "tjansteutlatande.docx"
    make(template)
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "Mallarna har 1 fel, så ärendet x byggs inte" in result.stderr
    assert f"templates/tjansteutlatande.docx: {message}" in result.stderr


def test_a_case_folder_outside_the_project_given_by_path_still_loads(root: Path, tmp_path: Path):
    elsewhere = tmp_path / "annanstans" / "x"
    elsewhere.parent.mkdir()
    (root / CASE).rename(elsewhere)
    result = check(root, str(elsewhere))
    assert result.exit_code == 0, result.output


def test_a_link_out_of_a_case_folder_outside_the_project_is_still_refused(root: Path, tmp_path: Path):
    elsewhere = tmp_path / "annanstans" / "x"
    elsewhere.parent.mkdir()
    (root / CASE).rename(elsewhere)
    make_outside(elsewhere / "background.yaml")
    result = check(root, str(elsewhere))
    assert result.exit_code == 1
    assert any(p.endswith("background.yaml: filen är en symbolisk länk som pekar utanför projektet") for p in problems(result))


@pytest.mark.parametrize("kind", ["fifo", "link out of the project"])
def test_a_template_that_is_not_a_regular_file_is_named_by_check(root: Path, kind: str):
    make, message = KINDS[kind]
    make(root / "templates" / "bedomning.docx")
    result = check(root)
    assert result.exit_code == 1
    assert f"templates/bedomning.docx: {message}" in problems(result)
