"""One small chart per indicator for the follow-up form: deterministic PNG plus alt text.

The PNG must be byte-identical for identical input, on every run: the figure is drawn
with matplotlib's defaults (not the user's matplotlibrc), a fixed size and DPI, fixed
ticks, the DejaVu Sans file that ships with matplotlib (not whatever the system has),
and no Software/time metadata in the file. The alt text says in words everything the
chart shows, since it becomes the tagged PDF's /Alt.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402
from PIL import Image  # noqa: E402  (installed with matplotlib)

from .. import model  # noqa: E402
from ..case.attainment import (  # noqa: E402
    format_number,
    indicators_for,
    period_attainment,
)

WIDTH_IN, HEIGHT_IN, DPI = 6.0, 2.6, 200
WIDTH_MM = round(WIDTH_IN * 25.4)  # the width to place the PNG at in the document, 152 mm
FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

OUTCOME_COLOUR = "#0058a1"  # dark blue; contrast with white above 7:1
TARGET_COLOUR = "#5a5a5a"
MISSING_COLOUR = "#5a5a5a"


@dataclass(frozen=True)
class Chart:
    png: bytes
    alt: str
    indicator_id: str = ""
    title: str = ""
    width_mm: int = WIDTH_MM

    @property
    def filename(self) -> str:
        return f"indikator-{self.indicator_id}.png"


def _font(size: float, style: str = "normal") -> FontProperties:
    return FontProperties(fname=str(FONT_FILE), size=size, style=style)


def _years(indicator: model.Indicator, until: int | None) -> list[int]:
    years = set(indicator.targets)
    years |= {p for p in indicator.outcomes if until is None or p <= until}
    if indicator.baseline is not None:
        years.add(indicator.baseline.year)
    return sorted(years)


def _shown_outcome(indicator: model.Indicator, period: int, until: int | None) -> float | None:
    if until is not None and period > until:
        return None
    outcome = indicator.outcomes.get(period)
    return outcome.value if outcome is not None else None


def alt_text(indicator: model.Indicator, until: int | None = None) -> str:
    """The chart in words: baseline, and per period the target, the outcome and attainment."""
    better = "Högre värde är bättre." if indicator.direction is model.Direction.higher else "Lägre värde är bättre."
    parts = [f"Diagram: {indicator.name} ({indicator.unit}). {better}"]
    if indicator.baseline is not None:
        parts.append(f"Utgångsvärde {format_number(indicator.baseline.value)} ({indicator.baseline.year}).")
    else:
        parts.append("Utgångsvärde saknas.")
    periods = sorted(set(indicator.targets) | {p for p in indicator.outcomes if until is None or p <= until})
    for period in periods:
        if indicator.baseline is not None and period == indicator.baseline.year and period not in indicator.targets:
            continue
        target = indicator.targets.get(period)
        outcome = _shown_outcome(indicator, period, until)
        target_text = f"mål {format_number(target)}" if target is not None else "mål saknas"
        if outcome is not None:
            outcome_text = f"utfall {format_number(outcome)}"
        elif until is not None and period > until:
            outcome_text = "utfall ännu inte redovisat"
        else:
            outcome_text = "utfall saknas"
        sentence = f"{period}: {target_text}, {outcome_text}"
        if outcome is not None and target is not None:
            result = period_attainment(indicator, period)
            sentence += f", {result.label.lower()}"
        parts.append(sentence + ".")
    return " ".join(parts)


def _y_range(values: list[float]) -> tuple[float, float, list[float]]:
    low = min(min(values), 0.0)  # the axis starts at zero, so small changes do not look steep
    high = max(max(values), low + 1)
    ticks = [float(t) for t in MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)]
    ticks = [t for t in ticks if t >= low - 1e-9]
    if ticks[-1] < high:
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    return ticks[0], ticks[-1], ticks


@dataclass(frozen=True)
class _Series:
    years: list[int]
    outcome_x: list[int]
    outcome_y: list[float]  # NaN where the outcome is missing: a gap, never a zero
    target_x: list[int]
    target_y: list[float]


def _series(indicator: model.Indicator, until: int | None) -> _Series:
    baseline = indicator.baseline
    outcome_x: list[int] = [baseline.year] if baseline else []
    outcome_y: list[float] = [baseline.value] if baseline else []
    years = _years(indicator, until)
    for year in years:
        if baseline is None or year != baseline.year:
            value = _shown_outcome(indicator, year, until)
            outcome_x.append(year)
            outcome_y.append(math.nan if value is None else value)
    target_x = sorted(indicator.targets)
    return _Series(years, outcome_x, outcome_y, target_x, [indicator.targets[y] for y in target_x])


def _label_values(axes, indicator: model.Indicator, series: _Series, until: int | None, y_low: float) -> None:
    for x, y in zip(series.outcome_x, series.outcome_y):
        if not math.isnan(y):
            # The label goes on the side away from the target, so the two never overlap.
            target = indicator.targets.get(x)
            below = target is not None and y < target
            axes.annotate(format_number(y), (x, y), xytext=(0, -7 if below else 6), textcoords="offset points",
                          ha="center", va="top" if below else "bottom", color=OUTCOME_COLOUR,
                          fontproperties=_font(7.5))
        elif until is None or x <= until:
            axes.annotate("saknas", (x, y_low), xytext=(0, 4), textcoords="offset points", ha="center",
                          va="bottom", color=MISSING_COLOUR, fontproperties=_font(7.5, "italic"))


def indicator_chart(indicator: model.Indicator, until: int | None = None) -> Chart:
    """One indicator over its periods: outcomes (solid), targets (dashed), baseline.

    `until` is the follow-up period the chart belongs to: later outcomes are left out,
    so a form for 2024 looks the same after 2025's outcome has been entered.
    """
    series = _series(indicator, until)
    values = [v for v in series.outcome_y + series.target_y if not math.isnan(v)] or [0.0]
    y_low, y_high, y_ticks = _y_range(values)
    baseline = indicator.baseline

    with matplotlib.rc_context():
        matplotlib.rcdefaults()  # inside rc_context: the user's matplotlibrc is back afterwards
        figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.add_axes((0.09, 0.13, 0.62, 0.8))
        axes.spines[["top", "right"]].set_visible(False)
        axes.plot(series.outcome_x, series.outcome_y, color=OUTCOME_COLOUR, linewidth=2, marker="o",
                  markersize=5, label="Utfall", zorder=3, clip_on=False)
        if series.target_x:
            axes.plot(series.target_x, series.target_y, color=TARGET_COLOUR, linestyle="--", linewidth=1.4,
                      marker="s", markersize=5, markerfacecolor="white", label="Målvärde", zorder=2, clip_on=False)
        if baseline is not None:
            axes.plot([baseline.year], [baseline.value], color=OUTCOME_COLOUR, linestyle="none", marker="D",
                      markersize=6, label="Utgångsvärde", zorder=4, clip_on=False)
        _label_values(axes, indicator, series, until, y_low)
        if series.years:
            axes.set_xlim(series.years[0] - 0.4, series.years[-1] + 0.4)
        axes.set_xticks(series.years, [str(y) for y in series.years], fontproperties=_font(8))
        axes.set_ylim(y_low, y_high + (y_high - y_low) * 0.12)
        axes.set_yticks(y_ticks, [format_number(t) for t in y_ticks], fontproperties=_font(8))
        axes.set_ylabel(indicator.unit, fontproperties=_font(8))
        axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
        axes.set_axisbelow(True)
        # No title in the picture: the form's caption above it names the indicator.
        axes.legend(loc="center left", bbox_to_anchor=(1.03, 0.5), frameon=False, prop=_font(8))
        png = _png(figure)
    return Chart(png=png, alt=alt_text(indicator, until), indicator_id=indicator.id, title=indicator.name)


def _png(figure: Figure) -> bytes:
    """Opaque RGB PNG with only the size and DPI chunks: no alpha (no soft mask in the
    PDF/A), no Software or time text that would differ between builds."""
    canvas = figure.canvas
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=False, compress_level=6)
    return buffer.getvalue()


def charts_for(case: model.Case, follow_up: model.FollowUp) -> list[Chart]:
    """The charts of one follow-up form, one per indicator, in indicators.yaml's order."""
    return [indicator_chart(i, until=follow_up.period) for i in indicators_for(case, follow_up)]


def _inline_xml(template, chart: Chart) -> str:
    """<wp:inline> of the chart in the document being rendered, alt text in docPr/@descr
    (LibreOffice writes `descr` as the tagged PDF's /Alt; docxtpl leaves it empty)."""
    from docx.shared import Mm

    # A DocxTemplate while it renders, or a python-docx Document (its body).
    part = getattr(template, "current_rendering_part", None) or template.part
    inline = part.new_pic_inline(io.BytesIO(chart.png), Mm(chart.width_mm), None)
    inline.docPr.set("descr", chart.alt)
    return inline.xml


class DocxImage:
    """One chart inside a run: `{{ chart }}` in a template paragraph."""

    def __init__(self, template, chart: Chart) -> None:
        self.template, self.chart = template, chart

    def __html__(self) -> str:
        return (
            f"</w:t></w:r><w:r><w:drawing>{_inline_xml(self.template, self.chart)}</w:drawing></w:r>"
            '<w:r><w:t xml:space="preserve">'
        )

    __str__ = __html__


class DocxFigures:
    """Charts as whole paragraphs, one each: `{{p charts }}` in a template; falsy when empty."""

    def __init__(self, template, charts: list[Chart]) -> None:
        self.template, self.charts = template, list(charts)

    def __bool__(self) -> bool:
        return bool(self.charts)

    def __html__(self) -> str:
        return "".join(
            '<w:p><w:pPr><w:keepLines/><w:spacing w:before="120" w:after="120"/></w:pPr>'
            f"<w:r><w:drawing>{_inline_xml(self.template, chart)}</w:drawing></w:r></w:p>"
            for chart in self.charts
        )

    __str__ = __html__


def docx_image(template, chart: Chart) -> DocxImage:
    """The chart for `{{ name }}` in a docxtpl template, with its alt text in the Word file."""
    return DocxImage(template, chart)


def docx_figures(template, charts: list[Chart]) -> DocxFigures:
    """The charts for `{{p name }}` in a docxtpl template: one paragraph per chart."""
    return DocxFigures(template, charts)
