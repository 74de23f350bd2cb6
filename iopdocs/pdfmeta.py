"""Make LibreOffice's PDF/A output reproducible and give it the job's metadata.

LibreOffice stamps every export with the clock: /CreationDate, xmp:CreateDate,
the creation date in the header of the embedded sRGB ICC profile, the trailer
/ID and a /DocChecksum. `finalize` rewrites a fresh export so that each such
value comes from the job (title, date, ...) or from a hash of the content: the
same .docx always gives the same bytes.

Only a handful of objects change: the catalog (/ViewerPreferences
/DisplayDocTitle, /Lang if missing), the Info dictionary, the XMP stream (rebuilt
so that it agrees with Info, as PDF/A requires) and the ICC profile. The fast
path copies every other object byte for byte from LibreOffice's file (a classic
xref table, one revision) and writes a new xref table and trailer; anything
else falls back to a full clone with pypdf, which keeps everything reachable
from the catalog (/StructTreeRoot, /MarkInfo, /Lang, /OutputIntents, ...).
The identifiers are filled in last from a SHA-256 of the written bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.filters import FlateDecode
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    create_string_object,
)

# Stand-ins written first and replaced by hash-derived values of the same length.
_ID_PLACEHOLDER = bytes.fromhex("1f0c2b7e9d4a46e3b0c5a8f1e2d3c4b5")
_DOC_UUID_PLACEHOLDER = "uuid:4f1c2b7e-9d4a-46e3-b0c5-a8f1e2d3c4b1"
_INSTANCE_UUID_PLACEHOLDER = "uuid:4f1c2b7e-9d4a-46e3-b0c5-a8f1e2d3c4b2"

_ICC_DATE = slice(24, 36)  # dateTimeNumber in the ICC profile header
_ICC_PROFILE_ID = slice(84, 100)  # MD5 profile id; all zero means "not computed"

_XMP_PART = re.compile(rb"<pdfaid:part>\s*(\d)\s*</pdfaid:part>|pdfaid:part=\"(\d)\"")
_XMP_CONFORMANCE = re.compile(
    rb"<pdfaid:conformance>\s*([ABUabu])\s*</pdfaid:conformance>|pdfaid:conformance=\"([ABUabu])\""
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_INDIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)\s+0\s+R")


class PdfMetaError(Exception):
    """The exported file cannot be finalised (unreadable, or not PDF/A)."""


class _Unsupported(Exception):
    """The file is not laid out as the fast path expects; use the pypdf clone."""


@dataclass(frozen=True)
class DocInfo:
    """What the finished PDF says about itself."""

    title: str
    date: datetime.date
    subject: str = ""
    author: str = ""
    language: str = "sv-SE"


def finalize(data: bytes, info: DocInfo) -> bytes:
    """Return `data` (a LibreOffice PDF/A export) with reproducible, job-derived metadata."""
    reader = _read(data)
    try:
        written = _rewrite_objects(data, reader, info)
    except _Unsupported:
        written = _rewrite_with_pypdf(reader, info)
    return _fill_identifiers(written)


def pdf_date(date: datetime.date) -> str:
    """The PDF date string for midnight UTC of `date`."""
    return f"D:{date:%Y%m%d}000000Z"


def xmp_date(date: datetime.date) -> str:
    """The XMP (ISO 8601) date for midnight UTC of `date`."""
    return f"{date:%Y-%m-%d}T00:00:00Z"


def _read(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        reader.trailer["/Root"].get_object()
    except Exception as exc:  # pypdf raises many types for broken files
        raise PdfMetaError(f"PDF-filen kunde inte läsas ({exc})") from exc
    return reader


# --- what changes ----------------------------------------------------------------------


@dataclass
class _Metadata:
    """The new metadata of one document, independent of how the file is written."""

    info: DictionaryObject
    xmp: bytes
    icc_stamp: bytes
    catalog_lang: str | None  # set /Lang to this when the export has none


def _metadata(reader: PdfReader, info: DocInfo) -> _Metadata:
    root = reader.trailer["/Root"].get_object()
    part, conformance = _pdfa_identification(root)
    old_info = reader.metadata or {}
    producer = _clean(str(old_info.get("/Producer") or "")) or "LibreOffice"
    creator = _clean(str(old_info.get("/Creator") or "")) or "Writer"
    title = _clean(info.title)
    lang = str(root.get("/Lang") or "") or None
    language = lang or info.language
    entries = {"/Title": title}
    if _clean(info.author):
        entries["/Author"] = _clean(info.author)
    if _clean(info.subject):
        entries["/Subject"] = _clean(info.subject)
    entries.update(
        {
            "/Creator": creator,
            "/Producer": producer,
            "/CreationDate": pdf_date(info.date),
            "/ModDate": pdf_date(info.date),
        }
    )
    info_dict = DictionaryObject({NameObject(k): create_string_object(v) for k, v in entries.items()})
    xmp = _xmp_packet(info, title, producer, creator, language, part, conformance)
    return _Metadata(info_dict, xmp, _icc_stamp(info.date), None if lang else info.language)


def _clean(text: str) -> str:
    """One line of text that is valid in XML and in a PDF text string."""
    return " ".join(_XML_INVALID.sub("", text or "").split())


def _pdfa_identification(root: DictionaryObject) -> tuple[str, str]:
    """PDF/A part and conformance from the export's XMP; refuses a non-PDF/A export."""
    metadata = root.get("/Metadata")
    raw = metadata.get_object().get_data() if metadata is not None else b""
    part = _XMP_PART.search(raw)
    conformance = _XMP_CONFORMANCE.search(raw)
    if not part or not conformance:
        raise PdfMetaError("LibreOffice skapade ingen PDF/A (pdfaid saknas i XMP)")
    return (part.group(1) or part.group(2)).decode(), (conformance.group(1) or conformance.group(2)).decode().upper()


def _icc_stamp(date: datetime.date) -> bytes:
    return date.year.to_bytes(2, "big") + date.month.to_bytes(2, "big") + date.day.to_bytes(2, "big") + bytes(6)


def _normalised_icc(icc: bytes, stamp: bytes) -> bytes:
    """The ICC profile with the job's date in its header (and its profile id updated if it has one)."""
    if len(icc) < 128 or icc[_ICC_DATE] == stamp:
        return icc
    patched = bytearray(icc)
    patched[_ICC_DATE] = stamp
    if any(patched[_ICC_PROFILE_ID]):
        zeroed = bytearray(patched)
        zeroed[44:48] = zeroed[64:68] = bytes(4)  # flags and rendering intent
        zeroed[_ICC_PROFILE_ID] = bytes(16)
        patched[_ICC_PROFILE_ID] = hashlib.md5(zeroed).digest()
    return bytes(patched)


def _icc_streams(root: DictionaryObject) -> list[IndirectObject]:
    refs = []
    for intent in root.get("/OutputIntents") or []:
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is not None:
            refs.append(profile)
    return refs


def _xmp_packet(
    info: DocInfo, title: str, producer: str, creator: str, language: str, part: str, conformance: str
) -> bytes:
    """An XMP packet that agrees with the Info dictionary (as PDF/A requires)."""
    date = xmp_date(info.date)
    author, subject = _clean(info.author), _clean(info.subject)
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
    lines = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
        f"   <pdfaid:part>{part}</pdfaid:part>",
        f"   <pdfaid:conformance>{conformance}</pdfaid:conformance>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        *dc,
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        f"   <pdf:Producer>{escape(producer)}</pdf:Producer>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        f"   <xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>",
        f"   <xmp:CreateDate>{date}</xmp:CreateDate>",
        f"   <xmp:ModifyDate>{date}</xmp:ModifyDate>",
        f"   <xmp:MetadataDate>{date}</xmp:MetadataDate>",
        "  </rdf:Description>",
        '  <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">',
        f"   <xmpMM:DocumentID>{_DOC_UUID_PLACEHOLDER}</xmpMM:DocumentID>",
        f"   <xmpMM:InstanceID>{_INSTANCE_UUID_PLACEHOLDER}</xmpMM:InstanceID>",
        "  </rdf:Description>",
        " </rdf:RDF>",
        "</x:xmpmeta>",
    ]
    padding = (" " * 99 + "\n") * 20  # room for in-place edits, as the XMP spec recommends
    return ("\n".join(lines) + "\n" + padding + '<?xpacket end="w"?>').encode("utf-8")


def _catalog(root: DictionaryObject, meta: _Metadata, viewer_prefs: DictionaryObject | None) -> DictionaryObject:
    """A copy of the catalog with /DisplayDocTitle (and /Lang when missing)."""
    catalog = DictionaryObject(root)
    if viewer_prefs is not None:
        catalog[NameObject("/ViewerPreferences")] = viewer_prefs
    if meta.catalog_lang:
        catalog[NameObject("/Lang")] = TextStringObject(meta.catalog_lang)
    return catalog


def _viewer_preferences(current: PdfObject | None) -> DictionaryObject:
    prefs = DictionaryObject(current.get_object()) if current is not None else DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    return prefs


# --- fast path: copy LibreOffice's objects, replace a few ------------------------------


def _rewrite_objects(data: bytes, reader: PdfReader, info: DocInfo) -> bytes:
    """Rewrite a single-revision, classic-xref PDF, replacing only the metadata objects."""
    offsets, xref_at = _xref_table(data)
    trailer = reader.trailer
    if "/Prev" in trailer or "/Encrypt" in trailer:
        raise _Unsupported
    root_ref = trailer.raw_get("/Root")
    info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
    if not isinstance(root_ref, IndirectObject) or not isinstance(info_ref, (IndirectObject, type(None))):
        raise _Unsupported
    meta = _metadata(reader, info)
    root = root_ref.get_object()
    size = int(trailer["/Size"])
    replaced: dict[int, bytes] = {}

    prefs_ref = root.raw_get("/ViewerPreferences") if "/ViewerPreferences" in root else None
    if isinstance(prefs_ref, IndirectObject):
        replaced[prefs_ref.idnum] = _serialize(_viewer_preferences(prefs_ref))
        catalog = _catalog(root, meta, None)
    else:
        catalog = _catalog(root, meta, _viewer_preferences(prefs_ref))
    replaced[root_ref.idnum] = _serialize(catalog)

    if info_ref is None:
        info_ref = IndirectObject(size, 0, reader)
        size += 1
    replaced[info_ref.idnum] = _serialize(meta.info)

    metadata_ref = root.raw_get("/Metadata")
    if not isinstance(metadata_ref, IndirectObject):
        raise _Unsupported
    xmp_dict = DictionaryObject(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    replaced[metadata_ref.idnum] = _stream_bytes(xmp_dict, meta.xmp, _length_ref(data, offsets, metadata_ref), replaced)

    for ref in _icc_streams(root):
        if not isinstance(ref, IndirectObject):
            raise _Unsupported
        stream = ref.get_object()
        icc = stream.get_data()
        patched = _normalised_icc(icc, meta.icc_stamp)
        if patched != icc:
            replaced[ref.idnum] = _reencoded_stream(stream, patched, _length_ref(data, offsets, ref), replaced)

    return _assemble(data, offsets, xref_at, replaced, size, root_ref.idnum, info_ref.idnum)


def _xref_table(data: bytes) -> tuple[dict[int, int], int]:
    """In-use object offsets (generation 0 only) and the xref position of a classic table."""
    tail = _STARTXREF.search(data[-1024:])
    if not tail or data.count(b"startxref") != 1:
        raise _Unsupported
    xref_at = int(tail.group(1))
    if data[xref_at : xref_at + 4] != b"xref":
        raise _Unsupported  # xref stream
    pos = xref_at + 4
    while data[pos : pos + 1] in (b"\r", b"\n", b" "):
        pos += 1
    offsets: dict[int, int] = {}
    while not data.startswith(b"trailer", pos):
        header = _XREF_SUBSECTION.match(data, pos)
        if not header:
            raise _Unsupported
        first, count = int(header.group(1)), int(header.group(2))
        pos = header.end()
        for k in range(count):
            entry = data[pos : pos + 20]
            if len(entry) != 20 or entry[17:18] not in (b"n", b"f"):
                raise _Unsupported
            if entry[17:18] == b"n":
                if int(entry[11:16]) != 0:
                    raise _Unsupported
                offsets[first + k] = int(entry[:10])
            pos += 20
    return offsets, xref_at


def _assemble(
    data: bytes, offsets: dict[int, int], xref_at: int, replaced: dict[int, bytes], size: int, root: int, info: int
) -> bytes:
    """The header, every object (copied or replaced) in file order, a new xref table and trailer."""
    order = sorted(offsets, key=offsets.get)
    if not order:
        raise _Unsupported
    ends = [offsets[n] for n in order[1:]] + [xref_at]
    out = io.BytesIO()
    out.write(data[: offsets[order[0]]])  # header and binary comment, as LibreOffice wrote them
    positions: dict[int, int] = {}
    for number, end in zip(order, ends):
        chunk = data[offsets[number] : end]
        if not _is_object(chunk, number):
            raise _Unsupported
        positions[number] = out.tell()
        if number in replaced:
            out.write(b"%d 0 obj\n%s\nendobj\n\n" % (number, replaced.pop(number)))
        else:
            out.write(chunk)
    for number in sorted(replaced):  # objects that did not exist before (a new Info)
        positions[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n\n" % (number, replaced[number]))
    size = max(size, max(positions, default=0) + 1)
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    free = [n for n in range(1, size) if n not in positions]
    next_free = dict(zip([0, *free], [*free, 0]))  # the free list is a linked list
    for n in range(size):
        if n in positions:
            out.write(b"%010d 00000 n \n" % positions[n])
        else:
            out.write(b"%010d %05d f \n" % (next_free[n], 65535 if n == 0 else 1))
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(size),
            NameObject("/Root"): IndirectObject(root, 0, None),
            NameObject("/Info"): IndirectObject(info, 0, None),
            NameObject("/ID"): ArrayObject([ByteStringObject(_ID_PLACEHOLDER), ByteStringObject(_ID_PLACEHOLDER)]),
        }
    )
    out.write(b"trailer\n" + _serialize(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _is_object(chunk: bytes, number: int) -> bool:
    """Whether `chunk` is exactly "N 0 obj ... endobj" (plus trailing white space)."""
    head = b"%d 0 obj" % number
    after = chunk[len(head) : len(head) + 1]
    return chunk.startswith(head) and after != b"" and after in b" \r\n<[(/" and chunk.rstrip().endswith(b"endobj")


def _serialize(obj: PdfObject) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _length_ref(data: bytes, offsets: dict[int, int], ref: IndirectObject) -> int | None:
    """The object number of a stream's indirect /Length (pypdf resolves it while reading)."""
    start = offsets.get(ref.idnum)
    if start is None:
        raise _Unsupported
    head = data[start : data.find(b"stream", start)]
    found = _INDIRECT_LENGTH.search(head)
    return int(found.group(1)) if found else None


def _stream_bytes(
    dictionary: DictionaryObject, encoded: bytes, length_ref: int | None, replaced: dict[int, bytes]
) -> bytes:
    """A stream object's body; an indirect /Length keeps its object, which gets the new length."""
    dictionary = DictionaryObject(dictionary)
    if length_ref is not None:
        dictionary[NameObject("/Length")] = IndirectObject(length_ref, 0, None)
        replaced[length_ref] = b"%d" % len(encoded)
    else:
        dictionary[NameObject("/Length")] = NumberObject(len(encoded))
    return _serialize(dictionary) + b"\nstream\n" + encoded + b"\nendstream"


def _reencoded_stream(stream: StreamObject, data: bytes, length_ref: int | None, replaced: dict[int, bytes]) -> bytes:
    """`stream` with new decoded `data`: Flate-compressed again, or raw if it was unfiltered."""
    filters = stream.get("/Filter")
    if "/DecodeParms" in stream:
        raise _Unsupported
    if filters is None:
        encoded = data
    elif filters in ("/FlateDecode", ["/FlateDecode"]):
        encoded = FlateDecode.encode(data)
    else:
        raise _Unsupported
    dictionary = DictionaryObject({k: v for k, v in stream.items() if k != "/Length"})
    return _stream_bytes(dictionary, encoded, length_ref, replaced)


# --- fallback: clone the whole document with pypdf -------------------------------------


def _rewrite_with_pypdf(reader: PdfReader, info: DocInfo) -> bytes:
    """Same result by cloning everything reachable from the catalog into a new file."""
    meta = _metadata(reader, info)
    writer = PdfWriter(clone_from=reader, keep_initial_header=True)
    root = writer.root_object
    root[NameObject("/ViewerPreferences")] = _viewer_preferences(root.get("/ViewerPreferences"))
    if meta.catalog_lang:
        root[NameObject("/Lang")] = TextStringObject(meta.catalog_lang)
    for ref in _icc_streams(root):
        stream = ref.get_object()
        icc = stream.get_data()
        patched = _normalised_icc(icc, meta.icc_stamp)
        if patched != icc:
            stream.set_data(patched)
    writer.metadata = meta.info
    current = root.get("/Metadata")
    if current is not None and "/Filter" in current.get_object():
        raise PdfMetaError("XMP-strömmen är komprimerad, vilket PDF/A inte tillåter")
    writer.xmp_metadata = meta.xmp
    stream = root["/Metadata"].get_object()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer._ID = ArrayObject([ByteStringObject(_ID_PLACEHOLDER), ByteStringObject(_ID_PLACEHOLDER)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- identifiers -------------------------------------------------------------------------


def _fill_identifiers(data: bytes) -> bytes:
    """Replace the placeholders by values derived from a SHA-256 of the file."""
    digest = hashlib.sha256(data).digest()
    replacements = [
        (_ID_PLACEHOLDER.hex().encode(), digest[:16].hex().encode(), 2),
        (_DOC_UUID_PLACEHOLDER.encode(), _uuid(digest, b"document"), 1),
        (_INSTANCE_UUID_PLACEHOLDER.encode(), _uuid(digest, b"instance"), 1),
    ]
    for old, new, expected in replacements:
        if data.count(old) != expected or len(old) != len(new):
            raise PdfMetaError("identifierare kunde inte fyllas i")
        data = data.replace(old, new)
    return data


def _uuid(digest: bytes, purpose: bytes) -> bytes:
    """A stable, version-5-style UUID URN derived from the content digest."""
    raw = hashlib.sha256(purpose + digest).digest()[:16]
    return f"uuid:{uuid.UUID(bytes=raw, version=5)}".encode()
