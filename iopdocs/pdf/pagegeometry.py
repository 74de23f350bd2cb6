"""Where things are on a PDF page as it is shown: boxes, matrices, the page's rotation.

PDF draws in user space, transformed by matrices (six numbers a b c d e f), and a page
may be cropped and rotated. Boxes here are in display coordinates: points from the lower
left corner of the page as a viewer shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from pypdf import PageObject

Matrix = list[float]


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


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n: first m, then n (as PDF concatenates `cm` onto the current matrix)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def transform(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def unit_square(ctm: Matrix) -> list[tuple[float, float]]:
    """The corners of the unit square under `ctm`: where an image is drawn."""
    return [transform(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]


class PageGeometry:
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
