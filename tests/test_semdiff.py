"""The semantic diff: changes in terms of the case model, in Swedish, not lines."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from templatefiles import example_project

from iopdocs.case.load import load_case
from iopdocs.history.semdiff import (
    case_data,
    diff,
    format_value,
    group_digits,
    raw_data,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example() -> dict:
    project = example_project()
    return case_data(load_case(project, project.cases_dir / "exempel-iop"))


def lines(old: dict, new: dict) -> list[str]:
    return [str(change) for change in diff(old, new)]


def test_identical_versions_have_no_changes(example):
    assert diff(example, copy.deepcopy(example)) == []


def test_money_is_formatted_in_kronor(example):
    new = copy.deepcopy(example)
    new["partners"][0]["contributions"]["city"]["amount_per_year"] = 500000
    assert lines(example, new) == [
        "partners[Läxhjälp Järva].contributions.city.amount_per_year: 450 000 → 500 000 kr"
    ]
    change = diff(example, new)[0]
    assert (change.kind, change.old, change.new) == ("changed", 450000, 500000)


def test_a_new_partner_is_one_line(example):
    new = copy.deepcopy(example)
    new["partners"].append({"id": "lasframjarna", "name": "Läsfrämjarna i Kista"})
    assert lines(example, new) == ['partners: ny partner "Läsfrämjarna i Kista"']
    assert lines(new, example) == ['partners: borttagen partner "Läsfrämjarna i Kista"']


def test_reordered_partners_are_no_change(example):
    old = copy.deepcopy(example)
    old["partners"].append({"id": "b", "name": "B"})
    new = copy.deepcopy(old)
    new["partners"].reverse()
    assert diff(old, new) == []


def test_a_new_subgoal_names_its_goal(example):
    new = copy.deepcopy(example)
    new["goals"][0]["subgoals"].append({"id": "lov", "title": "Fler elever går i lovskola"})
    assert lines(example, new) == ['goals[behorighet].subgoals: nytt delmål "Fler elever går i lovskola"']


def test_rewrapped_prose_is_no_change(example):
    new = copy.deepcopy(example)
    new["background"]["opinion"] = example["background"]["opinion"].replace("bidrar till nämndens", "bidrar\ntill nämndens")
    assert diff(example, new) == []


def test_a_reworded_paragraph_is_named_by_its_number(example):
    new = copy.deepcopy(example)
    new["background"]["opinion"] = example["background"]["opinion"].replace(
        "föreslår att nämnden", "föreslår därför att nämnden"
    )
    assert lines(example, new) == ["background.opinion: stycke 2 ändrat"]


def test_a_single_paragraph_is_the_paragraph():
    old = {"background": {"preparation": "Ärendet har beretts inom avdelningen."}}
    new = {"background": {"preparation": "Ärendet har beretts inom förvaltningen."}}
    assert lines(old, new) == ["background.preparation: stycket ändrat"]


def test_paragraphs_added_and_removed():
    old = {"case": {"summary": "Ett.\n\nTvå.\n\nTre."}}
    new = {"case": {"summary": "Ett.\n\nTre.\n\nFyra.\n\nFem."}}
    assert lines(old, new) == ["case.summary: stycke 3 och 4 nya; stycke 2 borttaget"]


def test_dates_are_iso_and_enums_are_swedish(example):
    new = copy.deepcopy(example)
    new["case"]["date"] = "2023-11-16"
    new["partners"][0]["assessment"]["checks"]["debts"]["result"] = "not_met"
    assert lines(example, new) == [
        "case.date: 2023-11-09 → 2023-11-16",
        "partners[Läxhjälp Järva].assessment.checks.debts.result: Uppfyllt → Ej uppfyllt",
    ]


def test_indicator_targets_by_year(example):
    new = copy.deepcopy(example)
    new["indicators"][0]["targets"]["2026"] = 160.0
    new["indicators"][0]["targets"]["2027"] = 170.0
    assert lines(example, new) == [
        "indicators[deltagare].targets.2026: 150 → 160",
        "indicators[deltagare].targets.2027: 170 (tillagt)",
    ]


def test_a_follow_up_keeps_its_identity_when_it_gets_a_partner(example):
    new = copy.deepcopy(example)
    new["follow_ups"][0]["partner"] = "laxhjalp-jarva"
    assert lines(example, new) == ['follow_ups[2024, laxhjalp-jarva].partner: "laxhjalp-jarva" (tillagt)']


def test_a_removed_value_says_what_it_was(example):
    new = copy.deepcopy(example)
    del new["partners"][0]["contributions"]["organisation"]["own_funding"]
    assert lines(example, new) == [
        "partners[Läxhjälp Järva].contributions.organisation.own_funding: borttaget (var 180 000 kr)"
    ]


def test_proposal_points_are_compared_in_order(example):
    new = copy.deepcopy(example)
    new["case"]["proposal"] = new["case"]["proposal"] + ["Nämnden justerar paragrafen omedelbart."]
    assert lines(example, new) == ['case.proposal: ny beslutspunkt "Nämnden justerar paragrafen omedelbart."']


def test_raw_data_of_files_that_do_not_validate_still_diffs():
    old = raw_data({"case": {"title": "Gammal rubrik", "okänd": 1}, "partners": {"partners": [{"id": "a", "name": "A"}]}})
    new = raw_data({"case": {"title": "Ny rubrik", "okänd": 1}, "partners": {"partners": [{"id": "a", "name": "A2"}]}})
    assert lines(old, new) == ['case.title: "Gammal rubrik" → "Ny rubrik"', 'partners[A2].name: "A" → "A2"']


def test_missing_and_empty_mean_the_same():
    assert diff(raw_data({"case": {"subtitle": None, "attachments": []}}), raw_data({"case": {}})) == []


def test_numbers_read_the_swedish_way():
    assert group_digits(1234567) == "1 234 567"
    assert format_value("paid", 450000) == "450 000 kr"
    assert format_value("volunteer_hours_per_year", 2400) == "2400"
    assert format_value("value", 12.5) == "12,5"
    assert format_value("acting", True) == "ja"


def test_an_identity_written_as_a_list_is_aligned_by_position():
    old = raw_data({"partners": {"partners": [{"id": ["a"], "name": "A"}]}})
    new = raw_data({"partners": {"partners": [{"id": ["a"], "name": "B"}]}})
    assert lines(old, new) == ['partners[1].name: "A" → "B"']


def test_the_comparison_pairs_items_whose_key_is_a_list_by_position():
    from iopdocs.history.statementparts import align

    old, new = [{"id": ["a"]}, {"id": "b"}], [{"id": ["a"]}, {"id": "c"}]
    assert align(old, new, lambda p: p.get("id")) == [(old[0], new[0]), (old[1], new[1])]
