"""`iopdocs build` builds no paper through a template the lint faults: a clerk who deleted
the proposal's tag gets the lint's message, not statements without a proposal."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from casefolder import make_project, run


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
    assert "Mallarna har 1 fel, så inget har byggts (tidigare byggda filer är orörda):" in result.stderr
    assert "templates/tjansteutlatande.docx: {{p proposal }}: mallen visar inte förslaget till beslut" in result.stderr
    assert "Byggt" not in result.output
    assert snapshot(project / "build") == before


def test_templates_that_passed_are_not_checked_again_until_one_changes(project: Path, monkeypatch):
    assert run(project, "build", "--no-pdf").exit_code == 0
    calls = []
    import iopdocs.lint.guard as guard

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
        "Mallarna har 1 fel, så inget har byggts (tidigare byggda filer är orörda):"]
    assert not (project / "build").exists()


def test_watch_reports_a_faulted_template_and_goes_on(project: Path):
    from test_watch import started

    from iopdocs.documents.watch import Failed, Recovered
    from iopdocs.lint.guard import check_templates_before_build

    template = project / "templates" / "tjansteutlatande.docx"
    good = template.read_bytes()
    watching = started(project, pdf=False, patience=0.5, guard=check_templates_before_build)
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
