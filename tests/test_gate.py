"""The assessment gate: a proposal to enter an agreement needs a complete assessment.

Each test copies the example case, breaks one thing, and reads the refusal: the file,
the line and the Swedish message.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from templatefiles import TEMPLATES

from iopdocs.case.gate import assessment_gaps, months_before
from iopdocs.case.load import load_case
from iopdocs.cli import main
from iopdocs.errors import CaseError, Problem
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
CASE = "cases/x"
PARTNERS = f"{CASE}/partners.yaml"

DEBTS = (
    "        debts:\n"
    "          result: met\n"
    "          evidence: Utdrag från Skatteverket och Kronofogden\n"
    "          date: 2023-10-02\n"
)
DEBTS_LABEL = "Inga skulder hos Skatteverket eller Kronofogden"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases" / "exempel-iop", tmp_path / CASE)
    return tmp_path


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / CASE / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} ska finnas en gång i {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(project: Path, name: str, text: str) -> int:
    lines = (project / CASE / name).read_text(encoding="utf-8").splitlines()
    matches = [n for n, line in enumerate(lines, 1) if line == text]
    assert len(matches) == 1, f"{text!r} ska stå på en rad i {name}"
    return matches[0]


def refusal(project: Path) -> list[Problem]:
    with pytest.raises(CaseError) as caught:
        load_case(Project(project), project / CASE)
    return caught.value.problems


def partner_problems(project: Path) -> list[Problem]:
    return [p for p in refusal(project) if p.file == PARTNERS]


def passes(project: Path) -> None:
    load_case(Project(project), project / CASE)


# --- The example passes -------------------------------------------------------------


def test_example_case_passes_the_gate(project):
    passes(project)
    result = CliRunner().invoke(main, ["--root", str(project), "check"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "OK  x" in result.output


# --- Checks -------------------------------------------------------------------------


def test_missing_check_is_refused_with_its_label(project):
    edit(project, "partners.yaml", DEBTS, "")
    problems = refusal(project)
    assert Problem(
        PARTNERS,
        line_of(project, "partners.yaml", "      checks:"),
        "partners[0].assessment.checks.debts",
        f"kontrollen saknas ({DEBTS_LABEL})",
    ) in problems
    # case.yaml says why, and how to proceed anyway.
    hint = next(p for p in problems if p.file == f"{CASE}/case.yaml")
    assert hint.line == line_of(project, "case.yaml", "kind: new_agreement")
    assert "assessment_exception" in hint.message


def test_every_missing_check_is_listed(project):
    start = "      checks:\n"
    text = (project / CASE / "partners.yaml").read_text(encoding="utf-8")
    checks = text[text.index(start) : text.index("      legal:\n")]
    edit(project, "partners.yaml", checks, "")
    messages = [p.message for p in partner_problems(project)]
    assert len(messages) == 7
    assert all(m.startswith("kontrollen saknas (") for m in messages)


def test_unmet_check_is_refused(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("result: met", "result: not_met"))
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.checks.debts.result"
    assert problem.line == line_of(project, "partners.yaml", "          result: not_met")
    assert problem.message == f"kontrollen är inte uppfylld ({DEBTS_LABEL})"


def test_not_applicable_is_refused_for_a_required_check(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("result: met", "result: not_applicable"))
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.checks.debts.result"
    assert problem.message == f"'ej tillämpligt' godtas inte för den här kontrollen ({DEBTS_LABEL})"


def test_not_applicable_is_accepted_for_registration(project):
    edit(
        project, "partners.yaml",
        "          result: met\n          evidence: Registrerad för F-skatt och som arbetsgivare\n"
        "          date: 2023-10-02\n",
        "          result: not_applicable\n          comment: Föreningen har inga anställda.\n",
    )
    passes(project)


def test_met_check_without_date_is_refused(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("          date: 2023-10-02\n", ""))
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.checks.debts"
    assert problem.line == line_of(project, "partners.yaml", "        debts:")
    assert problem.message == f"datum saknas, så det går inte att se att kontrollen gäller ({DEBTS_LABEL})"


def test_check_older_than_the_validity_is_refused_with_date_and_limit(project):
    # The statement is dated 2023-11-09; the profile's validity is 12 months.
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("2023-10-02", "2022-11-08"))
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.checks.debts.date"
    assert problem.line == line_of(project, "partners.yaml", "          date: 2022-11-08")
    assert problem.message == (
        "kontrollen gjordes 2022-11-08, före gränsen 2022-11-09 "
        f"(12 månader före tjänsteutlåtandets datum 2023-11-09) ({DEBTS_LABEL})"
    )


def test_check_exactly_at_the_validity_limit_passes(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("2023-10-02", "2022-11-09"))
    passes(project)


def test_validity_comes_from_the_profile(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("2023-10-02", "2022-01-10"))
    assert partner_problems(project)
    edit(project, "case.yaml", "profile: rinkeby-kista\n", "profile: rinkeby-kista\noverrides:\n  assessment_validity_months: 24\n")
    passes(project)


def test_check_dated_after_the_statement_is_refused(project):
    edit(project, "partners.yaml", DEBTS, DEBTS.replace("2023-10-02", "2023-11-10"))
    [problem] = partner_problems(project)
    assert problem.message == (
        f"kontrollen är daterad 2023-11-10, efter tjänsteutlåtandets datum 2023-11-09 ({DEBTS_LABEL})"
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [("2023-11-09", 12, "2022-11-09"), ("2024-03-31", 1, "2024-02-29"), ("2024-01-15", 13, "2022-12-15")],
)
def test_months_before(day, months, expected):
    import datetime as dt

    assert months_before(dt.date.fromisoformat(day), months).isoformat() == expected


# --- Recommendation, legal assessment, contributions -------------------------------------


def test_recommendation_not_to_enter_is_refused(project):
    edit(project, "partners.yaml", "recommendation: enter", "recommendation: do_not_enter")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.recommendation"
    assert problem.line == line_of(project, "partners.yaml", "      recommendation: do_not_enter")
    assert problem.message == (
        "bedömningen rekommenderar att inte ingå överenskommelsen, men tjänsteutlåtandet föreslår det"
    )


def test_missing_recommendation_is_refused(project):
    edit(project, "partners.yaml", "      recommendation: enter\n", "")
    [problem] = partner_problems(project)
    assert problem.message == "rekommendation saknas (enter eller do_not_enter)"


def test_missing_procurement_assessment_is_refused(project):
    text = (project / CASE / "partners.yaml").read_text(encoding="utf-8")
    block = text[text.index("        procurement: |") : text.index("        state_aid: |")]
    edit(project, "partners.yaml", block, "")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.legal.procurement"
    assert problem.line == line_of(project, "partners.yaml", "      legal:")
    assert problem.message == "bedömning saknas av varför samverkan inte är upphandling enligt LOU"


def test_missing_state_aid_assessment_is_refused(project):
    text = (project / CASE / "partners.yaml").read_text(encoding="utf-8")
    block = text[text.index("        state_aid: |") : text.index("        competence: |")]
    edit(project, "partners.yaml", block, "")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment.legal.state_aid"
    assert problem.message == "bedömning saknas av varför stödet inte är otillåtet statsstöd"


CITY = (
    "      city:\n"
    "        amount_per_year: 450000\n"
    "        premises: Lokal i Rinkeby medborgarhus fyra eftermiddagar i veckan\n"
    "        staff: Kontaktperson på avdelningen, cirka 10 procent av en tjänst\n"
)
ORGANISATION = (
    "      organisation:\n"
    "        volunteer_hours_per_year: 2400\n"
    "        own_funding: 180000\n"
    "        premises: Föreningslokal i Tensta\n"
    "        other: Utbildning av ideella läxhjälpare\n"
)


def test_city_that_contributes_nothing_is_refused(project):
    edit(project, "partners.yaml", CITY, "      city:\n        amount_per_year: 0\n")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].contributions.city"
    assert problem.line == line_of(project, "partners.yaml", "      city:")
    assert problem.message == (
        "staden bidrar inte med något: ange belopp per år, lokaler, personal eller annat bidrag"
    )


def test_organisation_that_contributes_nothing_is_refused(project):
    edit(project, "partners.yaml", ORGANISATION, "")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].contributions.organisation"
    assert problem.line == line_of(project, "partners.yaml", "    contributions:")
    assert problem.message == (
        "organisationen bidrar inte med något: ange ideella timmar, egen finansiering, lokaler eller annat bidrag"
    )


def test_one_contribution_from_each_party_is_enough(project):
    edit(project, "partners.yaml", CITY, "      city:\n        premises: En lokal\n")
    edit(project, "partners.yaml", ORGANISATION, "      organisation:\n        volunteer_hours_per_year: 10\n")
    passes(project)


def test_partner_without_assessment_is_refused(project):
    text = (project / CASE / "partners.yaml").read_text(encoding="utf-8")
    edit(project, "partners.yaml", text[text.index("    assessment:\n") :], "")
    [problem] = partner_problems(project)
    assert problem.field == "partners[0].assessment"
    assert problem.line == line_of(project, "partners.yaml", "  - id: laxhjalp-jarva")
    assert problem.message == "bedömning saknas för Läxhjälp Järva"


# --- Which cases and partners the gate applies to ----------------------------------------


def test_exception_lets_the_case_through_and_keeps_the_gaps(project):
    edit(project, "partners.yaml", DEBTS, "")
    edit(project, "case.yaml", "kind: new_agreement\n",
         "kind: new_agreement\nassessment_exception: Utdraget från Kronofogden har begärts och kommer före sammanträdet.\n")
    case = load_case(Project(project), project / CASE)
    assert case.meta.assessment_exception.startswith("Utdraget från Kronofogden")
    assert [g.message for g in assessment_gaps(case)] == [f"kontrollen saknas ({DEBTS_LABEL})"]


def test_extension_is_gated_like_a_new_agreement(project):
    edit(project, "case.yaml", "kind: new_agreement\n", "kind: extension\n")
    edit(project, "partners.yaml", DEBTS, "")
    assert [p.message for p in partner_problems(project)] == [f"kontrollen saknas ({DEBTS_LABEL})"]


@pytest.mark.parametrize("kind", ["consultation", "routine", "other"])
def test_other_kinds_have_no_gate(project, kind):
    edit(project, "case.yaml", "kind: new_agreement\n", f"kind: {kind}\n")
    edit(project, "partners.yaml", "recommendation: enter", "recommendation: do_not_enter")
    passes(project)


def add_partner(project: Path, extra: str = "") -> None:
    """A second partner, without an assessment; the example's records go to the first."""
    edit(project, "partners.yaml", "partners:\n",
         "partners:\n  - id: annan-forening\n    name: Annan förening\n    priority_areas: [barn-och-unga]\n"
         + extra)
    edit(project, "indicators.yaml", "follow_ups:\n  - period: 2024\n",
         "follow_ups:\n  - period: 2024\n    partner: laxhjalp-jarva\n")
    edit(project, "indicators.yaml", "  - period: 2025\n", "  - period: 2025\n    partner: laxhjalp-jarva\n")
    for indicator in ("deltagare", "foraldrar", "avbrott"):
        edit(project, "indicators.yaml", f"  - id: {indicator}\n", f"  - id: {indicator}\n    partner: laxhjalp-jarva\n")


def test_only_partners_with_an_agreement_are_concerned(project):
    add_partner(project)
    passes(project)


def kind_problem(project: Path) -> str:
    [problem] = [p for p in refusal(project) if p.file == f"{CASE}/case.yaml"]
    assert (problem.line, problem.field) == (line_of(project, "case.yaml", "kind: new_agreement"), "kind")
    return problem.message


def test_the_refusal_says_why_and_how_to_proceed_for_one_partner_or_several(project):
    edit(project, "partners.yaml", DEBTS, "")
    assert kind_problem(project) == (
        "förslaget (ny överenskommelse) kräver en fullständig bedömning av partnern; rätta bristerna nedan "
        "eller ange skälet i assessment_exception")
    add_partner(project, "    agreement: {start: 2024-01-01, end: 2026-12-31}\n")
    assert "kräver en fullständig bedömning av varje partner som förslaget gäller;" in kind_problem(project)


def test_proposal_without_any_partner_is_refused(project):
    (project / CASE / "partners.yaml").write_text("partners: []\n", encoding="utf-8")
    (project / CASE / "indicators.yaml").unlink()
    edit(project, "case.yaml",
         "  - title: Bedömning inför en överenskommelse om IOP – Exempelföreningen Läxhjälp Järva\n"
         "    form: assessment\n    partner: laxhjalp-jarva\n", "")
    edit(project, "case.yaml", "    form: agreement\n    partner: laxhjalp-jarva\n", "")
    edit(project, "goals.yaml", "    partner: laxhjalp-jarva\n", "")
    [problem] = refusal(project)
    assert problem == Problem(
        f"{CASE}/case.yaml", line_of(project, "case.yaml", "kind: new_agreement"), "kind",
        "ärendet föreslår en överenskommelse men partners.yaml har ingen partner",
    )


def test_check_command_prints_each_refusal_with_file_and_line(project):
    edit(project, "partners.yaml", DEBTS, "")
    edit(project, "partners.yaml", "recommendation: enter", "recommendation: do_not_enter")
    result = CliRunner().invoke(main, ["--root", str(project), "check"], catch_exceptions=False)
    assert result.exit_code == 1
    line = line_of(project, "partners.yaml", "      checks:")
    assert f"{PARTNERS}:{line}: partners[0].assessment.checks.debts: kontrollen saknas ({DEBTS_LABEL})" in result.output
    assert "partners[0].assessment.recommendation: bedömningen rekommenderar att inte ingå" in result.output
