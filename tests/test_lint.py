"""The template lint catches a clerk's edits in Word that would break a build."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from templatefiles import TEMPLATES, example_project

from iopdocs.case.load import load_case
from iopdocs.documents.render import render_case
from iopdocs.errors import Problem
from iopdocs.lint.templates import TEMPLATE_CONTEXTS, template_problems

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    target.mkdir()
    for path in sorted(TEMPLATES.glob("*.docx")):
        shutil.copy(path, target / path.name)
    assert len(list(target.glob("*.docx"))) == len(TEMPLATE_CONTEXTS)
    return target


def edit(path: Path, change) -> None:
    document = docx.Document(str(path))
    change(document)
    document.save(str(path))


def paragraph(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def retype(document, old: str, *runs: str) -> None:
    """Replace a paragraph's text with the given runs, as Word splits text into runs."""
    p = paragraph(document, old)
    for run in p.runs:
        run._r.getparent().remove(run._r)
    for text in runs:
        p.add_run(text)


def test_the_shipped_templates_have_no_problems():
    assert template_problems(TEMPLATES) == []


def test_a_misspelt_attribute_is_reported_with_the_template_and_the_expression(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: retype(d, "{{ title }}", "{{ case.titel }}"))
    problems = template_problems(templates)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == ("templates/tjansteutlatande.docx", None, "case.titel")
    assert "'titel' finns inte i 'case'" in problem.message
    assert "meta" in problem.message  # what does exist


def test_a_misspelt_attribute_is_found_in_a_branch_no_case_takes(templates):
    def change(d):
        retype(d, "{{ subtitle }}", "{{ case.meta.subtitel }}")
    edit(templates / "tjansteutlatande.docx", change)
    assert [p.field for p in template_problems(templates)] == ["case.meta.subtitel"]


def test_unknown_variables_loop_attributes_and_filters_are_reported(templates):
    def change(d):
        retype(d, "{{ partner_name }}", "{{ partner_namn }} {{ date|datumm }}")
    edit(templates / "bedomning.docx", change)
    edit(templates / "uppfoljning.docx",
         lambda d: d.tables[2].rows[2].cells[0].paragraphs[0].runs[0].__setattr__("text", "{{ a.planerad }}"))
    problems = {(p.file, p.field): p.message for p in template_problems(templates)}
    assert "variabeln 'partner_namn' finns inte" in problems[("templates/bedomning.docx", "partner_namn")]
    assert "filtret 'datumm' finns inte" in problems[("templates/bedomning.docx", "date|datumm")]
    assert "'planerad' finns inte i 'a'" in problems[("templates/uppfoljning.docx", "a.planerad")]


def test_an_unclosed_if_is_reported(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: paragraph(d, "{%p endif %}")._p.getparent().remove(
        paragraph(d, "{%p endif %}")._p))
    problems = template_problems(templates)
    assert problems == [Problem("templates/tjansteutlatande.docx", None, "{%p if subtitle %}",
                                "'{% if %}' avslutas aldrig med '{% endif %}'")]


def test_an_if_added_at_the_end_without_endif_is_reported(templates):
    edit(templates / "uppfoljning.docx", lambda d: d.add_paragraph("{%p if blank %}"))
    problems = template_problems(templates)
    assert [(p.field, p.message) for p in problems] == [
        ("{%p if blank %}", "'{% if %}' avslutas aldrig med '{% endif %}'")]


def test_an_endfor_without_for_is_reported(templates):
    edit(templates / "bedomning.docx", lambda d: d.add_paragraph("{%p endfor %}"))
    assert [(p.field, p.message) for p in template_problems(templates)] == [
        ("{%p endfor %}", "'endfor' utan '{% for %}' före")]


def test_a_tag_without_its_closing_braces_is_reported(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: retype(d, "{{ title }}", "{{ title "))
    problems = template_problems(templates)
    assert [(p.field, p.message) for p in problems] == [("{{ title", "'{{' öppnas men stängs aldrig med '}}'")]


def test_stray_closing_braces_are_reported(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: retype(d, "{{ title }}", "{{ title }} }}"))
    assert [p.message for p in template_problems(templates)] == ["'}}' utan början ('{{')"]


def test_a_tag_split_over_two_paragraphs_is_reported(templates):
    def change(d):
        p = paragraph(d, "{{ title }}")
        retype(d, "{{ title }}", "{{ ti")
        p.insert_paragraph_before("")  # keep the title paragraph's place
        after = d.add_paragraph("tle }}")
        p._p.addnext(after._p)
    edit(templates / "tjansteutlatande.docx", change)
    problems = template_problems(templates)
    assert len(problems) == 1
    assert problems[0].field == "{{ ti … tle }}"
    assert "delad över flera stycken" in problems[0].message


def test_a_tag_split_into_runs_of_one_paragraph_is_fine_and_renders(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: retype(d, "{{ title }}", "{", "{ ti", "tle }", "}"))
    assert template_problems(templates) == []
    project = example_project()
    case = load_case(project, project.cases_dir / "rk-2023-17")
    document = docx.Document(__import__("io").BytesIO(render_case(case, templates)[0].data))
    assert "Revidering av riktlinjer för idéburet offentligt partnerskap (IOP)" in [p.text for p in document.paragraphs]


def test_a_tag_split_by_tracked_changes_is_reported(templates):
    def change(d):
        p = paragraph(d, "{{ title }}")
        retype(d, "{{ title }}", "{{ ti")
        inserted = parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="Handläggare" w:date="2024-01-01T00:00:00Z">'
            '<w:r><w:t>tle }}</w:t></w:r></w:ins>')
        p._p.append(inserted)
    edit(templates / "tjansteutlatande.docx", change)
    problems = template_problems(templates)
    assert [p.field for p in problems] == ["{{ title }}"]
    assert "spårade ändringar" in problems[0].message


def test_prose_printed_inside_a_line_is_reported(templates):
    edit(templates / "tjansteutlatande.docx", lambda d: retype(d, "{{p summary }}", "Sammanfattning: {{ summary }}"))
    problems = template_problems(templates)
    assert [(p.field, p.message) for p in problems] == [
        ("{{ summary }}", "löptext måste stå ensam i ett eget stycke som '{{p summary }}'")]


def test_a_typo_in_a_header_is_reported(templates):
    def change(d):
        header = d.sections[0].first_page_header
        cell = header.tables[0].rows[0].cells[1]
        cell.paragraphs[1].runs[0].text = "Dnr {{ head.diarienummer }}"
    edit(templates / "tjansteutlatande.docx", change)
    assert [p.field for p in template_problems(templates)] == ["head.diarienummer"]


def test_a_missing_or_broken_template_is_reported(templates):
    (templates / "bedomning.docx").unlink()
    (templates / "foredragningslista.docx").unlink()
    (templates / "uppfoljning.docx").write_bytes(b"inte en zip")
    problems = {p.file: p.message for p in template_problems(templates)}
    assert problems["templates/bedomning.docx"] == "mallen saknas; skapa den med 'iopdocs mallar ny bedomning'"
    assert problems["templates/foredragningslista.docx"] == (
        "mallen saknas; skapa den med 'iopdocs mallar ny foredragningslista'")
    assert problems["templates/uppfoljning.docx"].startswith("filen är ingen giltig Word-fil")


# --- The agenda (föredragningslista) is linted against AgendaContext --------------------------


def test_a_misspelt_variable_in_the_agenda_is_reported(templates):
    edit(templates / "foredragningslista.docx", lambda d: retype(d, "{{ board }}", "{{ namnd }}"))
    problems = template_problems(templates)
    assert [(p.file, p.field) for p in problems] == [("templates/foredragningslista.docx", "namnd")]
    assert "variabeln 'namnd' finns inte i mallens data" in problems[0].message
    assert "board" in problems[0].message  # what does exist


def test_a_misspelt_item_attribute_in_the_agenda_is_reported(templates):
    edit(templates / "foredragningslista.docx", lambda d: retype(d, "{{ item.reference }}", "{{ item.referens }}"))
    problems = template_problems(templates)
    assert [(p.field, p.message.split(" (")[0]) for p in problems] == [
        ("item.referens", "'referens' finns inte i 'item'")]


def test_the_agendas_summary_printed_inside_a_line_is_reported(templates):
    edit(templates / "foredragningslista.docx", lambda d: retype(d, "{{p item.summary }}", "Kort: {{ item.summary }}"))
    problems = template_problems(templates)
    assert [(p.field, p.message) for p in problems] == [
        ("{{ item.summary }}", "löptext måste stå ensam i ett eget stycke som '{{p item.summary }}'")]


def cell_paragraph(document, text: str):
    return next(p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
                if p.text == text)


def test_a_misspelt_paragraph_attribute_in_the_minutes_is_reported(templates):
    edit(templates / "protokoll.docx", lambda d: retype(d, "{{ p.reference }}", "{{ p.referens }}"))
    problems = template_problems(templates)
    assert [(p.file, p.field, p.message.split(" (")[0]) for p in problems] == [
        ("templates/protokoll.docx", "p.referens", "'referens' finns inte i 'p'")]


def test_prose_in_a_table_cell_of_its_own_is_fine_but_inside_a_line_is_reported(templates):
    def change(d):
        p = cell_paragraph(d, "{{p members }}")
        p.runs[0].text = "Ledamöter: {{ members }}"

    assert template_problems(templates) == []
    edit(templates / "protokoll.docx", change)
    problems = template_problems(templates)
    assert [(p.field, p.message) for p in problems] == [
        ("{{ members }}", "löptext måste stå ensam i ett eget stycke som '{{p members }}'")]

