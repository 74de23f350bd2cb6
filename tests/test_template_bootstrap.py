"""`iopdocs mallar ny`: starting templates where none exist, never over a clerk's edit."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from casefolder import make_project, run

from iopdocs.lint.templates import TEMPLATE_CONTEXTS, template_problems
from iopdocs.templategen import BUILDERS, build

EDIT = "Registraturens egen mening."


def edited(path: Path) -> bytes:
    """The template at `path` with a paragraph added, as a clerk saves it."""
    document = docx.Document(path)
    document.add_paragraph(EDIT)
    document.save(path)
    return path.read_bytes()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_the_starting_templates_are_every_template_the_pipeline_reads():
    assert set(BUILDERS) == set(TEMPLATE_CONTEXTS)


def test_new_writes_every_missing_template_and_they_pass_the_lint(project: Path):
    for name in BUILDERS:
        (project / "templates" / name).unlink()
    result = run(project, "mallar", "ny")
    assert result.exit_code == 0, result.output
    for name in BUILDERS:
        assert f"Skrev      templates/{name}" in result.output
        assert (project / "templates" / name).read_bytes() == build(name)
    assert template_problems(project / "templates") == []
    assert run(project, "build", "--no-pdf").exit_code == 0


def test_new_never_overwrites_a_template_without_force(project: Path):
    mine = edited(project / "templates" / "tjansteutlatande.docx")
    (project / "templates" / "bedomning.docx").unlink()
    result = run(project, "mallar", "ny")
    assert result.exit_code == 0, result.output
    assert (project / "templates" / "tjansteutlatande.docx").read_bytes() == mine
    assert "Finns redan templates/tjansteutlatande.docx (skrivs inte över utan --force)" in result.output
    assert "Skrev      templates/bedomning.docx" in result.output
    assert result.output.count("Skrev") == 1


def test_force_overwrites_only_the_templates_named(project: Path):
    mine = edited(project / "templates" / "tjansteutlatande.docx")
    theirs = edited(project / "templates" / "bedomning.docx")
    result = run(project, "mallar", "ny", "tjansteutlatande", "--force")
    assert result.exit_code == 0, result.output
    assert (project / "templates" / "tjansteutlatande.docx").read_bytes() == build("tjansteutlatande.docx") != mine
    assert (project / "templates" / "bedomning.docx").read_bytes() == theirs


def test_a_profile_starts_from_the_shared_templates_with_their_edits(project: Path):
    mine = edited(project / "templates" / "tjansteutlatande.docx")
    (project / "templates" / "uppfoljning.docx").unlink()
    result = run(project, "mallar", "ny", "--profile", "rinkeby-kista")
    assert result.exit_code == 0, result.output
    own = project / "templates" / "rinkeby-kista"
    assert (own / "tjansteutlatande.docx").read_bytes() == mine
    assert ("Kopierade  templates/tjansteutlatande.docx till templates/rinkeby-kista/tjansteutlatande.docx"
            in result.output)
    # A shared template that is missing is built for the profile.
    assert (own / "uppfoljning.docx").read_bytes() == build("uppfoljning.docx")
    assert sorted(p.name for p in own.iterdir()) == sorted(BUILDERS)
    again = run(project, "mallar", "ny", "--profile", "rinkeby-kista")
    assert again.output.count("Finns redan") == len(BUILDERS)


@pytest.mark.parametrize(("args", "message"), [
    (["tjanstutlatande"], "Mallen 'tjanstutlatande' finns inte; menade du 'tjansteutlatande'?"),
    (["--profile", "rinkeby-kist"], "Profilen 'rinkeby-kist' finns inte. Menade du 'rinkeby-kista'? "
                                    "Profiler i templates/profiles: rinkeby-kista."),
])
def test_an_unknown_template_or_profile_is_a_swedish_error(project: Path, args: list[str], message: str):
    before = {p: p.read_bytes() for p in (project / "templates").rglob("*") if p.is_file()}
    result = run(project, "mallar", "ny", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in (project / "templates").rglob("*") if p.is_file()} == before


def test_a_template_that_is_a_folder_is_not_replaced(project: Path):
    target = project / "templates" / "tjansteutlatande.docx"
    target.unlink()
    target.mkdir()
    result = run(project, "mallar", "ny", "--force")
    assert result.exit_code == 1
    assert "Mallen templates/tjansteutlatande.docx" in result.output
    assert target.is_dir()

