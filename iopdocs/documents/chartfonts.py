"""The fonts a chart is drawn in: the document's font first, then fonts that have the rest.

The forms are set in Liberation Sans (the templates' document default, see
iopdocs/templategen/styles.py; Debian ships it with LibreOffice), so the charts are too.
Nothing is bundled: the font is found through matplotlib's font manager, and where the
system lacks it the chart falls back to DejaVu Sans, which ships with matplotlib. A
character neither has (an emoji in a unit) is drawn in the first installed font that has
it, by name order so the choice is the same on every run; when no installed font has it,
missing_characters() names it, and the caller reports it in Swedish instead of drawing a box.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

DOCUMENT_FONT = "Liberation Sans"  # the templates' font too (templategen/styles.py)
FALLBACK_FONT = "DejaVu Sans"  # ships inside matplotlib, so it is always there


@dataclass(frozen=True)
class ChartStyle:
    """What a chart's look depends on besides its data: the font families, in fallback order."""

    families: tuple[str, ...]


@functools.cache
def _family_file(family: str) -> str | None:
    """The regular face of an installed family, or None (never matplotlib's silent default)."""
    try:
        return font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return None


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    try:
        font = FT2Font(path)
    except (OSError, RuntimeError):
        return frozenset()
    if "SCALABLE" not in str(font.face_flags):  # a bitmap-only face (colour emoji) cannot be drawn to size
        return frozenset()
    return frozenset(font.get_charmap())


def default_style() -> ChartStyle:
    """The document's font when installed, and the fallback that always is."""
    return ChartStyle(tuple(f for f in (DOCUMENT_FONT, FALLBACK_FONT) if _family_file(f)))


def _covers(family: str, char: str) -> bool:
    path = _family_file(family)
    return path is not None and ord(char) in _charmap(path)


@functools.cache
def _installed_family_with(char: str) -> str | None:
    """The first installed family, by name, whose regular face has the character."""
    entries = sorted(font_manager.fontManager.ttflist, key=lambda e: (e.name, e.fname))
    for entry in entries:
        if entry.style == "normal" and ord(char) in _charmap(entry.fname) and _covers(entry.name, char):
            return entry.name
    return None


def _drawn(text: str) -> list[str]:
    """The characters of a text that are drawn as glyphs (a line break is not)."""
    return [c for c in dict.fromkeys(text) if c not in "\n\r"]


def style_for(texts: list[str], style: ChartStyle) -> ChartStyle:
    """The style with, after its own fonts, an installed font for each character they lack."""
    extra: list[str] = []
    for char in (c for text in texts for c in _drawn(text)):
        if any(_covers(f, char) for f in style.families + tuple(extra)):
            continue
        family = _installed_family_with(char)
        if family is not None:
            extra.append(family)
    return ChartStyle(style.families + tuple(extra))


def missing_characters(text: str, style: ChartStyle) -> list[str]:
    """The characters of the text that no font of the style has."""
    return [c for c in _drawn(text) if not any(_covers(f, c) for f in style.families)]
