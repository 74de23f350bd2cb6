"""What was decided at the meeting, as the meeting file records it: each item's paragraph
(§), decision and decision text, as the minutes and the extracts print them (the rules
`check` applies to the decisions are in file.py)."""

from __future__ import annotations

from dataclasses import dataclass

from .. import text
from ..errors import UserError
from ..model import ItemDecision, MeetingFile, Prose, Resolution
from .collect import AgendaItem, Meeting

# The decision's words when the meeting file gives none and there is no proposal to adopt.
STANDARD_TEXT = {
    Resolution.adopted: "Nämnden beslutar i enlighet med förslaget.",
    Resolution.rejected: "Nämnden avslår förslaget.",
    Resolution.referred_back: "Ärendet återremitteras till förvaltningen.",
    Resolution.postponed: "Ärendet bordläggs.",
}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph (§) of the minutes: the item and the decision taken on it."""

    number: int
    item: AgendaItem
    decision: ItemDecision
    text: tuple[Prose, ...]  # the decision's points, as printed

    @property
    def heading(self) -> str:
        return f"§ {self.number} {self.item.title}"


def decision_text(item: AgendaItem, decision: ItemDecision) -> tuple[Prose, ...]:
    """The decision as written, else the statement's proposal when adopted, else a standard sentence."""
    if decision.text is not None:
        return tuple(decision.text)
    if decision.decision is Resolution.adopted and item.case is not None:
        return tuple(item.case.meta.proposal)
    return (text.parse(STANDARD_TEXT[decision.decision]),)


def paragraphs(meeting: Meeting, meeting_file: MeetingFile) -> list[Paragraph]:
    """Every item's paragraph, in § order; a UserError when an item has no decision."""
    by_number = {item.number: item for item in meeting.items}
    missing = [item for item in meeting.items if meeting_file.decision_for(item.number) is None]
    if missing:
        raise UserError(
            f"Protokollet för {meeting.date.isoformat()} kan inte skrivas: "
            + ", ".join(item.label for item in missing)
            + " saknar beslut under decisions i sammanträdesfilen."
        )
    found = [Paragraph(d.paragraph, by_number[d.item], d, decision_text(by_number[d.item], d))
             for d in meeting_file.decisions if d.item in by_number]
    return sorted(found, key=lambda p: p.number)


def paragraph_range(found: list[Paragraph]) -> str:
    """'§§ 112–115', or '§ 112' for one."""
    if not found:
        return ""
    first, last = found[0].number, found[-1].number
    return f"§ {first}" if first == last else f"§§ {first}–{last}"

