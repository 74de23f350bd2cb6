"""Swedish formatting for the templates: dates, kronor, percentages, numbers.

Every filter accepts None (and an empty string) and then returns an empty string, so a
template can format an optional field without an `if` around it. Thousands are
separated by a narrow no-break space (U+202F) and a unit is set off by a no-break space
(U+00A0), as Swedish typography recommends: "1 250 000 kr", "12,5 %"; an amount never
breaks across lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Callable

NNBSP = "\u202f"  # between groups of thousands
NBSP = "\u00a0"  # between a number and its unit

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)


def _blank(value: Any) -> bool:
    return value is None or value == ""


def datum(value: dt.date | None) -> str:
    """2023-02-16 (the form used in Stockholm's papers)."""
    if _blank(value):
        return ""
    return value.isoformat()


def langt_datum(value: dt.date | None) -> str:
    """16 februari 2023."""
    if _blank(value):
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def tal(value: float | int | None, decimals: int = 2) -> str:
    """1 250 000 or 12,5: thousands separated, decimal comma, trailing zeros dropped."""
    if _blank(value):
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    sign = "−" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = NNBSP.join(groups)
    return f"{sign}{result},{fraction}" if fraction else f"{sign}{result}"


def kr(value: float | int | None) -> str:
    """1 250 000 kr."""
    if _blank(value):
        return ""
    return f"{tal(value)}{NBSP}kr"


def procent(value: float | int | None) -> str:
    """12,5 % (value in percent, not a fraction)."""
    if _blank(value):
        return ""
    return f"{tal(value, 1)}{NBSP}%"


def varde(value: float | int | None, unit: str | None = None) -> str:
    """A measured value in its unit: procent → '12,5 %', kr → '1 250 kr', else the number."""
    if _blank(value):
        return ""
    if unit in ("procent", "%"):
        return procent(value)
    if unit in ("kr", "kronor"):
        return kr(value)
    return tal(value)


def manader(value: int | None) -> str:
    """6 månader / 1 månad."""
    if _blank(value):
        return ""
    return f"{value}{NBSP}månad" if value == 1 else f"{value}{NBSP}månader"


def saknas(value: Any, text: str = "Saknas") -> Any:
    """The value, or 'Saknas' when it is missing, so a gap is visible, never a silent 0."""
    return text if _blank(value) else value


FILTERS: dict[str, Callable[..., Any]] = {
    "datum": datum,
    "langt_datum": langt_datum,
    "tal": tal,
    "kr": kr,
    "procent": procent,
    "varde": varde,
    "manader": manader,
    "saknas": saknas,
}
