"""The agenda (föredragningslista): its template context and how a meeting fills it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from ..documents.render import render_template
from ..documents.views import DASH, switchboard
from ..documents.wordxml import Block, Maker, Paragraphs
from .. import text
from ..filters import langt_datum
from ..pdf.meta import DocumentMeta
from ..text import Prose
from .collect import Meeting

AGENDA_TEMPLATE = "foredragningslista.docx"
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass(frozen=True)
class AgendaHead:
    """The logo and the address footer of the agenda's first page (as in the other templates)."""

    logo: Annotated[Any, "Profilens logotyp (en bild); tom om profilen saknar logotyp"] = ""
    city: Annotated[str, "Kommunens namn"] = "Stockholms stad"
    visiting_address: Annotated[str, "Förvaltningens besöksadress"] = ""
    postal: Annotated[str, "Postnummer och postort"] = ""
    email: Annotated[str, "Förvaltningens e-postadress"] = ""
    web: Annotated[str, "Förvaltningens webbadress"] = ""
    switchboard: Annotated[str, "Växelns telefonnummer som 'Växel 08-508 00 508'"] = ""


@dataclass(frozen=True)
class AgendaItemView:
    number: Annotated[int, "Ärendets nummer på föredragningslistan"]
    title: Annotated[str, "Ärendets rubrik"]
    heading: Annotated[Paragraphs, "Rubriken som numrerad Rubrik 2 (numret sätts av Word)"]
    reference: Annotated[str,
                         "Diarienummer och sidorna i handlingarna, t.ex. Dnr RK 2023/412 · Handlingar sida 3–7; tom för en inledande punkt"]
    summary: Annotated[Paragraphs, "Första stycket av ärendets sammanfattning"]  # the summary's first paragraph


@dataclass(frozen=True)
class AgendaContext:
    """What templates/foredragningslista.docx gets (see documents/render.py for the conventions)."""

    head: Annotated[AgendaHead, "Logotyp och adress på första sidan"]
    board: Annotated[str, "Nämndens namn"]
    administration: Annotated[str, "Förvaltningens namn"]
    date: Annotated[dt.date, "Sammanträdets datum; skriv {{ date|datum }} för ÅÅÅÅ-MM-DD"]
    when: Annotated[str, "Dag, datum och tid, t.ex. torsdag 7 december 2023 kl. 18.00"]
    place: Annotated[str, "Platsen för sammanträdet"]
    chair: Annotated[str, "Ordföranden"]
    items: Annotated[list[AgendaItemView], "Punkterna på föredragningslistan, inledande punkter först"]


def agenda_title(meeting: Meeting) -> str:
    return f"Föredragningslista {meeting.board} {meeting.date.isoformat()}"


def when_text(meeting: Meeting) -> str:
    """'torsdag 7 december 2023 kl. 18.00'."""
    text = f"{WEEKDAYS[meeting.date.weekday()]} {langt_datum(meeting.date)}"
    return f"{text} kl. {meeting.time}" if meeting.time else text


def meeting_profile(meeting: Meeting) -> str | None:
    """The name of the meeting's profile: its first case's, whose letterhead (agenda_head),
    board and administration the meeting's papers carry, so the agenda and the minutes
    follow that profile's own templates too (None: external items only, the shared ones)."""
    return next((item.case.meta.profile for item in meeting.items if item.case is not None), None)


def agenda_head(meeting: Meeting, make: Maker | None = None) -> AgendaHead:
    """The logo (with `make`) and address of the first case's profile (an agenda of external
    items only has none)."""
    profile = next((item.case.profile for item in meeting.items if item.case is not None), None)
    if profile is None:
        return AgendaHead()
    return AgendaHead(make.logo(profile) if make is not None else "", profile.city, profile.visiting_address,
                      f"{profile.postal_code} {profile.postal_town}", profile.email or "", profile.web or "",
                      switchboard(profile))


def first_paragraph(summary: Prose | None) -> Prose | None:
    """An agenda gives an item's gist: its summary's first paragraph, not the whole summary."""
    if not summary or not summary.blocks:
        return None
    return replace(summary, blocks=summary.blocks[:1])


def _view(make: Maker, number: int, title: str, reference: str = "", summary: Prose | None = None) -> AgendaItemView:
    heading = make.of([Block("item", (text.Run(title),), list_id=number)])
    gist = first_paragraph(summary)
    # Under the title, after the number: Ärendetext (a list item keeps its own style).
    body = make.of(Block("item text" if b.kind == "paragraph" else b.kind, b.runs, b.list_id)
                   for b in (gist.blocks if gist else ()))
    return AgendaItemView(number, title, heading, reference, body)


def agenda_context(meeting: Meeting, pages: dict[int, tuple[int, int]], make: Maker) -> AgendaContext:
    """The agenda's context; `pages` gives each item's first and last page in the papers."""
    views = [_view(make, number, title) for number, title in enumerate(meeting.opening, start=1)]
    for item in meeting.items:
        first, last = pages[item.number]
        where = f"Handlingar sida {first}" if first == last else f"Handlingar sida {first}–{last}"
        reference = f"Dnr {item.dnr} · {where}" if item.dnr else where
        views.append(_view(make, item.number, item.title, reference, item.summary))
    return AgendaContext(
        head=agenda_head(meeting, make),
        board=meeting.board,
        administration=meeting.administration or "",
        date=meeting.date,
        when=when_text(meeting),
        place=meeting.place or DASH,
        chair=meeting.chair or DASH,
        items=views,
    )


def estimate_agenda_pages(meeting: Meeting) -> int:
    """A first guess, so that the agenda usually needs one LibreOffice run, not two."""
    lines = 22.0 + 2.5 * len(meeting.opening)  # header, title, time and place, "Ärenden", opening items
    for item in meeting.items:
        lines += 2 + math.ceil(len(item.title) / 60) + 1
        summary = first_paragraph(item.summary)
        if summary:
            lines += sum(math.ceil(len(block.text) / 92) + 0.6 for block in summary.blocks)
    return max(1, math.ceil(lines / 46))


def render_agenda(meeting: Meeting, templates_dir: Path, pages: dict[int, tuple[int, int]]) -> bytes:
    """The agenda as .docx; `pages` gives each item's first and last page in the papers."""
    profile = meeting_profile(meeting)
    return render_template(templates_dir, AGENDA_TEMPLATE, lambda make: agenda_context(meeting, pages, make),
                           agenda_meta(meeting), profile)


def agenda_meta(meeting: Meeting) -> DocumentMeta:
    """What the agenda says about itself, in its .docx and its PDF."""
    return DocumentMeta(
        title=agenda_title(meeting),
        date=meeting.date,
        subject=f"Sammanträde {meeting.date.isoformat()}",
        author=meeting.board,
        keywords="föredragningslista, sammanträde",
    )
