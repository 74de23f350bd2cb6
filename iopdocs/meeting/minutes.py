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

from .. import text
from ..documents.render import render_template
from ..documents.statement import decision_points
from ..documents.views import DASH
from ..documents.wordxml import Block, Maker, Paragraphs
from ..errors import UserError
from ..model import Attendee, MeetingFile
from ..pdf.meta import DocumentMeta
from .agenda import AgendaHead, agenda_head, when_text
from .collect import Meeting
from .proceedings import Paragraph, paragraph_range

MINUTES_TEMPLATE = "protokoll.docx"
EXTRACT_TEMPLATE = "protokollsutdrag.docx"
DRAFT = "Förslag till protokoll"
FINAL = "Protokoll"
EXTRACT = "Protokollsutdrag"


@dataclass(frozen=True)
class DissentView:
    kind: str  # "Reservation", "Särskilt uttalande"
    by: str
    text: Paragraphs


@dataclass(frozen=True)
class ParagraphView:
    number: int
    heading: str  # "§ 112 Title"
    reference: str  # "Dnr RK 2023/412 · Bifall"
    decision: Paragraphs
    reason: Paragraphs
    conflicts: str  # "Anna Andersson (S) anmäler jäv och deltar inte i handläggningen."
    dissents: list[DissentView]


@dataclass(frozen=True)
class Signer:
    role: str
    name: str


@dataclass(frozen=True)
class SignerRow:
    """Two signatures side by side; an empty right one (name '') prints nothing."""

    left: Signer
    right: Signer


def in_pairs(signers: list[Signer]) -> list[SignerRow]:
    padded = signers + [Signer("", "")] * (len(signers) % 2)
    return [SignerRow(padded[i], padded[i + 1]) for i in range(0, len(padded), 2)]


@dataclass(frozen=True)
class MinutesContext:
    """What templates/protokoll.docx gets (see documents/render.py for the conventions)."""

    head: AgendaHead
    kind: str  # DRAFT or FINAL
    board: str
    administration: str
    date: dt.date
    when: str
    place: str
    paragraph_range: str
    members: Paragraphs
    substitutes: Paragraphs
    officials: Paragraphs
    checkers: str
    checking: str  # "Justerat 2023-12-12" or "Justering 2023-12-12"
    paragraphs: list[ParagraphView]
    signers: list[SignerRow]  # chair, checkers, clerk


@dataclass(frozen=True)
class ExtractContext:
    """What templates/protokollsutdrag.docx gets: one paragraph and its certification."""

    head: AgendaHead
    kind: str
    board: str
    administration: str
    date: dt.date
    checking: str
    paragraphs: list[ParagraphView]  # the one paragraph extracted (a list, as in the minutes)
    signers: list[SignerRow]  # the clerk, who certifies the extract


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


def _template(templates_dir: Path, name: str) -> None:
    if not (templates_dir / name).is_file():
        raise UserError(f"Mallen {name} saknas i {templates_dir}. Skapa den med 'iopdocs mallar ny {Path(name).stem}'.")


def render_minutes(meeting: Meeting, meeting_file: MeetingFile, found: list[Paragraph], templates_dir: Path,
                   public: bool = False) -> bytes:
    _template(templates_dir, MINUTES_TEMPLATE)
    return render_template(templates_dir, MINUTES_TEMPLATE,
                           lambda make: minutes_context(meeting, meeting_file, found, make, public),
                           minutes_meta(meeting, meeting_file))


def render_extract(meeting: Meeting, meeting_file: MeetingFile, found: Paragraph, templates_dir: Path) -> bytes:
    _template(templates_dir, EXTRACT_TEMPLATE)
    return render_template(templates_dir, EXTRACT_TEMPLATE,
                           lambda make: extract_context(meeting, meeting_file, found, make),
                           extract_meta(meeting, meeting_file, found))
