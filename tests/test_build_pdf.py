"""Every PDF that `iopdocs build` makes of the shipped cases: archival, accessible, stable."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from templatefiles import TEMPLATES
from test_seed import SEED, f1, words

from iopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ROOT / "cases", root / "cases")
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--blank"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def pdfs(root: Path) -> list[Path]:
    found = sorted((root / "build").rglob("*.pdf"))
    assert len(found) >= 9  # 5 + 1 case documents and 3 blank forms
    assert {"overenskommelse.pdf", "overenskommelse-mall.pdf"} <= {p.name for p in found}
    return found


def test_every_docx_has_its_pdf(built: Path):
    documents = sorted((built / "build").rglob("*.docx"))
    assert len(documents) >= 9  # 5 + 1 case documents and 3 blank forms
    assert [d.with_suffix(".pdf") for d in documents] == pdfs(built)
    for docx in documents:
        assert docx.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")


def test_every_pdf_is_tagged_with_swedish_language_and_title(built: Path):
    for path in pdfs(built):
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True, path  # noqa: E712
        assert "/StructTreeRoot" in root, path
        assert root["/Lang"] == "sv-SE", path
        assert reader.metadata.title and reader.metadata.title.strip(), path


def test_every_pdf_declares_pdfa_2b_in_its_xmp(built: Path):
    for path in pdfs(built):
        reader = PdfReader(path)
        xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
        tree = ET.fromstring(xmp[xmp.index(b"<x:xmpmeta") : xmp.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])
        description = next(
            d for d in tree.iter(f"{RDF}Description") if d.find(f"{PDFAID}part") is not None or f"{PDFAID}part" in d.attrib
        )
        part = description.findtext(f"{PDFAID}part") or description.attrib.get(f"{PDFAID}part")
        conformance = description.findtext(f"{PDFAID}conformance") or description.attrib.get(f"{PDFAID}conformance")
        assert (part, conformance) == ("2", "B"), path


def test_every_font_is_embedded(built: Path):
    for path in pdfs(built):
        for page in PdfReader(path).pages:
            fonts = page["/Resources"].get("/Font", {})
            for font in fonts.values():
                font = font.get_object()
                descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
                for d in descendants:
                    descriptor = d["/FontDescriptor"].get_object()
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (path, d["/BaseFont"])


def test_statement_headings_are_the_pdf_outline(built: Path):
    reader = PdfReader(built / "build" / "rk-2023-17" / "tjansteutlatande.pdf")

    def titles(outline) -> list[str]:
        out = []
        for item in outline:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    found = titles(reader.outline)
    for heading in ("Förvaltningens förslag till beslut", "Sammanfattning", "Bakgrund", "Ärendet", "Bilagor"):
        assert heading in found


def test_seed_statement_pdf_text_matches_the_seed(built: Path):
    reader = PdfReader(built / "build" / "rk-2023-17" / "tjansteutlatande.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    score = f1(words(text), words(SEED.read_text(encoding="utf-8")))
    assert score >= 0.95, score


def test_a_clean_rebuild_gives_byte_identical_pdfs(built: Path, tmp_path: Path):
    first = {p.relative_to(built).as_posix(): p.read_bytes() for p in pdfs(built)}
    shutil.copytree(built / "templates", tmp_path / "templates")
    shutil.copytree(built / "cases", tmp_path / "cases")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "build", "--blank"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    second = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in pdfs(tmp_path)}
    assert second == first


def test_pdf_dates_come_from_the_case(built: Path):
    reader = PdfReader(built / "build" / "rk-2023-17" / "tjansteutlatande.pdf")
    assert re.match(r"D:20230216", reader.metadata["/CreationDate"])
    assert re.match(r"D:20230216", reader.metadata["/ModDate"])


def test_two_builds_at_once_do_not_break_each_other(tmp_path: Path):
    """Two terminals (or make -j) building the same project at the same time."""
    import subprocess
    import sys

    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    command = [sys.executable, "-m", "iopdocs.cli", "--root", str(tmp_path), "build", "--force", "--blank"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    built = pdfs(tmp_path)
    for path in built:
        assert PdfReader(path).pages, path
    assert not [p for p in (tmp_path / "build").rglob("*") if p.name.endswith(".tmp")]


def test_charts_are_stored_losslessly_not_as_jpeg(built: Path):
    reader = PdfReader(built / "build" / "exempel-iop" / "uppfoljning-2025.pdf")
    images = [
        xobject.get_object()
        for page in reader.pages
        for xobject in page["/Resources"].get("/XObject", {}).values()
        if xobject.get_object().get("/Subtype") == "/Image"
    ]
    assert images and all(i.get("/Filter") == "/FlateDecode" for i in images)
