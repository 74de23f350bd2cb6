"""partners.yaml: the partner organisations, their assessment, contributions and agreement."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .base import (
    Date,
    Int,
    Labelled,
    NonEmpty,
    OrgNumber,
    Person,
    Prose,
    Slug,
    Strict,
    check_orgnr,
    unique,
)
from .profile import AgreementClauses


class LegalForm(Labelled):
    association = "association", "Ideell förening"
    foundation = "foundation", "Stiftelse"
    religious = "religious", "Trossamfund"
    economic_association = "economic_association", "Ekonomisk förening"
    other = "other", "Annan"


class Initiative(Labelled):
    organisation = "organisation", "Organisationen"
    city = "city", "Staden"
    joint = "joint", "Gemensamt"


class CheckResult(Labelled):
    met = "met", "Uppfyllt"
    not_met = "not_met", "Ej uppfyllt"
    not_applicable = "not_applicable", "Ej tillämpligt"


class Check(Strict):
    result: CheckResult = Field(description="met (uppfyllt), not_met (ej uppfyllt) eller not_applicable.")
    evidence: str | None = Field(None, description="Underlag som granskats.")
    date: Date | None = Field(None, description="Datum då underlaget granskades.")
    comment: str | None = Field(None, description="Kommentar.")


# The required checks of an assessment, in the form's order, with their Swedish labels.
CHECK_LABELS: dict[str, str] = {
    "idea_driven": "Idéburen organisation: allmännyttigt syfte, inte offentligt kontrollerad, inga värdeöverföringar",
    "statutes": "Stadgar, styrelse och årsmötesprotokoll",
    "annual_report": "Senaste årsredovisning/verksamhetsberättelse och revisionsberättelse",
    "debts": "Inga skulder hos Skatteverket eller Kronofogden",
    "registration": "F-skatt och arbetsgivarregistrering (där det är relevant)",
    "democracy": "Demokrativillkor: respekt för demokrati, jämställdhet och icke-diskriminering",
    "crime": "Ingen koppling till kriminell verksamhet",
}


class Checks(Strict):
    idea_driven: Check | None = Field(None, description=CHECK_LABELS["idea_driven"])
    statutes: Check | None = Field(None, description=CHECK_LABELS["statutes"])
    annual_report: Check | None = Field(None, description=CHECK_LABELS["annual_report"])
    debts: Check | None = Field(None, description=CHECK_LABELS["debts"])
    registration: Check | None = Field(None, description=CHECK_LABELS["registration"])
    democracy: Check | None = Field(None, description=CHECK_LABELS["democracy"])
    crime: Check | None = Field(None, description=CHECK_LABELS["crime"])

    def items(self) -> list[tuple[str, str, Check | None]]:
        return [(key, label, getattr(self, key)) for key, label in CHECK_LABELS.items()]


class LegalAssessment(Strict):
    procurement: Prose | None = Field(None, description="Varför detta inte är upphandling enligt LOU.")
    state_aid: Prose | None = Field(None, description="Varför detta inte är otillåtet statsstöd.")
    competence: Prose | None = Field(None, description="Kommunal kompetens enligt kommunallagen.")
    grants: Prose | None = Field(None, description="Varför detta inte ingår i ordinarie föreningsbidrag.")


class Recommendation(Labelled):
    enter = "enter", "Ingå överenskommelse"
    do_not_enter = "do_not_enter", "Ingå inte överenskommelse"


class Assessment(Strict):
    challenge: Prose | None = Field(None, description="Den gemensamma samhällsutmaningen.")
    programme: str | None = Field(
        None, description="Det politiskt beslutade programmet eller budgetmålet som partnerskapet hör till."
    )
    essential: Prose | None = Field(None, description="Varför de planerade aktiviteterna är väsentliga.")
    checks: Checks = Field(default_factory=Checks, description="Kontroller av organisationen.")
    legal: LegalAssessment = Field(default_factory=LegalAssessment, description="Juridisk bedömning.")
    overall: Prose | None = Field(None, description="Samlad bedömning.")
    recommendation: Recommendation | None = Field(
        None, description="enter (ingå överenskommelse) eller do_not_enter (ingå inte)."
    )
    date: Date | None = Field(None, description="Bedömningens datum.")
    officer: str | None = Field(None, description="Handläggare som gjort bedömningen.")
    manager: str | None = Field(None, description="Chef som godkänt bedömningen.")


class CityContribution(Strict):
    amount_per_year: Int | None = Field(None, ge=0, description="Stadens medel, kronor per år.")
    premises: str | None = Field(None, description="Lokaler som staden bidrar med.")
    staff: str | None = Field(None, description="Personal som staden bidrar med.")
    other: str | None = Field(None, description="Övrigt stadens bidrag.")


class OrganisationContribution(Strict):
    volunteer_hours_per_year: Int | None = Field(None, ge=0, description="Ideella timmar per år.")
    own_funding: Int | None = Field(None, ge=0, description="Egen finansiering, kronor per år.")
    premises: str | None = Field(None, description="Lokaler som organisationen bidrar med.")
    other: str | None = Field(None, description="Övrigt organisationens bidrag.")


class Contributions(Strict):
    city: CityContribution = Field(default_factory=CityContribution, description="Stadens bidrag.")
    organisation: OrganisationContribution = Field(
        default_factory=OrganisationContribution, description="Organisationens bidrag."
    )


class PlannedActivity(Strict):
    """A row of the agreement's activity plan (verksamhetsplan)."""

    activity: NonEmpty = Field(description="Aktiviteten, t.ex. 'Läxhjälp fyra eftermiddagar i veckan'.")
    target_group: str | None = Field(None, description="För vem: målgruppen, t.ex. 'elever i årskurs 4–9'.")
    when: str | None = Field(None, description="När: tid och omfattning, t.ex. 'måndag–torsdag under terminerna'.")
    responsible: str | None = Field(None, description="Vem som ansvarar: en part eller en befattning.")


class Agreement(Strict):
    dnr: str | None = Field(None, description="Överenskommelsens diarienummer.")
    start: Date = Field(description="Överenskommelsen gäller från (ÅÅÅÅ-MM-DD).")
    end: Date = Field(description="Överenskommelsen gäller till och med (ÅÅÅÅ-MM-DD).")
    notice_months: Int | None = Field(None, ge=0, le=24, description="Uppsägningstid i månader.")
    dialogue_meetings: str | None = Field(None, description="Dialogmöten, t.ex. 'två gånger per år'.")
    follow_up: str | None = Field(None, description="Hur överenskommelsen följs upp.")
    activities: list[PlannedActivity] = Field(
        default_factory=list, description="Verksamhetsplanen: aktivitet, för vem, när och vem som ansvarar."
    )
    clauses: AgreementClauses = Field(
        default_factory=AgreementClauses,
        description="Villkor som ersätter profilens standardvillkor för just denna överenskommelse.",
    )

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise PydanticCustomError(
                "agreement_period",
                "slutdatum {end} ska vara efter startdatum {start}",
                {"end": end.isoformat(), "start": start.isoformat()},
            )
        return end

    @property
    def periods(self) -> range:
        return range(self.start.year, self.end.year + 1)


class Partner(Strict):
    id: Slug = Field(
        description="Kort id med små bokstäver, siffror och bindestreck, t.ex. 'fryshuset'."
    )
    name: NonEmpty = Field(description="Organisationens fullständiga namn.")
    short_name: str | None = Field(None, description="Kortnamn i löptext och rubriker.")
    orgnr: OrgNumber | None = Field(None, description="Organisationsnummer, NNNNNN-NNNN med korrekt kontrollsiffra.")
    legal_form: LegalForm | None = Field(
        None, description="association, foundation, religious, economic_association eller other."
    )
    signatory: Person | None = Field(None, description="Firmatecknare.")
    contact: Person | None = Field(None, description="Kontaktperson.")
    initiative: Initiative | None = Field(None, description="Vem tog initiativet: organisation, city eller joint.")
    priority_areas: list[str] = Field(default_factory=list, description="Prioriterade områden (id i goals.yaml).")
    description: Prose | None = Field(None, description="Partnerskapets mål i löptext, för tjänsteutlåtandet.")
    agreement: Agreement | None = Field(None, description="Överenskommelsen: period och villkor.")
    contributions: Contributions = Field(default_factory=Contributions, description="Parternas bidrag.")
    assessment: Assessment | None = Field(None, description="Bedömning inför överenskommelsen.")

    @field_validator("orgnr")
    @classmethod
    def _orgnr(cls, v: str | None) -> str | None:
        return None if v is None else check_orgnr(v)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PartnersFile(Strict):
    """partners.yaml: the partner organisations."""

    partners: list[Partner] = Field(default_factory=list, description="Partnerorganisationerna.")

    @field_validator("partners")
    @classmethod
    def _unique_ids(cls, v: list[Partner]) -> list[Partner]:
        unique([(f"{n}/id", p.id) for n, p in enumerate(v)], "en partner")
        return v
