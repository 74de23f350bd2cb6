"""The running "Sida X av Y" of the board's papers, stamped where a page has no text.

Every part of the packet keeps its own header and footer (the statement's "Sida 1 (3)"
included), so the packet's page number must find room beside them. pypdf's text
extraction reports where each piece of text starts and in which matrix; from that,
each piece gets a generous box, and the stamp goes to the first of a few spots near
the page's edge (bottom right first) that overlaps none of them, nor any image.

The stamp is a small content stream in Helvetica, marked as a pagination artifact so
that the packet's structure tree (what a screen reader reads) does not change.
"""

from __future__ import annotations

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
_SIDE_MARGIN = 42.0  # stamp's distance from the left/right edge


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
    boxes: list[Box] = []

    def on_text(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if not text or not text.strip():
            return
        m = _multiply([float(v) for v in tm], [float(v) for v in cm])
        size = float(size or 0) or 10.0
        # A generous box: 0.6 em per character covers bold and wide faces.
        width = len(text.rstrip()) * 0.6 * size
        corners = [(0, -0.3 * size), (width, -0.3 * size), (0, 1.0 * size), (width, 1.0 * size)]
        boxes.append(geometry.display_box(_apply(m, x, y) for x, y in corners))

    def on_operator(operator: bytes, _args: list, cm: list, _tm: list) -> None:
        if operator == b"Do":  # an image or form: the unit square in the current matrix
            m = [float(v) for v in cm]
            boxes.append(geometry.display_box(_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))))

    try:
        page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    except Exception:  # a page pypdf cannot parse: stamp the default spot
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
