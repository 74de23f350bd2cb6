"""meetings/ÅÅÅÅ-MM-DD.yaml: the meeting's time, place and chair, and its extra items."""

from __future__ import annotations

import re

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Prose, Strict, check_dnr
from .case_file import PUBLISH_ALLOW_HELP, PUBLISH_HELP, AllowedValue

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
    publish: bool = Field(True, description=PUBLISH_HELP.replace("bilagan", "PDF-filen"))
    publish_allow: list[AllowedValue] = Field(default_factory=list, description=PUBLISH_ALLOW_HELP)

    @field_validator("dnr")
    @classmethod
    def _dnr(cls, v: str | None) -> str | None:
        return None if v is None else check_dnr(v)

    @model_validator(mode="after")
    def _one_kind(self) -> "MeetingItem":
        if self.case is not None:
            extra = [k for k in ("title", "dnr", "summary", "file") if getattr(self, k) is not None]
            extra += [k for k in ("publish", "publish_allow") if k in self.model_fields_set]
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
