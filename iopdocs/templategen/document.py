"""A new, clean document with the shared parts and page, and saving it reproducibly."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ..documents.docxfile import normalise
from ..pdf.meta import DocumentMeta
from .page import set_up_page
from .styles import FONT_TABLE_XML, NUMBERING_XML, SETTINGS_XML, styles_part

# A fixed date in the core properties, so that the output is byte-identical.
TEMPLATE_DATE = dt.date(2024, 1, 1)

_DROP_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)


def new_document():
    """python-docx's default package, cut down to the parts a clean template needs, with
    the shared styles and page."""
    doc = Document()
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _DROP_RELS]:
            del rels[rid]
    doc.part._styles_part._element = styles_part()
    doc.part.numbering_part._element = parse_xml(NUMBERING_XML.encode())
    doc.part._settings_part._element = parse_xml(SETTINGS_XML.encode())
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = FONT_TABLE_XML.encode()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    set_up_page(doc.sections[0])
    return doc


def save(doc, title: str) -> bytes:
    """The .docx bytes, normalised: fixed order, dates and core properties."""
    buffer = io.BytesIO()
    doc.save(buffer)
    props = DocumentMeta(title=title, date=TEMPLATE_DATE, author="iopdocs")
    return normalise(buffer.getvalue(), props)
