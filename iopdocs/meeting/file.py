"""meetings/ÅÅÅÅ-MM-DD.yaml: reading the meeting file (its model is model.MeetingFile).

The file is optional: it gives the meeting's time, place and chair, can number or add
cases of this repository, and adds items from outside it as PDF files. What the items
add up to (with the cases that name the meeting's date) is collect.py's job.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..case.messages import pydantic_problems
from ..case.yamlfile import YamlDocument, YamlError, read
from ..errors import Problem, UserError
from ..model import MeetingFile
from ..project import Project

MEETINGS_DIR = "meetings"


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


def meeting_files(project: Project) -> list[Path]:
    """meetings/*.yaml, the hidden ones left out."""
    folder = project.root / MEETINGS_DIR
    if not folder.is_dir():
        return []
    # Not only regular files: a FIFO, a folder or a dangling link is a file the check must name.
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def file_date(path: Path) -> dt.date | None:
    """The date a meeting file is named for; None when its name is not ÅÅÅÅ-MM-DD.yaml."""
    stem = path.stem
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stem):
        return None  # fromisoformat would also take 20231207, a name the packet never looks for
    try:
        return dt.date.fromisoformat(stem)
    except ValueError:
        return None
