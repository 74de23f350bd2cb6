"""The example values of the template reference (`iopdocs mallar fält`): the contexts the
project's own cases and meetings give each template.

They are built by the same functions the renderer calls (statement_context, …,
minutes_context), with a Maker on an empty Word document: nothing is rendered or written.
A case or meeting that does not load, or whose context cannot be built, gives no
examples and a note saying so; a project without cases/ gives none at all.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Callable

from docx import Document
from docxtpl import DocxTemplate

from .. import model
from ..case.load import load_case
from ..documents.agreement import agreement_context
from ..documents.assessment import assessment_context
from ..documents.followup import follow_up_context
from ..documents.render import AGREEMENT, ASSESSMENT, FOLLOW_UP, STATEMENT, agreed
from ..documents.statement import statement_context
from ..documents.wordxml import Maker, Session
from ..errors import UserError
from ..meeting.agenda import AGENDA_TEMPLATE, agenda_context
from ..meeting.collect import collect_meeting
from ..meeting.file import file_date, load_meeting_file, meeting_files
from ..meeting.minutes import EXTRACT_TEMPLATE, MINUTES_TEMPLATE, extract_context, minutes_context
from ..meeting.proceedings import paragraphs
from ..project import Project


@dataclass
class Examples:
    """Per template, the contexts of the examples in the order found; and what gave none."""

    contexts: dict[str, list[Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, template: str, build: Callable[[], Any], what: str) -> None:
        try:
            self.contexts.setdefault(template, []).append(build())
        except UserError as exc:
            self.notes.append(f"{what} ger inga exempel till {template}: {exc.message}")


def example_contexts(project: Project) -> Examples:
    """The contexts of every case in cases/ and every meeting (meetings/*.yaml, and the dates
    the cases name), template by template."""
    examples = Examples()
    make = _maker(project)
    cases = _cases(project, examples)
    for case in cases:
        _case_contexts(case, make, examples)
    dates = {d for d in map(file_date, meeting_files(project)) if d is not None}
    dates |= {case.meta.meeting for case in cases if case.meta.meeting is not None}
    for date in sorted(dates):
        _meeting_contexts(project, date, make, examples)
    return examples


def _maker(project: Project) -> Maker:
    """A Maker on an empty Word document: prose becomes Paragraphs and a profile's logo an
    image, as in a rendering, but nothing is filled in or written."""
    empty = io.BytesIO()
    Document().save(empty)
    empty.seek(0)
    template = DocxTemplate(empty)
    template.init_docx()
    return Maker(Session(template.docx), template, project.profiles_dir)


def _cases(project: Project, examples: Examples) -> list[model.Case]:
    try:
        folders = project.case_dirs()
    except UserError:
        examples.notes.append(f"Mappen {project.display(project.cases_dir)} finns inte: inga exempel från ärenden.")
        return []
    cases = []
    for folder in folders:
        try:
            cases.append(load_case(project, folder))
        except UserError:
            examples.notes.append(f"Ärendet {folder.name} har fel och ger inga exempel; "
                                  f"kör 'iopdocs check {folder.name}'.")
    return cases


def _case_contexts(case: model.Case, make: Maker, examples: Examples) -> None:
    what = f"Ärendet {case.id}"
    examples.add(STATEMENT, lambda: statement_context(case, make), what)
    for partner in (p for p in case.partners if p.assessment is not None):
        examples.add(ASSESSMENT, lambda p=partner: assessment_context(case, p, make), what)
    for partner in agreed(case):
        examples.add(AGREEMENT, lambda p=partner: agreement_context(case, p, make), what)
    for follow_up in case.follow_ups:
        examples.add(FOLLOW_UP, lambda f=follow_up: follow_up_context(case, f, make), what)


def _meeting_contexts(project: Project, date: dt.date, make: Maker, examples: Examples) -> None:
    what = f"Sammanträdet {date.isoformat()}"
    try:
        meeting = collect_meeting(project, date)
        loaded = load_meeting_file(project, date)
    except UserError:
        examples.notes.append(f"{what} har fel och ger inga exempel; kör 'iopdocs check'.")
        return
    # The papers' page numbers are known only once they are converted: one page per item here.
    pages = {item.number: (n, n) for n, item in enumerate(meeting.items, start=2)}
    examples.add(AGENDA_TEMPLATE, lambda: agenda_context(meeting, pages, make), what)
    if loaded is None:
        return
    meeting_file, _doc = loaded
    try:
        found = paragraphs(meeting, meeting_file)
    except UserError as exc:
        examples.notes.append(f"{what} ger inga exempel till protokollet: {exc.message}")
        return
    examples.add(MINUTES_TEMPLATE, lambda: minutes_context(meeting, meeting_file, found, make), what)
    for paragraph in found:
        examples.add(EXTRACT_TEMPLATE, lambda p=paragraph: extract_context(meeting, meeting_file, p, make), what)

