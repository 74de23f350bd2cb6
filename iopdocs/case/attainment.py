"""Indicator attainment per period, and the trend over periods: pure functions.

The rule is printed in the follow-up form (`RULE`), so the reader can check every
label by hand. A missing outcome is never a zero: it is `None` here and "Saknas" in
what people read, and it is neither attained nor unattained.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import filters, model
from ..model.base import Labelled

RULE = (
    "Måluppfyllelse: Uppnått betyder att utfallet når målvärdet (minst målvärdet när ett "
    "högre värde är bättre, högst målvärdet när ett lägre värde är bättre). Delvis uppnått "
    "betyder att utfallet inte når målvärdet men har kommit minst halvvägs från "
    "utgångsvärdet till målvärdet. Ej uppnått betyder att utfallet har kommit mindre än "
    "halvvägs, står still eller har gått åt fel håll; utan utgångsvärde är ett utfall som "
    "inte når målvärdet ej uppnått. Saknas utfallet eller målvärdet bedöms perioden inte."
)

TREND_RULE = (
    "Utveckling: det senaste utfallet jämförs med utgångsvärdet (eller med det första "
    "utfallet om utgångsvärde saknas), med hänsyn till om ett högre eller lägre värde är bättre."
)

MISSING = "Saknas"


class Attainment(Labelled):
    achieved = "achieved", "Uppnått"
    partly = "partly", "Delvis uppnått"
    not_achieved = "not_achieved", "Ej uppnått"
    no_outcome = "no_outcome", "Utfall saknas"
    no_target = "no_target", "Målvärde saknas"


class Trend(Labelled):
    better = "better", "Förbättring"
    worse = "worse", "Försämring"
    unchanged = "unchanged", "Oförändrad"
    unknown = "unknown", "Kan inte bedömas"


def _exact(value: float) -> Decimal:
    # YAML numbers arrive as floats; their shortest repr is what the officer typed.
    return Decimal(repr(float(value)))


def attainment(
    direction: model.Direction, baseline: float | None, target: float | None, outcome: float | None
) -> Attainment:
    """The attainment of one period by `RULE`."""
    if outcome is None:
        return Attainment.no_outcome
    if target is None:
        return Attainment.no_target
    sign = 1 if direction is model.Direction.higher else -1
    # Measured as improvement in the indicator's good direction.
    reached = sign * (_exact(outcome) - _exact(target))
    if reached >= 0:
        return Attainment.achieved
    if baseline is None:
        return Attainment.not_achieved
    span = sign * (_exact(target) - _exact(baseline))
    progress = sign * (_exact(outcome) - _exact(baseline))
    if span > 0 and progress * 2 >= span:
        return Attainment.partly
    return Attainment.not_achieved


def outcome_value(indicator: model.Indicator, period: int) -> float | None:
    outcome = indicator.outcomes.get(period)
    return outcome.value if outcome is not None else None


def period_attainment(indicator: model.Indicator, period: int) -> Attainment:
    baseline = indicator.baseline.value if indicator.baseline is not None else None
    return attainment(indicator.direction, baseline, indicator.targets.get(period), outcome_value(indicator, period))


def trend(indicator: model.Indicator, until: int | None = None) -> Trend:
    """The trend by `TREND_RULE`, over the periods up to and including `until`."""
    values = [
        (period, outcome.value)
        for period, outcome in sorted(indicator.outcomes.items())
        if outcome.value is not None and (until is None or period <= until)
    ]
    if not values:
        return Trend.unknown
    if indicator.baseline is not None:
        first = indicator.baseline.value
    elif len(values) >= 2:
        first = values[0][1]
    else:
        return Trend.unknown
    change = _exact(values[-1][1]) - _exact(first)
    if indicator.direction is model.Direction.lower:
        change = -change
    if change > 0:
        return Trend.better
    if change < 0:
        return Trend.worse
    return Trend.unchanged


def format_number(value: float | None) -> str:
    """A number as the forms write it (filters.tal: decimal comma, narrow no-break space
    between thousands); None → "Saknas", never 0."""
    return MISSING if value is None else filters.tal(value)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator's line in the follow-up form, every value already Swedish text."""

    id: str
    name: str
    unit: str
    baseline_text: str
    target_text: str
    outcome_text: str
    attainment: Attainment
    attainment_label: str
    trend: Trend
    trend_label: str
    comment: str


def indicators_of(case: model.Case, owner: str | None) -> list[model.Indicator]:
    """The indicators of the partner with id `owner` (all when None), in indicators.yaml's order."""
    return [i for i in case.indicators if owner is None or case.owner_id(i.partner) in (None, owner)]


def indicators_for(case: model.Case, follow_up: model.FollowUp) -> list[model.Indicator]:
    """The indicators followed up in `follow_up`, in indicators.yaml's order."""
    return indicators_of(case, case.owner_id(follow_up.partner))


def indicator_row(indicator: model.Indicator, period: int) -> IndicatorRow:
    baseline = indicator.baseline
    outcome = indicator.outcomes.get(period)
    result = period_attainment(indicator, period)
    direction = trend(indicator, until=period)
    trend_label = direction.label
    known = [p for p, o in indicator.outcomes.items() if o.value is not None and p <= period]
    if direction is not Trend.unknown and max(known) != period:
        # The period's own outcome is missing: say how far the trend reaches.
        trend_label += f" (t.o.m. {max(known)})"
    return IndicatorRow(
        id=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        baseline_text=f"{format_number(baseline.value)} ({baseline.year})" if baseline else MISSING,
        target_text=format_number(indicator.targets.get(period)),
        outcome_text=format_number(outcome.value if outcome else None),
        attainment=result,
        attainment_label=result.label,
        trend=direction,
        trend_label=trend_label,
        comment=(outcome.comment or "") if outcome else "",
    )


def indicator_rows(case: model.Case, follow_up: model.FollowUp) -> list[IndicatorRow]:
    """The indicator table of one follow-up form."""
    return [indicator_row(i, follow_up.period) for i in indicators_for(case, follow_up)]
