"""meetings/ÅÅÅÅ-MM-DD.yaml: the meeting's time, place and chair, its extra items, and
after the meeting who attended, who checks the minutes and what was decided on each item."""

from __future__ import annotations

import re

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .base import Date, Int, Labelled, NonEmpty, Prose, Strict, check_dnr
from .case_file import PUBLISH_ALLOW_HELP, PUBLISH_HELP, AllowedValue

# The standard opening items of a board meeting, numbered 1, 2, 3 before the cases.
DEFAULT_OPENING = ("Sammanträdets öppnande", "Val av justerare och tid för justering",
                   "Godkännande av föredragningslistan")

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


class Resolution(Labelled):
    """What the board did with an item."""

    adopted = "adopted", "Bifall"
    adopted_with_changes = "adopted_with_changes", "Bifall med ändringar"
    rejected = "rejected", "Avslag"
    referred_back = "referred_back", "Återremiss"
    postponed = "postponed", "Bordläggning"


class AgreementOutcome(Labelled):
    """What an adopted decision means for the case's agreements, for `status`."""

    extended = "extended", "Förlängd"
    ended = "ended", "Avslutad"


class DissentKind(Labelled):
    reservation = "reservation", "Reservation"
    statement = "statement", "Särskilt uttalande"


class Dissent(Strict):
    """A reservation or a special statement (särskilt uttalande) entered in the minutes."""

    kind: DissentKind = Field(description="reservation eller statement (särskilt uttalande).")
    by: list[NonEmpty] = Field(min_length=1, description="Vem eller vilka: namn eller parti, t.ex. 'Ledamoten (V)'.")
    text: Prose | None = Field(None, description="Motiveringen, som den ska stå i protokollet.")


class ItemDecision(Strict):
    """The board's decision on one item of the agenda: a paragraph (§) of the minutes."""

    item: Int = Field(ge=1, description="Ärendets nummer på föredragningslistan.")
    paragraph: Int = Field(ge=1, description="Paragrafnumret (§) i protokollet.")
    decision: Resolution = Field(
        description="adopted (bifall), adopted_with_changes (bifall med ändringar), rejected (avslag), "
        "referred_back (återremiss) eller postponed (bordläggning)."
    )
    text: list[Prose] | None = Field(
        None,
        description="Beslutet som det ska stå i protokollet, en eller flera punkter; utelämnas blir det "
        "förvaltningens förslag till beslut (vid bifall) eller en standardmening.",
    )
    reason: Prose | None = Field(None, description="Motivering, t.ex. varför ärendet återremitteras.")
    agreement: AgreementOutcome | None = Field(
        None, description="Vad beslutet innebär för ärendets överenskommelser: extended (förlängd) eller ended (avslutad)."
    )
    dissents: list[Dissent] = Field(default_factory=list, description="Reservationer och särskilda uttalanden.")
    conflicts: list[NonEmpty] = Field(
        default_factory=list, description="Ledamöter som anmält jäv och inte deltog i ärendet."
    )

    @model_validator(mode="after")
    def _changed_text(self) -> "ItemDecision":
        if self.decision is Resolution.adopted_with_changes and self.text is None:
            raise PydanticCustomError(
                "decision_text", "bifall med ändringar: skriv det ändrade beslutet under 'text'"
            )
        if self.agreement is not None and self.decision not in (Resolution.adopted, Resolution.adopted_with_changes):
            raise PydanticCustomError(
                "decision_agreement", "'agreement' hör bara till ett bifall, inte till {decision}",
                {"decision": self.decision.label.lower()},
            )
        return self


class Attendee(Strict):
    name: NonEmpty = Field(description="För- och efternamn.")
    party: str | None = Field(None, description="Parti, t.ex. 'S'.")
    title: str | None = Field(None, description="Befattning eller roll, t.ex. 'ordförande' eller 'stadsdelsdirektör'.")
    replaces: str | None = Field(None, description="För en tjänstgörande ersättare: den ledamot hen ersätter.")


class Attendance(Strict):
    """Who attended: the minutes' list of those present."""

    members: list[Attendee] = Field(default_factory=list, description="Närvarande ledamöter.")
    substitutes: list[Attendee] = Field(default_factory=list, description="Närvarande ersättare.")
    officials: list[Attendee] = Field(default_factory=list, description="Övriga närvarande: tjänstepersoner.")

    def present(self) -> set[str]:
        """The names of the members and substitutes present (who may check the minutes)."""
        return {person.name for person in [*self.members, *self.substitutes]}


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
    opening: list[NonEmpty] | None = Field(
        None,
        description="Inledande punkter som numreras 1, 2, 3 … före ärendena; utelämnas blir det "
        "'" + "', '".join(DEFAULT_OPENING) + "'. En tom lista [] ger inga.",
    )
    items: list[MeetingItem] = Field(
        default_factory=list, description="Ärenden: {case: <mapp>} eller {number, title, dnr, summary, file}."
    )
    attendance: Attendance | None = Field(None, description="Närvarande: ledamöter, ersättare och tjänstepersoner.")
    clerk: str | None = Field(None, description="Sekreterare, som skriver under protokollet.")
    checkers: list[NonEmpty] = Field(
        default_factory=list, max_length=2, description="Justerare: en eller två närvarande ledamöter eller ersättare."
    )
    check_date: Date | None = Field(None, description="Dag för justering av protokollet (ÅÅÅÅ-MM-DD).")
    adjusted: Date | None = Field(
        None, description="Dagen protokollet justerades (ÅÅÅÅ-MM-DD); utan den blir protokollet ett förslag."
    )
    decisions: list[ItemDecision] = Field(default_factory=list, description="Besluten, en paragraf per ärende.")

    @field_validator("decisions")
    @classmethod
    def _one_paragraph_each(cls, v: list[ItemDecision]) -> list[ItemDecision]:
        for key, what in (("paragraph", "§ {id} används för mer än ett beslut"),
                          ("item", "ärende {id} har mer än ett beslut")):
            seen: dict[int, int] = {}
            for n, decision in enumerate(v):
                value = getattr(decision, key)
                if value in seen:
                    raise PydanticCustomError(
                        "duplicate_id", what, {"id": value, "at": f"{n}/{key}", "first": f"{seen[value]}/{key}"}
                    )
                seen[value] = n
        return v

    def decision_for(self, item: int) -> ItemDecision | None:
        return next((d for d in self.decisions if d.item == item), None)

    @property
    def opening_items(self) -> tuple[str, ...]:
        return DEFAULT_OPENING if self.opening is None else tuple(self.opening)

    @field_validator("time")
    @classmethod
    def _time(cls, v: str | None) -> str | None:
        if v is None:
            return None
        match = _TIME.match(v)
        if not match:
            raise PydanticCustomError("time_format", "ska vara ett klockslag TT:MM, t.ex. '18:00' ({value})", {"value": v})
        return f"{int(match.group(1)):02d}.{match.group(2)}"  # Swedish: kl. 18.00
