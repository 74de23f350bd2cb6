"""Indicator attainment and trend, on the example case's indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
from templatefiles import example_project

from iopdocs import model
from iopdocs.case.attainment import (
    RULE,
    Attainment,
    Trend,
    attainment,
    format_number,
    indicator_rows,
    period_attainment,
    trend,
)
from iopdocs.case.load import load_case

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def case() -> model.Case:
    return load_case(example_project(), ROOT / "cases" / "exempel-iop")


def indicator(case: model.Case, indicator_id: str, **changes) -> model.Indicator:
    found = next(i for i in case.indicators if i.id == indicator_id)
    return found.model_copy(update=changes)


def follow_up(case: model.Case, period: int) -> model.FollowUp:
    return next(f for f in case.follow_ups if f.period == period)


# --- Each rule, on the example's indicators --------------------------------------------


def test_outcome_above_target_is_achieved(case):
    # Elever i läxhjälp 2024: mål 90, utfall 95.
    assert period_attainment(indicator(case, "deltagare"), 2024) is Attainment.achieved


def test_outcome_equal_to_target_is_achieved(case):
    participants = indicator(case, "deltagare", outcomes={2024: model.Outcome(value=90)})
    assert period_attainment(participants, 2024) is Attainment.achieved


def test_outcome_at_least_halfway_from_baseline_is_partly_achieved(case):
    # Elever i läxhjälp 2025: utgångsvärde 60, mål 120, utfall 112 (87 procent av vägen).
    assert period_attainment(indicator(case, "deltagare"), 2025) is Attainment.partly
    # Föräldrar 2024: utgångsvärde 0, mål 40, utfall 22 (55 procent av vägen).
    assert period_attainment(indicator(case, "foraldrar"), 2024) is Attainment.partly


def test_exactly_halfway_is_partly_achieved(case):
    parents = indicator(case, "foraldrar", outcomes={2024: model.Outcome(value=20)})
    assert period_attainment(parents, 2024) is Attainment.partly


def test_less_than_halfway_is_not_achieved(case):
    parents = indicator(case, "foraldrar", outcomes={2024: model.Outcome(value=19)})
    assert period_attainment(parents, 2024) is Attainment.not_achieved


def test_moving_away_from_target_is_not_achieved(case):
    participants = indicator(case, "deltagare", outcomes={2024: model.Outcome(value=55)})
    assert period_attainment(participants, 2024) is Attainment.not_achieved


def test_lower_is_better_reaches_target_from_above(case):
    # Avbrott: utgångsvärde 30, mål 25, lägre är bättre.
    assert period_attainment(indicator(case, "avbrott", outcomes={2024: model.Outcome(value=25)}), 2024) is (
        Attainment.achieved
    )
    assert period_attainment(indicator(case, "avbrott", outcomes={2024: model.Outcome(value=24)}), 2024) is (
        Attainment.achieved
    )


def test_lower_is_better_partly_and_not_achieved(case):
    # 2024 utfall 27: 3 av 5 steg från 30 mot 25.
    assert period_attainment(indicator(case, "avbrott"), 2024) is Attainment.partly
    assert period_attainment(indicator(case, "avbrott", outcomes={2024: model.Outcome(value=28)}), 2024) is (
        Attainment.not_achieved
    )
    # Higher is worse here: 35 is further from the target than the baseline.
    assert period_attainment(indicator(case, "avbrott", outcomes={2024: model.Outcome(value=35)}), 2024) is (
        Attainment.not_achieved
    )


def test_without_baseline_an_outcome_short_of_target_is_not_achieved(case):
    participants = indicator(case, "deltagare", baseline=None)
    assert period_attainment(participants, 2025) is Attainment.not_achieved
    assert period_attainment(participants, 2024) is Attainment.achieved


def test_a_target_no_better_than_the_baseline_gives_no_partial_credit():
    assert attainment(model.Direction.higher, 50, 50, 49) is Attainment.not_achieved
    assert attainment(model.Direction.higher, 60, 50, 45) is Attainment.not_achieved


def test_missing_outcome_is_missing_not_zero(case):
    # Avbrott 2025 has a comment but no value.
    dropouts = indicator(case, "avbrott")
    assert dropouts.outcomes[2025].value is None
    assert period_attainment(dropouts, 2025) is Attainment.no_outcome
    # Zero is a real outcome: with lower-is-better it achieves the target.
    assert attainment(model.Direction.lower, 30, 20, 0) is Attainment.achieved


def test_a_period_without_target_is_not_judged(case):
    assert period_attainment(indicator(case, "deltagare", targets={}), 2024) is Attainment.no_target


def test_decimal_values_compare_exactly():
    # 0.1 + 0.2 style rounding must not turn "exactly the target" into "short of it".
    assert attainment(model.Direction.higher, 0.1, 0.3, 0.3) is Attainment.achieved
    assert attainment(model.Direction.higher, 0.1, 0.3, 0.2) is Attainment.partly


def test_rule_is_a_swedish_sentence_naming_every_label():
    for label in ("Uppnått", "Delvis uppnått", "Ej uppnått", "halvvägs", "Saknas utfallet"):
        assert label in RULE


# --- Trend --------------------------------------------------------------------------


def test_trend_compares_latest_outcome_with_baseline(case):
    assert trend(indicator(case, "deltagare")) is Trend.better
    assert trend(indicator(case, "avbrott")) is Trend.better  # 30 → 27, lower is better
    worse = indicator(case, "deltagare", outcomes={2024: model.Outcome(value=95), 2025: model.Outcome(value=50)})
    assert trend(worse) is Trend.worse
    assert trend(worse, until=2024) is Trend.better
    flat = indicator(case, "deltagare", outcomes={2024: model.Outcome(value=60)})
    assert trend(flat) is Trend.unchanged


def test_trend_without_values_cannot_be_judged(case):
    assert trend(indicator(case, "deltagare", outcomes={})) is Trend.unknown
    assert trend(indicator(case, "deltagare", baseline=None, outcomes={2024: model.Outcome(value=9)})) is (
        Trend.unknown
    )


# --- The follow-up form's rows ---------------------------------------------------------


def test_indicator_rows_of_2025(case):
    rows = indicator_rows(case, follow_up(case, 2025))
    assert [(r.name, r.baseline_text, r.target_text, r.outcome_text, r.attainment_label) for r in rows] == [
        ("Elever som deltar i läxhjälp minst en gång i veckan", "60 (2023)", "120", "112", "Delvis uppnått"),
        ("Föräldrar som deltagit i studiecirkel om skolsystemet", "0 (2023)", "60", "61", "Uppnått"),
        ("Andel deltagare som slutar inom tre månader", "30 (2023)", "20", "Saknas", "Utfall saknas"),
    ]
    assert rows[2].trend_label == "Förbättring (t.o.m. 2024)"
    assert rows[2].comment == "Föreningen har inte kunnat ta fram siffran för 2025."
    assert rows[0].unit == "antal" and rows[2].unit == "procent"


def test_indicator_rows_of_2024_ignore_later_outcomes(case):
    rows = indicator_rows(case, follow_up(case, 2024))
    assert [r.attainment for r in rows] == [Attainment.achieved, Attainment.partly, Attainment.partly]
    assert [r.trend_label for r in rows] == ["Förbättring"] * 3


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "Saknas"),
        (0, "0"),
        (95.0, "95"),
        (12.5, "12,5"),
        (2550, "2\u202f550"),
        (1234567.25, "1\u202f234\u202f567,25"),
        (-3.5, "−3,5"),
        (0.1 + 0.2, "0,3"),
        (2 / 3, "0,67"),
    ],
)
def test_numbers_are_written_the_swedish_way(value, text):
    assert format_number(value) == text
