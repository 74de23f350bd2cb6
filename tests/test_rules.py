"""Rules a clerk relies on (issue 13), through `iopdocs check` on real case files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from casefolder import assert_problem, check, edit, line_of, make_project, problems


def test_every_file_reports_its_errors_in_one_run(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/case.yaml", "date: 2023-11-09", "date: 2023-13-09")
    edit(root, "cases/x/case.yaml", "kind: new_agreement", "kind: nytt")
    edit(root, "cases/x/case.yaml", "profile: rinkeby-kista", "profile: rinkeby-kistaa")
    edit(root, "cases/x/case.yaml", "    form: assessment\n",
         "    form: assessment\n  - title: Uppföljning\n    form: follow_up\n")
    edit(root, "cases/x/partners.yaml", "    orgnr: 802500-1234\n", "")
    result = check(root)
    found = "\n".join(problems(result))
    assert "date: datumet 2023-13-09 finns inte" in found
    assert "kind:" in found
    assert "profile: profilen 'rinkeby-kistaa' finns inte; menade du 'rinkeby-kista'?" in found
    assert "ange period för uppföljningsblanketten" in found
    assert "cases/x/partners.yaml" not in found  # the gate needs the case's date: it waits


def test_gate_problems_come_with_the_errors_of_other_files(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/goals.yaml", "priority_areas:", "priority_area:")
    edit(root, "cases/x/partners.yaml", "    orgnr: 802500-1234\n", "")
    result = check(root)
    found = "\n".join(problems(result))
    assert "cases/x/goals.yaml" in found
    assert "partners[0].orgnr: organisationsnummer saknas" in found


def test_a_new_agreement_without_org_number_is_refused_in_partners_yaml(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/partners.yaml", "    orgnr: 802500-1234\n", "")
    line = line_of(root, "cases/x/partners.yaml", "  - id: laxhjalp-jarva")
    assert_problem(check(root), f"cases/x/partners.yaml:{line}: partners[0].orgnr: organisationsnummer saknas "
                                "för Läxhjälp Järva; bedömningen kräver det (NNNNNN-NNNN)")


def test_one_org_number_under_two_names_in_one_case(tmp_path: Path):
    root = make_project(tmp_path, "rk-2023-17")
    edit(root, "cases/x/partners.yaml", "    name: Kista SC\n", "    name: Kista SC\n    orgnr: 802500-1234\n")
    edit(root, "cases/x/partners.yaml", "    name: Fryshuset\n", "    name: Fryshuset\n    orgnr: 802500-1234\n")
    first = line_of(root, "cases/x/partners.yaml", "    name: Fryshuset") + 1
    second = line_of(root, "cases/x/partners.yaml", "    name: Kista SC") + 1
    assert_problem(check(root), f"cases/x/partners.yaml:{second}: partners[2].orgnr: organisationsnumret "
                                f"802500-1234 står också för 'Fryshuset' (partners[0], rad {first}); samma "
                                "organisation kan inte heta både 'Fryshuset' och 'Kista SC'")


def test_one_org_number_under_two_names_across_cases_names_both_places(tmp_path: Path):
    root = make_project(tmp_path)
    shutil.copytree(root / "cases" / "x", root / "cases" / "y")
    edit(root, "cases/y/partners.yaml", "name: Exempelföreningen Läxhjälp Järva", "name: Läxhjälpen i Järva")
    line = line_of(root, "cases/x/partners.yaml", "orgnr:")
    result = check(root)
    assert_problem(result, f"cases/x/partners.yaml:{line}: partners[0].orgnr: organisationsnumret 802500-1234 "
                           "heter här 'Exempelföreningen Läxhjälp Järva', men i "
                           f"cases/y/partners.yaml:{line} heter det 'Läxhjälpen i Järva'; rätta namnet "
                           "eller numret så att de stämmer")
    assert any(p.startswith("cases/y/partners.yaml") for p in problems(result))
    assert "OK  x" not in result.stdout


def test_the_same_name_in_two_cases_is_no_conflict(tmp_path: Path):
    root = make_project(tmp_path)
    shutil.copytree(root / "cases" / "x", root / "cases" / "y")
    result = check(root)
    assert result.exit_code == 0, result.output


def test_a_statement_dated_after_its_meeting_is_refused(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/case.yaml", "date: 2023-11-09", "date: 2023-12-08")
    meeting = [ln for ln in (root / "cases/x/case.yaml").read_text().splitlines() if ln.startswith("meeting:")][0]
    line = line_of(root, "cases/x/case.yaml", "date: 2023-12-08")
    assert_problem(check(root), f"cases/x/case.yaml:{line}: date: tjänsteutlåtandet är daterat 2023-12-08, "
                                f"efter sammanträdet det ska upp på ({meeting.split()[1]}, meeting)")


def test_a_department_the_profile_does_not_have_is_refused(tmp_path: Path):
    root = make_project(tmp_path)
    text = (root / "cases/x/case.yaml").read_text(encoding="utf-8")
    department = [ln for ln in text.splitlines() if ln.startswith("department:")][0]
    edit(root, "cases/x/case.yaml", department, "department: barn och ungdom")
    line = line_of(root, "cases/x/case.yaml", "department:")
    assert_problem(check(root), f"cases/x/case.yaml:{line}: department: avdelningen 'barn och ungdom' finns inte "
                                "i profilen rinkeby-kista; menade du 'Barn och ungdom'?")
    edit(root, "cases/x/case.yaml", "department: barn och ungdom", "department: Kultur")
    assert_problem(check(root), f"cases/x/case.yaml:{line}: department: avdelningen 'Kultur' finns inte i "
                                "profilen rinkeby-kista; profilens avdelningar: Stadsutveckling, medborgarservice "
                                "och fritid; Barn och ungdom; Äldreomsorg; Socialtjänst")


def test_a_swedish_thousands_and_decimal_number_in_a_whole_kronor_field(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/partners.yaml", "amount_per_year: 450000", "amount_per_year: 1 200,50")
    line = line_of(root, "cases/x/partners.yaml", "amount_per_year:")
    assert_problem(check(root), f"cases/x/partners.yaml:{line}: partners[0].contributions.city.amount_per_year: "
                                "ska vara ett heltal utan mellanslag och utan decimaler, t.ex. 1200 "
                                "(inte '1 200,50')")


def test_a_decimal_in_a_whole_number_field_gives_the_example(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/partners.yaml", "amount_per_year: 450000", "amount_per_year: 450000.5")
    line = line_of(root, "cases/x/partners.yaml", "amount_per_year:")
    assert_problem(check(root), f"cases/x/partners.yaml:{line}: partners[0].contributions.city.amount_per_year: "
                                "ska vara ett heltal utan decimaler, t.ex. 1200 (inte 450000.5)")


def test_a_decimal_comma_in_a_flow_mapping_is_recognised(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/indicators.yaml", "2024: {value: 27}", "2024: {value: 28,5}")
    line = line_of(root, "cases/x/indicators.yaml", "{value: 28,5}")
    found = problems(check(root))
    assert any(p.startswith(f"cases/x/indicators.yaml:{line}:") and p.endswith(
        "decimalkomma: YAML läser '28,5' som talet 28 och ett fält '5'; skriv value: 28.5 med punkt") for p in found), found


def test_a_decimal_comma_in_a_number_field_says_use_a_point(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/indicators.yaml", "2024: {value: 27}", "2024:\n        value: 28,5")
    found = problems(check(root))
    assert any(p.endswith("ska vara ett tal med punkt som decimaltecken och utan mellanslag, t.ex. 28.5 "
                          "(inte '28,5')") for p in found), found


# Fields of the profile that another helper's work prints (the switchboard phone goes into
# the documents' footer in issue 12a); every other field must be read by iopdocs.
PRINTED_ELSEWHERE = {"phone"}


def test_every_profile_field_is_used_by_iopdocs():
    from iopdocs import model

    package = Path(__file__).resolve().parent.parent / "iopdocs"
    sources = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*.py") if p.parent.name != "model")
    unused = [name for name in model.Profile.model_fields
              if name not in PRINTED_ELSEWHERE and not re.search(rf"\.{name}\b", sources)]
    assert unused == []


def test_a_filled_in_form_as_attachment_of_a_case_without_partners_is_refused_with_the_way_out(tmp_path: Path):
    root = make_project(tmp_path, "rk-2023-17")
    (root / "cases/x/partners.yaml").unlink()
    edit(root, "cases/x/case.yaml", "attachments:\n",
         "attachments:\n  - title: Bedömning inför en överenskommelse om IOP\n    form: assessment\n")
    line = line_of(root, "cases/x/case.yaml", "  - title: Bedömning inför en överenskommelse om IOP")
    assert_problem(check(root), f"cases/x/case.yaml:{line + 1}: attachments[0].form: ärendet har inga partner i "
                                "partners.yaml, så det finns ingen ifylld bedömning att bifoga; skriv blank: true "
                                "för den tomma blanketten")
    edit(root, "cases/x/case.yaml", "    form: assessment\n", "    form: assessment\n    blank: true\n")
    assert check(root).exit_code == 0
