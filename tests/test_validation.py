"""Validation of a case's content: every rule with a real bad file, its message, file and line."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from casefolder import (
    ODD_SCALARS,
    assert_problem,
    check,
    edit,
    garbage,
    line_of,
    make_project,
    problems,
    with_scalar,
    write,
)

from iopdocs.case.load import load_case
from iopdocs.case.messages import MESSAGES, swedish_message
from iopdocs.errors import CaseError, UserError
from iopdocs.model import CaseFile
from iopdocs.project import Project

CASE = "cases/x/case.yaml"
PARTNERS = "cases/x/partners.yaml"
GOALS = "cases/x/goals.yaml"
INDICATORS = "cases/x/indicators.yaml"
BACKGROUND = "cases/x/background.yaml"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


# --- Files --------------------------------------------------------------------------


def test_the_example_copy_is_valid(root: Path):
    result = check(root, "x")
    assert result.exit_code == 0, result.output
    assert "OK  x" in result.stdout


def test_missing_case_yaml_is_reported_for_the_case_folder(root: Path):
    (root / CASE).unlink()
    assert_problem(check(root), "cases/x/case.yaml: filen saknas")


def test_case_yml_instead_of_case_yaml_gets_a_rename_hint(root: Path):
    (root / CASE).rename(root / "cases/x/case.yml")
    assert_problem(check(root, "x"), "cases/x/case.yaml: filen saknas (det finns case.yml; byt namn till case.yaml)")


def test_a_misspelt_file_name_is_not_silently_ignored(root: Path):
    (root / PARTNERS).rename(root / "cases/x/partner.yaml")
    result = check(root, "x")
    assert_problem(result, "cases/x/partner.yaml: okänd fil som inte läses; byt namn till partners.yaml")
    # Its partners are misfiled, not missing: no follow-on errors about unknown partners.
    assert len(problems(result)) == 1


# --- Required fields and types ------------------------------------------------------


def test_missing_required_field(root: Path):
    edit(root, CASE, 'title: "Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"\n', "")
    assert_problem(check(root), f"{CASE}:{line_of(root, CASE, 'dnr:')}: title: obligatoriskt fält saknas")


def test_missing_required_nested_field_points_at_its_parent(root: Path):
    edit(root, CASE, "  name: Anna Exempelsson\n", "")
    assert_problem(check(root), f"{CASE}:{line_of(root, CASE, 'officer:')}: officer.name: obligatoriskt fält saknas")


def test_required_field_left_empty_says_value_missing(root: Path):
    edit(root, CASE, "\ndnr: RK 2023/412\n", "\ndnr:\n")
    assert_problem(check(root), f"{CASE}:4: dnr: värde saknas")


def test_blank_required_text(root: Path):
    edit(root, CASE, "\ndnr: RK 2023/412\n", '\ndnr: ""\n')
    assert_problem(check(root), f"{CASE}:4: dnr: får inte vara tomt; fyll i värdet")


def test_blank_optional_text_may_be_removed(root: Path):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", 'subtitle: "  "')
    assert_problem(check(root), f"{CASE}:7: subtitle: får inte vara tomt; fyll i värdet, eller ta bort raden")


def test_blank_choice_lists_the_choices(root: Path):
    edit(root, CASE, "kind: new_agreement", 'kind: ""')
    assert_problem(
        check(root),
        f"{CASE}:8: kind: får inte vara tomt; skriv ett av: new_agreement, extension, consultation, routine, other",
    )


def test_text_instead_of_integer(root: Path):
    edit(root, CASE, "agenda_item: 8", "agenda_item: åtta")
    assert_problem(check(root), f"{CASE}:17: agenda_item: ska vara ett heltal, t.ex. 1200 (inte 'åtta')")


def test_decimal_instead_of_integer(root: Path):
    edit(root, CASE, "agenda_item: 8", "agenda_item: 8.5")
    assert_problem(check(root), f"{CASE}:17: agenda_item: ska vara ett heltal utan decimaler, t.ex. 1200 (inte 8.5)")


def test_true_is_not_the_integer_1(root: Path):
    edit(root, CASE, "agenda_item: 8", "agenda_item: true")
    assert_problem(check(root), f"{CASE}:17: agenda_item: ska vara ett heltal, t.ex. 1200")


def test_number_where_text_belongs_asks_for_quotes(root: Path):
    edit(root, CASE, "subtitle: Förslag till ny överenskommelse", "subtitle: 2024")
    assert_problem(check(root), f"{CASE}:7: subtitle: ska vara text; sätt värdet inom citattecken")


def test_phone_number_with_leading_zero_is_not_silently_a_number(root: Path):
    edit(root, CASE, "  phone: 08 508 00 000", "  phone: 0850800000")
    line = line_of(root, CASE, "phone:")
    assert_problem(check(root), f"{CASE}:{line}: officer.phone: ska vara text; sätt värdet inom citattecken")


def test_text_instead_of_list(root: Path):
    text = (root / CASE).read_text(encoding="utf-8")
    write(root, CASE, text[: text.index("attachments:")] + "attachments: Förslag till överenskommelse\n")
    line = line_of(root, CASE, "attachments:")
    assert_problem(check(root), f"{CASE}:{line}: attachments: ska vara en lista")


def test_list_instead_of_mapping(root: Path):
    edit(root, CASE, "officer:\n", "officer: [Anna]\nx_officer:\n")
    assert_problem(check(root), f"{CASE}:{line_of(root, CASE, 'officer: [Anna]')}: officer: ska vara nycklar och värden")


def test_unknown_choice_suggests_the_nearest(root: Path):
    edit(root, CASE, "kind: new_agreement", "kind: new")
    assert_problem(
        check(root),
        f"{CASE}:8: kind: 'new' är inte tillåtet; menade du 'new_agreement'? "
        "(ska vara ett av: new_agreement, extension, consultation, routine, other)",
    )


def test_partner_id_with_capitals_and_swedish_letters_suggests_an_id(root: Path):
    edit(root, PARTNERS, "  - id: laxhjalp-jarva", "  - id: Läxhjälp Järva")
    assert_problem(
        check(root),
        f"{PARTNERS}:3: partners[0].id: 'Läxhjälp Järva' ska bara innehålla små bokstäver a–z, siffror och "
        "bindestreck, och börja med en bokstav eller siffra; skriv t.ex. 'laxhjalp-jarva'",
    )


def test_priority_area_id_in_the_wrong_form_names_no_regular_expression(root: Path):
    edit(root, GOALS, "  - id: barn-och-unga", "  - id: -barn")
    line = line_of(root, GOALS, "id: -barn")
    assert_problem(
        check(root),
        f"{GOALS}:{line}: priority_areas[0].id: '-barn' ska bara innehålla små bokstäver a–z, siffror och "
        "bindestreck, och börja med en bokstav eller siffra; skriv t.ex. 'barn'",
    )


def test_number_below_minimum(root: Path):
    edit(root, PARTNERS, "amount_per_year: 450000", "amount_per_year: -1")
    line = line_of(root, PARTNERS, "amount_per_year")
    assert_problem(check(root), f"{PARTNERS}:{line}: partners[0].contributions.city.amount_per_year: ska vara minst 0")


def test_infinite_number_is_refused(root: Path):
    edit(root, INDICATORS, "baseline: {value: 60, year: 2023}", "baseline: {value: 1e999, year: 2023}")
    line = line_of(root, INDICATORS, "1e999")
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].baseline.value: ska vara ett ändligt tal")


def test_year_key_that_is_not_a_year(root: Path):
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", "targets: {2024: 90, tjugo: 120}")
    line = line_of(root, INDICATORS, "tjugo")
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].targets.tjugo: nyckeln ska vara ett heltal")


@pytest.mark.parametrize("key,field", [("2024.0", "targets['2024.0']"), ("2_024", "targets.2_024")])
def test_year_key_that_pydantic_would_also_read_as_the_year_is_refused(root: Path, key: str, field: str):
    # Else `{2024: 90, 2024.0: 1}` were one year whose value silently is the last one.
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", f"targets: {{2024: 90, {key}: 1}}")
    line = line_of(root, INDICATORS, key)
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].{field}: nyckeln ska vara ett heltal")


def test_blank_year_key_says_what_to_write(root: Path):
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", 'targets: {"": 90}')
    line = line_of(root, INDICATORS, 'targets: {"": 90}')
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].targets['']: nyckeln får inte vara tomt; skriv ett heltal")


def test_year_key_out_of_range(root: Path):
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", "targets: {1999: 90}")
    line = line_of(root, INDICATORS, "1999")
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].targets[1999]: nyckeln ska vara minst 2000")


# --- Dates --------------------------------------------------------------------------


def test_impossible_date(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 2023-02-30")
    assert_problem(check(root), f"{CASE}:5: date: datumet 2023-02-30 finns inte")


def test_month_13_is_no_date(root: Path):
    edit(root, CASE, "meeting: 2023-12-07", "meeting: 2023-13-07")
    assert_problem(check(root), f"{CASE}:16: meeting: datumet 2023-13-07 finns inte")


def test_date_in_another_form(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 9/11 2023")
    assert_problem(check(root), f"{CASE}:5: date: ska vara ett datum i formen ÅÅÅÅ-MM-DD (9/11 2023)")


def test_date_as_a_number_is_not_seconds_since_1970(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 20231109")
    assert_problem(check(root), f"{CASE}:5: date: ska vara ett datum i formen ÅÅÅÅ-MM-DD (20231109)")


@pytest.mark.parametrize("value", ["[]", "{}", "1e400", "true", "2023.5"])
def test_date_that_is_no_text_shows_no_python_value(root: Path, value: str):
    edit(root, CASE, "date: 2023-11-09", f"date: {value}")
    assert_problem(check(root), f"{CASE}:5: date: ska vara ett datum i formen ÅÅÅÅ-MM-DD")


def test_date_with_time_is_refused(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 2023-11-09 10:00")
    assert_problem(check(root), f"{CASE}:5: date: ska vara ett datum i formen ÅÅÅÅ-MM-DD (2023-11-09 10:00)")


# --- Organisationsnummer ------------------------------------------------------------


def test_orgnr_with_wrong_check_digit(root: Path):
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 802412-3456")
    assert_problem(check(root), f"{PARTNERS}:6: partners[0].orgnr: kontrollsiffran stämmer inte (802412-3456)")


def test_orgnr_with_correct_check_digit_is_accepted(root: Path):
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 802412-3450")
    assert check(root).exit_code == 0


def test_orgnr_without_hyphen(root: Path):
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 8025001234")
    assert_problem(
        check(root), f"{PARTNERS}:6: partners[0].orgnr: ska skrivas NNNNNN-NNNN, tio siffror med bindestreck (8025001234)"
    )


def test_orgnr_with_too_few_digits(root: Path):
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 802500-123")
    assert_problem(
        check(root), f"{PARTNERS}:6: partners[0].orgnr: ska skrivas NNNNNN-NNNN, tio siffror med bindestreck (802500-123)"
    )


def test_orgnr_with_letters(root: Path):
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 80250O-1234")
    assert_problem(
        check(root), f"{PARTNERS}:6: partners[0].orgnr: ska skrivas NNNNNN-NNNN, tio siffror med bindestreck (80250O-1234)"
    )


# --- Agreement period ---------------------------------------------------------------


def test_agreement_ending_before_it_starts(root: Path):
    edit(root, PARTNERS, "end: 2026-12-31", "end: 2023-12-31")
    line = line_of(root, PARTNERS, "end: 2023-12-31")
    assert_problem(
        check(root), f"{PARTNERS}:{line}: partners[0].agreement.end: slutdatum 2023-12-31 ska vara efter startdatum 2024-01-01"
    )


def test_agreement_ending_the_day_it_starts(root: Path):
    edit(root, PARTNERS, "end: 2026-12-31", "end: 2024-01-01")
    line = line_of(root, PARTNERS, "end: 2024-01-01")
    assert_problem(
        check(root), f"{PARTNERS}:{line}: partners[0].agreement.end: slutdatum 2024-01-01 ska vara efter startdatum 2024-01-01"
    )


def test_target_for_a_year_after_the_agreement(root: Path):
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", "targets: {2024: 90, 2027: 150}")
    line = line_of(root, INDICATORS, "2027: 150")
    assert_problem(
        check(root),
        f"{INDICATORS}:{line}: indicators[0].targets[2027]: perioden 2027 ligger utanför överenskommelsen "
        "(2024-01-01–2026-12-31)",
    )


def test_outcome_for_a_year_before_the_agreement(root: Path):
    edit(root, INDICATORS, "      2024: {value: 95,", "      2023: {value: 95,")
    line = line_of(root, INDICATORS, "2023: {value: 95")
    assert_problem(
        check(root),
        f"{INDICATORS}:{line}: indicators[0].outcomes[2023]: perioden 2023 ligger utanför överenskommelsen "
        "(2024-01-01–2026-12-31)",
    )


def test_follow_up_outside_the_agreement(root: Path):
    edit(root, INDICATORS, "  - period: 2025", "  - period: 2027")
    line = line_of(root, INDICATORS, "period: 2027")
    assert_problem(
        check(root),
        f"{INDICATORS}:{line}: follow_ups[1].period: perioden 2027 ligger utanför överenskommelsen "
        "(2024-01-01–2026-12-31)",
    )


def test_targets_inside_the_agreement_are_accepted(root: Path):
    edit(root, INDICATORS, "targets: {2024: 90, 2025: 120, 2026: 150}", "targets: {2024: 90, 2026: 150}")
    assert check(root).exit_code == 0


# --- Unknown keys -------------------------------------------------------------------


def test_unknown_key_suggests_the_nearest(root: Path):
    edit(root, BACKGROUND, "background: |", "backgorund: |")
    assert_problem(check(root), f"{BACKGROUND}:2: backgorund: okänt fält 'backgorund'; menade du 'background'?")


def test_key_in_the_wrong_file_says_where_it_belongs(root: Path):
    edit(root, CASE, "summary: |", "backgorund: Text\nsummary: |")
    line = line_of(root, CASE, "backgorund")
    assert_problem(check(root), f"{CASE}:{line}: backgorund: okänt fält 'backgorund'; 'background' hör hemma i background.yaml")


def test_unknown_nested_key_suggests_the_nearest(root: Path):
    edit(root, PARTNERS, "      title: ordförande", "      titel: ordförande")
    line = line_of(root, PARTNERS, "titel")
    assert_problem(check(root), f"{PARTNERS}:{line}: partners[0].signatory.titel: okänt fält 'titel'; menade du 'title'?")


def test_unknown_key_without_a_near_name_lists_the_allowed(root: Path):
    edit(root, GOALS, "priority_areas:", "xyz: 1\npriority_areas:")
    assert_problem(check(root), f"{GOALS}:2: xyz: okänt fält 'xyz'; tillåtna fält är: priority_areas, goals")


# --- References between files -------------------------------------------------------


def test_unknown_profile_suggests_the_nearest(root: Path):
    edit(root, CASE, "profile: rinkeby-kista", "profile: rinkeby")
    assert_problem(
        check(root),
        f"{CASE}:9: profile: profilen 'rinkeby' finns inte; menade du 'rinkeby-kista'? "
        "Profiler i templates/profiles: rinkeby-kista.",
    )


def test_profile_name_with_a_path_is_refused(root: Path):
    edit(root, CASE, "profile: rinkeby-kista", "profile: ../profiles/rinkeby-kista")
    assert_problem(
        check(root),
        f"{CASE}:9: profile: profilen '../profiles/rinkeby-kista' finns inte; menade du 'rinkeby-kista'? "
        "Profiler i templates/profiles: rinkeby-kista.",
    )


def test_unknown_partner_in_goals(root: Path):
    edit(root, GOALS, "partner: laxhjalp-jarva", "partner: laxhjalp")
    assert_problem(check(root), f"{GOALS}:8: goals[0].partner: partnern 'laxhjalp' finns inte i partners.yaml")


def test_unknown_partner_in_indicators(root: Path):
    edit(root, INDICATORS, "    unit: antal\n    direction: higher\n    baseline: {value: 60", "    unit: antal\n    partner: nope\n    direction: higher\n    baseline: {value: 60")
    line = line_of(root, INDICATORS, "partner: nope")
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[0].partner: partnern 'nope' finns inte (laxhjalp-jarva)")


def test_unknown_priority_area_of_a_goal(root: Path):
    edit(root, GOALS, "priority_area: barn-och-unga", "priority_area: barn")
    assert_problem(check(root), f"{GOALS}:9: goals[0].priority_area: det prioriterade området 'barn' finns inte")


def test_unknown_priority_area_of_a_partner(root: Path):
    edit(root, PARTNERS, "priority_areas: [barn-och-unga]", "priority_areas: [barn-och-unga, aldre]")
    line = line_of(root, PARTNERS, "priority_areas:")
    assert_problem(
        check(root), f"{PARTNERS}:{line}: partners[0].priority_areas[1]: det prioriterade området 'aldre' finns inte i goals.yaml"
    )


def test_unknown_goal_of_an_indicator(root: Path):
    edit(root, INDICATORS, "    goal: foraldrar", "    goal: foraldrarna")
    line = line_of(root, INDICATORS, "goal: foraldrarna")
    assert_problem(check(root), f"{INDICATORS}:{line}: indicators[1].goal: målet 'foraldrarna' finns inte i goals.yaml")


def test_duplicate_ids_are_refused(root: Path):
    edit(root, GOALS, "      - id: foraldrar", "      - id: laxhjalp")
    assert_problem(
        check(root), f"{GOALS}:14: goals[0].subgoals[1].id: id 'laxhjalp' används för mer än ett mål (också på rad 12)"
    )


def test_duplicate_partner_ids_point_at_both(root: Path):
    edit(root, PARTNERS, "partners:\n", "partners:\n  - {id: laxhjalp-jarva, name: Andra föreningen}\n")
    assert_problem(
        check(root), f"{PARTNERS}:4: partners[1].id: id 'laxhjalp-jarva' används för mer än en partner (också på rad 3)"
    )


def test_profile_override_error_is_located_in_case_yaml(root: Path):
    edit(root, CASE, "department:", "overrides:\n  assessment_validity_months: 100\ndepartment:")
    line = line_of(root, CASE, "assessment_validity_months")
    assert_problem(check(root), f"{CASE}:{line}: overrides.assessment_validity_months: får vara högst 60")


# --- All errors together ------------------------------------------------------------


def test_all_errors_of_a_case_are_reported_together(root: Path):
    edit(root, CASE, "date: 2023-11-09", "date: 2023-02-30")
    edit(root, PARTNERS, "orgnr: 802500-1234", "orgnr: 802412-3456")
    edit(root, GOALS, "priority_area: barn-och-unga", "priority_area: barn")
    edit(root, INDICATORS, "    goal: foraldrar", "    goal: foraldrarna")
    edit(root, BACKGROUND, "background: |", "backgorund: |")
    result = check(root)
    assert result.exit_code == 1
    assert "Fel: Ärendet x har 5 fel:" in result.stderr
    assert problems(result) == [
        f"{BACKGROUND}:2: backgorund: okänt fält 'backgorund'; menade du 'background'?",
        f"{CASE}:5: date: datumet 2023-02-30 finns inte",
        f"{GOALS}:9: goals[0].priority_area: det prioriterade området 'barn' finns inte",
        f"{INDICATORS}:{line_of(root, INDICATORS, 'goal: foraldrarna')}: indicators[1].goal: "
        "målet 'foraldrarna' finns inte i goals.yaml",
        f"{PARTNERS}:6: partners[0].orgnr: kontrollsiffran stämmer inte (802412-3456)",
    ]


def test_a_bad_case_does_not_hide_a_good_one(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, CASE, "date: 2023-11-09", "date: 2023-02-30")
    (root / "cases/y").mkdir()
    for path in (root / "cases/x").iterdir():
        (root / "cases/y" / path.name).write_bytes(path.read_bytes())
    edit(root, "cases/y/case.yaml", "date: 2023-02-30", "date: 2023-11-09")
    result = check(root)
    assert result.exit_code == 1
    assert "OK  y" in result.stdout
    assert problems(result) == [f"{CASE}:5: date: datumet 2023-02-30 finns inte"]


def test_a_flood_of_errors_in_one_file_is_cut_short(root: Path):
    write(root, GOALS, "".join(f"k{i}: {i}\n" for i in range(200)))
    found = problems(check(root))
    assert len(found) == 51
    assert found[-1] == f"{GOALS}:51: och 150 fel till från den här raden"


# --- Garbage in, Swedish out ------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_every_pydantic_message_is_swedish_and_formats(kind: str):
    ctx = {"pattern": "x", "min_length": 1, "max_length": 2, "ge": 0, "le": 9, "gt": 0, "lt": 9,
           "expected": "'a' or 'b'", "multiple_of": 2}
    message = swedish_message({"type": kind, "ctx": ctx, "input": 5, "loc": ("dnr",)}, ("dnr",), CaseFile)
    assert "{" not in message and not ENGLISH.search(message)


def test_an_untranslated_pydantic_error_is_still_swedish():
    message = swedish_message({"type": "uuid_parsing", "msg": "Input should be a valid UUID", "input": "x"}, ("dnr",), CaseFile)
    assert message == "ogiltigt värde"


LAST_RESORT = ("ogiltig YAML: filen kan inte läsas", "ogiltigt värde")
# pydantic's and PyYAML's words: none of them may reach an officer.
ENGLISH = re.compile(r"\b(should|Input|valid|required|found|expected|while|error|Value|Field|character)\b")


@pytest.mark.parametrize("source", ["exempel-iop", "rk-2023-17"])
def test_garbage_input_gives_case_errors_and_never_another_exception(tmp_path: Path, source: str):
    root = make_project(tmp_path, source)
    folder = root / "cases" / "x"
    originals = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}
    rng = random.Random(20240216)
    project = Project(root)
    sweep = [(name, with_scalar(rng, originals[name], scalar)) for name in originals for scalar in ODD_SCALARS]
    for name, content in sweep + [garbage(rng, originals) for _ in range(300)]:
        (folder / name).write_bytes(content)
        try:
            load_case(project, folder)
        except UserError as exc:
            assert isinstance(exc, CaseError), exc
            assert exc.problems and all(p.message for p in exc.problems)
            # The last-resort messages mean an error that no rule foresaw.
            assert not any(p.message in LAST_RESORT for p in exc.problems), (str(exc), content[:500])
            assert not ENGLISH.search(str(exc)), (str(exc), content[:500])
        except Exception as exc:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{name} gave {type(exc).__name__}: {exc}\n--- input ---\n{content[:2000]!r}")
        finally:
            (folder / name).write_text(originals[name], encoding="utf-8")
