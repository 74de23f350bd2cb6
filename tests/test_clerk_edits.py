"""A clerk edits the templates in a word processor and saves them: the pipeline still
builds the same papers from them, with the clerk's edits in.

LibreOffice Writer stands in for Word: it rewrites the whole file (new style ids, runs
split and joined anew, its own settings), as Word does."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import docx
import pytest
from casefolder import run
from docx.oxml.ns import qn
from templatefiles import ROOT, TEMPLATES, example_project
from test_history import change_case, git
from wordprocessor import save_in_writer, word_f1, words

from iopdocs.case.load import load_case
from iopdocs.documents.render import render_blank_forms, render_case
from iopdocs.lint.templates import template_problems
from iopdocs.meeting.agenda import render_agenda
from iopdocs.meeting.collect import collect_meeting
from iopdocs.meeting.file import load_meeting_file
from iopdocs.meeting.minutes import render_minutes
from iopdocs.meeting.proceedings import paragraphs
from iopdocs.pdf.soffice import soffice_available
from iopdocs.templategen import BUILDERS

pytestmark = pytest.mark.skipif(not soffice_available(), reason="LibreOffice saknas: kör make")

MEETING = dt.date(2023, 12, 7)
ADDED = "Registraturen har lagt till den här meningen i mallen."


def templates_folder(target: Path, templates: dict[str, Path]) -> Path:
    """A templates/ folder with these template files beside the shipped profiles."""
    shutil.copytree(ROOT / "templates" / "profiles", target / "profiles")
    for name, path in templates.items():
        shutil.copy(path, target / name)
    return target


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> Path:
    """Every starting template, opened and saved once by Writer, in a templates/ folder."""
    out = tmp_path_factory.mktemp("writer")
    files = save_in_writer([TEMPLATES / name for name in BUILDERS], out / "saved")
    return templates_folder(out / "templates", files)


def papers(templates: Path) -> dict[str, bytes]:
    """Every paper of the example project, rendered through `templates`."""
    project = example_project()
    out = {}
    for folder in project.case_dirs([]):
        case = load_case(project, folder)
        out.update({f"{folder.name}/{d.name}": d.data for d in render_case(case, templates)})
    out.update({f"mallar/{d.name}": d.data for d in render_blank_forms(templates, case.profile)})
    meeting = collect_meeting(project, MEETING)
    out["foredragningslista"] = render_agenda(meeting, templates, {i.number: (2, 7) for i in meeting.items})
    meeting_file, _ = load_meeting_file(project, MEETING)
    out["protokoll"] = render_minutes(meeting, meeting_file, paragraphs(meeting, meeting_file), templates)
    return out


def test_writer_really_rewrote_the_templates(saved: Path):
    """The stand-in is a real edit: the saved files differ from the originals."""
    for name in BUILDERS:
        assert (saved / name).read_bytes() != (TEMPLATES / name).read_bytes(), name


def test_every_template_saved_by_writer_passes_the_lint(saved: Path):
    assert template_problems(saved) == []


def test_every_paper_has_the_same_words_through_the_saved_templates(saved: Path):
    before, after = papers(TEMPLATES), papers(saved)
    assert before.keys() == after.keys() and len(before) >= 10
    scores = {name: word_f1(before[name], after[name]) for name in before}
    assert all(score >= 0.99 for score in scores.values()), scores


def _add_paragraph_after_title(template: Path, out: Path) -> Path:
    document = docx.Document(template)
    title = next(p for p in document.paragraphs if "{{ title }}" in p.text)
    added = docx.Document(template).add_paragraph(ADDED)._p  # a new w:p with the text
    title._p.addnext(added)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(out)
    return out


def test_a_paragraph_added_to_the_statement_template_is_in_every_statement(tmp_path: Path):
    edited = _add_paragraph_after_title(TEMPLATES / "tjansteutlatande.docx", tmp_path / "edited" / "tjansteutlatande.docx")
    files = save_in_writer([edited], tmp_path / "saved")
    templates = templates_folder(tmp_path / "templates", {**{n: TEMPLATES / n for n in BUILDERS}, **files})
    statements = {name: data for name, data in papers(templates).items() if name.endswith("/tjansteutlatande")}
    assert len(statements) == 2
    sentence = ADDED.split()
    for name, data in statements.items():
        found = words(data)
        assert all(found[word] >= 1 for word in sentence), name


def _split_title_tag(template: Path, out: Path) -> Path:
    """The title's tag over three runs, the middle one bold, as an editor leaves it after
    formatting part of it."""
    document = docx.Document(template)
    title = next(p for p in document.paragraphs if p.text.strip() == "{{ title }}")
    for run_ in list(title.runs):
        run_._r.getparent().remove(run_._r)
    for part, bold in (("{{ ti", False), ("tl", True), ("e }}", False)):
        title.add_run(part).bold = bold
    document.save(out)
    return out


def test_a_tag_split_into_runs_by_the_editor_still_renders(tmp_path: Path):
    edited = _split_title_tag(TEMPLATES / "tjansteutlatande.docx", tmp_path / "tjansteutlatande.docx")
    files = save_in_writer([edited], tmp_path / "saved")
    saved = docx.Document(files["tjansteutlatande.docx"])
    title = next(p for p in saved.paragraphs if p.text.strip() == "{{ title }}")
    assert len(title.runs) > 1  # Writer kept the split: the template really has a split tag
    templates = templates_folder(tmp_path / "templates", {**{n: TEMPLATES / n for n in BUILDERS}, **files})
    assert template_problems(templates) == []
    project = example_project()
    case = load_case(project, project.cases_dir / "rk-2023-17")
    statement = docx.Document(io.BytesIO(render_case(case, templates)[0].data))
    assert any(p.text == case.meta.title for p in statement.paragraphs)
    assert not any("{{" in p.text for p in statement.paragraphs)


def test_diff_docx_works_with_a_template_saved_by_writer(saved: Path, tmp_path: Path):
    """A word processor renames style ids (Writer: 'Ärendetext' → 'Rendetext'); the tracked
    comparison still finds every style it writes."""
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "cases" / "exempel-iop", root / "cases" / "laxhjalp-jarva")
    shutil.copytree(saved, root / "templates")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Första")
    change_case(root / "cases" / "laxhjalp-jarva")
    result = run(root, "diff", "laxhjalp-jarva", "--docx")
    assert result.exit_code == 0, result.output
    compared = docx.Document(root / "build" / "laxhjalp-jarva" / "jamforelse.docx")
    inserted = compared.element.body.findall(".//" + qn("w:ins"))
    assert inserted  # the change is marked as a tracked insertion
