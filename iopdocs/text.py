"""The small markup of prose fields, parsed once into a document model.

Paragraphs are separated by a blank line; `- ` starts a bullet item, `1. ` a numbered
item; `**bold**` and `*italic*` mark runs; a backslash escapes `*` and `\\`. Anything
else that looks like markup (headings, nested lists, tables, HTML) is refused, since
the Word documents could not show it faithfully.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Literal


class MarkupError(ValueError):
    """Prose that the markup cannot render faithfully; `line` is 1-based within the text."""

    def __init__(self, message: str, line: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph, or one item of a bullet or numbered list."""

    kind: Literal["paragraph", "bullet", "number"]
    runs: tuple[Run, ...]
    # Items of one list share a list number, so numbered lists restart per list.
    list_id: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Prose:
    """Parsed prose: a sequence of blocks, and the source it came from."""

    source: str
    blocks: tuple[Block, ...] = field(default=())

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks)

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def __str__(self) -> str:
        return self.source


_BULLET = re.compile(r"^[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^(\d{1,3})[.)]\s+(.*)$")
_INDENTED_ITEM = re.compile(r"^\s+([-*•]|\d{1,3}[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s")
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse(source: str) -> Prose:
    """Parse prose markup; raises MarkupError naming the offending line."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    paragraph_line = 0
    list_kind: str | None = None
    list_id = 0
    item_lines: list[str] = []
    item_line = 0
    next_number = 1

    def flush_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(Block("paragraph", _inline(paragraph, paragraph_line)))
            paragraph = []

    def flush_item() -> None:
        nonlocal item_lines
        if item_lines:
            blocks.append(Block(list_kind, _inline(item_lines, item_line), list_id))
            item_lines = []

    for number, raw in enumerate(source.split("\n"), start=1):
        if _CONTROL.search(raw):
            raise MarkupError("otillåtet styrtecken i texten", number)
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
            flush_item()
            list_kind = None
            continue
        if _HEADING.match(stripped):
            raise MarkupError(
                "rubriker (#) kan inte användas i löptext; lägg rubriken i ett eget avsnitt", number
            )
        if _TABLE.match(line):
            raise MarkupError("tabeller (|) kan inte användas i löptext", number)
        if _HTML.search(line):
            raise MarkupError("HTML-taggar kan inte användas i löptext", number)
        if _INDENTED_ITEM.match(line):
            raise MarkupError("listor i flera nivåer stöds inte; skriv punkten utan indrag", number)
        bullet = _BULLET.match(line)
        numbered = _NUMBER.match(line)
        if bullet or numbered:
            kind = "bullet" if bullet else "number"
            flush_paragraph()
            flush_item()
            if list_kind != kind:
                list_id += 1
                list_kind = kind
                next_number = 1
            if numbered:
                # Word numbers a list itself, 1, 2, 3 …: other numbers would not show as written.
                if int(numbered.group(1)) != next_number:
                    earlier = next_number == 1 and any(b.kind == "number" for b in blocks)
                    hint = " (en tom rad avslutar listan)" if earlier else ""
                    raise MarkupError(
                        f"numrerad lista: här står {numbered.group(1)} där {next_number} väntades{hint}", number
                    )
                next_number += 1
            item_lines = [(bullet.group(1) if bullet else numbered.group(2)).strip()]
            item_line = number
            continue
        if list_kind is not None and item_lines and raw[:1].isspace():
            item_lines.append(stripped)  # continuation of a list item
            continue
        if list_kind is not None:
            flush_item()
            list_kind = None
        if not paragraph:
            paragraph_line = number
        paragraph.append(stripped)
    flush_paragraph()
    flush_item()
    return Prose(source=source, blocks=tuple(blocks))


def _inline(lines: list[str], first_line: int) -> tuple[Run, ...]:
    """Split a block's text (its source lines, joined by a space) into runs at `**` and `*`."""
    text = " ".join(lines)
    if "*" not in text and "\\" not in text:
        return (Run(text),)  # most prose has no markup: skip the walk through every character

    def line_at(offset: int) -> int:
        # The block's lines are consecutive in the source: find the one holding `offset`.
        end = -1
        for number, part in enumerate(lines):
            end += len(part) + 1
            if offset <= end:
                return first_line + number
        return first_line + len(lines) - 1

    runs: list[Run] = []
    buffer: list[str] = []
    bold = italic = False
    bold_at = italic_at = 0
    i = 0
    n = len(text)

    def emit() -> None:
        if buffer:
            runs.append(Run("".join(buffer), bold, italic))
            buffer.clear()

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buffer.append(text[i + 1])
            i += 2
            continue
        if ch == "*":
            double = text.startswith("**", i)
            width = 2 if double else 1
            before = text[i - 1] if i > 0 else " "
            after = text[i + width] if i + width < n else " "
            active = bold if double else italic
            if not active and not after.isspace():
                emit()
                if double:
                    bold, bold_at = True, i
                else:
                    italic, italic_at = True, i
                i += width
                continue
            if active and not before.isspace():
                emit()
                if double:
                    bold = False
                else:
                    italic = False
                i += width
                continue
            if before.isspace() and after.isspace():
                buffer.append(text[i : i + width])  # a lone asterisk, e.g. "5 * 3"
                i += width
                continue
            raise MarkupError(
                f"oklar fetstil/kursiv vid ”{text[max(0, i - 10): i + 10].strip()}”; en asterisk skrivs \\*",
                line_at(i),
            )
        buffer.append(ch)
        i += 1
    if bold:
        raise MarkupError(f"fetstil (**) öppnas men stängs aldrig: ”{text[bold_at: bold_at + 30].strip()}”", line_at(bold_at))
    if italic:
        raise MarkupError(f"kursiv (*) öppnas men stängs aldrig: ”{text[italic_at: italic_at + 30].strip()}”", line_at(italic_at))
    emit()
    return tuple(runs)


# Characters that a terminal acts on instead of showing: C0 controls but tab and newline,
# DEL, C1 controls (U+009B is a one-byte CSI), and the invisible direction overrides that
# reorder what is shown.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def terminal_safe(value: str) -> str:
    """`value` with every control character and escape sequence made visible ('\\x1b[2J'),
    so that text from git or from a case file cannot rewrite what the terminal shows."""
    return _TERMINAL_UNSAFE.sub(_visible, value)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def did_you_mean(value: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """"menade du 'x'?" for the known name nearest a misspelt `value`, or '' when none is near."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return f"menade du '{close[0]}'?" if close else ""
