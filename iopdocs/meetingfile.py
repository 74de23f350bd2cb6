"""meetings/ÅÅÅÅ-MM-DD.yaml: the meeting file's model, and reading it.

The file is optional: it gives the meeting's time, place and chair, can number or add
cases of this repository, and adds items from outside it as PDF files. What the items
add up to (with the cases that name the meeting's date) is meeting.py's job.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import model
from .errors import Problem, UserError
from .project import Project
from .messages import pydantic_problems
from .model import Prose, Strict
from .yamlfile import YamlDocument, YamlError, read

MEETINGS_DIR = "meetings"
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingItem(Strict):
    """One item of the agenda: a case in this repository, or an external PDF."""

    model_config = ConfigDict(
        json_schema_extra={"description": "Ett ärende på föredragningslistan: ett ärende i cases/ eller en PDF."}
    )

    case: str | None = Field(None, description="Ärendets mapp under cases/, t.ex. 'exempel-iop'.")
    number: int | None = Field(
        None, ge=1, description="Numret på föredragningslistan; för ett ärende annars agenda_item i case.yaml."
    )
    title: str | None = Field(None, description="Rubrik för ett ärende utanför iopdocs.")
    dnr: str | None = Field(None, description="Diarienummer för ett ärende utanför iopdocs.")
    summary: Prose | None = Field(None, description="Ärendebeskrivning för ett ärende utanför iopdocs.")
    file: str | None = Field(
        None, description="PDF-filen för ett ärende utanför iopdocs, sökväg inom mappen meetings/."
    )

    @field_validator("dnr")
    @classmethod
    def _dnr(cls, v: str | None) -> str | None:
        return None if v is None else model._check_dnr(v)

    @model_validator(mode="after")
    def _one_kind(self) -> "MeetingItem":
        if self.case is not None:
            extra = [k for k in ("title", "dnr", "summary", "file") if getattr(self, k) is not None]
            if extra:
                raise PydanticCustomError(
                    "item_kind",
                    "ett ärende med 'case' hämtar rubrik, dnr och sammanfattning ur ärendet; ta bort {keys}",
                    {"keys": ", ".join(f"'{k}'" for k in extra)},
                )
            return self
        missing = [k for k in ("title", "file", "number") if getattr(self, k) is None]
        if missing:
            raise PydanticCustomError(
                "item_external",
                "ange 'case' (ett ärende i cases/) eller 'title', 'number' och 'file' (en PDF); {keys} saknas",
                {"keys": ", ".join(f"'{k}'" for k in missing)},
            )
        return self


class MeetingFile(Strict):
    """meetings/ÅÅÅÅ-MM-DD.yaml: the meeting's time, place, chair and extra items."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "meetings/ÅÅÅÅ-MM-DD.yaml: sammanträdets tid, plats och ordförande, och ärenden "
            "som inte har sammanträdets datum i case.yaml eller som görs utanför iopdocs."
        }
    )

    board: str | None = Field(None, description="Nämndens namn; utelämnas blir det ärendenas profils nämnd.")
    time: str | None = Field(
        None,
        description="Klockslag då sammanträdet börjar, t.ex. '18:00'.",
        json_schema_extra={"pattern": _TIME.pattern, "examples": ["18:00"]},
    )
    place: str | None = Field(None, description="Plats, t.ex. 'Sammanträdesrummet, Kista Centrum'.")
    chair: str | None = Field(None, description="Ordförande.")
    items: list[MeetingItem] = Field(
        default_factory=list, description="Ärenden: {case: <mapp>} eller {number, title, dnr, summary, file}."
    )

    @field_validator("time")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        if v is None:
            return None
        match = _TIME.match(v)
        if not match:
            raise PydanticCustomError("time_format", "ska vara ett klockslag TT:MM, t.ex. '18:00' ({value})", {"value": v})
        return f"{int(match.group(1)):02d}.{match.group(2)}"  # Swedish: kl. 18.00


def meeting_path(project: Project, date: dt.date) -> Path:
    return project.root / MEETINGS_DIR / f"{date.isoformat()}.yaml"


def load_meeting_file(project: Project, date: dt.date) -> tuple[MeetingFile, YamlDocument] | None:
    """The meeting's own file, validated; None when there is none."""
    path = meeting_path(project, date)
    if not path.is_file():
        return None
    display = project.display(path)
    title = f"Sammanträdesfilen {display} har fel:"
    try:
        doc = read(path, display)
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
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith(".") and p.is_file())


def file_date(path: Path) -> dt.date | None:
    """The date a meeting file is named for; None when its name is not ÅÅÅÅ-MM-DD.yaml."""
    stem = path.stem
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", stem):
        return None  # fromisoformat would also take 20231207, a name the packet never looks for
    try:
        return dt.date.fromisoformat(stem)
    except ValueError:
        return None
