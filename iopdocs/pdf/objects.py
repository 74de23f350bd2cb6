"""Rewrite a PDF at the byte level: copy every object as it is, replace a few.

This works on the simple layout LibreOffice writes: one revision, a classic xref
table, generation-0 objects laid out one after another. The header and every
object that is not replaced are copied byte for byte; a new xref table and
trailer follow. A file laid out any other way raises `Unsupported`, and the
caller takes another road (meta.py clones it with pypdf).
"""

from __future__ import annotations

import io
import re

from pypdf.filters import FlateDecode
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
)

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")
_INDIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)\s+0\s+R")


class Unsupported(Exception):
    """The file is not laid out as the byte-level rewrite expects."""


def xref_table(data: bytes) -> tuple[dict[int, int], int]:
    """In-use object offsets (generation 0 only) and the xref position of a classic table."""
    tail = _STARTXREF.search(data[-1024:])
    if not tail or data.count(b"startxref") != 1:
        raise Unsupported
    xref_at = int(tail.group(1))
    if data[xref_at : xref_at + 4] != b"xref":
        raise Unsupported  # xref stream
    pos = xref_at + 4
    while data[pos : pos + 1] in (b"\r", b"\n", b" "):
        pos += 1
    offsets: dict[int, int] = {}
    while not data.startswith(b"trailer", pos):
        header = _XREF_SUBSECTION.match(data, pos)
        if not header:
            raise Unsupported
        first, count = int(header.group(1)), int(header.group(2))
        pos = header.end()
        for k in range(count):
            entry = data[pos : pos + 20]
            if len(entry) != 20 or entry[17:18] not in (b"n", b"f"):
                raise Unsupported
            if entry[17:18] == b"n":
                if int(entry[11:16]) != 0:
                    raise Unsupported
                offsets[first + k] = int(entry[:10])
            pos += 20
    return offsets, xref_at


def assemble(
    data: bytes,
    offsets: dict[int, int],
    xref_at: int,
    replaced: dict[int, bytes],
    size: int,
    root: int,
    info: int,
    file_id: bytes,
) -> bytes:
    """The header, every object (copied or replaced) in file order, a new xref table and trailer."""
    order = sorted(offsets, key=offsets.get)
    if not order:
        raise Unsupported
    ends = [offsets[n] for n in order[1:]] + [xref_at]
    out = io.BytesIO()
    out.write(data[: offsets[order[0]]])  # header and binary comment, as LibreOffice wrote them
    positions: dict[int, int] = {}
    for number, end in zip(order, ends):
        chunk = data[offsets[number] : end]
        if not _is_object(chunk, number):
            raise Unsupported
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
    _write_xref(out, positions, size)
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(size),
            NameObject("/Root"): IndirectObject(root, 0, None),
            NameObject("/Info"): IndirectObject(info, 0, None),
            NameObject("/ID"): ArrayObject([ByteStringObject(file_id), ByteStringObject(file_id)]),
        }
    )
    out.write(b"trailer\n" + serialize(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _write_xref(out: io.BytesIO, positions: dict[int, int], size: int) -> None:
    """A classic xref table of one subsection; the free entries form the free list."""
    out.write(b"xref\n0 %d\n" % size)
    free = [n for n in range(1, size) if n not in positions]
    next_free = dict(zip([0, *free], [*free, 0]))  # the free list is a linked list
    for n in range(size):
        if n in positions:
            out.write(b"%010d 00000 n \n" % positions[n])
        else:
            out.write(b"%010d %05d f \n" % (next_free[n], 65535 if n == 0 else 1))


def _is_object(chunk: bytes, number: int) -> bool:
    """Whether `chunk` is exactly "N 0 obj ... endobj" (plus trailing white space)."""
    head = b"%d 0 obj" % number
    after = chunk[len(head) : len(head) + 1]
    return chunk.startswith(head) and after != b"" and after in b" \r\n<[(/" and chunk.rstrip().endswith(b"endobj")


def serialize(obj: PdfObject) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def indirect_length(data: bytes, offsets: dict[int, int], ref: IndirectObject) -> int | None:
    """The object number of a stream's indirect /Length (pypdf resolves it while reading)."""
    start = offsets.get(ref.idnum)
    if start is None:
        raise Unsupported
    head = data[start : data.find(b"stream", start)]
    found = _INDIRECT_LENGTH.search(head)
    return int(found.group(1)) if found else None


def stream_bytes(
    dictionary: DictionaryObject, encoded: bytes, length_ref: int | None, replaced: dict[int, bytes]
) -> bytes:
    """A stream object's body; an indirect /Length keeps its object, which gets the new length."""
    dictionary = DictionaryObject(dictionary)
    if length_ref is not None:
        dictionary[NameObject("/Length")] = IndirectObject(length_ref, 0, None)
        replaced[length_ref] = b"%d" % len(encoded)
    else:
        dictionary[NameObject("/Length")] = NumberObject(len(encoded))
    return serialize(dictionary) + b"\nstream\n" + encoded + b"\nendstream"


def reencoded_stream(stream: StreamObject, data: bytes, length_ref: int | None, replaced: dict[int, bytes]) -> bytes:
    """`stream` with new decoded `data`: Flate-compressed again, or raw if it was unfiltered."""
    filters = stream.get("/Filter")
    if "/DecodeParms" in stream:
        raise Unsupported
    if filters is None:
        encoded = data
    elif filters in ("/FlateDecode", ["/FlateDecode"]):
        encoded = FlateDecode.encode(data)
    else:
        raise Unsupported
    dictionary = DictionaryObject({k: v for k, v in stream.items() if k != "/Length"})
    return stream_bytes(dictionary, encoded, length_ref, replaced)


def add_indirect(writer, obj: PdfObject) -> IndirectObject:
    """`obj` added to `writer` as a new indirect object, and the reference to it.

    pypdf has no public call for this (PdfWriter._add_object is private, pypdf 5–7); every
    use in iopdocs goes through here, so a pypdf that renames it is one line to follow.
    """
    return writer._add_object(obj)
