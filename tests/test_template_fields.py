"""`iopdocs mallar fält`: the reference of every name a template can use, its Swedish
description and an example from the example cases, agreeing with the template lint."""

from __future__ import annotations

import dataclasses
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import pytest
from casefolder import ROOT, write
from click.testing import CliRunner
from docx import Document
from templatefiles import TEMPLATES, example_project

from iopdocs.case.load import load_case
from iopdocs.cli import main
from iopdocs.lint.essentials import ESSENTIAL_DATA
from iopdocs.lint.reference import TemplateReference, template_reference
from iopdocs.lint.templates import TEMPLATE_CONTEXTS, lint_template
from iopdocs.lint.typeinfo import descriptions, element_type, strip_optional, type_hints


def fields(root: Path, *args: str, columns: int = 200):
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(
        main, ["--root", str(root), "mallar", "fält", *args], prog_name="iopdocs")


def as_json(root: Path, *args: str) -> dict:
    result = fields(root, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def names_of(reference: dict, template: str) -> list[dict]:
    return next(t["names"] for t in reference["templates"] if t["template"] == template)


# --- What the reference says -----------------------------------------------------------------


def test_the_statement_names_the_proposal_with_its_description_and_an_example():
    case = load_case(example_project(), ROOT / "cases" / "exempel-iop")
    first_words = " ".join(case.meta.proposal[0].blocks[0].text.split()[:4])
    proposal = next(n for n in names_of(as_json(ROOT, "tjansteutlatande"), "tjansteutlatande.docx")
                    if n["name"] == "proposal")
    assert proposal["usage"] == "{{p proposal }}"
    assert proposal["kind"] == "stycken"
    assert proposal["description"].startswith("Förvaltningens förslag till beslut")
    assert proposal["example"].startswith(first_words)
    text = fields(ROOT, "tjansteutlatande").stdout
    line = next(line for line in text.splitlines() if "{{p proposal }}" in line)
    assert "Förvaltningens förslag till beslut" in line and first_words in line


def test_a_loop_is_followed_by_its_items_names():
    names = names_of(as_json(ROOT, "tjansteutlatande"), "tjansteutlatande.docx")
    at = next(i for i, n in enumerate(names) if n["name"] == "agreements")
    assert names[at]["usage"] == "{% for a in agreements %}" and names[at]["kind"] == "lista"
    items = names[at + 1:at + 5]
    assert [n["usage"] for n in items] == ["{{ a.name }}", "{{ a.orgnr }}", "{{ a.period }}", "{{ a.amount }}"]
    assert all(n["level"] == 1 and n["description"] and n["example"] != "–" for n in items)
    lines = fields(ROOT, "tjansteutlatande", columns=80).stdout.splitlines()
    loop = lines.index("{% for a in agreements %}  (lista; krävs)")
    after = [line for line in lines[loop + 1:] if line.lstrip().startswith(("{{", "{%"))]
    assert after[:4] == ["  {{ a.name }}  (text)", "  {{ a.orgnr }}  (text)", "  {{ a.period }}  (text)",
                         "  {{ a.amount }}  (text)"]  # indented under the loop


def test_a_nested_loop_gets_its_own_item_name():
    names = names_of(as_json(ROOT, "protokoll"), "protokoll.docx")
    usages = [n["usage"] for n in names]
    assert "{% for p in paragraphs %}" in usages and "{% for d in p.dissents %}" in usages
    assert next(n for n in names if n["usage"] == "{{ d.by }}")["level"] == 2


def test_under_the_case_only_plain_values_two_levels_down():
    names = [n for n in names_of(as_json(ROOT, "tjansteutlatande"), "tjansteutlatande.docx")
             if n["name"].startswith("case.")]
    listed = {n["name"] for n in names}
    assert {"case.meta.dnr", "case.meta.title", "case.profile.board"} <= listed
    assert all(len(n.split(".")) <= 3 for n in listed)
    assert not {"case.meta.officer", "case.meta.kind", "case.partners", "case.meta.proposal"} & listed
    assert {n["kind"] for n in names} <= {"grupp", "text", "tal", "datum", "ja/nej"}


def test_every_template_is_listed_without_a_name_and_each_name_accepts_its_file_name():
    everything = as_json(ROOT)
    assert [t["template"] for t in everything["templates"]] == list(TEMPLATE_CONTEXTS)
    assert all(len(t["names"]) > 10 for t in everything["templates"])
    one = as_json(ROOT, "tjansteutlatande.docx")
    assert one["templates"] == [everything["templates"][0]]


def test_an_example_is_one_short_line():
    names = names_of(as_json(ROOT, "bedomning"), "bedomning.docx")
    examples = [n["example"] for n in names]
    assert all("\n" not in e and len(e) <= 61 for e in examples)
    contact = next(n for n in names if n["name"] == "party.contact")["example"]
    assert contact.endswith(" …")  # name and title; the phone and e-mail on the next line are left out
    assert any(len(e) > 50 for e in examples)


def test_a_value_no_example_gives_is_a_dash():
    exception = next(n for n in names_of(as_json(ROOT, "tjansteutlatande"), "tjansteutlatande.docx")
                     if n["name"] == "exception")
    assert exception["example"] == "–"


def test_the_logo_of_a_profile_that_has_one_is_an_image(tmp_path: Path):
    from PIL import Image

    root = tmp_path / "projekt"
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ROOT / "cases" / "exempel-iop", root / "cases" / "exempel-iop")
    Image.new("RGB", (20, 10), "red").save(root / "templates" / "profiles" / "logo.png")
    profile = root / "templates" / "profiles" / "rinkeby-kista.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    logo = next(n for n in names_of(as_json(root, "bedomning"), "bedomning.docx") if n["name"] == "head.logo")
    assert logo["example"] == "bild (Stockholms stad)"
    assert logo["kind"] == "bild"
    assert next(n for n in names_of(as_json(ROOT, "bedomning"), "bedomning.docx")
                if n["name"] == "head.logo")["example"] == "–"  # the shipped profile has none


# --- The reference and the lint agree ----------------------------------------------------------


def usage_document(template: TemplateReference, path: Path, extra: str = "") -> Path:
    """The starting template with its body replaced by every name of the reference, each
    loop's items inside their loop (its styles and its header and footer kept)."""
    document = Document(str(TEMPLATES / template.template))
    for element in list(document.element.body):
        if not element.tag.endswith("}sectPr"):
            document.element.body.remove(element)
    loops = 0
    for name in template.names:
        while loops > name.level:
            document.add_paragraph("{% endfor %}")
            loops -= 1
        if name.kind == "grupp":
            continue
        document.add_paragraph(name.usage)
        if name.kind == "lista":
            loops += 1
        elif name.usage.startswith("{% if"):
            document.add_paragraph("{% endif %}")
    document.add_paragraph(extra)
    for _ in range(loops):
        document.add_paragraph("{% endfor %}")
    document.save(path)
    return path


@pytest.fixture(scope="module")
def reference():
    return template_reference(example_project())


@pytest.mark.parametrize("template", list(TEMPLATE_CONTEXTS))
def test_the_lint_accepts_every_name_the_reference_lists(template: str, reference, tmp_path: Path):
    found = next(t for t in reference.templates if t.template == template)
    path = usage_document(found, tmp_path / template)
    assert lint_template(path, template, TEMPLATE_CONTEXTS[template]) == []
    assert len([n for n in found.names if n.kind != "grupp"]) > 10


def test_the_usage_document_does_show_the_lint_a_name_the_reference_does_not_list(reference, tmp_path: Path):
    statement = reference.templates[0]
    path = usage_document(statement, tmp_path / "t.docx", extra="{{ case.meta.officer.nam }}")
    assert [p.field for p in lint_template(path, "t.docx", TEMPLATE_CONTEXTS[statement.template])] == [
        "case.meta.officer.nam"]


def test_what_the_lint_requires_is_marked_in_the_reference():
    names = {n["name"]: n for n in names_of(as_json(ROOT, "tjansteutlatande"), "tjansteutlatande.docx")}
    assert names["proposal"]["required"] == "krävs"
    assert names["signature_lines"]["required"] == "krävs, eller signatories"
    assert names["subtitle"]["required"] == ""
    line = next(line for line in fields(ROOT, "tjansteutlatande", columns=80).stdout.splitlines()
                if line.startswith("{{p proposal }}"))
    assert line == "{{p proposal }}  (stycken; krävs)"


@pytest.mark.parametrize("template", list(ESSENTIAL_DATA))
def test_every_datum_the_lint_requires_is_a_name_of_the_reference(template: str, reference):
    found = next(t for t in reference.templates if t.template == template)
    required = {n.name: n.required for n in found.names if n.required}
    declared = sum(len(datum.names) for datum in ESSENTIAL_DATA[template])
    assert len(required) == declared > 3  # each declared name found, none twice


# --- The descriptions --------------------------------------------------------------------------


def context_classes() -> set[type]:
    """Every dataclass a template's context is made of."""
    found: set[type] = set()
    stack = list(TEMPLATE_CONTEXTS.values())
    while stack:
        tp = stack.pop()
        if tp in found or not dataclasses.is_dataclass(tp):
            continue
        found.add(tp)
        for hint in type_hints(tp).values():
            stack += [strip_optional(hint), strip_optional(element_type(hint))]
    return found


def undescribed(classes: set[type]) -> list[str]:
    return sorted(f"{cls.__name__}.{f.name}" for cls in classes for f in dataclasses.fields(cls)
                  if f.name not in descriptions(cls))


def test_every_field_of_every_context_is_described():
    classes = context_classes()
    assert len(classes) > 30
    assert undescribed(classes) == []


def test_a_field_without_a_description_is_found():
    @dataclass(frozen=True)
    class View:
        described: Annotated[str, "Beskriven"]
        bare: str

    assert undescribed({View}) == ["View.bare"]


def test_the_lint_reads_the_type_under_a_description():
    assert strip_optional(Annotated[int | None, "Ett tal"]) is int


# --- Errors and broken examples ----------------------------------------------------------------


def test_an_unknown_template_is_a_swedish_error_with_a_suggestion():
    result = fields(ROOT, "tjansteutlatnde")
    assert result.exit_code == 1
    assert "Fel: Mallen 'tjansteutlatnde' finns inte; menade du 'tjansteutlatande'?" in result.stderr
    assert result.stdout == ""


def test_a_broken_example_case_still_gives_the_reference(tmp_path: Path):
    root = tmp_path / "projekt"
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ROOT / "cases", root / "cases")
    write(root, "cases/exempel-iop/case.yaml", "dnr: [\n")
    result = fields(root, "tjansteutlatande")
    assert result.exit_code == 0, result.output
    assert "Obs: Ärendet exempel-iop har fel och ger inga exempel; kör 'iopdocs check exempel-iop'." in result.stderr
    good = load_case(example_project(), ROOT / "cases" / "rk-2023-17")
    dnr = next(n for n in names_of(as_json(root, "tjansteutlatande"), "tjansteutlatande.docx")
               if n["name"] == "head.dnr")
    assert dnr["example"] == good.meta.dnr


def test_a_broken_meeting_file_gives_no_minutes_examples_and_says_so(tmp_path: Path):
    root = tmp_path / "projekt"
    shutil.copytree(TEMPLATES, root / "templates")
    for folder in ("cases", "meetings"):
        shutil.copytree(ROOT / folder, root / folder)
    write(root, "meetings/2023-12-07.yaml", "chair: [\n")
    result = fields(root, "protokoll")
    assert result.exit_code == 0, result.output
    assert "Obs: Sammanträdet 2023-12-07 har fel och ger inga exempel; kör 'iopdocs check'." in result.stderr
    names = names_of(as_json(root, "protokoll"), "protokoll.docx")
    assert {n["example"] for n in names if n["kind"] != "grupp"} == {"–"}
    assert next(n for n in names_of(as_json(ROOT, "protokoll"), "protokoll.docx")
                if n["name"] == "checkers")["example"] != "–"


def test_without_cases_there_are_no_examples_and_it_says_so(tmp_path: Path):
    root = tmp_path / "projekt"
    shutil.copytree(TEMPLATES, root / "templates")
    result = fields(root, "bedomning")
    assert result.exit_code == 0, result.output
    assert "Obs: Mappen cases finns inte: inga exempel från ärenden." in result.stderr
    names = names_of(as_json(root, "bedomning"), "bedomning.docx")
    assert {n["example"] for n in names if n["kind"] != "grupp"} == {"–"}
    assert "{{p challenge }}" in result.stdout


# --- The terminal ------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80, 109, 110, 160])
def test_the_reference_fits_the_terminal(columns: int):
    result = fields(ROOT, "overenskommelse", columns=columns)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert ("┃ Namn i mallen" in result.stdout) is (columns >= 110)
    assert any("{{ city_signature.name }}" in line for line in lines)


def test_the_narrow_layout_wraps_descriptions_without_padding_them():
    lines = fields(ROOT, "tjansteutlatande", columns=60).stdout.splitlines()
    under = [line for line in lines if line.startswith("    ") and line.strip()]
    assert len(under) > 40  # the descriptions and examples, wrapped under their names
    assert [line for line in under if line.endswith(" ")] == []


def test_the_help_is_swedish():
    result = CliRunner().invoke(main, ["mallar", "fält", "--help"], prog_name="iopdocs")
    assert result.exit_code == 0
    assert "Användning: iopdocs mallar fält [FLAGGOR] [MALL]" in result.stdout
    assert "--json" in result.stdout and "Usage" not in result.stdout
