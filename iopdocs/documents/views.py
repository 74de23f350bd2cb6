"""What the documents' contexts share: the letterhead, check boxes, and Swedish text for
periods, people, baselines and missing values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any, Sequence

from .. import filters, model
from .wordxml import DescribedImage, Maker

DASH = "–"
MISSING = "Saknas"
FILL = "_" * 14
CHECKED, UNCHECKED = "☒", "☐"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Letterhead:
    """Page 1's header block and address footer, and later pages' header."""

    logo: Annotated[DescribedImage | str, "Profilens logotyp (en bild); tom om profilen saknar logotyp"]
    city: Annotated[str, "Kommunens namn"]
    board: Annotated[str, "Nämndens namn"]
    administration: Annotated[str, "Förvaltningens namn"]
    department: Annotated[str, "Avdelningen som handlägger ärendet; tom om den inte anges"]
    kind: Annotated[str, "Dokumentets slag, t.ex. Tjänsteutlåtande"]
    dnr: Annotated[str, "Diarienummer (i en tom blankett en linje att skriva på)"]
    date: Annotated[dt.date | None, "Dokumentets datum; skriv {{ head.date|datum }} för ÅÅÅÅ-MM-DD"]
    visiting_address: Annotated[str, "Förvaltningens besöksadress"]
    postal: Annotated[str, "Postnummer och postort"]
    email: Annotated[str, "Förvaltningens e-postadress; tom om profilen saknar en"]
    web: Annotated[str, "Förvaltningens webbadress; tom om profilen saknar en"]
    switchboard: Annotated[str,
                           "Växelns telefonnummer som 'Växel 08-508 00 508'; tomt om profilen saknar telefonnummer"]


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
