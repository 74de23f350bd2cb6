"""Saving the meeting file (meetings/ÅÅÅÅ-MM-DD.yaml) from the web: the same save as a
case file's, with the meeting file's own rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from ..case.messages import pydantic_problems
from ..case.yamlfile import YamlError, parse
from ..errors import Problem
from ..meeting.file import meeting_path
from ..model import MeetingFile
from ..project import Project
from .gitsave import Author
from .save import Saved, Target, save
from .schemaform import model_form


def meeting_target(project: Project, date: dt.date) -> Target:
    path = meeting_path(project, date)
    return Target(path, project.display(path), "meeting", model_form(MeetingFile),
                  f"sammanträdet {date.isoformat()}: {path.name}", lambda text: meeting_file_rules(path.name, text))


def meeting_file_rules(name: str, text: str) -> list[Problem]:
    """The meeting file's own keys and values, as `check` reads them. Whether the cases it
    lists exist and their numbers differ is the meeting page's list of problems."""
    try:
        doc = parse(text, name)
    except YamlError as exc:
        return [exc.problem]
    try:
        MeetingFile.model_validate(doc.data or {})
    except ValidationError as exc:
        return pydantic_problems(exc, doc, MeetingFile)
    return []


def save_meeting_file(project: Project, date: dt.date, base: str, data: dict[str, Any], author: Author | None) -> Saved:
    return save(meeting_target(project, date), base, data, author)
