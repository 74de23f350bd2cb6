"""Enough of a PDF font to measure a string: how many bytes make a code, how wide each is.

Widths come from the font dictionary: /Widths for simple fonts, /W and /DW of the
descendant for a composite (Type0) font, scaled by /FontMatrix for a Type3 font. A
standard font without widths is measured generously, as the page number must not land
on text it underestimated.
"""

from __future__ import annotations

from pypdf.generic import ArrayObject, DictionaryObject


class FontMetrics:
    """Bytes per code and advance widths of one font (None: an unknown font)."""

    def __init__(self, font: DictionaryObject | None):
        self.two_bytes = False
        self.widths: dict[int, float] = {}
        self.default = 500.0
        self.scale = 1.0
        if font is None:
            return
        subtype = font.get("/Subtype")
        if subtype == "/Type0":
            self._read_composite(font)
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

    def _read_composite(self, font: DictionaryObject) -> None:
        """A Type0 font: two bytes a code, widths from the descendant's /W array."""
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

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [data[i] << 8 | (data[i + 1] if i + 1 < len(data) else 0) for i in range(0, len(data), 2)]
        return list(data)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default) * self.scale / 1000
