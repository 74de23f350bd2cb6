"""What the documents' contexts share: the letterhead, check boxes, and Swedish text for
periods, people, baselines and missing values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from .. import filters, model
from .wordxml import Maker

DASH = "–"
MISSING = "Saknas"
FILL = "_" * 14
CHECKED, UNCHECKED = "☒", "☐"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Letterhead:
    """Page 1's header block and address footer, and later pages' header."""

    logo: Any  # an image, or '' when the profile has no logo
    city: str
    board: str
    administration: str
    department: str
    kind: str
    dnr: str
    date: dt.date | None
    visiting_address: str
    postal: str
    email: str
    web: str
    switchboard: str  # 'Växel 08-508 00 508', or '' when the profile has no phone number


def switchboard(profile: model.Profile | None) -> str:
    return f"Växel {profile.phone}" if profile is not None and profile.phone else ""


def letterhead(make: Maker, profile: model.Profile | None, kind: str, dnr: str, date: dt.date | None,
               department: str | None) -> Letterhead:
    if profile is None:
        return Letterhead("", "Stockholms stad", "", "Stockholms stad", department or "", kind, dnr, date,
                          "", "", "", "", "")
    return Letterhead(
        logo=make.logo(profile),
        city=profile.city,
        board=profile.board,
        administration=profile.administration,
        department=department or "",
        kind=kind,
        dnr=dnr,
        date=date,
        visiting_address=profile.visiting_address,
        postal=f"{profile.postal_code} {profile.postal_town}",
        email=profile.email or "",
        web=profile.web or "",
        switchboard=switchboard(profile),
    )


def box(option: str, checked: bool = False) -> str:
    """'☐ Ej uppfyllt' that never breaks between the box and its words."""
    words = option.replace(" ", NBSP)
    return f"{CHECKED if checked else UNCHECKED}{NBSP}{words}"


def boxes(options: Sequence[str], chosen: str | None = None) -> str:
    return "   ".join(box(o, o == chosen) for o in options)


def period(start: dt.date, end: dt.date) -> str:
    return f"{filters.datum(start)} – {filters.datum(end)}"


def person(who: model.Person | None) -> str:
    if who is None:
        return MISSING
    first = ", ".join(x for x in (who.name, who.title) if x)
    contact = ", ".join(x for x in (who.phone, who.email) if x)
    return f"{first}\n{contact}" if contact else first


def or_dash(value: Any, fallback: str = DASH) -> Any:
    return fallback if value is None or value == "" else value


def baseline(indicator: model.Indicator) -> str:
    b = indicator.baseline
    return f"{filters.tal(b.value)} ({b.year})" if b else DASH
