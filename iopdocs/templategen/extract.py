"""protokollsutdrag.docx: an extract of one paragraph (§) of the checked minutes.

The letterhead of the minutes with "Protokollsutdrag", the paragraph as the minutes print
it, and the clerk's certification: "Utdrag bestyrks", a line to sign on and the name."""

from __future__ import annotations

from ..meeting.minutes import EXTRACT_TEMPLATE
from .document import new_document, save
from .minutes import letterhead, paragraphs, signature_rows
from .paragraphs import para, spacing

NAME = EXTRACT_TEMPLATE


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    para(doc, "{{ kind }}", "Title")
    para(doc, "{{ board }}, sammanträde {{ date|datum }}", "Subtitle")
    para(doc, "{{ checking }}", "Kompakt")
    paragraphs(doc)
    spacing(para(doc, "Utdrag bestyrks", "Heading 3"), before=480)
    signature_rows(doc)
    return save(doc, "Mall: Protokollsutdrag")
