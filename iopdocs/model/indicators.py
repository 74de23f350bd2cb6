"""indicators.yaml: indicators per goal and the follow-up of each period."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, field_validator

from .base import (
    Date,
    Int,
    Labelled,
    NonEmpty,
    Number,
    Period,
    Prose,
    Strict,
    YearKey,
    unique,
)

# For editors: the keys of a per-year mapping are years (JSON Schema keys are text).
YEAR_KEYS = {"propertyNames": {"pattern": "^(20[0-9]{2}|2100)$"}}


class Direction(str, Enum):
    higher = "higher"
    lower = "lower"


class Baseline(Strict):
    value: Number = Field(description="Utgångsvärdet.")
    year: Int = Field(ge=2000, le=2100, description="Året då utgångsvärdet mättes.")


class Outcome(Strict):
    value: Number | None = Field(None, description="Utfallet för perioden; utelämnas om det saknas.")
    comment: str | None = Field(None, description="Kommentar till utfallet.")


class Indicator(Strict):
    id: NonEmpty = Field(description="Kort id, unikt i ärendet.")
    name: NonEmpty = Field(description="Indikatorns namn.")
    goal: NonEmpty = Field(description="Målets eller delmålets id i goals.yaml.")
    partner: str | None = Field(None, description="Partnerns id; behövs när ärendet har flera partner.")
    unit: NonEmpty = Field(description="Enhet, t.ex. 'antal', 'procent', 'kr'.")
    direction: Direction = Field(Direction.higher, description="higher (högre är bättre) eller lower.")
    baseline: Baseline | None = Field(None, description="Utgångsvärde med år.")
    targets: dict[YearKey, Number] = Field(
        default_factory=dict, description="Målvärde per period (år).", json_schema_extra=YEAR_KEYS
    )
    outcomes: dict[YearKey, Outcome] = Field(
        default_factory=dict, description="Utfall per period (år).", json_schema_extra=YEAR_KEYS
    )


class Activity(Strict):
    planned: NonEmpty = Field(description="Aktivitet enligt verksamhetsplanen.")
    done: str | None = Field(None, description="Vad som genomförts.")
    comment: str | None = Field(None, description="Kommentar.")


class Reached(Strict):
    total: Int | None = Field(None, ge=0, description="Antal deltagare totalt.")
    women: Int | None = Field(None, ge=0, description="Varav kvinnor/flickor.")
    men: Int | None = Field(None, ge=0, description="Varav män/pojkar.")
    age_groups: dict[str, Int] = Field(default_factory=dict, description="Antal per åldersgrupp, t.ex. '13-17': 40.")


class Decision(Labelled):
    continue_ = "continue", "Fortsätta"
    revise = "revise", "Revidera"
    end = "end", "Avsluta"


class FollowUp(Strict):
    period: Period
    partner: str | None = Field(None, description="Partnerns id; behövs när ärendet har flera partner.")
    meeting: Date = Field(description="Dialogmötets datum.")
    participants: list[NonEmpty] = Field(default_factory=list, description="Deltagare vid dialogmötet.")
    activities: list[Activity] = Field(default_factory=list, description="Aktiviteter mot verksamhetsplanen.")
    reached: Reached = Field(default_factory=Reached, description="Målgrupp som nåtts.")
    paid: Int | None = Field(None, ge=0, description="Stadens utbetalda medel under perioden, kr.")
    budget: Int | None = Field(None, ge=0, description="Budgeterade medel för perioden, kr.")
    organisation_contribution: str | None = Field(None, description="Organisationens bidrag under perioden.")
    deviations: Prose | None = Field(None, description="Avvikelser.")
    lessons: Prose | None = Field(None, description="Lärdomar.")
    changes: Prose | None = Field(None, description="Överenskomna förändringar.")
    overall: Prose | None = Field(None, description="Samlad bedömning.")
    decision: Decision | None = Field(None, description="continue (fortsätta), revise (revidera) eller end (avsluta).")


class IndicatorsFile(Strict):
    """indicators.yaml: indicators and follow-up records."""

    indicators: list[Indicator] = Field(default_factory=list, description="Indikatorer per mål.")
    follow_ups: list[FollowUp] = Field(default_factory=list, description="Uppföljningar per period.")

    @field_validator("indicators")
    @classmethod
    def _unique_ids(cls, v: list[Indicator]) -> list[Indicator]:
        unique([(f"{n}/id", i.id) for n, i in enumerate(v)], "en indikator")
        return v
