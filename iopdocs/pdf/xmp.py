"""The XMP packet of a finished PDF: what LibreOffice's says about PDF/A, and the new one.

PDF/A requires the XMP metadata to agree with the Info dictionary, so the packet
is written from the same values (meta.py decides them). Its document and
instance ids are placeholders of fixed length, filled in by meta.py from a
hash of the finished file.
"""

from __future__ import annotations

import datetime
import re
from xml.sax.saxutils import escape

# Stand-ins written first and replaced by hash-derived values of the same length.
DOC_UUID_PLACEHOLDER = "uuid:4f1c2b7e-9d4a-46e3-b0c5-a8f1e2d3c4b1"
INSTANCE_UUID_PLACEHOLDER = "uuid:4f1c2b7e-9d4a-46e3-b0c5-a8f1e2d3c4b2"

_XMP_PART = re.compile(rb"<pdfaid:part>\s*(\d)\s*</pdfaid:part>|pdfaid:part=\"(\d)\"")
_XMP_CONFORMANCE = re.compile(
    rb"<pdfaid:conformance>\s*([ABUabu])\s*</pdfaid:conformance>|pdfaid:conformance=\"([ABUabu])\""
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """One line of text that is valid in XML and in a PDF text string."""
    return " ".join(_XML_INVALID.sub("", text or "").split())


def xmp_date(date: datetime.date) -> str:
    """The XMP (ISO 8601) date for midnight UTC of `date`."""
    return f"{date:%Y-%m-%d}T00:00:00Z"


def pdfa_identification(raw: bytes) -> tuple[str, str] | None:
    """PDF/A part and conformance ("2", "B") named in an XMP packet, or None."""
    part = _XMP_PART.search(raw)
    conformance = _XMP_CONFORMANCE.search(raw)
    if not part or not conformance:
        return None
    return (part.group(1) or part.group(2)).decode(), (conformance.group(1) or conformance.group(2)).decode().upper()


def packet(
    *,
    title: str,
    author: str,
    subject: str,
    language: str,
    producer: str,
    creator: str,
    date: datetime.date,
    part: str,
    conformance: str,
) -> bytes:
    """An XMP packet with these values (text already `clean`; empty author and subject are left out)."""
    when = xmp_date(date)
    lines = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
        f"   <pdfaid:part>{part}</pdfaid:part>",
        f"   <pdfaid:conformance>{conformance}</pdfaid:conformance>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        *_dublin_core(title, author, subject, language),
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        f"   <pdf:Producer>{escape(producer)}</pdf:Producer>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        f"   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>",
        f"   <xmp:CreateDate>{when}</xmp:CreateDate>",
        f"   <xmp:ModifyDate>{when}</xmp:ModifyDate>",
        f"   <xmp:MetadataDate>{when}</xmp:MetadataDate>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
        f"   <xmpMM:DocumentID>{DOC_UUID_PLACEHOLDER}</xmpMM:DocumentID>",
        f"   <xmpMM:InstanceID>{INSTANCE_UUID_PLACEHOLDER}</xmpMM:InstanceID>",
        "  </rdf:Description>",
        " </rdf:RDF>",
        "</x:xmpmeta>",
    ]
    padding = (" " * 99 + "\n") * 20  # room for in-place edits, as the XMP spec recommends
    return ("\n".join(lines) + "\n" + padding + '<?xpacket end="w"?>').encode("utf-8")


def _dublin_core(title: str, author: str, subject: str, language: str) -> list[str]:
    dc = [
        "   <dc:format>application/pdf</dc:format>",
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>',
    ]
    if author:
        dc.append(f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>")
    if subject:
        dc.append(
            f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        )
    dc.append(f"   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>")
    return dc
