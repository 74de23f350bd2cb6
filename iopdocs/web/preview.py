"""The built documents of a case, as the web shows them: a list of files, and pages as
PNG images (pdftoppm) with each page's text beside them for those who cannot see it."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from ..errors import UserError
from ..project import Project

PREVIEW_DIR = ".webpreview"
RESOLUTION = 80  # dpi: an A4 page ~660 px wide, readable on a laptop
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(docx|pdf)")
_LOCK = threading.Lock()

TITLES = {
    "tjansteutlatande": "Tjänsteutlåtande",
    "bedomning": "Bedömning",
    "uppfoljning": "Uppföljning",
    "jamforelse": "Jämförelse",
}


@dataclass
class Document:
    stem: str
    title: str
    docx: str | None
    pdf: str | None
    pages: int = 0


def build_folder(project: Project, case: str) -> Path:
    return project.build_dir / case


def documents(project: Project, case: str) -> list[Document]:
    folder = build_folder(project, case)
    found: dict[str, Document] = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if not _NAME.fullmatch(path.name) or not path.is_file():
            continue
        doc = found.setdefault(path.stem, Document(path.stem, _title(path.stem), None, None))
        setattr(doc, path.suffix[1:], path.name)
    for doc in found.values():
        if doc.pdf:
            doc.pages = _page_count(folder / doc.pdf)
    order = list(TITLES)
    return sorted(found.values(), key=lambda d: (next((i for i, k in enumerate(order) if d.stem.startswith(k)), 9), d.stem))


def _title(stem: str) -> str:
    for key, title in TITLES.items():
        if stem.startswith(key):
            rest = stem[len(key):].strip("-_")
            return f"{title} ({rest})" if rest else title
    return stem


def _page_count(pdf: Path) -> int:
    try:
        return len(PdfReader(pdf).pages)
    except Exception:  # a damaged or half-written PDF: shown without pages
        return 0


def built_file(project: Project, case: str, name: str) -> Path:
    """A file of build/<case>/ by its bare name; never anything else."""
    if not _NAME.fullmatch(name):
        raise UserError(f"Filen {name} finns inte.")
    path = build_folder(project, case) / name
    if not path.is_file():
        raise UserError(f"Filen {name} finns inte; bygg ärendet först.")
    return path


def page_text(project: Project, case: str, name: str) -> list[str]:
    try:
        return [page.extract_text() or "" for page in PdfReader(built_file(project, case, name)).pages]
    except UserError:
        raise
    except Exception:
        return []


def page_png(project: Project, case: str, name: str, page: int) -> Path:
    """Page `page` (from 1) of a built PDF as PNG, made once per version of the PDF."""
    pdf = built_file(project, case, name)
    if not name.endswith(".pdf"):
        raise UserError("Bara PDF-filer kan förhandsvisas.")
    stamp = pdf.stat().st_mtime_ns
    folder = build_folder(project, case) / PREVIEW_DIR / f"{pdf.stem}-{stamp}"
    target = folder / f"sida-{page}.png"
    with _LOCK:
        if not target.is_file():
            _render(pdf, folder, page, target)
    return target


def _render(pdf: Path, folder: Path, page: int, target: Path) -> None:
    if shutil.which("pdftoppm") is None:
        raise UserError("Förhandsvisningen kräver programmet pdftoppm (paketet poppler-utils).")
    if folder.parent.is_dir():
        for old in folder.parent.glob(f"{pdf.stem}-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / f"p{page}"
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", str(RESOLUTION), "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
         str(prefix)],
        capture_output=True,
    )
    made = prefix.with_suffix(".png")
    if done.returncode != 0 or not made.is_file():
        raise UserError(f"Sidan {page} av {pdf.name} kunde inte visas.")
    made.replace(target)
