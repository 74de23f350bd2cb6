"""The running "Sida X av Y" of the board's papers, stamped where a page has no text.

Every part of the packet keeps its own header and footer (the statement's "Sida 1 (3)"
included), so the packet's page number must find room beside them. A small scanner
follows each page's content stream (text matrices, fonts and their widths, the
graphics state, form XObjects) and boxes every piece of text and every image; the
stamp goes to the first of a few spots near the page's edge (bottom right first) that
overlaps none of them. pypdf's own text extraction could tell the same, but takes ten
times as long (60 ms against 5 ms a page), which a 150-page packet would feel.

The stamp is a small content stream in Helvetica, marked as a pagination artifact so
that the packet's structure tree (what a screen reader reads) does not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

FONT_NAME = "/IopdocsStamp"
FONT_SIZE = 8.0
GAP = 2.0  # points of clear space around the stamp
# Helvetica's advance widths (per 1000 em) of the characters a stamp uses.
_WIDTHS = {" ": 278, "S": 667, "i": 222, "d": 556, "a": 556, "v": 500, **{str(n): 556 for n in range(10)}}
_EDGE_DISTANCES = (20.0, 14.0, 26.0, 32.0, 10.0)  # baseline's distance from the page edge
_SIDE_MARGIN = 57.0  # 2 cm: the stamp's distance from the left/right edge


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: "Box") -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        return w * h if w > 0 and h > 0 else 0.0

    def grown(self, by: float) -> "Box":
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)


@dataclass(frozen=True)
class Spot:
    """Where a stamp goes, in display coordinates (origin at the shown page's lower left)."""

    x: float  # left end of the baseline
    y: float  # baseline
    top: bool  # in the top margin (a header) rather than the bottom one
    overlap: float = 0.0  # text area covered; 0 unless the page had no free spot

    def box(self, width: float) -> Box:
        return Box(self.x, self.y - 0.22 * FONT_SIZE, self.x + width, self.y + 0.75 * FONT_SIZE)


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return sum(_WIDTHS.get(ch, 600) for ch in text) * size / 1000


class _Geometry:
    """A page's visible area and the map from user space to display coordinates."""

    def __init__(self, page: PageObject):
        box = page.cropbox
        self.llx, self.lly = float(box.left), float(box.bottom)
        self.urx, self.ury = float(box.right), float(box.top)
        self.rotate = int(page.get("/Rotate", 0) or 0) % 360
        w, h = self.urx - self.llx, self.ury - self.lly
        self.width, self.height = (h, w) if self.rotate in (90, 270) else (w, h)

    def to_display(self, x: float, y: float) -> tuple[float, float]:
        if self.rotate == 90:
            return y - self.lly, self.urx - x
        if self.rotate == 180:
            return self.urx - x, self.ury - y
        if self.rotate == 270:
            return self.ury - y, x - self.llx
        return x - self.llx, y - self.lly

    def text_matrix(self, x: float, y: float) -> tuple[float, ...]:
        """Tm that writes horizontal text (as displayed) starting at display point (x, y)."""
        if self.rotate == 90:
            return (0, 1, -1, 0, self.urx - y, self.lly + x)
        if self.rotate == 180:
            return (-1, 0, 0, -1, self.urx - x, self.ury - y)
        if self.rotate == 270:
            return (0, -1, 1, 0, self.llx + y, self.ury - x)
        return (1, 0, 0, 1, self.llx + x, self.lly + y)

    def display_box(self, corners: Iterable[tuple[float, float]]) -> Box:
        points = [self.to_display(x, y) for x, y in corners]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return Box(min(xs), min(ys), max(xs), max(ys))


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def obstacles(page: PageObject) -> list[Box]:
    """Boxes (display coordinates) around every piece of text and every image on `page`."""
    geometry = _Geometry(page)
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        boxes = _Scanner(page.get("/Resources")).scan(data)
    except Exception:  # an unreadable stream: fall back to pypdf's (slower) text extraction
        boxes = _boxes_by_pypdf(page)
    return [geometry.display_box(corners) for corners in boxes]


# Content-stream tokens: whitespace and comments, strings, arrays and dicts, names,
# numbers, and operators. Literal strings are matched up to two levels of nesting;
# deeper ones fall back to pypdf.
_TOKEN = re.compile(
    rb"""(?P<skip>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
    |(?P<lit>\((?:\\.|[^\\()]|\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\))*\))
    |(?P<hex><[0-9A-Fa-f\s]*>)
    |(?P<open>\[|<<)|(?P<close>\]|>>)
    |(?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
    |(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
    |(?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
_MAX_FORM_DEPTH = 4


class _Hex(bytes):
    pass


def _literal(token: bytes) -> bytes:
    body = token[1:-1]
    if b"\\" not in body:
        return body
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: _ESCAPES.get(m.group(1), bytes([int(m.group(1), 8) & 255])
                  if m.group(1)[:1].isdigit() else m.group(1)), body, flags=re.DOTALL)


class _Font:
    """Enough of a font to measure a string: bytes per code and advance widths."""

    def __init__(self, font: DictionaryObject | None):
        self.two_bytes = False
        self.widths: dict[int, float] = {}
        self.default = 500.0
        self.scale = 1.0
        if font is None:
            return
        subtype = font.get("/Subtype")
        if subtype == "/Type0":
            self.two_bytes = True
            descendants = font.get("/DescendantFonts")
            cid = descendants.get_object()[0].get_object() if descendants else {}
            self.default = float(cid.get("/DW", 1000))
            w = cid.get("/W")
            w = list(w.get_object()) if w is not None else []
            i = 0
            while i < len(w):
                first = int(w[i])
                nxt = w[i + 1].get_object() if i + 1 < len(w) else None
                if isinstance(nxt, ArrayObject):
                    for k, width in enumerate(nxt):
                        self.widths[first + k] = float(width)
                    i += 2
                else:
                    last, width = int(nxt), float(w[i + 2])
                    for code in range(first, min(last, first + 65535) + 1):
                        self.widths[code] = width
                    i += 3
            return
        widths = font.get("/Widths")
        first = int(font.get("/FirstChar", 0) or 0)
        if widths is not None:
            for k, width in enumerate(widths.get_object()):
                self.widths[first + k] = float(width)
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            self.default = float(descriptor.get_object().get("/MissingWidth", 0) or 0) or 500.0
        if subtype == "/Type3":
            matrix = font.get("/FontMatrix")
            self.scale = float(matrix[0]) * 1000 if matrix else 1.0
            self.default = 600.0 / self.scale if self.scale else 600.0
        elif widths is None:
            self.default = 600.0  # a standard 14 font without /Widths: be generous

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [data[i] << 8 | (data[i + 1] if i + 1 < len(data) else 0) for i in range(0, len(data), 2)]
        return list(data)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default) * self.scale / 1000


class _Scanner:
    """Follows a content stream's text and graphics state far enough to place its text."""

    def __init__(self, resources, depth: int = 0):
        resources = resources.get_object() if resources is not None else None
        self.resources = resources if isinstance(resources, DictionaryObject) else DictionaryObject()
        self.depth = depth
        self.fonts: dict[str, _Font] = {}
        self.boxes: list[list[tuple[float, float]]] = []

    def font(self, name: str) -> _Font:
        if name not in self.fonts:
            fonts = self.resources.get("/Font")
            font = fonts.get_object().get(name) if fonts is not None else None
            self.fonts[name] = _Font(font.get_object() if font is not None else None)
        return self.fonts[name]

    def scan(self, data: bytes, ctm: list[float] | None = None) -> list[list[tuple[float, float]]]:
        ctm = list(ctm or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
        stack: list[list[float]] = []
        tm = lm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        font, size, leading, char_sp, word_sp, scale, rise = _Font(None), 0.0, 0.0, 0.0, 0.0, 1.0, 0.0
        operands: list = []
        nested: list[list] = []
        pos, end = 0, len(data)
        while pos < end:
            match = _TOKEN.match(data, pos)
            if match is None:
                if data[pos:pos + 1] == b"(":
                    raise ValueError("deeply nested string")
                pos += 1  # a stray byte: skip it
                continue
            pos = match.end()
            kind = match.lastgroup
            token = match.group(kind)
            if kind == "skip":
                continue
            if kind == "open":
                nested.append([])
                continue
            if kind == "close":
                value = nested.pop() if nested else []
                (nested[-1] if nested else operands).append(value)
                continue
            if kind == "op":
                if nested:  # e.g. true/false/null inside an array or dict
                    nested[-1].append(token)
                    continue
                op = token
                if op == b"BI":  # inline image: skip its data up to EI
                    eimatch = re.compile(rb"\sEI(?=[\s]|$)").search(data, pos)
                    pos = eimatch.end() if eimatch else end
                    self.boxes.append(_unit_square(ctm))
                    operands = []
                    continue
                try:
                    if op == b"q":
                        stack.append(ctm)
                    elif op == b"Q":
                        ctm = stack.pop() if stack else ctm
                    elif op == b"cm" and len(operands) >= 6:
                        ctm = _multiply([float(v) for v in operands[-6:]], ctm)
                    elif op == b"BT":
                        tm = lm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                    elif op == b"Tf" and len(operands) >= 2:
                        font, size = self.font(str(operands[-2], "latin-1")), float(operands[-1])
                    elif op == b"Tm" and len(operands) >= 6:
                        tm = lm = [float(v) for v in operands[-6:]]
                    elif op in (b"Td", b"TD") and len(operands) >= 2:
                        tx, ty = float(operands[-2]), float(operands[-1])
                        if op == b"TD":
                            leading = -ty
                        tm = lm = _multiply([1.0, 0.0, 0.0, 1.0, tx, ty], lm)
                    elif op == b"T*":
                        tm = lm = _multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], lm)
                    elif op == b"TL" and operands:
                        leading = float(operands[-1])
                    elif op == b"Tc" and operands:
                        char_sp = float(operands[-1])
                    elif op == b"Tw" and operands:
                        word_sp = float(operands[-1])
                    elif op == b"Tz" and operands:
                        scale = float(operands[-1]) / 100
                    elif op == b"Ts" and operands:
                        rise = float(operands[-1])
                    elif op in (b"Tj", b"'", b'"', b"TJ") and operands:
                        if op in (b"'", b'"'):
                            if op == b'"' and len(operands) >= 3:
                                word_sp, char_sp = float(operands[-3]), float(operands[-2])
                            tm = lm = _multiply([1.0, 0.0, 0.0, 1.0, 0.0, -leading], lm)
                        items = operands[-1] if op == b"TJ" else [operands[-1]]
                        advance = 0.0
                        for item in items if isinstance(items, list) else []:
                            if isinstance(item, bytes):
                                for code in font.codes(item):
                                    advance += (font.width(code) * size + char_sp
                                                + (word_sp if code == 32 and not font.two_bytes else 0)) * scale
                            else:
                                advance -= float(item) / 1000 * size * scale
                        if size:
                            m = _multiply(tm, ctm)
                            low, high = rise - 0.3 * size, rise + 1.0 * size
                            left, right = min(0.0, advance), max(0.0, advance)
                            self.boxes.append([_apply(m, left, low), _apply(m, right, low),
                                               _apply(m, left, high), _apply(m, right, high)])
                        tm = _multiply([1.0, 0.0, 0.0, 1.0, advance, 0.0], tm)
                    elif op == b"Do" and operands:
                        self.draw(str(operands[-1], "latin-1"), ctm)
                except (TypeError, ValueError, IndexError):
                    pass  # a malformed operator: ignore it, as viewers do
                operands = []
                continue
            if kind == "num":
                value = float(token)
            elif kind == "lit":
                value = _literal(token)
            elif kind == "hex":
                digits = re.sub(rb"\s", b"", token[1:-1])
                value = _Hex(bytes.fromhex(str(digits + b"0" * (len(digits) % 2), "ascii")))
            else:
                value = token
            (nested[-1] if nested else operands).append(value)
        return self.boxes

    def draw(self, name: str, ctm: list[float]) -> None:
        xobjects = self.resources.get("/XObject")
        xobject = xobjects.get_object().get(name) if xobjects is not None else None
        xobject = xobject.get_object() if xobject is not None else None
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Form" and self.depth < _MAX_FORM_DEPTH:
            matrix = xobject.get("/Matrix")
            inner = _multiply([float(v) for v in matrix], ctm) if matrix else ctm
            scanner = _Scanner(xobject.get("/Resources") or self.resources, self.depth + 1)
            self.boxes.extend(scanner.scan(xobject.get_data(), inner))
        else:
            self.boxes.append(_unit_square(ctm))


def _unit_square(ctm: list[float]) -> list[tuple[float, float]]:
    return [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]


def _boxes_by_pypdf(page: PageObject) -> list[list[tuple[float, float]]]:
    boxes: list[list[tuple[float, float]]] = []

    def on_text(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if not text or not text.strip():
            return
        m = _multiply([float(v) for v in tm], [float(v) for v in cm])
        size = float(size or 0) or 10.0
        width = len(text.rstrip()) * 0.6 * size
        boxes.append([_apply(m, x, y) for x, y in ((0, -0.3 * size), (width, -0.3 * size), (0, size), (width, size))])

    def on_operator(operator: bytes, _args: list, cm: list, _tm: list) -> None:
        if operator == b"Do":
            boxes.append(_unit_square([float(v) for v in cm]))

    try:
        page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    except Exception:
        pass
    return boxes


def find_spot(page: PageObject, text: str) -> Spot:
    """The first free spot for `text` near the page's edge, bottom right first."""
    geometry = _Geometry(page)
    blocked = [b.grown(GAP) for b in obstacles(page)]
    width = text_width(text)
    best: Spot | None = None
    for anchor in ("bottom-right", "bottom-center", "top-right", "bottom-left", "top-left", "top-center"):
        for distance in _EDGE_DISTANCES:
            spot = _candidate(anchor, distance, width, geometry)
            covered = sum(spot.box(width).overlap(b) for b in blocked)
            if covered == 0:
                return spot
            if best is None or covered < best.overlap:
                best = Spot(spot.x, spot.y, spot.top, covered)
    assert best is not None
    return best


def _candidate(anchor: str, distance: float, width: float, geometry: _Geometry) -> Spot:
    vertical, horizontal = anchor.split("-")
    top = vertical == "top"
    y = geometry.height - distance - 0.75 * FONT_SIZE if top else distance
    if horizontal == "right":
        x = geometry.width - _SIDE_MARGIN - width
    elif horizontal == "left":
        x = _SIDE_MARGIN
    else:
        x = (geometry.width - width) / 2
    return Spot(round(x, 2), round(y, 2), top)


class Stamper:
    """Stamps pages of one writer; shares the font and the opening `q` between pages."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        self.font = writer._add_object(font)
        opening = DecodedStreamObject()
        opening.set_data(b"q\n")
        self.opening = writer._add_object(opening)

    def stamp(self, page: PageObject, text: str, spot: Spot) -> None:
        geometry = _Geometry(page)
        self._add_font(page)
        matrix = " ".join(_number(v) for v in geometry.text_matrix(spot.x, spot.y))
        subtype = "/Header" if spot.top else "/Footer"
        literal = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = (
            f"Q\n/Artifact <</Type /Pagination /Subtype {subtype}>> BDC\n"
            f"q BT {FONT_NAME} {_number(FONT_SIZE)} Tf 0.2 0.2 0.2 rg {matrix} Tm ({literal}) Tj ET Q\nEMC\n"
        ).encode("latin-1")
        closing = DecodedStreamObject()
        closing.set_data(content)
        closing_ref = self.writer._add_object(closing)
        contents = page.get("/Contents")
        parts: list = []
        if contents is not None:
            resolved = contents.get_object()
            parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([self.opening, *parts, closing_ref])

    def _add_font(self, page: PageObject) -> None:
        resources = page.get("/Resources")
        if resources is None:
            resources = DictionaryObject()
            page[NameObject("/Resources")] = resources
        resources = resources.get_object()
        fonts = resources.get("/Font")
        if fonts is None:
            fonts = DictionaryObject()
            resources[NameObject("/Font")] = fonts
        fonts = fonts.get_object()
        if fonts.get(FONT_NAME) != self.font:
            fonts[NameObject(FONT_NAME)] = self.font


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


__all__ = ["Box", "Spot", "Stamper", "find_spot", "obstacles", "text_width"]
