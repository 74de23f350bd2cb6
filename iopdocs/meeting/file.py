"""meetings/ÅÅÅÅ-MM-DD.yaml: reading the meeting file (its model is model.MeetingFile).

The file is optional: it gives the meeting's time, place and chair, can number or add
cases of this repository, and adds items from outside it as PDF files. What the items
add up to (with the cases that name the meeting's date) is collect.py's job. Listing the
meeting files is case/decisions.py's (status reads decisions through it).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..case.decisions import MEETINGS_DIR, file_date, meeting_files
from ..case.messages import pydantic_problems
from ..case.yamlfile import YamlDocument, YamlError, read
from ..errors import Problem, UserError
from ..model import MeetingFile
from ..project import Project

__all__ = ["MEETINGS_DIR", "decision_problems", "file_date", "load_meeting_file", "meeting_files", "meeting_path"]


def meeting_path(project: Project, date: dt.date) -> Path:
    return project.root / MEETINGS_DIR / f"{date.isoformat()}.yaml"


def load_meeting_file(project: Project, date: dt.date) -> tuple[MeetingFile, YamlDocument] | None:
    """The meeting's own file, validated; None when there is none."""
    path = meeting_path(project, date)
    if not os.path.lexists(path):
        return None
    display = project.display(path)
    title = f"Sammanträdesfilen {display} har fel:"
    try:
        doc = read(path, display, within=project.root)
    except YamlError as exc:
        raise UserError(title, [exc.problem]) from None
    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        raise UserError(title, [Problem(display, 1, "", "filen ska innehålla nycklar och värden (en YAML-mappning)")])
    try:
        return MeetingFile.model_validate(data), doc
    except ValidationError as exc:
        raise UserError(title, sorted(pydantic_problems(exc, doc, MeetingFile))) from None


def decision_problems(meeting_file: MeetingFile, doc: YamlDocument, numbers: set[int] | None) -> list[Problem]:
    """A decision for an item not on the agenda (`numbers`; None when the agenda is not
    known because a case did not load), and a checker who is not among those present."""
    problems: list[Problem] = []
    if numbers is not None:
        for i, decision in enumerate(meeting_file.decisions):
            if decision.item not in numbers:
                listed = ", ".join(str(n) for n in sorted(numbers)) or "inga"
                problems.append(Problem(doc.file, doc.line(("decisions", i, "item")), f"decisions[{i}].item",
                                        f"ärende {decision.item} finns inte på föredragningslistan (ärenden: {listed})"))
    if meeting_file.checkers:
        present = meeting_file.attendance.present() if meeting_file.attendance else set()
        for i, name in enumerate(meeting_file.checkers):
            if name not in present:
                problems.append(Problem(doc.file, doc.line(("checkers", i)), f"checkers[{i}]",
                                        f"justeraren {name} står inte bland närvarande ledamöter och ersättare "
                                        "under attendance"))
    return problems
