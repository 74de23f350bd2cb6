"""The case model: one pydantic model per YAML file, and the Case that joins them.

Field descriptions are Swedish: they are what an officer sees in the JSON Schema and in
an editor's hover help. The rest of the code trusts these models and never re-checks
raw dictionaries.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict as StrictInput,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from . import text


class Strict(BaseModel):
    """Base of every file model: unknown keys are refused, values are not coerced loosely."""

    # An empty value is a blank left unfilled: leave the field out instead (str_min_length).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, str_min_length=1, allow_inf_nan=False
    )


def _parse_prose(value: Any) -> text.Prose:
    if isinstance(value, text.Prose):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("prose_type", "ska vara text")
    if not value.strip():
        raise PydanticCustomError("prose_empty", "får inte vara tomt")
    try:
        return text.parse(value)
    except text.MarkupError as exc:
        raise PydanticCustomError(
            "prose_markup", "rad {line} i texten: {message}", {"line": exc.line, "message": exc.message}
        ) from None


Prose = Annotated[
    text.Prose,
    BeforeValidator(_parse_prose),
    PlainSerializer(lambda p: p.source, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "Löptext: stycken skiljs med tom rad, '- ' ger punktlista, "
            "'1. ' numrerad lista, **fetstil** och *kursiv*.",
        }
    ),
]

NonEmpty = Annotated[str, Field(min_length=1)]

# Numbers as YAML writes them: `true` is not 1 and `1.5` is not an integer.
Int = Annotated[int, StrictInput()]
Number = Annotated[float, StrictInput()]


def _parse_date(value: Any) -> dt.date:
    """Only ÅÅÅÅ-MM-DD: pydantic would also take 20231109 as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text_value = value.strip() if isinstance(value, str) else str(value)
    if isinstance(value, str) and not text_value:
        raise PydanticCustomError("date_empty", "datum saknas; skriv ÅÅÅÅ-MM-DD")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text_value):
        raise PydanticCustomError(
            "date_format", "ska vara ett datum i formen ÅÅÅÅ-MM-DD ({value})", {"value": text_value[:40]}
        )
    try:
        return dt.date.fromisoformat(text_value)
    except ValueError:
        raise PydanticCustomError("date_invalid", "datumet {value} finns inte", {"value": text_value}) from None


Date = Annotated[dt.date, BeforeValidator(_parse_date)]


def _check_orgnr(value: str) -> str:
    if not value:
        raise PydanticCustomError("orgnr_empty", "får inte vara tomt; skriv NNNNNN-NNNN")
    if not re.fullmatch(r"\d{6}-\d{4}", value):
        raise PydanticCustomError(
            "orgnr_format", "ska skrivas NNNNNN-NNNN, tio siffror med bindestreck ({value})", {"value": value}
        )
    digits = value.replace("-", "")
    total = 0
    for i, ch in enumerate(digits[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    if (10 - total % 10) % 10 != int(digits[9]):
        raise PydanticCustomError("orgnr_luhn", "kontrollsiffran stämmer inte ({value})", {"value": value})
    return value


OrgNumber = Annotated[
    str,
    # 8024123455 without the hyphen reads as a number: say what the form is, not "ska vara text".
    BeforeValidator(lambda v: str(v).strip() if isinstance(v, (str, int)) and not isinstance(v, bool) else v),
    Field(
        description="Organisationsnummer, NNNNNN-NNNN med korrekt kontrollsiffra.",
        examples=["802500-1234"],
        json_schema_extra={"pattern": r"^\d{6}-\d{4}$"},
    ),
]


def _check_dnr(value: str) -> str:
    if not value:
        raise PydanticCustomError("dnr_empty", "får inte vara tomt; skriv diarienumret, t.ex. 'RK 2023/17'")
    if not re.fullmatch(r"[A-ZÅÄÖ]{1,4}[ -]?\d{4}/\d{1,6}(-\d{1,4})*(:\d+)?", value):
        raise PydanticCustomError(
            "dnr_format", "ska se ut som 'RK 2023/17' (förkortning, år/löpnummer) ({value})", {"value": value}
        )
    return value


Dnr = Annotated[str, Field(description="Diarienummer, t.ex. 'RK 2023/17'.", examples=["RK 2023/17"])]

# For editors: the keys of a per-year mapping are years (JSON Schema keys are text).
_YEAR_KEYS = {"propertyNames": {"pattern": "^(20[0-9]{2}|2100)$"}}

Period = Annotated[
    int, Field(ge=2000, le=2100, description="Uppföljningsperiod: kalenderår, t.ex. 2024.")
]


# --- Shared parts -----------------------------------------------------------------


class Person(Strict):
    name: NonEmpty = Field(description="För- och efternamn.")
    title: str | None = Field(None, description="Befattning, t.ex. 'avdelningschef'.")
    phone: str | None = Field(None, description="Telefonnummer, t.ex. '08 508 02 178'.")
    email: str | None = Field(None, description="E-postadress.")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            raise PydanticCustomError("email", "är ingen giltig e-postadress ({value})", {"value": v})
        return v


class Signatory(Strict):
    name: NonEmpty = Field(description="Namn på den som undertecknar.")
    title: NonEmpty = Field(description="Befattning, t.ex. 'stadsdelsdirektör'.")
    acting: bool = Field(False, description="Tillförordnad (skrivs 'tf.' före titeln).")
    organisation: str | None = Field(
        None, description="Förvaltning under namnet; utelämnas blir det förvaltningens namn."
    )

    @property
    def display_title(self) -> str:
        return f"tf. {self.title}" if self.acting else self.title


# --- Profile ----------------------------------------------------------------------


class Profile(Strict):
    """Facts an administration shares across cases: templates/profiles/<namn>.yaml."""

    administration: NonEmpty = Field(description="Förvaltningens namn, t.ex. 'Rinkeby-Kista stadsdelsförvaltning'.")
    board: NonEmpty = Field(description="Nämndens namn, t.ex. 'Rinkeby-Kista stadsdelsnämnd'.")
    city: NonEmpty = Field("Stockholms stad", description="Kommunens namn.")
    departments: list[NonEmpty] = Field(default_factory=list, description="Förvaltningens avdelningar.")
    visiting_address: NonEmpty = Field(description="Besöksadress, t.ex. 'Kungsklippan 6'.")
    postal_code: NonEmpty = Field(description="Postnummer, t.ex. '112 25'.")
    postal_town: NonEmpty = Field(description="Postort, t.ex. 'Stockholm'.")
    phone: str | None = Field(None, description="Växelns telefonnummer.")
    email: str | None = Field(None, description="E-postadress i sidfoten.")
    web: str | None = Field(None, description="Webbadress i sidfoten, t.ex. 'start.stockholm'.")
    logo: str | None = Field(None, description="Logotyp (PNG), sökväg relativt profilmappen.")
    logo_alt: str = Field("Stockholms stad", description="Alternativtext till logotypen.")
    signatories: list[Signatory] = Field(default_factory=list, description="Förvalda undertecknare.")
    assessment_validity_months: Int = Field(
        12, ge=1, le=60, description="Hur många månader en kontroll i bedömningen gäller före tjänsteutlåtandets datum."
    )


# --- case.yaml --------------------------------------------------------------------


class Kind(str, Enum):
    new_agreement = "new_agreement"
    extension = "extension"
    consultation = "consultation"
    routine = "routine"
    other = "other"


KIND_LABELS = {
    Kind.new_agreement: "Ny överenskommelse",
    Kind.extension: "Förlängd överenskommelse",
    Kind.consultation: "Yttrande över remiss",
    Kind.routine: "Rutin",
    Kind.other: "Övrigt",
}


class GeneratedForm(str, Enum):
    assessment = "assessment"
    follow_up = "follow_up"


class Attachment(Strict):
    title: NonEmpty = Field(description="Bilagans rubrik som den står i listan Bilagor.")
    dnr: str | None = Field(None, description="Bilagans eget diarienummer, om den har ett.")
    form: GeneratedForm | None = Field(
        None, description="Genererad blankett: 'assessment' (bedömning) eller 'follow_up' (uppföljning)."
    )
    partner: str | None = Field(None, description="Partnerns id, för en genererad blankett.")
    period: Period | None = Field(None, description="Uppföljningsperiod, för en uppföljningsblankett.")
    file: str | None = Field(None, description="Extern PDF-fil, sökväg inom ärendemappen.")

    @model_validator(mode="after")
    def _one_source(self) -> "Attachment":
        if self.form is not None and self.file is not None:
            raise PydanticCustomError("attachment_source", "ange antingen 'form' eller 'file', inte båda")
        if self.period is not None and self.form is not GeneratedForm.follow_up:
            raise PydanticCustomError("attachment_period", "'period' hör bara till form: follow_up")
        return self


def _as_in_profile(name: str) -> Any:
    return Field(None, description=Profile.model_fields[name].description)


class ProfileOverrides(Strict):
    """Any profile field, overridden for this case."""

    administration: str | None = _as_in_profile("administration")
    board: str | None = _as_in_profile("board")
    city: str | None = _as_in_profile("city")
    departments: list[str] | None = _as_in_profile("departments")
    visiting_address: str | None = _as_in_profile("visiting_address")
    postal_code: str | None = _as_in_profile("postal_code")
    postal_town: str | None = _as_in_profile("postal_town")
    phone: str | None = _as_in_profile("phone")
    email: str | None = _as_in_profile("email")
    web: str | None = _as_in_profile("web")
    logo: str | None = _as_in_profile("logo")
    logo_alt: str | None = _as_in_profile("logo_alt")
    signatories: list[Signatory] | None = _as_in_profile("signatories")
    assessment_validity_months: Int | None = _as_in_profile("assessment_validity_months")


class CaseFile(Strict):
    """case.yaml: the statement's metadata, proposal and summary."""

    dnr: Dnr
    date: Date = Field(description="Tjänsteutlåtandets datum (ÅÅÅÅ-MM-DD).")
    title: NonEmpty = Field(description="Ärendets rubrik.")
    subtitle: str | None = Field(None, description="Underrubrik, t.ex. 'Yttrande till kommunstyrelsen'.")
    kind: Kind = Field(
        description="Slag av ärende: new_agreement (ny överenskommelse), extension (förlängning), "
        "consultation (remissvar), routine (rutin) eller other (övrigt)."
    )
    profile: NonEmpty = Field(description="Profilens namn: templates/profiles/<namn>.yaml.")
    overrides: ProfileOverrides = Field(
        default_factory=ProfileOverrides, description="Profilfält som ska gälla just detta ärende."
    )
    department: str | None = Field(None, description="Avdelningen som handlägger ärendet.")
    officer: Person = Field(description="Handläggaren: namn, telefon och e-post.")
    to: str | None = Field(None, description="Mottagare ('Till'); utelämnas blir det nämnden.")
    meeting: Date | None = Field(None, description="Nämndsammanträdets datum (ÅÅÅÅ-MM-DD).")
    agenda_item: Int | None = Field(None, ge=1, description="Ärendets nummer på föredragningslistan.")
    proposal: list[Prose] = Field(
        min_length=1, description="Förvaltningens förslag till beslut: en eller flera beslutspunkter."
    )
    summary: Prose = Field(description="Sammanfattning; används även som ärendebeskrivning i föredragningslistan.")
    signatories: list[Signatory] | None = Field(
        None, description="Undertecknare; utelämnas blir det profilens förvalda."
    )
    attachments: list[Attachment] = Field(default_factory=list, description="Bilagor, i den ordning de listas.")
    assessment_exception: str | None = Field(
        None,
        description="Skäl att lägga fram förslaget trots att bedömningen är ofullständig; "
        "skälet skrivs ut i tjänsteutlåtandet.",
    )

    @field_validator("dnr")
    @classmethod
    def _dnr(cls, v: str) -> str:
        return _check_dnr(v)


# --- background.yaml --------------------------------------------------------------


class Section(Strict):
    heading: str | None = Field(None, description="Underrubrik; utan rubrik fortsätter texten föregående avsnitt.")
    text: Prose | None = Field(None, description="Avsnittets text.")
    partners: bool = Field(
        False, description="Skriv här ett underavsnitt per partner (namn, prioriterade områden, mål)."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> "Section":
        if self.heading is None and self.text is None and not self.partners:
            raise PydanticCustomError("section_empty", "avsnittet är tomt: ange heading, text eller partners")
        return self


class Matter(Strict):
    intro: Prose | None = Field(None, description="Inledande text under rubriken Ärendet.")
    sections: list[Section] = Field(default_factory=list, description="Underavsnitt i ordning.")


class BackgroundFile(Strict):
    """background.yaml: the statement's body sections."""

    background: Prose | None = Field(None, description="Bakgrund.")
    matter: Matter | None = Field(None, description="Ärendet, med underavsnitt.")
    preparation: Prose | None = Field(None, description="Ärendets beredning.")
    opinion_heading: str = Field(
        "Förvaltningens synpunkter och förslag",
        description="Rubriken för förvaltningens synpunkter, t.ex. 'Förvaltningens förslag'.",
    )
    opinion: Prose | None = Field(None, description="Förvaltningens synpunkter och förslag.")


# --- partners.yaml ----------------------------------------------------------------


class LegalForm(str, Enum):
    association = "association"
    foundation = "foundation"
    religious = "religious"
    economic_association = "economic_association"
    other = "other"


LEGAL_FORM_LABELS = {
    LegalForm.association: "Ideell förening",
    LegalForm.foundation: "Stiftelse",
    LegalForm.religious: "Trossamfund",
    LegalForm.economic_association: "Ekonomisk förening",
    LegalForm.other: "Annan",
}


class Initiative(str, Enum):
    organisation = "organisation"
    city = "city"
    joint = "joint"


INITIATIVE_LABELS = {
    Initiative.organisation: "Organisationen",
    Initiative.city: "Staden",
    Initiative.joint: "Gemensamt",
}


class CheckResult(str, Enum):
    met = "met"
    not_met = "not_met"
    not_applicable = "not_applicable"


CHECK_RESULT_LABELS = {
    CheckResult.met: "Uppfyllt",
    CheckResult.not_met: "Ej uppfyllt",
    CheckResult.not_applicable: "Ej tillämpligt",
}


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


class Recommendation(str, Enum):
    enter = "enter"
    do_not_enter = "do_not_enter"


RECOMMENDATION_LABELS = {
    Recommendation.enter: "Ingå överenskommelse",
    Recommendation.do_not_enter: "Ingå inte överenskommelse",
}


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


class Agreement(Strict):
    dnr: str | None = Field(None, description="Överenskommelsens diarienummer.")
    start: Date = Field(description="Överenskommelsen gäller från (ÅÅÅÅ-MM-DD).")
    end: Date = Field(description="Överenskommelsen gäller till och med (ÅÅÅÅ-MM-DD).")
    notice_months: Int | None = Field(None, ge=0, le=24, description="Uppsägningstid i månader.")
    dialogue_meetings: str | None = Field(None, description="Dialogmöten, t.ex. 'två gånger per år'.")
    follow_up: str | None = Field(None, description="Hur överenskommelsen följs upp.")

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
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(
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
        return None if v is None else _check_orgnr(v)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class PartnersFile(Strict):
    """partners.yaml: the partner organisations."""

    partners: list[Partner] = Field(default_factory=list, description="Partnerorganisationerna.")

    @field_validator("partners")
    @classmethod
    def _unique_ids(cls, v: list[Partner]) -> list[Partner]:
        _unique([(f"{n}/id", p.id) for n, p in enumerate(v)], "en partner")
        return v


# --- goals.yaml -------------------------------------------------------------------


class PriorityArea(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] = Field(description="Kort id.")
    title: NonEmpty = Field(description="Områdets namn, som det skrivs i löptext.")


class SubGoal(Strict):
    id: NonEmpty = Field(description="Kort id, unikt i ärendet.")
    title: NonEmpty = Field(description="Delmålet.")


class Goal(Strict):
    id: NonEmpty = Field(description="Kort id, unikt i ärendet.")
    title: NonEmpty = Field(description="Det långsiktiga målet.")
    partner: str | None = Field(None, description="Partnerns id, om målet gäller en partner.")
    priority_area: str | None = Field(None, description="Prioriterat område (id).")
    budget_goal: NonEmpty = Field(description="Stadens budgetmål eller program som målet hör till.")
    subgoals: list[SubGoal] = Field(default_factory=list, description="Delmål.")


class GoalsFile(Strict):
    """goals.yaml: priority areas and goals."""

    priority_areas: list[PriorityArea] = Field(default_factory=list, description="Prioriterade områden.")
    goals: list[Goal] = Field(default_factory=list, description="Långsiktiga mål med delmål.")

    @model_validator(mode="after")
    def _unique_ids(self) -> "GoalsFile":
        _unique([(f"priority_areas/{n}/id", a.id) for n, a in enumerate(self.priority_areas)], "ett prioriterat område")
        _unique(
            [(f"goals/{n}/id", g.id) for n, g in enumerate(self.goals)]
            + [(f"goals/{n}/subgoals/{m}/id", s.id) for n, g in enumerate(self.goals) for m, s in enumerate(g.subgoals)],
            "ett mål",
        )
        return self


# --- indicators.yaml --------------------------------------------------------------


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
    targets: dict[Period, Number] = Field(
        default_factory=dict, description="Målvärde per period (år).", json_schema_extra=_YEAR_KEYS
    )
    outcomes: dict[Period, Outcome] = Field(
        default_factory=dict, description="Utfall per period (år).", json_schema_extra=_YEAR_KEYS
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


class Decision(str, Enum):
    continue_ = "continue"
    revise = "revise"
    end = "end"


DECISION_LABELS = {
    Decision.continue_: "Fortsätta",
    Decision.revise: "Revidera",
    Decision.end: "Avsluta",
}


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
        _unique([(f"{n}/id", i.id) for n, i in enumerate(v)], "en indikator")
        return v


def _unique(items: list[tuple[str, str]], what: str) -> None:
    """Refuse an id used twice; `at` and `first` (paths below the error's own, joined by
    '/') let the message point at both places."""
    seen: dict[str, str] = {}
    for at, i in items:
        if i in seen:
            raise PydanticCustomError(
                "duplicate_id",
                "id '{id}' används för mer än {what}",
                {"id": i, "what": what, "at": at, "first": seen[i]},
            )
        seen[i] = at


# --- The whole case ---------------------------------------------------------------


FILE_MODELS: dict[str, type[Strict]] = {
    "case": CaseFile,
    "background": BackgroundFile,
    "partners": PartnersFile,
    "goals": GoalsFile,
    "indicators": IndicatorsFile,
    "profile": Profile,
}


class Case(BaseModel):
    """A validated case: every file's model plus the merged profile."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: str
    folder: str
    meta: CaseFile
    profile: Profile
    background: BackgroundFile = Field(default_factory=BackgroundFile)
    partners: list[Partner] = Field(default_factory=list)
    priority_areas: list[PriorityArea] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)

    @property
    def signatories(self) -> list[Signatory]:
        return self.meta.signatories if self.meta.signatories is not None else self.profile.signatories

    @property
    def addressee(self) -> str:
        return self.meta.to or self.profile.board

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    def priority_area(self, area_id: str) -> PriorityArea:
        return next(a for a in self.priority_areas if a.id == area_id)
