"""The running "Sida X av Y" of the board's papers, stamped where a page has no text.

Every part of the packet keeps its own header and footer (the statement's "Sida 1 (3)"
included), so the packet's page number must find room beside them. pagecontent.py boxes
every piece of text and every image on a page; the stamp goes to the first of a few
spots near the page's edge (bottom right first) that overlaps none of them.

An attachment's first page also gets its "Bilaga N" mark, in bold at the top right (the
Swedish boards' place for it), found the same way. Both are small content streams in
Helvetica, marked as pagination artifacts so that the packet's structure tree (what a
screen reader reads) does not change.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PageObject, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from .objects import add_indirect
from .pagecontent import obstacles
from .pagegeometry import Box, PageGeometry

FONT_NAME = "/IopdocsStamp"
BOLD_FONT_NAME = "/IopdocsStampBold"
FONT_SIZE = 8.0
MARK_SIZE = 10.0  # "Bilaga N"
GAP = 2.0  # points of clear space around the stamp
# Helvetica's and Helvetica-Bold's advance widths (per 1000 em) of the characters stamps use.
_WIDTHS = {" ": 278, "S": 667, "B": 667, "i": 222, "l": 222, "d": 556, "a": 556, "g": 556, "v": 500,
           **{str(n): 556 for n in range(10)}}
_BOLD_WIDTHS = {**_WIDTHS, "S": 667, "B": 722, "i": 278, "l": 278, "d": 611, "g": 611, "v": 556}
PAGE_PLACES = ("bottom-right", "bottom-center", "top-right", "bottom-left", "top-left", "top-center")
MARK_PLACES = ("top-right", "top-center", "top-left", "bottom-left", "bottom-center")
_EDGE_DISTANCES = (20.0, 14.0, 26.0, 32.0, 10.0)  # baseline's distance from the page edge
_SIDE_MARGIN = 57.0  # 2 cm: the stamp's distance from the left/right edge


@dataclass(frozen=True)
class Spot:
    """Where a stamp goes, in display coordinates (origin at the shown page's lower left)."""

    x: float  # left end of the baseline
    y: float  # baseline
    top: bool  # in the top margin (a header) rather than the bottom one
    overlap: float = 0.0  # text area covered; 0 unless the page had no free spot
    size: float = FONT_SIZE

    def box(self, width: float) -> Box:
        return Box(self.x, self.y - 0.22 * self.size, self.x + width, self.y + 0.75 * self.size)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    widths = _BOLD_WIDTHS if bold else _WIDTHS
    return sum(widths.get(ch, 600) for ch in text) * size / 1000


def find_spot(page: PageObject, text: str, places: tuple[str, ...] = PAGE_PLACES, size: float = FONT_SIZE,
              bold: bool = False) -> Spot:
    """The first free spot for `text` near the page's edge, in the order of `places`
    (the page number's: bottom right first)."""
    geometry = PageGeometry(page)
    blocked = [b.grown(GAP) for b in obstacles(page)]
    width = text_width(text, size, bold)
    best: Spot | None = None
    for anchor in places:
        for distance in _EDGE_DISTANCES:
            spot = _candidate(anchor, distance, width, geometry, size)
            covered = sum(spot.box(width).overlap(b) for b in blocked)
            if covered == 0:
                return spot
            if best is None or covered < best.overlap:
                best = Spot(spot.x, spot.y, spot.top, covered, size)
    assert best is not None
    return best


def _candidate(anchor: str, distance: float, width: float, geometry: PageGeometry, size: float) -> Spot:
    vertical, horizontal = anchor.split("-")
    top = vertical == "top"
    y = geometry.height - distance - 0.75 * size if top else distance
    if horizontal == "right":
        x = geometry.width - _SIDE_MARGIN - width
    elif horizontal == "left":
        x = _SIDE_MARGIN
    else:
        x = (geometry.width - width) / 2
    return Spot(round(x, 2), round(y, 2), top, size=size)


class Stamper:
    """Stamps pages of one writer; shares the font and the opening `q` between pages."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.fonts = {FONT_NAME: self._font("/Helvetica")}
        opening = DecodedStreamObject()
        opening.set_data(b"q\n")
        self.opening = add_indirect(writer, opening)

    def _font(self, base: str):  # noqa: ANN202 - an IndirectObject
        return add_indirect(self.writer, DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }))

    def stamp(self, page: PageObject, text: str, spot: Spot, size: float = FONT_SIZE, bold: bool = False) -> None:
        geometry = PageGeometry(page)
        name = BOLD_FONT_NAME if bold else FONT_NAME
        if name not in self.fonts:
            self.fonts[name] = self._font("/Helvetica-Bold")
        self._add_font(page, name)
        matrix = " ".join(_number(v) for v in geometry.text_matrix(spot.x, spot.y))
        subtype = "/Header" if spot.top else "/Footer"
        literal = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = (
            f"Q\n/Artifact <</Type /Pagination /Subtype {subtype}>> BDC\n"
            f"q BT {name} {_number(size)} Tf 0.2 0.2 0.2 rg {matrix} Tm ({literal}) Tj ET Q\nEMC\n"
        ).encode("latin-1")
        closing = DecodedStreamObject()
        closing.set_data(content)
        closing_ref = add_indirect(self.writer, closing)
        contents = page.get("/Contents")
        parts: list = []
        if contents is not None:
            resolved = contents.get_object()
            parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([self.opening, *parts, closing_ref])

    def _add_font(self, page: PageObject, name: str) -> None:
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
        if fonts.get(name) != self.fonts[name]:
            fonts[NameObject(name)] = self.fonts[name]


def _number(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


__all__ = ["Box", "Spot", "Stamper", "find_spot", "obstacles", "text_width"]
