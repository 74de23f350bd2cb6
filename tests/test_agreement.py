"""The agreement (överenskommelse) with its activity plan: built from the case's own data,
in the order of Stockholm's guidelines, with the profile's standard clauses; its figures
equal the statement's and the assessment's; a missing fact is "Uppgift saknas" in a
draft and a located error when the case proposes the agreement."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from templatefiles import TEMPLATES, example_project

from iopdocs import filters, model
from iopdocs.case.load import load_case
from iopdocs.cli import main
from iopdocs.documents.agreement import months_of, total_amount
from iopdocs.documents.render import agreement_name, render_blank_forms, render_case
from iopdocs.errors import CaseError, Problem
from iopdocs.history.semdiff import case_data, diff
from iopdocs.history.trackedagreement import agreement_comparison_docx
from iopdocs.history.trackeddoc import Revision
from iopdocs.meeting.papers import form_document
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = example_project()
CASE = "cases/x"
PARTNERS = f"{CASE}/partners.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@lru_cache
def example() -> model.Case:
    return load_case(PROJECT, PROJECT.cases_dir / "exempel-iop")


@lru_cache
def documents(name: str = "exempel-iop") -> dict[str, docx.document.Document]:
    case = example() if name == "exempel-iop" else load_case(PROJECT, PROJECT.cases_dir / name)
    return {d.name: docx.Document(io.BytesIO(d.data)) for d in render_case(case, PROJECT.templates_dir)}


def pairs(doc) -> dict[str, list[str]]:
    """Every label | value row of the document's two-column tables, by label."""
    found: dict[str, list[str]] = {}
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            if len(cells) == 2:
                found.setdefault(cells[0], []).append(cells[1])
    return found


def table_under(doc, header: str) -> list[list[str]]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == header)
    return [[c.text for c in row.cells] for row in table.rows]


def body_text(doc) -> str:
    texts = [p.text for p in doc.paragraphs]
    texts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(texts)


# --- The example's agreement ------------------------------------------------------------------


def test_the_example_proposal_gets_its_agreement_with_the_guidelines_sections_in_order():
    doc = documents()["overenskommelse"]
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. Parter", "2. Bakgrund och syfte", "3. Mål och delmål", "4. Verksamhet",
        "5. Parternas åtaganden och bidrag", "6. Avtalsperiod, förlängning och uppsägning", "7. Uppföljning",
        "8. Personuppgifter", "9. Sekretess och tystnadsplikt", "10. Försäkringar", "11. Ändringar och tillägg",
        "12. Tvister", "13. Underskrifter", "Bilaga 1. Verksamhetsplan",
    ]
    subheadings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    for clause in ("Förlängning", "Uppsägning", "Hävning", "Återbetalning", "Rapporter", "Indikatorer"):
        assert clause in subheadings


def test_the_parties_name_board_organisation_orgnr_signatory_and_dnr():
    found = pairs(documents()["overenskommelse"])
    assert found["Nämnd"] == ["Rinkeby-Kista stadsdelsnämnd"]
    assert found["Organisation"] == ["Exempelföreningen Läxhjälp Järva"]
    assert found["Organisationsnummer"] == ["802500-1234"]
    assert found["Firmatecknare"] == ["Sara Exempeldotter, ordförande"]
    assert found["Överenskommelsens dnr"] == ["RK 2023/412"]


def test_every_figure_equals_the_statement_and_the_assessment():
    docs = documents()
    agreement, assessment = pairs(docs["overenskommelse"]), pairs(docs["bedomning"])
    for label in ("Organisationsnummer", "Medel per år", "Ideella timmar per år", "Egen finansiering per år",
                  "Lokaler", "Personal", "Övrigt", "Avtalsperiod", "Uppsägningstid", "Dialogmöten", "Uppföljning"):
        assert agreement[label] == assessment[label], label
    assert table_under(docs["overenskommelse"], "Indikator") == table_under(docs["bedomning"], "Indikator")
    statement_rows = [row for t in docs["tjansteutlatande"].tables for row in t.rows
                      if "Exempelföreningen Läxhjälp Järva" in row.cells[0].text]
    row = [c.text for c in statement_rows[0].cells]
    assert agreement["Organisationsnummer"][0] in row
    assert agreement["Avtalsperiod"][0] in row
    assert agreement["Medel per år"][0] in row
    assert agreement["Medel för hela perioden"] == [filters.kr(3 * example().partners[0].contributions.city.amount_per_year)]


def test_the_total_is_the_yearly_amount_times_the_periods_whole_months():
    agreement = example().partners[0].agreement
    assert months_of(agreement.start, agreement.end) == 36
    half = agreement.model_copy(update={"start": agreement.start.replace(month=7)})
    assert total_amount(450000, half) == 450000 * 30 // 12
    odd = agreement.model_copy(update={"start": agreement.start.replace(day=15)})
    assert total_amount(450000, odd) is None


def test_goals_subgoals_and_budget_goal_come_from_goals_yaml():
    doc = documents()["overenskommelse"]
    assert table_under(doc, "Långsiktigt mål")[1] == [
        "Fler elever i stadsdelsområdet blir behöriga till gymnasiet",
        "Fler elever deltar regelbundet i läxhjälp\nFler föräldrar kan stödja sina barns skolgång",
    ]
    assert "Stockholm är en stad där alla barn och unga har goda uppväxtvillkor" in body_text(doc)


def test_the_activity_plan_is_the_appendix_table():
    rows = table_under(documents()["overenskommelse"], "Aktivitet")
    assert rows[0] == ["Aktivitet", "För vem", "När", "Ansvarig"]
    assert rows[1] == ["Läxhjälp fyra eftermiddagar i veckan", "Elever i årskurs 4–9 i Rinkeby och Tensta",
                       "Måndag–torsdag kl. 15–18 under terminerna", "Föreningen"]
    assert len(rows) == 1 + len(example().partners[0].agreement.activities)


def test_standard_clauses_come_from_the_profile():
    text = body_text(documents()["overenskommelse"])
    clauses = example().profile.agreement_clauses
    for name in ("termination", "breach", "repayment", "personal_data", "insurance", "disputes"):
        first = getattr(clauses, name).blocks[0].runs[0].text
        assert first[:40] in text, name


def test_both_parties_sign_with_place_name_and_title():
    cells = [c.text for t in documents()["overenskommelse"].tables for row in t.rows for c in row.cells
             if c.text.startswith("För ")]
    assert any("För Rinkeby-Kista stadsdelsnämnd" in c and "Victoria Callenmark" in c and "stadsdelsdirektör" in c
               and "Stockholm, " in c for c in cells)
    assert any("För Exempelföreningen Läxhjälp Järva" in c and "Sara Exempeldotter" in c and "ordförande" in c
               for c in cells)


def test_a_case_whose_kind_needs_no_agreement_gets_none():
    assert "overenskommelse" not in "".join(documents("rk-2023-17"))
    assert "overenskommelse" in documents()


def test_several_partners_get_one_agreement_each_named_by_partner():
    case = example()
    other = case.partners[0].model_copy(update={"id": "andra", "name": "Andra föreningen"})
    both = case.model_copy(update={"partners": [case.partners[0], other]})
    assert agreement_name(both, "andra") == "overenskommelse-andra"
    names = [d.name for d in render_case(both, PROJECT.templates_dir)]
    assert "overenskommelse-laxhjalp-jarva" in names and "overenskommelse-andra" in names
    attachment = model.Attachment(title="Förslag", form="agreement", partner="andra")
    assert form_document(both, attachment) == "overenskommelse-andra"
    assert form_document(case, model.Attachment(title="Förslag", form="agreement")) == "overenskommelse"


def test_the_blank_agreement_prints_the_profiles_standard_clauses_and_lines():
    profile = example().profile
    blank = {d.name: d for d in render_blank_forms(PROJECT.templates_dir, profile)}["overenskommelse-mall"]
    doc = docx.Document(io.BytesIO(blank.data))
    assert "Skrivrad" in {p.style.name for p in doc.paragraphs}
    assert profile.agreement_clauses.insurance.blocks[0].runs[0].text[:40] in body_text(doc)


# --- Drafts and required facts ------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases" / "exempel-iop", tmp_path / CASE)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def refusal(project: Path) -> list[Problem]:
    with pytest.raises(CaseError) as caught:
        load_case(Project(project), project / CASE)
    return caught.value.problems


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line == text)


def rendered_agreement(project: Path):
    case = load_case(Project(project), project / CASE)
    data = next(d.data for d in render_case(case, project / "templates") if d.name == "overenskommelse")
    return docx.Document(io.BytesIO(data))


def test_a_missing_fact_is_a_located_error_when_the_kind_proposes_the_agreement(project):
    edit(project / PARTNERS, "      notice_months: 6\n", "")
    assert Problem(PARTNERS, line_of(project / PARTNERS, "    agreement:"), "partners[0].agreement.notice_months",
                   "överenskommelsen med Läxhjälp Järva: uppsägningstid saknas") in refusal(project)


def test_an_agreement_without_activity_plan_is_refused(project):
    path = project / PARTNERS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("      activities:\n")] + text[text.index("    contributions:\n"):],
                    encoding="utf-8")
    problems = refusal(project)
    assert [p.field for p in problems] == ["partners[0].agreement.activities"]


def test_a_missing_standard_clause_is_an_error_naming_the_clause(project):
    profile = project / "templates" / "profiles" / "rinkeby-kista.yaml"
    text = profile.read_text(encoding="utf-8")
    start = text.index("  insurance: |\n")
    profile.write_text(text[:start] + text[text.index("  changes: |\n"):], encoding="utf-8")
    (problem,) = refusal(project)
    assert problem.field == "partners[0].agreement.clauses.insurance"
    assert "villkoret om försäkring saknas" in problem.message


def test_an_agreement_without_indicators_is_refused(project):
    (project / CASE / "indicators.yaml").write_text("indicators: []\n", encoding="utf-8")
    (problem,) = refusal(project)
    assert problem.field == "partners[0]"
    assert problem.message == "överenskommelsen med Läxhjälp Järva: indikatorer saknas: ange dem i indicators.yaml"


def test_a_draft_prints_uppgift_saknas_for_a_missing_fact(project):
    edit(project / CASE / "case.yaml", "kind: new_agreement", "kind: other")
    edit(project / PARTNERS, "      notice_months: 6\n", "")
    found = pairs(rendered_agreement(project))
    assert found["Uppsägningstid"] == ["Uppgift saknas"]


def test_an_agreement_overrides_one_standard_clause(project):
    edit(project / PARTNERS, "      activities:\n",
         "      clauses:\n        insurance: Föreningen har försäkring genom sitt förbund.\n      activities:\n")
    text = body_text(rendered_agreement(project))
    assert "Föreningen har försäkring genom sitt förbund." in text
    assert "ansvarsförsäkring för verksamheten" not in text
    assert "allmän domstol i Stockholm" in text


def test_case_yaml_overrides_one_clause_and_keeps_the_profiles_others(project):
    edit(project / CASE / "case.yaml", "department:", "overrides:\n  agreement_clauses:\n"
         "    disputes: Tvister avgörs av Stockholms tingsrätt.\ndepartment:")
    text = body_text(rendered_agreement(project))
    assert "Tvister avgörs av Stockholms tingsrätt." in text
    assert "ansvarsförsäkring för verksamheten" in text


def test_an_agreement_attachment_needs_a_partner_with_an_agreement(project):
    edit(project / CASE / "case.yaml", "kind: new_agreement", "kind: other")
    path = project / PARTNERS
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("    agreement:\n")] + text[text.index("    contributions:\n"):],
                    encoding="utf-8")
    (problem,) = refusal(project)
    assert problem.field == "attachments[1]"
    assert "ingen överenskommelse" in problem.message


# --- History and diff -------------------------------------------------------------------------


def changed_example() -> tuple[dict, dict]:
    old = case_data(example())
    new = copy.deepcopy(old)
    agreement = new["partners"][0]["agreement"]
    agreement["activities"].insert(0, {"activity": "Sommarläger", "responsible": "Föreningen"})
    agreement["activities"][2]["when"] = "Tre cirklar per år"
    agreement["notice_months"] = 3
    agreement["clauses"] = {"insurance": "Föreningen har försäkring genom sitt förbund."}
    return old, new


def test_the_semantic_diff_names_activities_by_what_they_are():
    old, new = changed_example()
    lines = [str(c) for c in diff(old, new)]
    assert 'partners[Läxhjälp Järva].agreement.activities: ny aktivitet "Sommarläger"' in lines
    assert ("partners[Läxhjälp Järva].agreement.activities[Studiecirklar för föräldrar om skolsystemet].when: "
            '"Fem cirklar per år, vår och höst" → "Tre cirklar per år"') in lines


def test_the_agreement_comparison_tracks_changed_terms_activities_and_clauses():
    old, new = changed_example()
    data = agreement_comparison_docx(old, new, Revision("Cecilia Clerk", None), "Jämförelse",
                                     PROJECT.templates_dir / "overenskommelse.docx")
    body = docx.Document(io.BytesIO(data)).element.body
    inserted = ["".join(t.text or "" for t in e.iter(f"{W}t")) for e in body.iter(f"{W}ins")]
    deleted = ["".join(t.text or "" for t in e.iter(f"{W}delText")) for e in body.iter(f"{W}del")]
    assert "3 månader" in inserted and "6 månader" in deleted
    assert "Sommarläger" in "".join(inserted)
    assert "Föreningen har försäkring genom sitt förbund." in "".join(inserted)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Överenskommelse med Exempelföreningen Läxhjälp Järva" in text


def test_diff_docx_writes_the_agreement_comparison_too(tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "cases" / "exempel-iop", root / "cases" / "exempel-iop")
    shutil.copytree(TEMPLATES, root / "templates")
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=A", "-c", "user.email=a@example.se",
                                               "commit", "-q", "-m", "Första"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    edit(root / "cases" / "exempel-iop" / "partners.yaml", "      notice_months: 6\n", "      notice_months: 3\n")
    result = CliRunner().invoke(main, ["--root", str(root), "diff", "exempel-iop", "--docx"])
    assert result.exit_code == 0, result.output
    assert "Skrev build/exempel-iop/jamforelse-overenskommelse.docx" in result.output
    body = docx.Document(str(root / "build" / "exempel-iop" / "jamforelse-overenskommelse.docx")).element.body
    assert ["3 månader"] == ["".join(t.text or "" for t in e.iter(f"{W}t")) for e in body.iter(f"{W}ins")]


def test_an_assessment_exception_does_not_waive_the_agreements_org_number(project):
    edit(project / CASE / "case.yaml", "department:", "assessment_exception: Brådskande.\ndepartment:")
    edit(project / PARTNERS, "    orgnr: 802500-1234\n", "")
    problems = refusal(project)
    assert [(p.field, p.message) for p in problems] == [
        ("partners[0].orgnr", "överenskommelsen med Läxhjälp Järva: organisationsnummer saknas")]


def test_the_readme_quotes_the_agreements_rules():
    from iopdocs.case.agreementfacts import RULES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    assert RULES in quoted


def test_the_blank_agreement_leaves_the_organisation_to_fill_in():
    blank = {d.name: d for d in render_blank_forms(PROJECT.templates_dir, example().profile)}["overenskommelse-mall"]
    subtitle = next(p.text for p in docx.Document(io.BytesIO(blank.data)).paragraphs if p.style.name == "Subtitle")
    assert subtitle == "mellan Rinkeby-Kista stadsdelsnämnd och " + "_" * 14
