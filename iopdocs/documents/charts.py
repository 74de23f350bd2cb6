"""One small chart per indicator for the follow-up form: deterministic PNG plus alt text.

The PNG must be byte-identical for identical input, on every run: the figure is drawn
with matplotlib's defaults (not the user's matplotlibrc), a fixed size and DPI, fixed
ticks, fonts picked by name through matplotlib's font manager (chartfonts.py: the
document's font first), and no Software/time metadata in the file. Where things go is
chartlayout.py. The case's text (the unit) goes in as literal text: a `$` is a dollar
sign, never mathtext, and a character no installed font has is a located Swedish error,
never an empty box and an English warning. The alt text says in words everything the
chart shows, since it becomes the tagged PDF's /Alt.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from dataclasses import dataclass
from typing import Iterator

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from PIL import Image  # noqa: E402  (installed with matplotlib)

from .. import model  # noqa: E402
from ..case.attainment import (  # noqa: E402
    format_number,
    indicators_for,
    period_attainment,
)
from ..errors import CaseError  # noqa: E402
from . import chartfonts  # noqa: E402
from . import chartlayout as layout
from .chartfonts import ChartStyle  # noqa: E402
from .chartlayout import HEIGHT_IN, WIDTH_IN  # noqa: E402
from .charttext import MissingGlyphs, chart_text_problems, chart_texts, missing_glyphs  # noqa: E402

DPI = 200
WIDTH_MM = round(WIDTH_IN * 25.4)  # the width to place the PNG at in the document, 152 mm


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


def _font(style: ChartStyle, size: float, slant: str = "normal") -> FontProperties:
    return FontProperties(family=list(style.families), size=size, style=slant)


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
        target = indicator.targets.get(period)
        outcome = layout.shown_outcome(indicator, period, until)
        if indicator.baseline is not None and period == indicator.baseline.year and target is None and outcome is None:
            continue
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


def is_percent(unit: str) -> bool:
    """A unit in percent ("procent", "%", "andel i %"), not percentage points."""
    return "%" in unit or re.search(r"\bprocent\b", unit, re.IGNORECASE) is not None


def tick_text(value: float, unit: str) -> str:
    """A y-axis tick as the forms write the number; with " %" on a percent axis."""
    return f"{format_number(value)}\u00a0%" if is_percent(unit) else format_number(value)


def chart_png(indicator: model.Indicator, until: int | None = None, style: ChartStyle | None = None) -> bytes:
    """The chart's PNG: a pure function of the indicator, the period and the style.

    Raises MissingGlyphs when a character of the case's text is in no installed font.
    """
    with _drawing():
        return _png(_figure(indicator, until, style))


def chart_figure(indicator: model.Indicator, until: int | None = None, style: ChartStyle | None = None) -> Figure:
    """The chart as a drawn matplotlib figure (to read its text and marks)."""
    with _drawing():
        figure = _figure(indicator, until, style)
        figure.canvas.draw()
        return figure


@contextlib.contextmanager
def _drawing() -> Iterator[None]:
    """matplotlib's defaults, not the user's matplotlibrc; text never read as mathtext; and
    no library warning let through: a missing glyph (checked before, so never expected) is
    a MissingGlyphs, anything else is nothing the user can act on."""
    with matplotlib.rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        matplotlib.rcdefaults()  # inside rc_context: the user's matplotlibrc is back afterwards
        matplotlib.rcParams["text.parse_math"] = False  # a `$` in a unit is a dollar sign, never a formula
        matplotlib.rcParams["svg.fonttype"] = "none"  # an SVG of the chart keeps its text as text
        yield
    glyphs = [chr(int(n)) for w in caught for n in re.findall(r"Glyph (\d+) ", str(w.message))]
    if glyphs:
        raise MissingGlyphs("unit", "", glyphs)


def _figure(indicator: model.Indicator, until: int | None, style: ChartStyle | None) -> Figure:
    missing = missing_glyphs(indicator)
    if missing is not None:
        raise missing
    style = chartfonts.style_for(list(chart_texts(indicator).values()), style or chartfonts.default_style())
    return _draw(indicator, layout.plan(indicator, until), style)


def _draw(indicator: model.Indicator, plot: layout.Plan, style: ChartStyle) -> Figure:
    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(layout.AXES_BOX)
    axes.spines[["top", "right"]].set_visible(False)
    handles = {}
    for series in plot.series:
        (handles[series.label],) = axes.plot(
            series.x, series.y, label=series.label, color=series.colour, linestyle=series.linestyle,
            linewidth=series.linewidth, marker=series.marker, markersize=series.markersize, markerfacecolor=series.facecolor,
            markevery=series.markevery, zorder=series.zorder, clip_on=False,
        )
    for label in plot.labels:
        axes.annotate(label.text, (label.x, label.y), xytext=label.offset, textcoords="offset points",
                      ha=label.ha, va=label.va, color=label.colour, parse_math=False,
                      fontproperties=_font(style, 7.5, label.style))
    if plot.x_limits:
        axes.set_xlim(*plot.x_limits)
    axes.set_xticks(plot.years, [str(y) for y in plot.years], fontproperties=_font(style, 8))
    axes.set_ylim(*plot.y_limits)
    axes.set_yticks(plot.y_ticks, [tick_text(t, indicator.unit) for t in plot.y_ticks],
                    fontproperties=_font(style, 8))
    axes.set_ylabel(indicator.unit, fontproperties=_font(style, 8), parse_math=False)
    axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    axes.set_axisbelow(True)
    # No title in the picture: the form's caption above it names the indicator.
    order = [name for name in ("Utfall", "Målvärde", "Utgångsvärde") if name in handles]
    axes.legend([handles[n] for n in order], order, loc="center left", bbox_to_anchor=(1.03, 0.5),
                frameon=False, prop=_font(style, 8))
    return figure


def indicator_chart(indicator: model.Indicator, until: int | None = None) -> Chart:
    """One indicator over its periods: outcomes (solid), targets (dashed), baseline.

    `until` is the follow-up period the chart belongs to: later outcomes are left out,
    so a form for 2024 looks the same after 2025's outcome has been entered.
    """
    return Chart(png=chart_png(indicator, until), alt=alt_text(indicator, until),
                 indicator_id=indicator.id, title=indicator.name)


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
    """The charts of one follow-up form, one per indicator, in indicators.yaml's order;
    a character no font has is a CaseError naming indicators.yaml, its line and field."""
    from .chartcache import (
        cached_chart,  # drawn once per process for the same data and style
    )

    problems = chart_text_problems(case)
    if problems:
        raise CaseError(case.id, problems)
    return [cached_chart(indicator_chart, i, follow_up.period) for i in indicators_for(case, follow_up)]


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
