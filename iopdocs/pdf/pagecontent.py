"""Where a PDF page has text and images: a box around each, in display coordinates.

A small scanner follows the page's content stream (text matrices, fonts and their
widths, the graphics state, form XObjects) and boxes every piece of text and every
image. pypdf's own text extraction could tell the same, but takes ten times as long
(60 ms against 5 ms a page), which a 150-page packet would feel; it is the fallback
for a stream the scanner cannot read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from pypdf import PageObject
from pypdf.generic import DictionaryObject

from .font import FontMetrics
from .pagegeometry import Box, Matrix, PageGeometry, multiply, transform, unit_square

Corners = list[tuple[float, float]]


def obstacles(page: PageObject) -> list[Box]:
    """Boxes (display coordinates) around every piece of text and every image on `page`."""
    geometry = PageGeometry(page)
    try:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        boxes = _Scanner(page.get("/Resources")).scan(data)
    except Exception:  # an unreadable stream: fall back to pypdf's (slower) text extraction
        boxes = _boxes_by_pypdf(page)
    return [geometry.display_box(corners) for corners in boxes]


# --- The content stream's operators with their operands -----------------------------------

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
_INLINE_IMAGE_END = re.compile(rb"\sEI(?=[\s]|$)")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


class _Hex(bytes):
    pass


def _operations(data: bytes) -> Iterator[tuple[bytes, list]]:
    """Each operator with its operands; an inline image (BI … EI) is one operator, b'BI'."""
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
            if token == b"BI":  # inline image: skip its data up to EI
                eimatch = _INLINE_IMAGE_END.search(data, pos)
                pos = eimatch.end() if eimatch else end
            yield token, operands
            operands = []
            continue
        (nested[-1] if nested else operands).append(_operand(kind, token))


def _operand(kind: str, token: bytes) -> object:
    if kind == "num":
        return float(token)
    if kind == "lit":
        return _literal(token)
    if kind == "hex":
        digits = re.sub(rb"\s", b"", token[1:-1])
        return _Hex(bytes.fromhex(str(digits + b"0" * (len(digits) % 2), "ascii")))
    return token


def _literal(token: bytes) -> bytes:
    body = token[1:-1]
    if b"\\" not in body:
        return body
    return re.sub(rb"\\([0-7]{1,3}|.)", lambda m: _ESCAPES.get(m.group(1), bytes([int(m.group(1), 8) & 255])
                  if m.group(1)[:1].isdigit() else m.group(1)), body, flags=re.DOTALL)


# --- Following the graphics and text state -------------------------------------------------

_MAX_FORM_DEPTH = 4
_TEXT_STATE_OPERATORS = frozenset({b"BT", b"Tf", b"Tm", b"Td", b"TD", b"T*", b"TL", b"Tc", b"Tw", b"Tz", b"Ts"})
_SHOW_TEXT_OPERATORS = frozenset({b"Tj", b"'", b'"', b"TJ"})


def _identity() -> Matrix:
    return [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


@dataclass
class _State:
    """The graphics and text state the scanner needs (no q/Q for the text state, as before)."""

    ctm: Matrix
    stack: list[Matrix] = field(default_factory=list)
    tm: Matrix = field(default_factory=_identity)
    lm: Matrix = field(default_factory=_identity)
    font: FontMetrics = field(default_factory=lambda: FontMetrics(None))
    size: float = 0.0
    leading: float = 0.0
    char_sp: float = 0.0
    word_sp: float = 0.0
    scale: float = 1.0
    rise: float = 0.0

    def next_line(self, tx: float, ty: float) -> None:
        self.tm = self.lm = multiply([1.0, 0.0, 0.0, 1.0, tx, ty], self.lm)


class _Scanner:
    """Follows a content stream's text and graphics state far enough to place its text."""

    def __init__(self, resources, depth: int = 0):
        resources = resources.get_object() if resources is not None else None
        self.resources = resources if isinstance(resources, DictionaryObject) else DictionaryObject()
        self.depth = depth
        self.fonts: dict[str, FontMetrics] = {}
        self.boxes: list[Corners] = []

    def font(self, name: str) -> FontMetrics:
        if name not in self.fonts:
            fonts = self.resources.get("/Font")
            font = fonts.get_object().get(name) if fonts is not None else None
            self.fonts[name] = FontMetrics(font.get_object() if font is not None else None)
        return self.fonts[name]

    def scan(self, data: bytes, ctm: Matrix | None = None) -> list[Corners]:
        state = _State(list(ctm or _identity()))
        for op, operands in _operations(data):
            if op == b"BI":
                self.boxes.append(unit_square(state.ctm))
                continue
            try:
                self._operator(op, operands, state)
            except (TypeError, ValueError, IndexError):
                pass  # a malformed operator: ignore it, as viewers do
        return self.boxes

    def _operator(self, op: bytes, operands: list, state: _State) -> None:
        if op == b"q":
            state.stack.append(state.ctm)
        elif op == b"Q":
            state.ctm = state.stack.pop() if state.stack else state.ctm
        elif op == b"cm" and len(operands) >= 6:
            state.ctm = multiply([float(v) for v in operands[-6:]], state.ctm)
        elif op in _TEXT_STATE_OPERATORS:
            self._text_state(op, operands, state)
        elif op in _SHOW_TEXT_OPERATORS and operands:
            self._show_text(op, operands, state)
        elif op == b"Do" and operands:
            self.draw(str(operands[-1], "latin-1"), state.ctm)

    def _text_state(self, op: bytes, operands: list, state: _State) -> None:
        if op == b"BT":
            state.tm = state.lm = _identity()
        elif op == b"Tf" and len(operands) >= 2:
            state.font, state.size = self.font(str(operands[-2], "latin-1")), float(operands[-1])
        elif op == b"Tm" and len(operands) >= 6:
            state.tm = state.lm = [float(v) for v in operands[-6:]]
        elif op in (b"Td", b"TD") and len(operands) >= 2:
            tx, ty = float(operands[-2]), float(operands[-1])
            if op == b"TD":
                state.leading = -ty
            state.next_line(tx, ty)
        elif op == b"T*":
            state.next_line(0.0, -state.leading)
        elif op == b"TL" and operands:
            state.leading = float(operands[-1])
        elif op == b"Tc" and operands:
            state.char_sp = float(operands[-1])
        elif op == b"Tw" and operands:
            state.word_sp = float(operands[-1])
        elif op == b"Tz" and operands:
            state.scale = float(operands[-1]) / 100
        elif op == b"Ts" and operands:
            state.rise = float(operands[-1])

    def _show_text(self, op: bytes, operands: list, state: _State) -> None:
        """Tj, TJ, ' and ": box the text shown and move past it."""
        if op in (b"'", b'"'):
            if op == b'"' and len(operands) >= 3:
                state.word_sp, state.char_sp = float(operands[-3]), float(operands[-2])
            state.next_line(0.0, -state.leading)
        items = operands[-1] if op == b"TJ" else [operands[-1]]
        advance = 0.0
        for item in items if isinstance(items, list) else []:
            if isinstance(item, bytes):
                for code in state.font.codes(item):
                    advance += (state.font.width(code) * state.size + state.char_sp
                                + (state.word_sp if code == 32 and not state.font.two_bytes else 0)) * state.scale
            else:
                advance -= float(item) / 1000 * state.size * state.scale
        if state.size:
            m = multiply(state.tm, state.ctm)
            low, high = state.rise - 0.3 * state.size, state.rise + 1.0 * state.size
            left, right = min(0.0, advance), max(0.0, advance)
            self.boxes.append([transform(m, left, low), transform(m, right, low),
                               transform(m, left, high), transform(m, right, high)])
        state.tm = multiply([1.0, 0.0, 0.0, 1.0, advance, 0.0], state.tm)

    def draw(self, name: str, ctm: Matrix) -> None:
        xobjects = self.resources.get("/XObject")
        xobject = xobjects.get_object().get(name) if xobjects is not None else None
        xobject = xobject.get_object() if xobject is not None else None
        if xobject is None:
            return
        if xobject.get("/Subtype") == "/Form" and self.depth < _MAX_FORM_DEPTH:
            matrix = xobject.get("/Matrix")
            inner = multiply([float(v) for v in matrix], ctm) if matrix else ctm
            scanner = _Scanner(xobject.get("/Resources") or self.resources, self.depth + 1)
            self.boxes.extend(scanner.scan(xobject.get_data(), inner))
        else:
            self.boxes.append(unit_square(ctm))


def _boxes_by_pypdf(page: PageObject) -> list[Corners]:
    boxes: list[Corners] = []

    def on_text(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        if not text or not text.strip():
            return
        m = multiply([float(v) for v in tm], [float(v) for v in cm])
        size = float(size or 0) or 10.0
        width = len(text.rstrip()) * 0.6 * size
        boxes.append([transform(m, x, y) for x, y in ((0, -0.3 * size), (width, -0.3 * size), (0, size), (width, size))])

    def on_operator(operator: bytes, _args: list, cm: list, _tm: list) -> None:
        if operator == b"Do":
            boxes.append(unit_square([float(v) for v in cm]))

    try:
        page.extract_text(visitor_text=on_text, visitor_operand_before=on_operator)
    except Exception:
        pass
    return boxes
