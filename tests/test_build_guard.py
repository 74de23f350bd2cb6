"""`iopdocs build` builds no paper through a template the lint faults: a clerk who deleted
the proposal's tag gets the lint's message, not statements without a proposal."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from casefolder import ROOT, edit, make_project, run


def delete_proposal(template: Path) -> None:
    document = docx.Document(template)
    paragraph = next(p for p in document.paragraphs if p.text.strip() == "{{p proposal }}")
    paragraph._p.getparent().remove(paragraph._p)
    document.save(template)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def test_a_template_without_the_proposal_builds_nothing(project: Path):
    assert run(project, "build", "--no-pdf").exit_code == 0
    before = snapshot(project / "build")
    delete_proposal(project / "templates" / "tjansteutlatande.docx")
    result = run(project, "build", "--no-pdf", "--force")
    assert result.exit_code == 1
    assert "Mallarna har 1 fel, så ärendet x byggs inte (tidigare byggda filer är orörda):" in result.stderr
    assert "templates/tjansteutlatande.docx: {{p proposal }}: mallen visar inte förslaget till beslut" in result.stderr
    assert "Byggt" not in result.output
    assert snapshot(project / "build") == before


def test_templates_that_passed_are_not_checked_again_until_one_changes(project: Path, monkeypatch):
    assert run(project, "build", "--no-pdf").exit_code == 0
    import iopdocs.lint.guard as guard

    calls = []

    real = guard.template_problems
    monkeypatch.setattr(guard, "template_problems", lambda folder: calls.append(folder) or real(folder))
    assert run(project, "build", "--no-pdf").exit_code == 0
    assert calls == []  # the same templates and iopdocs: the stamp says they passed
    delete_proposal(project / "templates" / "tjansteutlatande.docx")
    assert run(project, "build", "--no-pdf").exit_code == 1
    assert len(calls) == 1


def test_a_save_in_the_browser_builds_nothing_through_a_faulted_template(project: Path):
    from iopdocs.project import Project
    from iopdocs.web.rebuild import Rebuilder

    delete_proposal(project / "templates" / "tjansteutlatande.docx")
    result = Rebuilder().rebuild(Project(project), "x")
    assert not result.built
    assert [e.message for e in result.errors] == [
        "Mallarna har 1 fel, så ärendet x byggs inte (tidigare byggda filer är orörda):"]
    assert not (project / "build").exists()


def test_watch_reports_a_faulted_template_and_goes_on(project: Path):
    from test_watch import started

    from iopdocs.documents.watch import Failed, Recovered
    from iopdocs.lint.guard import gate_cases

    template = project / "templates" / "tjansteutlatande.docx"
    good = template.read_bytes()
    watching = started(project, pdf=False, patience=0.5, guard=gate_cases)
    try:
        delete_proposal(template)
        faulted = watching.next()
        template.write_bytes(good)
        fixed = watching.next()
    finally:
        watching.close()
    assert isinstance(faulted, Failed), faulted
    assert any("mallen visar inte förslaget till beslut" in str(p) for p in faulted.error.problems)
    assert fixed == Recovered("x")


@pytest.fixture
def two_profiles(project: Path) -> Path:
    """Case x of rinkeby-kista, case y of annan, which has its own statement template."""
    shutil.copytree(ROOT / "cases" / "exempel-iop", project / "cases" / "y")
    profiles = project / "templates" / "profiles"
    shutil.copy(profiles / "rinkeby-kista.yaml", profiles / "annan.yaml")
    edit(project, "cases/y/case.yaml", "profile: rinkeby-kista", "profile: annan")
    (project / "templates" / "annan").mkdir()
    shutil.copy(project / "templates" / "tjansteutlatande.docx", project / "templates" / "annan")
    return project


def test_a_faulted_template_of_one_profile_stops_only_that_profiles_papers(two_profiles: Path):
    delete_proposal(two_profiles / "templates" / "annan" / "tjansteutlatande.docx")
    result = run(two_profiles, "build", "--no-pdf", "--blank")
    assert result.exit_code == 1
    assert "Mallarna har 1 fel, så ärendet y byggs inte (tidigare byggda filer är orörda):" in result.stderr
    assert "templates/annan/tjansteutlatande.docx: {{p proposal }}" in result.stderr
    assert "Byggt      x" in result.output and "Byggt      y" not in result.output
    assert not (two_profiles / "build" / "y").exists()
    built_forms = {p.parent.name for p in (two_profiles / "build" / "mallar").rglob("*.docx")}
    assert built_forms == {"rinkeby-kista"}  # annan's blank forms wait too


def test_a_faulted_shared_template_stops_every_profile(two_profiles: Path):
    delete_proposal(two_profiles / "templates" / "tjansteutlatande.docx")
    result = run(two_profiles, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "Mallarna har 1 fel, så ärendena x och y byggs inte" in result.stderr
    assert "Byggt" not in result.output


def test_a_fault_that_concerns_none_of_the_cases_is_still_said(two_profiles: Path):
    delete_proposal(two_profiles / "templates" / "annan" / "tjansteutlatande.docx")
    result = run(two_profiles, "build", "--no-pdf", "x")
    assert result.exit_code == 1
    assert "Mallarna har 1 fel; de gäller inget av ärendena som byggs nu:" in result.stderr
    assert "Byggt      x" in result.output
