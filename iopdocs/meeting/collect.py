"""A board meeting: which items it takes up, in which order, and where it is held.

The agenda (föredragningslista) is collected from two sources: every case whose
case.yaml names the meeting's date, numbered by its `agenda_item`, and the optional
`meetings/ÅÅÅÅ-MM-DD.yaml` (file.py), which gives the time, place and chair, can
number or add cases, and adds items from outside this repository as PDF files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..case.load import load_case
from ..case.yamlfile import YamlDocument, YamlError, read
from ..errors import CaseError, Problem, UserError
from ..model import MeetingFile, MeetingItem, Prose
from ..project import Project
from .file import decision_problems, file_date, load_meeting_file, meeting_path


@dataclass(frozen=True)
class Source:
    """Where a value was given, for error messages: a display path, a line and a field."""

    file: str
    line: int | None
    field: str

    def problem(self, message: str) -> Problem:
        return Problem(self.file, self.line, self.field, message)


@dataclass(frozen=True)
class AgendaItem:
    """One numbered item: a case of this repository or an external PDF."""

    number: int
    title: str
    dnr: str | None
    summary: Prose | None
    case: model.Case | None = None
    file: Path | None = None  # an external item's PDF (not yet checked)
    file_source: Source | None = None
    index: int | None = None  # an external item's place in the meeting file's items
    publish: bool = True  # an external item's PDF may go on the web
    publish_allow: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How messages name the item: 'ärende 8 (exempel-iop)'."""
        return f"ärende {self.number} ({self.case.id})" if self.case else f"ärende {self.number} ({self.title})"


@dataclass(frozen=True)
class Meeting:
    date: dt.date
    board: str
    items: tuple[AgendaItem, ...]
    time: str | None = None
    place: str | None = None
    chair: str | None = None
    administration: str | None = None
    opening: tuple[str, ...] = ()  # the opening items, numbered 1, 2, 3 … before the cases


@dataclass
class Gathered:
    """A meeting's items as its sources give them, and what is wrong on the way."""

    meeting_file: MeetingFile
    items: list[AgendaItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the meeting: listing, numbering
    case_errors: list[UserError] = field(default_factory=list)  # its cases that do not load


def gather_meeting(project: Project, date: dt.date) -> Gathered:
    """Every item of the meeting on `date` and every problem found; raises UserError only
    when the meeting file itself cannot be read or does not validate."""
    loaded = load_meeting_file(project, date)
    meeting_file, doc = loaded if loaded else (MeetingFile(), None)
    gathered = Gathered(meeting_file)
    listed = _listed_cases(meeting_file, doc, gathered.problems)
    folders = _case_folders(project, date, listed, doc, gathered.problems)
    sources: dict[int, list[Source]] = {}
    _add_cases(project, date, folders, listed, gathered, sources)
    if doc is not None:
        _add_external_items(meeting_file, doc, gathered.items, sources)
    for number, places in sorted(sources.items()):
        if len(places) > 1:
            for place in places:
                gathered.problems.append(place.problem(f"nummer {number} på föredragningslistan används av flera ärenden"))
    _check_opening(meeting_file, sources, gathered.problems)
    if doc is not None:
        numbers = None if gathered.case_errors else {item.number for item in gathered.items}
        gathered.problems += decision_problems(meeting_file, doc, numbers)
    return gathered


def _check_opening(meeting_file: MeetingFile, sources: dict[int, list[Source]], problems: list[Problem]) -> None:
    """The opening items take numbers 1 … N; an item numbered among them is a problem."""
    count = len(meeting_file.opening_items)
    for number, places in sorted(sources.items()):
        if number <= count:
            for place in places:
                problems.append(place.problem(
                    f"nummer {number} på föredragningslistan är en av de inledande punkterna (1–{count}); "
                    f"ge ärendet ett nummer från {count + 1}, eller ändra opening i sammanträdesfilen"))


def collect_meeting(project: Project, date: dt.date) -> Meeting:
    """Every item of the meeting on `date`, in agenda order; raises UserError with all problems."""
    gathered = gather_meeting(project, date)
    if gathered.case_errors:
        raise _combined(date, gathered.case_errors, gathered.problems)
    if gathered.problems:
        raise UserError(f"Föredragningslistan för {date.isoformat()} kan inte sättas ihop:", sorted(set(gathered.problems)))
    if not gathered.items:
        raise UserError(
            f"Inga ärenden till sammanträdet {date.isoformat()}: inget ärende har meeting: {date.isoformat()} "
            f"i case.yaml och {project.display(meeting_path(project, date))} finns inte eller saknar items."
        )
    items = sorted(gathered.items, key=lambda item: item.number)
    meeting_file = gathered.meeting_file
    return Meeting(
        date=date,
        board=meeting_file.board or _board(items),
        items=tuple(items),
        time=meeting_file.time,
        place=meeting_file.place,
        chair=meeting_file.chair,
        administration=_administration(items),
        opening=meeting_file.opening_items,
    )


def meeting_file_problems(project: Project, path: Path) -> list[Problem]:
    """What `iopdocs check` says about one meeting file: its name, its keys and values, and
    the items it lists. A case of the meeting that does not load is left to the case's own check."""
    display = project.display(path)
    date = file_date(path)
    if date is None:
        return [Problem(display, None, "", "filnamnet ska vara sammanträdets datum: ÅÅÅÅ-MM-DD.yaml, t.ex. 2023-12-07.yaml")]
    try:
        return sorted(set(gather_meeting(project, date).problems))
    except UserError as exc:
        return exc.problems


def _listed_cases(
    meeting_file: MeetingFile, doc: YamlDocument | None, problems: list[Problem]
) -> dict[str, tuple[int, MeetingItem]]:
    """The meeting file's case items by folder name, with their index; a case listed twice is a problem."""
    listed: dict[str, tuple[int, MeetingItem]] = {}
    for i, item in enumerate(meeting_file.items):
        if item.case is None:
            continue
        assert doc is not None
        if item.case in listed:
            first = doc.line(("items", listed[item.case][0], "case"))
            where = Source(doc.file, doc.line(("items", i, "case")), f"items[{i}].case")
            problems.append(where.problem(f"ärendet '{item.case}' står redan i items" + (f" (rad {first})" if first else "")))
            continue
        listed[item.case] = (i, item)
    return listed


def _add_cases(
    project: Project,
    date: dt.date,
    folders: list[tuple[Path, Source]],
    listed: dict[str, tuple[int, MeetingItem]],
    gathered: Gathered,
    sources: dict[int, list[Source]],
) -> None:
    """The cases of the meeting as items, numbered by the meeting file or their agenda_item."""
    for folder, where in folders:
        try:
            case = load_case(project, folder)
        except CaseError as exc:
            gathered.case_errors.append(exc)
            continue
        entry = listed.get(folder.name)
        number = entry[1].number if entry and entry[1].number is not None else case.meta.agenda_item
        if number is None:
            gathered.problems.append(
                where.problem(
                    f"ärendet {case.id} saknar nummer på föredragningslistan: ange agenda_item i case.yaml"
                    + (" eller number i sammanträdesfilen" if entry is None else "")
                )
            )
            continue
        if entry is None and case.meta.meeting != date:
            continue
        sources.setdefault(number, []).append(where)
        gathered.items.append(AgendaItem(number, case.meta.title, case.meta.dnr, case.meta.summary, case=case))


def _add_external_items(
    meeting_file: MeetingFile, doc: YamlDocument, items: list[AgendaItem], sources: dict[int, list[Source]]
) -> None:
    """The meeting file's items from outside this repository (PDF files)."""
    for i, item in enumerate(meeting_file.items):
        if item.case is not None:
            continue
        sources.setdefault(item.number, []).append(Source(doc.file, doc.line(("items", i)), f"items[{i}]"))
        file_source = Source(doc.file, doc.line(("items", i, "file")), f"items[{i}].file")
        items.append(
            AgendaItem(item.number, item.title, item.dnr, item.summary, file=Path(item.file), file_source=file_source,
                       index=i, publish=item.publish, publish_allow=tuple(item.publish_allow))
        )


def _case_folders(
    project: Project,
    date: dt.date,
    listed: dict[str, tuple[int, MeetingItem]],
    doc: YamlDocument | None,
    problems: list[Problem],
) -> list[tuple[Path, Source]]:
    """The case folders that may belong to the meeting, each with where its number comes from.

    Only case.yaml's `meeting` is peeked at here, so that a broken case of another
    meeting does not stop this one's papers.
    """
    found: list[tuple[Path, Source]] = []
    seen: set[str] = set()
    for name, (i, _item) in listed.items():
        folder = project.cases_dir / name
        assert doc is not None
        where = Source(doc.file, doc.line(("items", i, "case")), f"items[{i}].case")
        if "/" in name or "\\" in name or name in (".", "..") or not (folder / "case.yaml").is_file():
            problems.append(where.problem(f"ärendet '{name}' finns inte: ingen case.yaml i cases/{name}/"))
            continue
        other, _line = _peek(folder / "case.yaml")
        if other not in (None, date.isoformat()):
            problems.append(
                where.problem(f"ärendet '{name}' ska enligt case.yaml upp på sammanträdet {other}, inte {date.isoformat()}")
            )
            continue
        found.append((folder, where))
        seen.add(name)
    if project.cases_dir.is_dir():
        for folder in sorted(p for p in project.cases_dir.iterdir() if (p / "case.yaml").is_file()):
            if folder.name in seen:
                continue
            case_yaml = folder / "case.yaml"
            other, line = _peek(case_yaml)
            if other == date.isoformat():
                found.append((folder, Source(project.display(case_yaml), line, "agenda_item")))
    return found


def _peek(path: Path) -> tuple[str | None, int | None]:
    """case.yaml's `meeting` as written, and the line of its agenda_item (or meeting)."""
    try:
        doc = read(path, str(path))
    except YamlError:
        return None, None
    value = doc.data.get("meeting") if isinstance(doc.data, dict) else None
    line = doc.lines.get(("agenda_item",)) or doc.lines.get(("meeting",))
    return (str(value).strip() if value is not None else None), line


def _board(items: list[AgendaItem]) -> str:
    boards = [item.case.profile.board for item in items if item.case is not None]
    if not boards:
        raise UserError("Nämndens namn saknas: ange board i sammanträdesfilen när inget ärende kommer från cases/.")
    return boards[0]


def _administration(items: list[AgendaItem]) -> str | None:
    return next((item.case.profile.administration for item in items if item.case is not None), None)


def _combined(date: dt.date, errors: list[UserError], extra: list[Problem]) -> UserError:
    problems = list(extra)
    names = []
    for error in errors:
        names.append(getattr(error, "case", "") or error.message)
        problems.extend(error.problems)
    return UserError(
        f"Handlingarna till sammanträdet {date.isoformat()} kan inte sättas ihop: ärendet {', '.join(names)} har fel:", problems
    )
