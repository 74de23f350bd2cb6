#!/usr/bin/env python3
"""Benchmark .docx -> PDF: one soffice start per file versus iopdocs.pdf.export.convert().

    python tools/bench_pdf.py [N] [--workers W] [--skip-loop]

Generates N three-page Swedish documents (headings, tables, sv-SE language) in
a temporary folder, then times
  (a) the naive loop: `soffice --convert-to <same PDF/A filter>` once per file
      (one profile, reused, so only the process start is repeated), and
  (b) convert() on all N at once,
and prints seconds per document for each and the ratio.
"""

from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from iopdocs.pdf.export import (  # noqa: E402
    EXPORT_FILTER,
    IMPORT_FILTER,
    PdfJob,
    convert,
    default_workers,
    find_soffice,
)
from iopdocs.pdf.meta import DocumentMeta  # noqa: E402

PARAGRAPH = (
    "Föreningen bedriver läxhjälp, språkcaféer och föräldraträffar i Rinkeby och Kista. "
    "Partnerskapet ska stärka barns och ungas möjligheter att klara skolan och minska "
    "ensamheten bland äldre. Åtagandena följs upp årligen i dialog mellan parterna. "
)


def make_document(path: Path, number: int) -> None:
    """About three A4 pages: headings, running text and a table."""
    doc = Document()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    doc.add_heading(f"Idéburet offentligt partnerskap nr {number}", 0)
    for section in ("Bakgrund", "Syfte och mål", "Ekonomi", "Uppföljning"):
        doc.add_heading(section, 1)
        for _ in range(3):
            doc.add_paragraph(PARAGRAPH * 2)
        table = doc.add_table(rows=4, cols=3)
        table.style = "Table Grid"
        for row in range(4):
            for col in range(3):
                table.cell(row, col).text = "År" if row == 0 else f"{2024 + row} / {col * 150_000} kr"
    doc.save(path)


def per_file_loop(soffice: str, docs: list[Path], outdir: Path, profile: Path) -> float:
    started = time.perf_counter()
    for doc in docs:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                f"--infilter={IMPORT_FILTER}",
                "--convert-to",
                EXPORT_FILTER,
                "--outdir",
                str(outdir),
                str(doc),
            ],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    elapsed = time.perf_counter() - started
    missing = [d.name for d in docs if not (outdir / f"{d.stem}.pdf").exists()]
    if missing:
        raise SystemExit(f"loop produced no PDF for {missing}")
    return elapsed


def batched(docs: list[Path], outdir: Path, workers: int | None) -> float:
    jobs = [PdfJob(d, outdir / f"{d.stem}.pdf", DocumentMeta(title=d.stem, date=datetime.date(2025, 1, 1))) for d in docs]
    started = time.perf_counter()
    convert(jobs, workers=workers)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", nargs="?", type=int, default=30, help="number of documents (default 30)")
    parser.add_argument("--workers", type=int, default=None, help="soffice processes for convert()")
    parser.add_argument("--skip-loop", action="store_true", help="time only convert()")
    args = parser.parse_args()
    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("soffice not found: sudo apt-get install libreoffice-writer-nogui fonts-liberation")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        root = Path(tmp)
        (root / "docx").mkdir()
        docs = [root / "docx" / f"doc{i:03d}.docx" for i in range(args.n)]
        for i, doc in enumerate(docs):
            make_document(doc, i)
        workers = args.workers or default_workers(args.n)
        print(f"{args.n} documents, convert() with {workers} soffice process(es)")
        batch = batched(docs, root / "batch", args.workers)
        print(f"(b) convert():      {batch:7.2f} s  {batch / args.n:.3f} s/document")
        if args.skip_loop:
            return
        (root / "loop").mkdir()
        loop = per_file_loop(soffice, docs, root / "loop", root / "profile")
        print(f"(a) per-file loop:  {loop:7.2f} s  {loop / args.n:.3f} s/document")
        print(f"speed-up (a)/(b):   {loop / batch:7.1f}x")


if __name__ == "__main__":
    main()
