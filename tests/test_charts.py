"""Indicator charts: one per indicator, byte-identical PNGs, alt text that states the values."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.documents.charts import (
    DPI,
    HEIGHT_IN,
    WIDTH_IN,
    alt_text,
    charts_for,
    indicator_chart,
)
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def case() -> model.Case:
    return load_case(Project(ROOT), ROOT / "cases" / "exempel-iop")


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
