"""The case's own text in a chart, and whether the installed fonts can draw it.

Light to import (no matplotlib until a character outside Latin-1 needs its fonts looked
at), so that `iopdocs check` can run it on every case: a character no installed font has
is a problem located in indicators.yaml, never an empty box in a public record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .. import model
from ..case.yamlfile import YamlError, format_path, read
from ..errors import Problem

# Every printable Latin-1 character is in Liberation Sans and DejaVu Sans alike.
_ALWAYS_DRAWN = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)} | {"\n"}


class MissingGlyphs(Exception):
    """A character of the case's text that no installed font can draw."""

    def __init__(self, field: str, value: str, characters: list[str]):
        super().__init__(field)
        self.field, self.value, self.characters = field, value, characters

    def message(self) -> str:
        shown = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in self.characters) or "ett tecken"
        return (f"{shown} finns inte i något installerat typsnitt och kan inte visas i diagrammet; "
                "skriv det med bokstäver eller ta bort det")


def chart_texts(indicator: model.Indicator) -> dict[str, str]:
    """The case's own text the chart prints, by field (the rest is fixed Swedish and numbers)."""
    return {"unit": indicator.unit}


def missing_glyphs(indicator: model.Indicator) -> MissingGlyphs | None:
    """The first field with characters no installed font has, or None."""
    texts = chart_texts(indicator)
    if all(set(value) <= _ALWAYS_DRAWN for value in texts.values()):
        return None
    from . import chartfonts  # matplotlib's font manager, only when it is needed

    style = chartfonts.style_for(list(texts.values()), chartfonts.default_style())
    for field, value in texts.items():
        missing = chartfonts.missing_characters(value, style)
        if missing:
            return MissingGlyphs(field, value, missing)
    return None


def chart_text_problems(case: model.Case, display: Callable[[Path], str] | None = None) -> list[Problem]:
    """Every field of the case's chart text with a character no installed font has, located
    in indicators.yaml (for `check`, before anything is drawn)."""
    found = [(("indicators", i, exc.field), exc.message())
             for i, indicator in enumerate(case.indicators) if (exc := missing_glyphs(indicator)) is not None]
    if not found:
        return []
    path = Path(case.folder) / "indicators.yaml"
    shown = display(path) if display else _relative(path)
    try:
        doc = read(path, shown)
    except YamlError:
        doc = None
    return [Problem(shown, doc.line(where) if doc else None, format_path(where), message) for where, message in found]


def _relative(path: Path) -> str:
    """The path from the working folder when it is inside it (as the CLI's root), else whole."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
