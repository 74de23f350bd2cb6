"""The page that stands in a web copy for an attachment marked `publish: false`.

Swedish boards publish their papers but leave out what cannot be cleaned of personal
data (a scanned letter, a partner's own report); the web copy says so, names the
attachment, and tells the reader that it can be requested from the registry. The page
is a small .docx made with python-docx and converted with the other web documents, so
that it is tagged PDF/A in the copy's own language like them.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..documents.docxfile import normalise
from ..pdf.meta import DocumentMeta

HEADING = "Bilagan publiceras inte på webben"


def notice_text(title: str, dnr: str | None, administration: str | None) -> list[str]:
    """The page's paragraphs after its heading."""
    who = f"registrator på {administration}" if administration else "registrator"
    lines = [f"{title}" + (f" (dnr {dnr})" if dnr else "")]
    lines.append(
        "Den här bilagan hör till handlingarna men publiceras inte på webben, eftersom den "
        "innehåller uppgifter som inte ska spridas här."
    )
    lines.append(f"Bilagan är en allmän handling. Den kan begäras ut från {who}" + (f"; ange dnr {dnr}." if dnr else "."))
    return lines


def notice_meta(title: str, dnr: str | None, administration: str | None, date: dt.date) -> DocumentMeta:
    return DocumentMeta(title=f"{title} – publiceras inte på webben", date=date, subject=dnr or "",
                        author=administration or "")


def notice_docx(title: str, dnr: str | None, administration: str | None, meta: DocumentMeta) -> bytes:
    """The notice as a deterministic .docx in Swedish."""
    document = Document()
    _swedish(document)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4, as the other papers
    document.add_heading(HEADING, level=1)
    for index, line in enumerate(notice_text(title, dnr, administration)):
        paragraph = document.add_paragraph(line)
        if index == 0:
            paragraph.runs[0].bold = True
            paragraph.paragraph_format.space_after = Pt(12)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise(buffer.getvalue(), meta)


def _swedish(document) -> None:  # noqa: ANN001 - a python-docx Document
    """Every run's language is Swedish (python-docx's template says en-US)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), "sv-SE")
