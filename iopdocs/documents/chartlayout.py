"""Where everything in an indicator chart goes, in data coordinates, before anything is drawn.

Three kinds of mark per period: the baseline (a diamond), the target (a hollow square) and
the outcome (a dot), each with its value written beside it. Marks of one period that
would touch are set side by side, a few points apart, so none hides another; of the labels
of one period the highest value's goes above its mark and the others' below, so they never
stack. A missing outcome is a gap in the line and the word "saknas", never a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from matplotlib.ticker import MaxNLocator

from .. import model
from ..case.attainment import format_number

WIDTH_IN, HEIGHT_IN = 6.0, 2.6
AXES_BOX = (0.09, 0.13, 0.62, 0.8)  # left, bottom, width, height as parts of the figure
AXES_W_PT, AXES_H_PT = WIDTH_IN * 72 * AXES_BOX[2], HEIGHT_IN * 72 * AXES_BOX[3]
MARK_GAP_PT = 7.5  # centres of two marks closer than this would touch
LABEL_PT = 11.0  # the height a value label needs below its mark

OUTCOME_COLOUR = "#0058a1"  # dark blue; contrast with white above 7:1
TARGET_COLOUR = "#5a5a5a"
MISSING_COLOUR = "#5a5a5a"

_MARK_ORDER = ("target", "baseline", "outcome")  # left to right when set side by side
_COLOUR = {"target": TARGET_COLOUR, "baseline": OUTCOME_COLOUR, "outcome": OUTCOME_COLOUR}


@dataclass(frozen=True)
class Series:
    label: str
    x: list[float]
    y: list[float]  # NaN where a value is missing: a gap, never a zero
    colour: str
    marker: str
    markersize: float
    linestyle: str = "-"
    linewidth: float = 2.0
    facecolor: str | None = None
    zorder: int = 3
    markevery: list[int] | None = None  # the points that get a marker; None: all


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    offset: tuple[float, float]  # points from (x, y)
    va: str
    colour: str
    style: str = "normal"
    ha: str = "center"


@dataclass
class Plan:
    years: list[int]
    x_limits: tuple[float, float] | None
    y_limits: tuple[float, float]
    y_ticks: list[float]
    series: list[Series] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)


@dataclass
class _Mark:
    kind: str
    year: int
    value: float
    x: float = 0.0


def years(indicator: model.Indicator, until: int | None) -> list[int]:
    found = set(indicator.targets)
    found |= {p for p in indicator.outcomes if until is None or p <= until}
    if indicator.baseline is not None:
        found.add(indicator.baseline.year)
    return sorted(found)


def shown_outcome(indicator: model.Indicator, period: int, until: int | None) -> float | None:
    if until is not None and period > until:
        return None
    outcome = indicator.outcomes.get(period)
    return outcome.value if outcome is not None else None


def y_range(values: list[float]) -> tuple[float, float, list[float]]:
    low = min(min(values), 0.0)  # the axis starts at zero, so small changes do not look steep
    high = max(max(values), low + 1)
    ticks = [float(t) for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
    ticks = [t for t in ticks if t >= low - 1e-9]
    if ticks[-1] < high:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    return ticks[0], ticks[-1], ticks


def _marks(indicator: model.Indicator, until: int | None) -> list[_Mark]:
    marks = []
    if indicator.baseline is not None:
        marks.append(_Mark("baseline", indicator.baseline.year, indicator.baseline.value))
    marks += [_Mark("target", year, value) for year, value in indicator.targets.items()]
    for year in indicator.outcomes:
        value = shown_outcome(indicator, year, until)
        if value is not None:
            marks.append(_Mark("outcome", year, value))
    for mark in marks:
        mark.x = float(mark.year)
    return sorted(marks, key=lambda m: (m.year, _MARK_ORDER.index(m.kind)))


def _by_year(marks: list[_Mark]) -> dict[int, list[_Mark]]:
    grouped: dict[int, list[_Mark]] = {}
    for mark in marks:
        grouped.setdefault(mark.year, []).append(mark)
    return grouped


def _touching(group: list[_Mark], pt_y: float) -> bool:
    return any(abs(a.value - b.value) * pt_y < MARK_GAP_PT for i, a in enumerate(group) for b in group[i + 1:])


def _spread(group: list[_Mark], pt_x: float) -> None:
    """Marks of one year set side by side around the year."""
    for i, mark in enumerate(group):
        mark.x = mark.year + (i - (len(group) - 1) / 2) * MARK_GAP_PT / pt_x


def _label(mark: _Mark, side: str) -> Label:
    offset, ha, va = {"above": ((0, 6), "center", "bottom"), "below": ((0, -7), "center", "top"),
                      "left": ((-6, 0), "right", "center"), "right": ((6, 0), "left", "center")}[side]
    return Label(format_number(mark.value), mark.x, mark.value, offset, va, _COLOUR[mark.kind], ha=ha)


def _value_labels(group: list[_Mark], touching: bool) -> list[Label]:
    """Marks side by side: the outer ones' labels outside them, a middle one's below.
    Otherwise: the highest value's label above it, the lowest's below, a middle one's beside it."""
    if touching:
        sides = ["left"] + ["below"] * (len(group) - 2) + ["right"]
        return [_label(mark, side) for mark, side in zip(group, sides)]
    ranked = sorted(group, key=lambda m: m.value, reverse=True)
    sides = ["above"] + ["right"] * (len(ranked) - 2) + ["below"] if len(ranked) > 1 else ["above"]
    return [_label(mark, side) for mark, side in zip(ranked, sides)]


def _outcome_line(indicator: model.Indicator, marks: list[_Mark],
                  all_years: list[int]) -> tuple[list[float], list[float], list[int]]:
    """The outcome line: from the baseline (unless its year has an outcome) through every
    outcome, a gap where one is missing; and which of its points are outcomes (dots)."""
    at = {(m.kind, m.year): m for m in marks}
    x, y, dots = [], [], []
    for year in all_years:
        outcome, base = at.get(("outcome", year)), at.get(("baseline", year))
        if outcome is not None:
            dots.append(len(x))
            x.append(outcome.x)
            y.append(outcome.value)
        elif base is not None:
            x.append(base.x)
            y.append(base.value)
        elif indicator.baseline is None or year > indicator.baseline.year:
            x.append(float(year))
            y.append(math.nan)
    return x, y, dots


def plan(indicator: model.Indicator, until: int | None) -> Plan:
    all_years = years(indicator, until)
    marks = _marks(indicator, until)
    y_low, y_high, y_ticks = y_range([m.value for m in marks] or [0.0])
    y_top = y_high + (y_high - y_low) * 0.12
    span_x = (all_years[-1] - all_years[0] + 0.8) if all_years else 1.0
    pt_x, pt_y = AXES_W_PT / span_x, AXES_H_PT / (y_top - y_low)
    groups = _by_year(marks)
    labels: list[Label] = []
    for group in groups.values():
        touching = _touching(group, pt_y)
        if touching:
            _spread(group, pt_x)
        labels += _value_labels(group, touching)
    lowest_below = min((lab.y for lab in labels if lab.va == "top"), default=math.inf)
    y_bottom = min(y_low, lowest_below - LABEL_PT / pt_y)
    result = Plan(all_years, (all_years[0] - 0.4, all_years[-1] + 0.4) if all_years else None,
                  (y_bottom, y_top), y_ticks, _series(indicator, marks, all_years))
    result.labels = labels + _missing_labels(indicator, marks, all_years, until, y_bottom)
    return result


def _series(indicator: model.Indicator, marks: list[_Mark], all_years: list[int]) -> list[Series]:
    """The outcome line with its dots, the dashed target line, the baseline's diamond."""
    x, y, dots = _outcome_line(indicator, marks, all_years)
    series = [Series("Utfall", x, y, OUTCOME_COLOUR, "o", 5, markevery=dots)]
    targets = [m for m in marks if m.kind == "target"]
    if targets:
        series.append(Series("Målvärde", [m.x for m in targets], [m.value for m in targets], TARGET_COLOUR,
                             "s", 5, "--", 1.4, "white", 2))
    base = [m for m in marks if m.kind == "baseline"]
    if base:
        series.append(Series("Utgångsvärde", [base[0].x], [base[0].value], OUTCOME_COLOUR, "D", 6,
                             "none", 0, None, 4))
    return series


def _missing_labels(indicator: model.Indicator, marks: list[_Mark], all_years: list[int], until: int | None,
                    y_bottom: float) -> list[Label]:
    """"saknas" at the foot of each period after the baseline whose outcome is missing."""
    have = {m.year for m in marks if m.kind == "outcome"}
    return [Label("saknas", float(year), y_bottom, (0, 4), "bottom", MISSING_COLOUR, "italic")
            for year in all_years
            if year not in have and (until is None or year <= until)
            and (indicator.baseline is None or year > indicator.baseline.year)]
