"""The minutes (protokoll) and the extracts (protokollsutdrag): their template contexts
and how the meeting file's decisions fill them.

The minutes are a draft ("Förslag till protokoll") until the meeting file says when they
were checked (`adjusted`); an extract is one paragraph of the checked minutes, certified
by the clerk ("Utdrag bestyrks"). `public` renders the web copy: the officials present are
named by their title only, the members (who hold public office) by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from .. import text
from ..documents.render import render_template
from ..documents.statement import decision_points
from ..documents.views import DASH
from ..documents.wordxml import Block, Maker, Paragraphs
from ..model import Attendee, MeetingFile
from ..pdf.meta import DocumentMeta
from .agenda import AgendaHead, agenda_head, meeting_profile, when_text
from .collect import Meeting
from .proceedings import Paragraph, paragraph_range

MINUTES_TEMPLATE = "protokoll.docx"
EXTRACT_TEMPLATE = "protokollsutdrag.docx"
DRAFT = "Förslag till protokoll"
FINAL = "Protokoll"
EXTRACT = "Protokollsutdrag"


@dataclass(frozen=True)
class DissentView:
    kind: Annotated[str, "Reservation eller Särskilt uttalande"]
    by: Annotated[str, "Vem eller vilka"]
    text: Annotated[Paragraphs, "Motiveringen"]


@dataclass(frozen=True)
class ParagraphView:
    number: Annotated[int, "Paragrafens nummer"]
    heading: Annotated[str, "Paragrafens rubrik, t.ex. § 112 och ärendets rubrik"]
    reference: Annotated[str, "Diarienummer och beslutet, t.ex. Dnr RK 2023/412 · Bifall"]
    decision: Annotated[Paragraphs, "Beslutet, en eller flera punkter"]
    reason: Annotated[Paragraphs, "Motiveringen till beslutet; tom om den saknas"]
    conflicts: Annotated[str, "Anmält jäv; tomt om ingen anmält jäv"]
    dissents: Annotated[list[DissentView], "Reservationer och särskilda uttalanden"]


@dataclass(frozen=True)
class Signer:
    role: Annotated[str, "Rollen, t.ex. Ordförande, Justerare eller Sekreterare"]
    name: Annotated[str, "Namnet"]


@dataclass(frozen=True)
class SignerRow:
    """Two signatures side by side; an empty right one (name '') prints nothing."""

    left: Annotated[Signer, "Underskriften till vänster"]
    right: Annotated[Signer, "Underskriften till höger; tomt namn när den saknas"]


def in_pairs(signers: list[Signer]) -> list[SignerRow]:
    padded = signers + [Signer("", "")] * (len(signers) % 2)
    return [SignerRow(padded[i], padded[i + 1]) for i in range(0, len(padded), 2)]


@dataclass(frozen=True)
class MinutesContext:
    """What templates/protokoll.docx gets (see documents/render.py for the conventions)."""

    head: Annotated[AgendaHead, "Adress i sidfoten"]
    kind: Annotated[str, "Förslag till protokoll eller Protokoll (när protokollet är justerat)"]  # DRAFT or FINAL
    board: Annotated[str, "Nämndens namn"]
    administration: Annotated[str, "Förvaltningens namn"]
    date: Annotated[dt.date, "Sammanträdets datum; skriv {{ date|datum }} för ÅÅÅÅ-MM-DD"]
    when: Annotated[str, "Dag, datum och tid, t.ex. torsdag 7 december 2023 kl. 18.00"]
    place: Annotated[str, "Platsen för sammanträdet"]
    paragraph_range: Annotated[str, "Protokollets paragrafer, t.ex. §§ 112–118"]
    members: Annotated[Paragraphs, "Närvarande ledamöter, en per rad"]
    substitutes: Annotated[Paragraphs, "Närvarande ersättare, en per rad"]
    officials: Annotated[Paragraphs, "Närvarande tjänstepersoner, en per rad"]
    checkers: Annotated[str, "Justerarna"]
    checking: Annotated[str, "Justeringen: Justerat eller Justering med datum"]
    paragraphs: Annotated[list[ParagraphView], "Paragraferna (§), en per ärende"]
    signers: Annotated[list[SignerRow], "Underskrifterna två och två: ordförande, justerare och sekreterare"]


@dataclass(frozen=True)
class ExtractContext:
    """What templates/protokollsutdrag.docx gets: one paragraph and its certification."""

    head: Annotated[AgendaHead, "Adress i sidfoten"]
    kind: Annotated[str, "Protokollsutdrag"]
    board: Annotated[str, "Nämndens namn"]
    administration: Annotated[str, "Förvaltningens namn"]
    date: Annotated[dt.date, "Sammanträdets datum; skriv {{ date|datum }} för ÅÅÅÅ-MM-DD"]
    checking: Annotated[str, "Justeringen: Justerat med datum"]
    paragraphs: Annotated[list[ParagraphView], "Paragrafen som utdraget gäller (en lista med en, som i protokollet)"]
    signers: Annotated[list[SignerRow], "Sekreteraren, som bestyrker utdraget"]  # the clerk, who certifies the extract


def paragraph_view(found: Paragraph, make: Maker) -> ParagraphView:
    decision = found.decision
    reference = " · ".join(x for x in (f"Dnr {found.item.dnr}" if found.item.dnr else "", decision.decision.label) if x)
    conflicts = ""
    if decision.conflicts:
        verb = "anmäler" if len(decision.conflicts) == 1 else "anmäler var för sig"
        conflicts = f"{_names(decision.conflicts)} {verb} jäv och deltar inte i handläggningen av ärendet."
    dissents = [DissentView(d.kind.label, _names(d.by), make.prose(d.text)) for d in decision.dissents]
    return ParagraphView(found.number, found.heading, reference, decision_points(list(found.text), make),
                         make.prose(decision.reason), conflicts, dissents)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


def _people(make: Maker, people: list[Attendee], public: bool = False) -> Paragraphs:
    lines = []
    for person in people:
        if public:
            line = person.title or ""
        else:
            line = person.name + (f" ({person.party})" if person.party else "")
            line += f", {person.title}" if person.title else ""
        line += f", tjänstgör för {person.replaces}" if person.replaces and not public else ""
        if line:
            lines.append(Block("paragraph", (text.Run(line),)))
    return make.of(lines) if lines else make.text(DASH)


def checking_text(meeting_file: MeetingFile) -> str:
    if meeting_file.adjusted is not None:
        return f"Justerat {meeting_file.adjusted.isoformat()}"
    if meeting_file.check_date is not None:
        return f"Justering {meeting_file.check_date.isoformat()}"
    return DASH


def signers(meeting: Meeting, meeting_file: MeetingFile) -> list[Signer]:
    found = [Signer("Ordförande", meeting.chair or "")]
    found += [Signer("Justerare", name) for name in meeting_file.checkers]
    found.append(Signer("Sekreterare", meeting_file.clerk or ""))
    return found


def minutes_context(meeting: Meeting, meeting_file: MeetingFile, found: list[Paragraph], make: Maker,
                    public: bool = False) -> MinutesContext:
    attendance = meeting_file.attendance
    return MinutesContext(
        head=agenda_head(meeting),
        kind=FINAL if meeting_file.adjusted else DRAFT,
        board=meeting.board,
        administration=meeting.administration or "",
        date=meeting.date,
        when=when_text(meeting),
        place=meeting.place or DASH,
        paragraph_range=paragraph_range(found),
        members=_people(make, attendance.members if attendance else []),
        substitutes=_people(make, attendance.substitutes if attendance else []),
        officials=_people(make, attendance.officials if attendance else [], public),
        checkers=_names(meeting_file.checkers) if meeting_file.checkers else DASH,
        checking=checking_text(meeting_file),
        paragraphs=[paragraph_view(p, make) for p in found],
        signers=in_pairs(signers(meeting, meeting_file)),
    )


def extract_context(meeting: Meeting, meeting_file: MeetingFile, found: Paragraph, make: Maker) -> ExtractContext:
    return ExtractContext(
        head=agenda_head(meeting),
        kind=EXTRACT,
        board=meeting.board,
        administration=meeting.administration or "",
        date=meeting.date,
        checking=checking_text(meeting_file),
        paragraphs=[paragraph_view(found, make)],
        signers=in_pairs([Signer("Sekreterare", meeting_file.clerk or "")]),
    )


def minutes_meta(meeting: Meeting, meeting_file: MeetingFile) -> DocumentMeta:
    kind = FINAL if meeting_file.adjusted else DRAFT
    return DocumentMeta(
        title=f"{kind} {meeting.board} {meeting.date.isoformat()}",
        date=meeting_file.adjusted or meeting.date,
        subject=f"Sammanträde {meeting.date.isoformat()}",
        author=meeting.board,
        keywords="protokoll, sammanträde",
    )


def extract_meta(meeting: Meeting, meeting_file: MeetingFile, found: Paragraph) -> DocumentMeta:
    return DocumentMeta(
        title=f"{EXTRACT} {meeting.board} {meeting.date.isoformat()} § {found.number}",
        date=meeting_file.adjusted or meeting.date,
        subject=f"{found.item.title}" + (f", dnr {found.item.dnr}" if found.item.dnr else ""),
        author=meeting.board,
        keywords="protokollsutdrag, sammanträde",
    )


def render_minutes(meeting: Meeting, meeting_file: MeetingFile, found: list[Paragraph], templates_dir: Path,
                   public: bool = False) -> bytes:
    """The minutes, through the meeting's profile's own template when it has one."""
    profile = meeting_profile(meeting)
    return render_template(templates_dir, MINUTES_TEMPLATE,
                           lambda make: minutes_context(meeting, meeting_file, found, make, public),
                           minutes_meta(meeting, meeting_file), profile)


def render_extract(meeting: Meeting, meeting_file: MeetingFile, found: Paragraph, templates_dir: Path) -> bytes:
    profile = meeting_profile(meeting)
    return render_template(templates_dir, EXTRACT_TEMPLATE,
                           lambda make: extract_context(meeting, meeting_file, found, make),
                           extract_meta(meeting, meeting_file, found), profile)
