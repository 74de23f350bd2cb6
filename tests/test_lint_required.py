"""The lint protects an edited template: the data its document must show, and the styles
the renderer needs, are reported when a clerk's edit took them away."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from templatefiles import ROOT, TEMPLATES, example_project
from wordprocessor import save_in_writer

from iopdocs.cli.commands import main
from iopdocs.documents.render import STATEMENT
from iopdocs.documents.wordxml import Session
from iopdocs.lint.essentials import ESSENTIAL_DATA, ESSENTIAL_STYLES
from iopdocs.lint.templates import TEMPLATE_CONTEXTS, template_problems
from iopdocs.lint.typeinfo import element_type, members
from iopdocs.pdf.soffice import soffice_available


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(TEMPLATES, tmp_path / "templates")  # the starting templates (tests/templatefiles.py)
    return tmp_path


def edit(path: Path, change) -> None:
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))


def delete_paragraph(document, text: str) -> None:
    paragraph = next(p for p in document.paragraphs if p.text == text)
    paragraph._p.getparent().remove(paragraph._p)


def remove_style(document, style_id: str) -> None:
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            style.getparent().remove(style)


def problems_of(root: Path, name: str) -> list[str]:
    """The problems of one template in root/templates/, as `iopdocs check` prints them."""
    return [str(p) for p in template_problems(root / "templates") if p.file == f"templates/{name}"]


# --- the data a document must show --------------------------------------------------------


def test_a_statement_template_without_the_proposal_is_reported_by_check(project):
    edit(project / "templates" / STATEMENT, lambda d: delete_paragraph(d, "{{p proposal }}"))
    result = CliRunner().invoke(main, ["--root", str(project), "check"])
    assert result.exit_code == 1
    assert "Mallarna har 1 fel:" in result.stderr
    assert ("templates/tjansteutlatande.docx: {{p proposal }}: mallen visar inte förslaget till beslut; "
            "lägg tillbaka taggen i ett eget stycke efter rubriken 'Förvaltningens förslag till beslut' (stycke 10)"
            ) in result.stderr


def test_a_missing_tag_whose_heading_is_gone_too_says_so(project):
    def change(d):
        delete_paragraph(d, "{{p summary }}")
        delete_paragraph(d, "Sammanfattning")
    edit(project / "templates" / STATEMENT, change)
    assert problems_of(project, STATEMENT) == [
        "templates/tjansteutlatande.docx: {{p summary }}: mallen visar inte sammanfattningen; lägg tillbaka "
        "taggen i ett eget stycke efter rubriken 'Sammanfattning' (som inte heller finns kvar i mallen)"]


def test_a_datum_of_the_header_is_reported_with_where_it_sits(project):
    def change(d):
        for section in d.sections:
            for part in (section.header, section.first_page_header):
                for t in part._element.iter(qn("w:t")):
                    t.text = (t.text or "").replace("{{ head.dnr }}", "")
    edit(project / "templates" / "bedomning.docx", change)
    assert problems_of(project, "bedomning.docx") == [
        "templates/bedomning.docx: {{ head.dnr }}: mallen visar inte diarienumret; lägg tillbaka taggen i sidhuvudet"]


def test_a_datum_that_follows_a_label_rather_than_a_heading_is_placed_after_that_text(project):
    _without(project / "templates" / "foredragningslista.docx", _printing(("when", "date")))
    assert problems_of(project, "foredragningslista.docx") == [
        "templates/foredragningslista.docx: {{ when }}: mallen visar inte sammanträdets datum och tid; "
        "lägg tillbaka taggen efter texten 'Tid' (stycke 3)"]


def test_a_name_only_tested_in_an_if_does_not_show_the_datum(project):
    edit(project / "templates" / STATEMENT, lambda d: delete_paragraph(d, "{{p signature_lines }}"))
    problems = problems_of(project, STATEMENT)
    assert len(problems) == 1  # '{%p if signatories %}' is still there, but prints nothing
    assert "{{p signature_lines }}: mallen visar inte undertecknarna" in problems[0]


def test_signatories_shown_through_a_loop_instead_of_signature_lines_pass(project):
    def change(d):
        p = next(p for p in d.paragraphs if p.text == "{{p signature_lines }}")
        for run in p.runs[1:]:
            run._r.getparent().remove(run._r)
        p.runs[0].text = "{% for s in signatories %}{{ s.name }}, {{ s.title }} {% endfor %}"
    edit(project / "templates" / STATEMENT, change)
    assert problems_of(project, STATEMENT) == []


def test_the_data_check_waits_until_the_templates_code_reads(project):
    def change(d):
        delete_paragraph(d, "{{p proposal }}")
        p = next(p for p in d.paragraphs if p.text == "{{p summary }}")
        p.runs[0].text = "{{p sumary }}"
        for run in p.runs[1:]:
            run.text = ""
    edit(project / "templates" / STATEMENT, change)
    problems = problems_of(project, STATEMENT)
    assert len(problems) == 1 and "'sumary' finns inte" in problems[0]


# --- the styles the renderer needs --------------------------------------------------------


def test_a_template_without_list_bullet_is_reported(project):
    edit(project / "templates" / STATEMENT, lambda d: remove_style(d, "ListBullet"))
    result = CliRunner().invoke(main, ["--root", str(project), "check"])
    assert result.exit_code == 1
    assert ("templates/tjansteutlatande.docx: List Bullet: mallen saknar formatmallen 'List Bullet' "
            "(i svenska Word 'Punktlista', id ListBullet), som punktlistorna i löptexten skrivs med; lägg tillbaka den") in result.stderr


def test_a_style_the_templates_own_table_uses_is_reported_where_it_is_used(project):
    edit(project / "templates" / "foredragningslista.docx", lambda d: remove_style(d, "Tabell"))
    assert problems_of(project, "foredragningslista.docx") == [
        "templates/foredragningslista.docx: Tid {{ when }} Plats {{ place }} Ordförande {{ chair }}: tabellen har "
        "formatmallen 'Tabell', som inte finns i mallen; välj en formatmall som finns eller lägg tillbaka den"]


def test_a_renamed_style_still_counts_by_its_id(project):
    def change(d):
        for style in d.styles.element.findall(qn("w:style")):
            if style.get(qn("w:styleId")) == "ListBullet":
                style.find(qn("w:name")).set(qn("w:val"), "Punktlista")
    edit(project / "templates" / STATEMENT, change)
    assert problems_of(project, STATEMENT) == []


def test_only_the_styles_a_template_needs_are_required(project):
    assert "Undertecknare" not in ESSENTIAL_STYLES["protokoll.docx"]
    edit(project / "templates" / "protokoll.docx", lambda d: remove_style(d, "Undertecknare"))
    assert problems_of(project, "protokoll.docx") == []


def _printing(names: tuple[str, ...]) -> re.Pattern:
    """The tags that print one of these names, or a part of one."""
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(r"\{\{p?\s*(?:" + alternatives + r")(?![\w])[^}]*\}\}")


def _without(path: Path, pattern: re.Pattern) -> None:
    """The template with every tag matching `pattern` deleted, from body, headers and footers."""
    document = docx.Document(str(path))
    parts = [document.part] + [rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith(("/header", "/footer"))]
    for part in parts:
        for paragraph in part.element.iter(qn("w:p")):
            texts = list(paragraph.iter(qn("w:t")))
            whole = "".join(t.text or "" for t in texts)
            if texts and pattern.search(whole):
                texts[0].text = pattern.sub("", whole)
                for t in texts[1:]:
                    t.text = ""
    document.save(str(path))


SIMPLE = [(template, datum) for template, data in sorted(ESSENTIAL_DATA.items()) for datum in data
          if not datum.tag.startswith("{%") and not any("[]" in n for n in datum.names)]


@pytest.mark.parametrize(("template", "datum"), SIMPLE, ids=[f"{t}:{d.tag}" for t, d in SIMPLE])
def test_each_essential_datum_deleted_from_its_template_is_reported(tmp_path, template, datum):
    (tmp_path / "templates").mkdir()
    shutil.copy(TEMPLATES / template, tmp_path / "templates" / template)
    _without(tmp_path / "templates" / template, _printing(datum.names))
    problems = [p for p in template_problems(tmp_path / "templates") if p.file == f"templates/{template}"]
    assert [p.field for p in problems] == [datum.tag]
    assert f"mallen visar inte {datum.label}; lägg tillbaka taggen" in problems[0].message


def test_the_headings_the_messages_point_to_are_in_the_starting_templates():
    for template, data in ESSENTIAL_DATA.items():
        texts = {re.sub(r"^\d+\.\s*", "", p.text.strip()) for p in _all_paragraphs(TEMPLATES / template)}
        for datum in data:
            assert not datum.after or datum.after in texts, (template, datum.after)


def _all_paragraphs(path: Path) -> list:
    document = docx.Document(str(path))
    return list(document.paragraphs) + [p for t in document.tables for row in t.rows for cell in row.cells
                                        for p in cell.paragraphs]


# --- the declarations themselves ----------------------------------------------------------


def test_every_template_declares_its_data_and_styles():
    assert set(ESSENTIAL_DATA) == set(TEMPLATE_CONTEXTS) == set(ESSENTIAL_STYLES)
    for styles in ESSENTIAL_STYLES.values():
        assert {"List Bullet", "List Number"} <= set(styles)
        assert set(styles) <= set(Session.STYLE_NAMES.values()) | {"Normal", "Title", "Subtitle", "Heading 1", "Heading 3"}


@pytest.mark.parametrize("template", sorted(ESSENTIAL_DATA))
def test_every_declared_name_exists_in_the_templates_context(template):
    for datum in ESSENTIAL_DATA[template]:
        for name in datum.names:
            kind = TEMPLATE_CONTEXTS[template]
            for part in name.replace("[]", ".[]").split("."):
                kind = element_type(kind) if part == "[]" else members(kind)[part]


def test_every_starting_template_passes():
    assert template_problems(TEMPLATES) == []  # the shipped ones: tests/test_shipped_templates.py


# --- a template saved by LibreOffice Writer ----------------------------------------------


@pytest.fixture(scope="module")
def writer_saved(tmp_path_factory) -> Path:
    """Every starting template opened and saved once by LibreOffice Writer (a stand-in for
    Word), with a soffice profile of its own (tests/wordprocessor.py)."""
    if not soffice_available():
        pytest.skip("LibreOffice saknas: kör make")
    out = tmp_path_factory.mktemp("writer") / "templates"
    save_in_writer([TEMPLATES / name for name in TEMPLATE_CONTEXTS], out)
    return out


def test_templates_saved_by_writer_pass_the_new_checks(writer_saved):
    """(tests/test_clerk_edits.py lints them too, whole.)"""
    document = docx.Document(writer_saved / STATEMENT)
    with pytest.raises(KeyError):  # Writer capitalises the built-in names: found by id only
        document.styles["Heading 1"]
    assert template_problems(writer_saved) == []


def test_a_writer_saved_template_without_the_proposal_is_still_reported(writer_saved, tmp_path):
    shutil.copytree(writer_saved, tmp_path / "templates")
    edit(tmp_path / "templates" / STATEMENT, lambda d: delete_paragraph(d, "{{p proposal }}"))
    problems = problems_of(tmp_path, STATEMENT)
    assert len(problems) == 1 and "mallen visar inte förslaget till beslut" in problems[0]


def test_the_renderer_finds_every_style_it_needs_in_a_writer_saved_template(writer_saved):
    kinds = {name: kind for kind, name in Session.STYLE_NAMES.items()}
    for template, styles in ESSENTIAL_STYLES.items():
        session = Session(docx.Document(writer_saved / template))
        for name in styles:
            if name in kinds:  # e.g. the agenda's items in "Heading 2", which Writer names capitalised
                assert session.styles[kinds[name]] is not None, (template, name)


def test_the_renderer_writes_only_styles_the_lint_requires_of_the_template(monkeypatch):
    """Guards ESSENTIAL_STYLES against drift: every style the renderer writes while building
    the example cases, the blank forms and the example meeting's agenda is one the lint
    requires of the template it writes into."""
    import datetime as dt

    from iopdocs.case.load import load_case
    from iopdocs.documents import render
    from iopdocs.meeting.agenda import render_agenda
    from iopdocs.meeting.collect import collect_meeting

    used: dict[str, set[str]] = {}
    filling: list[str] = []
    real_fill, real_xml = render.fill_template, Session.paragraph_xml

    def fill(template, name, *args):
        filling.append(name)
        try:
            return real_fill(template, name, *args)
        finally:
            filling.pop()

    def paragraph_xml(self, block, num_id):
        if block.kind in Session.STYLE_NAMES:
            used.setdefault(filling[-1], set()).add(Session.STYLE_NAMES[block.kind])
        return real_xml(self, block, num_id)

    monkeypatch.setattr(render, "fill_template", fill)
    monkeypatch.setattr(Session, "paragraph_xml", paragraph_xml)
    project = example_project()
    for folder in project.case_dirs([]):
        render.render_case(load_case(project, folder), TEMPLATES)
    render.render_blank_forms(TEMPLATES)
    meeting = collect_meeting(project, dt.date(2023, 12, 7))
    render_agenda(meeting, TEMPLATES, {item.number: (2, 7) for item in meeting.items})
    assert {"tjansteutlatande.docx", "bedomning.docx", "uppfoljning.docx", "foredragningslista.docx"} <= set(used)
    for template, styles in used.items():
        assert styles <= set(ESSENTIAL_STYLES[template]), template


def test_a_comparison_asks_its_base_template_only_for_the_styles_the_lint_requires(monkeypatch):
    """Guards the comparison's STYLE_NAMES against drift (diff --docx writes through the
    statement's and the agreement's templates)."""
    from iopdocs.case.load import load_case
    from iopdocs.history import trackeddoc
    from iopdocs.history.comparable import case_data
    from iopdocs.history.tracked import Revision, comparison_docx
    from iopdocs.history.trackedagreement import agreement_comparison_docx

    asked: set[str] = set()
    real = trackeddoc.find_style

    def find_style(document, name):
        asked.add(name)
        return real(document, name)

    monkeypatch.setattr(trackeddoc, "find_style", find_style)
    project = example_project()
    data = [case_data(load_case(project, folder)) for folder in project.case_dirs([])]
    for new in data:
        comparison_docx({}, new, Revision("Test", None), "Jämförelse", TEMPLATES / STATEMENT)
        agreement_comparison_docx({}, new, Revision("Test", None), "Jämförelse", TEMPLATES / "overenskommelse.docx")
    assert {"Title", "Heading 1", "List Number"} <= asked
    assert asked <= set(ESSENTIAL_STYLES[STATEMENT]) & set(ESSENTIAL_STYLES["overenskommelse.docx"])
