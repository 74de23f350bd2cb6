"""Make LibreOffice's PDF/A output reproducible and give it the job's metadata.

LibreOffice stamps every export with the clock: /CreationDate, xmp:CreateDate,
the creation date in the header of the embedded sRGB ICC profile, the trailer
/ID and a /DocChecksum. `finalize` rewrites a fresh export so that each such
value comes from the job (title, date, ...) or from a hash of the content: the
same .docx always gives the same bytes.

Only a handful of objects change: the catalog (/ViewerPreferences
/DisplayDocTitle, /Lang if missing), the Info dictionary, the XMP stream (rebuilt
by xmp.py so that it agrees with Info, as PDF/A requires) and the ICC profile.
The fast path copies every other object byte for byte from LibreOffice's file
(objects.py: a classic xref table, one revision) and writes a new xref table
and trailer; anything else falls back to a full clone with pypdf, which keeps
everything reachable from the catalog (/StructTreeRoot, /MarkInfo, /Lang,
/OutputIntents, ...). The identifiers are filled in last from a SHA-256 of the
written bytes.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import uuid
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    TextStringObject,
    create_string_object,
)

from . import xmp
from .objects import (
    Unsupported,
    assemble,
    indirect_length,
    reencoded_stream,
    serialize,
    stream_bytes,
    xref_table,
)
from .xmp import DOC_UUID_PLACEHOLDER, INSTANCE_UUID_PLACEHOLDER, clean, xmp_date

__all__ = ["DocumentMeta", "PdfMetaError", "finalize", "pdf_date", "xmp_date"]

# Written first as the trailer /ID and replaced by a hash-derived value of the same length.
_ID_PLACEHOLDER = bytes.fromhex("1f0c2b7e9d4a46e3b0c5a8f1e2d3c4b5")

_ICC_DATE = slice(24, 36)  # dateTimeNumber in the ICC profile header
_ICC_PROFILE_ID = slice(84, 100)  # MD5 profile id; all zero means "not computed"


class PdfMetaError(Exception):
    """The exported file cannot be finalised (unreadable, or not PDF/A)."""


@dataclass(frozen=True)
class DocumentMeta:
    """What a generated document says about itself: one value carried from rendering (the
    .docx's docProps/core.xml) to the finished PDF (its Info dictionary and XMP)."""

    title: str
    date: datetime.date  # the case's date: created/modified in the .docx, the PDF's dates
    subject: str = ""  # e.g. the dnr
    author: str = ""  # the administration (dc:creator, /Author)
    keywords: str = ""  # the .docx only
    description: str = ""  # the .docx only
    language: str = "sv-SE"  # the PDF uses it only when the .docx sets no language


def finalize(data: bytes, info: DocumentMeta) -> bytes:
    """Return `data` (a LibreOffice PDF/A export) with reproducible, job-derived metadata."""
    reader = read_pdf(data)
    try:
        written = _rewrite_objects(data, reader, info)
    except Unsupported:
        written = rewrite_with_pypdf(reader, info)
    return fill_identifiers(written)


def pdf_date(date: datetime.date) -> str:
    """The PDF date string for midnight UTC of `date`."""
    return f"D:{date:%Y%m%d}000000Z"



def read_pdf(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        reader.trailer["/Root"].get_object()
    except Exception as exc:  # pypdf raises many types for broken files; its words are English
        raise PdfMetaError("PDF-filen kunde inte läsas (den är trasig eller ofullständig)") from exc
    return reader


# --- what changes ----------------------------------------------------------------------


@dataclass
class _Metadata:
    """The new metadata of one document, independent of how the file is written."""

    info: DictionaryObject
    xmp: bytes
    icc_stamp: bytes
    catalog_lang: str | None  # set /Lang to this when the export has none


def _metadata(reader: PdfReader, info: DocumentMeta) -> _Metadata:
    root = reader.trailer["/Root"].get_object()
    part, conformance = _pdfa_identification(root)
    old_info = reader.metadata or {}
    producer = clean(str(old_info.get("/Producer") or "")) or "LibreOffice"
    creator = clean(str(old_info.get("/Creator") or "")) or "Writer"
    title, author, subject = clean(info.title), clean(info.author), clean(info.subject)
    lang = str(root.get("/Lang") or "") or None
    language = lang or info.language
    entries = {"/Title": title}
    if author:
        entries["/Author"] = author
    if subject:
        entries["/Subject"] = subject
    entries.update(
        {
            "/Creator": creator,
            "/Producer": producer,
            "/CreationDate": pdf_date(info.date),
            "/ModDate": pdf_date(info.date),
        }
    )
    info_dict = DictionaryObject({NameObject(k): create_string_object(v) for k, v in entries.items()})
    packet = xmp.packet(
        title=title,
        author=author,
        subject=subject,
        language=language,
        producer=producer,
        creator=creator,
        date=info.date,
        part=part,
        conformance=conformance,
    )
    return _Metadata(info_dict, packet, _icc_stamp(info.date), None if lang else info.language)


def _pdfa_identification(root: DictionaryObject) -> tuple[str, str]:
    """PDF/A part and conformance from the export's XMP; refuses a non-PDF/A export."""
    metadata = root.get("/Metadata")
    raw = metadata.get_object().get_data() if metadata is not None else b""
    identification = xmp.pdfa_identification(raw)
    if identification is None:
        raise PdfMetaError("LibreOffice skapade ingen PDF/A (pdfaid saknas i XMP)")
    return identification


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


def _rewrite_objects(data: bytes, reader: PdfReader, info: DocumentMeta) -> bytes:
    """Rewrite a single-revision, classic-xref PDF, replacing only the metadata objects."""
    offsets, xref_at = xref_table(data)
    trailer = reader.trailer
    if "/Prev" in trailer or "/Encrypt" in trailer:
        raise Unsupported
    root_ref = trailer.raw_get("/Root")
    info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
    if not isinstance(root_ref, IndirectObject) or not isinstance(info_ref, (IndirectObject, type(None))):
        raise Unsupported
    meta = _metadata(reader, info)
    root = root_ref.get_object()
    size = int(trailer["/Size"])
    replaced: dict[int, bytes] = {}

    prefs_ref = root.raw_get("/ViewerPreferences") if "/ViewerPreferences" in root else None
    if isinstance(prefs_ref, IndirectObject):
        replaced[prefs_ref.idnum] = serialize(_viewer_preferences(prefs_ref))
        catalog = _catalog(root, meta, None)
    else:
        catalog = _catalog(root, meta, _viewer_preferences(prefs_ref))
    replaced[root_ref.idnum] = serialize(catalog)

    if info_ref is None:
        info_ref = IndirectObject(size, 0, reader)
        size += 1
    replaced[info_ref.idnum] = serialize(meta.info)

    _replace_streams(data, offsets, root, meta, replaced)
    return assemble(data, offsets, xref_at, replaced, size, root_ref.idnum, info_ref.idnum, _ID_PLACEHOLDER)


def _replace_streams(
    data: bytes, offsets: dict[int, int], root: DictionaryObject, meta: _Metadata, replaced: dict[int, bytes]
) -> None:
    """Add the new XMP stream and each ICC profile that changes to `replaced`."""
    metadata_ref = root.raw_get("/Metadata")
    if not isinstance(metadata_ref, IndirectObject):
        raise Unsupported
    xmp_dict = DictionaryObject(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    length = indirect_length(data, offsets, metadata_ref)
    replaced[metadata_ref.idnum] = stream_bytes(xmp_dict, meta.xmp, length, replaced)

    for ref in _icc_streams(root):
        if not isinstance(ref, IndirectObject):
            raise Unsupported
        stream = ref.get_object()
        icc = stream.get_data()
        patched = _normalised_icc(icc, meta.icc_stamp)
        if patched != icc:
            replaced[ref.idnum] = reencoded_stream(stream, patched, indirect_length(data, offsets, ref), replaced)


# --- fallback: clone the whole document with pypdf -------------------------------------


def rewrite_with_pypdf(reader: PdfReader, info: DocumentMeta) -> bytes:
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


def fill_identifiers(data: bytes) -> bytes:
    """Replace the placeholders by values derived from a SHA-256 of the file."""
    digest = hashlib.sha256(data).digest()
    replacements = [
        (_ID_PLACEHOLDER.hex().encode(), digest[:16].hex().encode(), 2),
        (DOC_UUID_PLACEHOLDER.encode(), _uuid(digest, b"document"), 1),
        (INSTANCE_UUID_PLACEHOLDER.encode(), _uuid(digest, b"instance"), 1),
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
