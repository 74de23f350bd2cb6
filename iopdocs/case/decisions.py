"""What the board decided on each case, read from the meeting files (meetings/ÅÅÅÅ-MM-DD.yaml).

`status` and `history` both need a case's decisions, and neither may import meeting/, so
the reading lives here. A decision names an agenda item by its number; the item is a case
when the meeting file lists the case with that number, or when case.yaml names the
meeting's date and has that agenda_item (the same rule as the agenda). A meeting file that
does not read or validate is skipped here: `iopdocs check` reports it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .. import model
from ..project import Project
from .yamlfile import YamlError, read

MEETINGS_DIR = "meetings"


@dataclass(frozen=True)
class CaseDecision:
    """One decision on a case: the meeting, its paragraph and what was decided."""

    case: str  # the case's id
    meeting: dt.date
    paragraph: int
    resolution: model.Resolution
    agreement: model.AgreementOutcome | None = None
    board: str = ""

    @property
    def adopted(self) -> bool:
        return self.resolution in (model.Resolution.adopted, model.Resolution.adopted_with_changes)

    @property
    def open(self) -> bool:
        """Referred back or postponed: the case comes back to the board."""
        return self.resolution in (model.Resolution.referred_back, model.Resolution.postponed)

    @property
    def outcome(self) -> str:
        """'Bifall, överenskommelsen förlängd', 'Återremiss'."""
        extra = f", överenskommelsen {self.agreement.label.lower()}" if self.agreement and self.adopted else ""
        return self.resolution.label + extra


def meeting_files(project: Project) -> list[Path]:
    """meetings/*.yaml, the hidden ones left out."""
    folder = project.root / MEETINGS_DIR
    if not folder.is_dir():
        return []
    # Not only regular files: a FIFO, a folder or a dangling link is a file the check must name.
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def file_date(path: Path) -> dt.date | None:
    """The date a meeting file is named for; None when its name is not ÅÅÅÅ-MM-DD.yaml."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem):
        return None  # fromisoformat would also take 20231207, a name the packet never looks for
    try:
        return dt.date.fromisoformat(path.stem)
    except ValueError:
        return None


def read_meeting_files(project: Project) -> list[tuple[dt.date, model.MeetingFile]]:
    """Every meeting file that reads and validates, by date."""
    found = []
    for path in meeting_files(project):
        date = file_date(path)
        if date is None:
            continue
        try:
            data = read(path, project.display(path), within=project.root).data
            found.append((date, model.MeetingFile.model_validate(data if data is not None else {})))
        except (YamlError, ValidationError):
            continue
    return found


def item_case(meeting_file: model.MeetingFile, date: dt.date, number: int, cases: list[model.Case]) -> model.Case | None:
    """The case that is item `number` of the meeting on `date`, if it is a case of `cases`."""
    by_folder = {Path(case.folder).name: case for case in cases}
    for item in meeting_file.items:
        if item.case is not None and item.number == number and item.case in by_folder:
            return by_folder[item.case]
    listed = {item.case for item in meeting_file.items if item.case is not None and item.number is not None}
    for case in cases:
        if case.meta.meeting == date and case.meta.agenda_item == number and Path(case.folder).name not in listed:
            return case
    return None


def case_decisions(project: Project, cases: list[model.Case], until: dt.date | None = None) -> dict[str, list[CaseDecision]]:
    """Each case's decisions (by case id), oldest first; only meetings on or before `until`."""
    decisions: dict[str, list[CaseDecision]] = {}
    for date, meeting_file in read_meeting_files(project):
        if until is not None and date > until:
            continue
        for decision in meeting_file.decisions:
            case = item_case(meeting_file, date, decision.item, cases)
            if case is None:
                continue
            decisions.setdefault(case.id, []).append(CaseDecision(
                case.id, date, decision.paragraph, decision.decision, decision.agreement,
                meeting_file.board or case.profile.board))
    return decisions
