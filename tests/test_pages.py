"""The pages a clerk sees (PDF through LibreOffice): no page that holds only a signature
block or only the Bilagor list, and no word broken inside a table cell.

Besides the shipped cases, variants of them with the text before the signatures cut
paragraph by paragraph move the signatures across page ends, where a page of signatures
alone would show."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from templatefiles import TEMPLATES, example_project

from iopdocs import model, text
from iopdocs.case.load import load_case
from iopdocs.cli import main
from iopdocs.documents.render import render_case
from iopdocs.pdf.export import PdfJob, convert, soffice_available

ROOT = Path(__file__).resolve().parent.parent
PROJECT = example_project()
DATE = "2023-12-07"
# Header and footer lines of later pages, and the footer's version mark.
RUNNING = re.compile(r"^(Sida \d+ \(\d+\)|märke \w+|.*Dnr (RK [\d/-]+|_+)|.*Föredragningslista \d{4}-\d\d-\d\d)$")

pytestmark = pytest.mark.skipif(not soffice_available(), reason="LibreOffice saknas")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(TEMPLATES, root / "templates")
    for folder in ("cases", "meetings"):
        shutil.copytree(ROOT / folder, root / folder)
    result = CliRunner().invoke(main, ["--root", str(root), "build", "--blank"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(main, ["--root", str(root), "packet", DATE], catch_exceptions=False).exit_code == 0
    return root


def cut(prose: text.Prose | None, keep: int) -> text.Prose | None:
    return replace(prose, blocks=prose.blocks[:keep]) if prose else prose


def variants() -> dict[str, model.Case]:
    """rk-2023-17 with its opinion cut to 1, 2, … paragraphs; exempel-iop with its matter's
    sections cut one by one (moving the follow-up's and statement's ends)."""
    rk = load_case(PROJECT, PROJECT.cases_dir / "rk-2023-17")
    found = {}
    for keep in range(1, len(rk.background.opinion.blocks) + 1):
        background = rk.background.model_copy(update={"opinion": cut(rk.background.opinion, keep)})
        found[f"rk-yttrande-{keep}"] = rk.model_copy(update={"background": background})
    example = load_case(PROJECT, PROJECT.cases_dir / "exempel-iop")
    for keep in range(1, 4):
        follow_ups = [f.model_copy(update={"deviations": cut(f.deviations, keep), "lessons": cut(f.lessons, keep)})
                      for f in example.follow_ups]
        found[f"exempel-{keep}"] = example.model_copy(update={"follow_ups": follow_ups})
    return found


@pytest.fixture(scope="module")
def variant_pdfs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("variants")
    jobs = []
    for name, the_case in variants().items():
        for document in render_case(the_case, PROJECT.templates_dir):
            target = folder / f"{name}-{document.name}.docx"
            target.write_bytes(document.data)
            jobs.append(PdfJob(docx=target, pdf=target.with_suffix(".pdf"), meta=document.meta))
    convert(jobs)
    return [job.pdf for job in jobs]


def content_lines(page) -> list[str]:
    """The page's lines, without the running header and footer."""
    lines = [line.strip() for line in page.extract_text().splitlines()]
    return [line for line in lines if line and not RUNNING.match(line)]


@lru_cache
def markers() -> tuple[str, ...]:
    """Lines that begin a signature block or the Bilagor list."""
    names = [s.name for c in ("rk-2023-17", "exempel-iop")
             for s in load_case(PROJECT, PROJECT.cases_dir / c).signatories]
    return ("Underskrifter", "Bilagor", *names)


def pages_led_by_a_block(path: Path) -> list[str]:
    """Pages whose first line (below the header) begins a signature block or the Bilagor list."""
    found = []
    pages = PdfReader(path).pages
    for number, page in enumerate(pages, start=1):
        lines = content_lines(page)
        if number > 1 and lines and lines[0].startswith(markers()):
            found.append(f"{path.name} sida {number}: {lines[:3]}")
    return found


def all_pdfs(root: Path) -> list[Path]:
    found = sorted((root / "build").rglob("*.pdf"))
    assert len(found) >= 9  # 5 case documents, 2 blank forms, the agenda and the packet
    return found


def test_no_page_of_the_shipped_documents_starts_with_signatures_or_bilagor(built: Path):
    assert [problem for path in all_pdfs(built) for problem in pages_led_by_a_block(path)] == []


def test_no_page_starts_with_signatures_or_bilagor_wherever_the_page_ends(variant_pdfs: list[Path]):
    assert len(variant_pdfs) > 10
    assert [problem for path in variant_pdfs for problem in pages_led_by_a_block(path)] == []


def test_the_page_check_sees_a_page_led_by_signatures(tmp_path: Path):
    """As the follow-up's page 4 was before issue 12: the header, then Underskrifter."""
    from pypdf import PdfWriter
    from test_packet import untagged_pdf

    writer = PdfWriter()
    for lines in (["Uppföljning av överenskommelse", "Beslut om fortsättning"],
                  ["Rinkeby-Kista stadsdelsförvaltning Dnr RK 2023/412", "Sida 2 (2)", "Underskrifter"]):
        writer.append(PdfReader(__import__("io").BytesIO(untagged_pdf(lines))))
    writer.write(tmp_path / "ensam.pdf")
    assert pages_led_by_a_block(tmp_path / "ensam.pdf") == [
        "ensam.pdf sida 2: ['Underskrifter']"]


def test_no_word_of_the_checks_table_is_broken(built: Path):
    partner = load_case(PROJECT, PROJECT.cases_dir / "exempel-iop").partners[0]
    words = set()
    for _key, _label, check in partner.assessment.checks.items():
        if check is not None:
            for value in (check.evidence, check.comment):
                words |= {w for w in re.split(r"\s+", value or "") if len(w) > 3 and "-" not in w}
    assert "Verksamhetsberättelse" in words and "demokrativillkoren." in words
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(built / "build" / "exempel-iop" / "bedomning.pdf").pages)
    assert sorted(w for w in words if w not in pdf_text) == []
