"""Papers → one PDF: the parts' pages with their structure trees, bookmarks, page
labels, a "Sida X av Y" stamp, a "Bilaga N" mark on each attachment's first page, and
metadata that Info and XMP agree on.

pypdf does the page copying; pdf/structure.py carries the tags over, which pypdf leaves
behind. The same content gives the same bytes: the /ID is derived from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from ..pdf.stamp import MARK_PLACES, MARK_SIZE, Stamper, find_spot
from ..pdf.structure import StructureMerger
from .collect import Meeting
from .papers import Papers

LANGUAGE = "sv-SE"
PRODUCER = "iopdocs"


def assemble(meeting: Meeting, agenda_pdf: bytes, papers: list[Papers]) -> bytes:
    """handlingar.pdf: the agenda, then every item's documents, as one tagged, stamped PDF."""
    writer = PdfWriter()
    structure = StructureMerger(writer, LANGUAGE)
    labels: list[tuple[int, int, str]] = []
    marks: dict[int, str] = {}  # page index → "Bilaga N"

    append_part(writer, structure, agenda_pdf, "Föredragningslista", None)
    writer.add_outline_item(title="Föredragningslista", page_number=0)
    labels.append((0, len(writer.pages), "FL-"))
    for entry in papers:
        start = len(writer.pages)
        group = structure.group(entry.bookmark)
        firsts = [append_part(writer, structure, part.data, part.title, group) for part in entry.parts]
        marks.update({first: f"Bilaga {part.attachment}" for part, first in zip(entry.parts, firsts)
                      if part.attachment is not None})
        parent = writer.add_outline_item(title=entry.bookmark, page_number=start, is_open=False)
        if entry.item.case is not None:
            for part, first in zip(entry.parts, firsts):
                writer.add_outline_item(title=part.title, page_number=first, parent=parent)
        labels.append((start, len(writer.pages) - start, f"{entry.item.number}-"))
    structure.finish()

    for start, count, prefix in labels:
        writer.set_page_label(start, start + count - 1, style="/D", prefix=prefix, start=1)
    _stamp_all(writer, marks)
    title = f"Handlingar {meeting.board} {meeting.date.isoformat()}"
    subject = f"Föredragningslista och handlingar till sammanträdet {meeting.date.isoformat()}"
    return finish(writer, title, subject, meeting.board, meeting.date, [agenda_pdf, *(p.data for e in papers for p in e.parts)])


def append_part(
    writer: PdfWriter, structure: StructureMerger, data: bytes, title: str, group: IndirectObject | None
) -> int:
    """Append one PDF's pages (without its own bookmarks), carry its structure tree over as a
    Sect titled `title` under `group`, and return the index of its first page."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    start = len(writer.pages)
    writer.append(reader, import_outline=False)
    structure.add(reader, start, title, group)
    return start


def _stamp_all(writer: PdfWriter, marks: dict[int, str]) -> None:
    """Every page's "Sida X av Y"; and an attachment's mark at the top of its first page,
    placed first, so the page number keeps clear of it."""
    stamper = Stamper(writer)
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        if index in marks:
            stamper.stamp(page, marks[index], find_spot(page, marks[index], MARK_PLACES, MARK_SIZE, bold=True),
                          MARK_SIZE, bold=True)
        text = f"Sida {index + 1} av {total}"
        stamper.stamp(page, text, find_spot(page, text))


def finish(writer: PdfWriter, title: str, subject: str, author: str, date: dt.date, sources: list[bytes]) -> bytes:
    """Metadata (Info and XMP agreeing), language, viewer preferences, a content-derived /ID."""
    from ..pdf.meta import pdf_date

    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.metadata = {
        "/Title": title,
        "/Subject": subject,
        "/Author": author,
        "/Creator": PRODUCER,
        "/Producer": PRODUCER,
        "/CreationDate": pdf_date(date),
        "/ModDate": pdf_date(date),
    }
    writer.xmp_metadata = _xmp(title, subject, author, date)
    stream = root["/Metadata"].get_object()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    digest = hashlib.sha256()
    for data in sources:
        digest.update(hashlib.sha256(data).digest())
    digest.update(title.encode())
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _xmp(title: str, subject: str, author: str, date: dt.date) -> bytes:
    from xml.sax.saxutils import escape

    stamp = f"{date.isoformat()}T00:00:00Z"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        "   <dc:format>application/pdf</dc:format>\n"
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>\n"
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>\n'
        f"   <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>\n"
        f"   <pdf:Producer>{PRODUCER}</pdf:Producer>\n"
        f"   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>\n"
        f"   <xmp:CreateDate>{stamp}</xmp:CreateDate>\n"
        f"   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode("utf-8")
