"""Indicator charts: one per indicator, byte-identical PNGs, alt text that states the values."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.documents.chartlayout import OUTCOME_COLOUR, TARGET_COLOUR
from iopdocs.documents.charts import (
    DPI,
    HEIGHT_IN,
    WIDTH_IN,
    alt_text,
    charts_for,
    indicator_chart,
)
from iopdocs.errors import CaseError
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def case() -> model.Case:
    return load_case(example_project(), ROOT / "cases" / "exempel-iop")


def follow_up(case: model.Case, period: int) -> model.FollowUp:
    return next(f for f in case.follow_ups if f.period == period)


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    out, i = [], 8
    while i < len(png):
        (length,) = struct.unpack(">I", png[i : i + 4])
        out.append((png[i + 4 : i + 8], png[i + 8 : i + 8 + length]))
        i += 12 + length
    return out


def test_one_chart_per_indicator_in_the_follow_up(case):
    charts = charts_for(case, follow_up(case, 2025))
    assert [c.indicator_id for c in charts] == ["deltagare", "foraldrar", "avbrott"]
    assert len({c.png for c in charts}) == 3


def test_chart_is_an_opaque_png_of_fixed_size_without_metadata(case):
    chart = charts_for(case, follow_up(case, 2025))[0]
    found = chunks(chart.png)
    names = [name for name, _ in found]
    assert names[0] == b"IHDR" and names[-1] == b"IEND"
    width, height = struct.unpack(">II", found[0][1][:8])
    assert (width, height) == (round(WIDTH_IN * DPI), round(HEIGHT_IN * DPI))
    bit_depth, colour_type = found[0][1][8:10]
    assert (bit_depth, colour_type) == (8, 2)  # opaque RGB: no soft mask in the PDF/A
    # No Software, date or other text chunk that could differ between builds.
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(names)


def test_alt_text_states_baseline_targets_and_outcomes(case):
    deltagare, foraldrar, avbrott = charts_for(case, follow_up(case, 2025))
    assert deltagare.alt == (
        "Diagram: Elever som deltar i läxhjälp minst en gång i veckan (antal). Högre värde är bättre. "
        "Utgångsvärde 60 (2023). 2024: mål 90, utfall 95, uppnått. 2025: mål 120, utfall 112, delvis uppnått. "
        "2026: mål 150, utfall ännu inte redovisat."
    )
    assert "Lägre värde är bättre." in avbrott.alt
    assert "2025: mål 20, utfall saknas." in avbrott.alt
    assert "Utgångsvärde 0 (2023)." in foraldrar.alt


def test_missing_outcome_is_never_drawn_or_told_as_zero(case):
    avbrott = next(c for c in charts_for(case, follow_up(case, 2025)) if c.indicator_id == "avbrott")
    assert "utfall 0" not in avbrott.alt
    as_zero = next(i for i in case.indicators if i.id == "avbrott")
    as_zero = as_zero.model_copy(
        update={"outcomes": {**as_zero.outcomes, 2025: model.Outcome(value=0)}}
    )
    assert indicator_chart(as_zero, until=2025).png != avbrott.png


def test_chart_of_an_earlier_period_leaves_later_outcomes_out(case):
    early = charts_for(case, follow_up(case, 2024))[0]
    assert "2025: mål 120, utfall ännu inte redovisat." in early.alt
    participants = case.indicators[0]
    without_2025 = participants.model_copy(update={"outcomes": {2024: participants.outcomes[2024]}})
    assert indicator_chart(without_2025, until=2024).png == early.png


def test_decimal_comma_in_alt_text():
    rate = model.Indicator(
        id="nojdhet", name="Nöjdhet", goal="g", unit="betyg", baseline=model.Baseline(value=3.5, year=2023),
        targets={2024: 4.25}, outcomes={2024: model.Outcome(value=4.1)},
    )
    assert alt_text(rate) == (
        "Diagram: Nöjdhet (betyg). Högre värde är bättre. Utgångsvärde 3,5 (2023). "
        "2024: mål 4,25, utfall 4,1, delvis uppnått."
    )


def test_indicator_without_any_values_still_gives_a_chart():
    empty = model.Indicator(id="ny", name="Ny indikator", goal="g", unit="antal")
    chart = indicator_chart(empty)
    assert chart.png.startswith(b"\x89PNG")
    assert chart.alt == "Diagram: Ny indikator (antal). Högre värde är bättre. Utgångsvärde saknas."


def test_same_chart_twice_in_one_process_is_byte_identical(case):
    first = [c.png for c in charts_for(case, follow_up(case, 2025))]
    second = [c.png for c in charts_for(case, follow_up(case, 2025))]
    assert first == second


DIGEST = """
import hashlib
from pathlib import Path
from iopdocs.documents.charts import charts_for
from iopdocs.case.load import load_case
from iopdocs.project import Project
root = Path({root!r})
case = load_case(Project(root), root / "cases" / "exempel-iop")
digest = hashlib.sha256()
for follow_up in case.follow_ups:
    for chart in charts_for(case, follow_up):
        digest.update(chart.png)
print(digest.hexdigest())
"""


def chart_digest_in_new_process(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", DIGEST.format(root=str(ROOT))],
        capture_output=True, text=True, check=True, env={**os.environ, **env},
    )
    return result.stdout.strip()


def test_charts_are_byte_identical_across_processes_and_matplotlibrc(case, tmp_path):
    here = hashlib.sha256()
    for f in case.follow_ups:
        for chart in charts_for(case, f):
            here.update(chart.png)
    config = tmp_path / "mpl"
    config.mkdir()
    # A user's matplotlibrc must not reach the committee papers.
    (config / "matplotlibrc").write_text(
        "font.family: serif\nlines.linewidth: 5\nsavefig.dpi: 50\nfigure.facecolor: red\n"
    )
    assert chart_digest_in_new_process({"PYTHONHASHSEED": "1"}) == here.hexdigest()
    assert chart_digest_in_new_process({"PYTHONHASHSEED": "2", "MPLCONFIGDIR": str(config)}) == here.hexdigest()


def template_with_chart(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("{{ chart }}")
    document.save(path)
    return path


def test_docx_image_carries_the_alt_text(case, tmp_path):
    import zipfile

    from docxtpl import DocxTemplate

    from iopdocs.documents.charts import docx_image

    chart = charts_for(case, follow_up(case, 2025))[2]
    template = DocxTemplate(template_with_chart(tmp_path / "mall.docx"))
    template.render({"chart": docx_image(template, chart)})
    template.save(tmp_path / "ut.docx")
    xml = zipfile.ZipFile(tmp_path / "ut.docx").read("word/document.xml").decode()
    assert f'descr="{chart.alt}"' in xml
    media = [n for n in zipfile.ZipFile(tmp_path / "ut.docx").namelist() if n.startswith("word/media/")]
    assert [zipfile.ZipFile(tmp_path / "ut.docx").read(n) for n in media] == [chart.png]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")
def test_alt_text_reaches_the_tagged_pdf(case, tmp_path):
    from docxtpl import DocxTemplate
    from pypdf import PdfReader

    from iopdocs.documents.charts import docx_image

    chart = charts_for(case, follow_up(case, 2025))[0]
    template = DocxTemplate(template_with_chart(tmp_path / "mall.docx"))
    template.render({"chart": docx_image(template, chart)})
    template.save(tmp_path / "ut.docx")
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", export,
         "--outdir", str(tmp_path), str(tmp_path / "ut.docx")],
        check=True, capture_output=True, timeout=180,
    )
    alts = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append((str(node.get("/S")), str(node["/Alt"])))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(PdfReader(tmp_path / "ut.pdf").trailer["/Root"]["/StructTreeRoot"])
    assert alts == [("/Figure", chart.alt)]


def test_docx_figures_give_one_paragraph_per_chart(case, tmp_path):
    import zipfile

    import docx
    from docxtpl import DocxTemplate

    from iopdocs.documents.charts import docx_figures

    charts = charts_for(case, follow_up(case, 2025))
    document = docx.Document()
    document.add_paragraph("Före")
    document.add_paragraph("{{p charts }}")
    document.add_paragraph("Efter")
    document.save(tmp_path / "mall.docx")
    template = DocxTemplate(tmp_path / "mall.docx")
    template.render({"charts": docx_figures(template, charts)})
    template.save(tmp_path / "ut.docx")
    result = docx.Document(tmp_path / "ut.docx")
    assert [p.text for p in result.paragraphs] == ["Före", "", "", "", "Efter"]
    assert [s._inline.docPr.get("descr") for s in result.inline_shapes] == [c.alt for c in charts]
    package = zipfile.ZipFile(tmp_path / "ut.docx")
    assert sorted(package.read(n) for n in package.namelist() if n.startswith("word/media/")) == sorted(
        c.png for c in charts
    )
    assert not docx_figures(template, [])


# --- What the chart shows (issue 12) and that its text is text (issue 11) ------------

from matplotlib.text import Text  # noqa: E402
from templatefiles import TEMPLATES, example_project

from iopdocs.documents import chartfonts  # noqa: E402
from iopdocs.documents.charts import chart_figure, chart_png  # noqa: E402


def indicator(unit: str = "antal", **values) -> model.Indicator:
    return model.Indicator(id="i", name="Indikator", goal="g", unit=unit, **values)


def texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


def value_labels(figure) -> dict[str, list[str]]:
    """The labels written beside the marks, by colour."""
    out: dict[str, list[str]] = {}
    for annotation in figure.axes[0].texts:
        if annotation.get_text() != "saknas":
            out.setdefault(annotation.get_color(), []).append(annotation.get_text())
    return out


def marks(figure) -> list[tuple[str, float, float, float]]:
    """Every drawn marker: (series, x and y in points on the page, marker size in points)."""
    out = []
    axes = figure.axes[0]
    for line in axes.get_lines():
        every = line.get_markevery()
        data = line.get_xydata()
        indices = range(len(data)) if every is None else every
        for i in indices:
            x, y = data[i]
            if line.get_marker() in ("None", None, "") or y != y:
                continue
            px, py = axes.transData.transform((x, y)) * 72 / figure.dpi
            out.append((line.get_label(), px, py, line.get_markersize()))
    return out


def test_outcome_in_the_baseline_year_is_drawn():
    same_year = indicator(baseline=model.Baseline(value=40, year=2023), targets={2024: 50},
                          outcomes={2023: model.Outcome(value=42), 2024: model.Outcome(value=48)})
    figure = chart_figure(same_year)
    outcome_marks = [(round(y)) for series, _x, y, _s in marks(figure) if series == "Utfall"]
    assert len(outcome_marks) == 2  # 2023 and 2024, a dot each
    assert "42" in value_labels(figure)[OUTCOME_COLOUR]
    assert "2023: mål saknas, utfall 42." in alt_text(same_year)
    without = same_year.model_copy(update={"outcomes": {2024: model.Outcome(value=48)}})
    assert chart_png(without) != chart_png(same_year)


def test_target_values_are_labelled():
    figure = chart_figure(indicator(baseline=model.Baseline(value=10, year=2023), targets={2024: 90, 2025: 120},
                                    outcomes={2024: model.Outcome(value=95)}))
    assert sorted(value_labels(figure)[TARGET_COLOUR]) == ["120", "90"]
    assert sorted(value_labels(figure)[OUTCOME_COLOUR]) == ["10", "95"]


@pytest.mark.parametrize("outcome", [50, 50.4, 51, 49])
def test_outcome_target_and_baseline_marks_never_overlap(outcome):
    figure = chart_figure(indicator(baseline=model.Baseline(value=50, year=2024), targets={2024: 50, 2025: 60},
                                    outcomes={2024: model.Outcome(value=outcome), 2025: model.Outcome(value=60)}))
    found = marks(figure)
    assert len(found) == 5
    for i, (series_a, xa, ya, size_a) in enumerate(found):
        for series_b, xb, yb, size_b in found[i + 1:]:
            apart = max(abs(xa - xb), abs(ya - yb))
            assert apart >= (size_a + size_b) / 2, (series_a, series_b, apart)


def test_labels_of_marks_side_by_side_do_not_overlap():
    figure = chart_figure(indicator(baseline=model.Baseline(value=40, year=2023), targets={2023: 40, 2024: 50},
                                    outcomes={2023: model.Outcome(value=40), 2024: model.Outcome(value=50)}))
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


@pytest.mark.parametrize("unit, percent", [("procent", True), ("%", True), ("andel i %", True),
                                           ("antal", False), ("procentenheter", False)])
def test_a_percent_axis_shows_the_percent_sign(unit, percent):
    figure = chart_figure(indicator(unit, targets={2024: 25}))
    ticks = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert ticks[0] == ("0\u00a0%" if percent else "0")
    assert all(t.endswith("\u00a0%") == percent for t in ticks)


def test_chart_font_is_the_document_font():
    import xml.etree.ElementTree as ET
    import zipfile

    styles = ET.fromstring(zipfile.ZipFile(TEMPLATES / "uppfoljning.docx").read("word/styles.xml"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    fonts = styles.find(f"{w}docDefaults/{w}rPrDefault/{w}rPr/{w}rFonts")
    assert fonts.get(f"{w}ascii") == chartfonts.DOCUMENT_FONT
    figure = chart_figure(indicator(targets={2024: 25}))
    families = {tuple(t.get_fontfamily()) for t in figure.findobj(Text) if t.get_text()}
    assert families == {(chartfonts.DOCUMENT_FONT, chartfonts.FALLBACK_FONT)}
    from matplotlib import font_manager

    found = font_manager.findfont(font_manager.FontProperties(family=chartfonts.DOCUMENT_FONT),
                                  fallback_to_default=False)
    assert "LiberationSans" in found


def svg_text(figure) -> str:
    import io
    import xml.etree.ElementTree as ET

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "x"}):
        figure.savefig(buffer, format="svg")
    root = ET.fromstring(buffer.getvalue())
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("unit", ["$\\frac{$", "$x$", "kr $ per år", "% av $y$", "☀ dagar", "😀 deltagare"])
def test_chart_text_is_exactly_the_input(unit, caplog):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning, English or not
        figure = chart_figure(indicator(unit, baseline=model.Baseline(value=1, year=2023), targets={2024: 2}))
    assert not [r for r in caplog.records if r.name.startswith("matplotlib") and r.levelno >= 30]
    (label,) = [t for t in figure.findobj(Text) if t.get_text() == unit]
    assert label.get_parse_math() is False
    assert unit in svg_text(figure).splitlines()


@pytest.mark.parametrize("char", ["☀", "😀"])
def test_a_character_the_document_font_lacks_falls_back_to_one_that_has_it(char):
    assert chartfonts.missing_characters(char, chartfonts.ChartStyle((chartfonts.DOCUMENT_FONT,))) == [char]
    assert chartfonts.missing_characters(char, chartfonts.style_for([char], chartfonts.default_style())) == []


def test_an_emoji_no_font_has_is_a_located_swedish_problem(tmp_path):
    from casefolder import check, edit, line_of, make_project

    root = make_project(tmp_path)
    edit(root, "cases/x/indicators.yaml", "unit: procent", "unit: procent 🦄")
    line = line_of(root, "cases/x/indicators.yaml", "unit: procent 🦄")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = check(root)
    assert result.exit_code == 1
    assert (f"cases/x/indicators.yaml:{line}: indicators[2].unit: '🦄' (U+1F984) finns inte i något installerat "
            "typsnitt och kan inte visas i diagrammet; skriv det med bokstäver eller ta bort det") in result.output
    case = load_case(Project(root), root / "cases" / "x")
    with pytest.raises(CaseError) as raised:
        charts_for(case, case.follow_ups[0])
    assert raised.value.problems[0].field == "indicators[2].unit"
    assert raised.value.problems[0].line == line


def test_every_latin1_character_is_in_the_chart_fonts_so_check_need_not_look():
    latin1 = "".join(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100)])
    assert chartfonts.missing_characters(latin1, chartfonts.ChartStyle((chartfonts.DOCUMENT_FONT,))) == []
    assert chartfonts.missing_characters(latin1, chartfonts.ChartStyle((chartfonts.FALLBACK_FONT,))) == []
    # and `check` does not load matplotlib for it
    code = "import sys, iopdocs.lint.check; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
