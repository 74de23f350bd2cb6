"""case.yaml: the statement's metadata, proposal, summary and attachments."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..personaldata import allow_key
from .base import (
    Date,
    Dnr,
    Int,
    Labelled,
    NonEmpty,
    Period,
    Person,
    Prose,
    Signatory,
    Strict,
    check_dnr,
)
from .profile import AgreementClauses, Profile


def _check_allowed(value: str) -> str:
    if allow_key(value) is None:
        raise PydanticCustomError(
            "publish_allow",
            "'{value}' är inte ett personnummer, samordningsnummer, telefonnummer eller en e-postadress",
            {"value": value},
        )
    return value


AllowedValue = Annotated[str, AfterValidator(_check_allowed)]

PUBLISH_ALLOW_HELP = (
    "Personuppgifter (telefonnummer, e-postadresser, personnummer) som får publiceras på webben "
    "med --publish, skrivna som de står i texten, t.ex. en förtroendevalds arbetsnummer."
)
PUBLISH_HELP = (
    "false: bilagan publiceras inte på webben; webbkopian får i stället en sida som säger att "
    "den kan begäras ut från registrator."
)


class Kind(Labelled):
    new_agreement = "new_agreement", "Ny överenskommelse"
    extension = "extension", "Förlängd överenskommelse"
    consultation = "consultation", "Yttrande över remiss"
    routine = "routine", "Rutin"
    other = "other", "Övrigt"


class GeneratedForm(str, Enum):
    assessment = "assessment"
    follow_up = "follow_up"
    agreement = "agreement"


class Attachment(Strict):
    title: NonEmpty = Field(description="Bilagans rubrik som den står i listan Bilagor.")
    dnr: str | None = Field(None, description="Bilagans eget diarienummer, om den har ett.")
    form: GeneratedForm | None = Field(
        None, description="Genererat dokument: 'assessment' (bedömning), 'follow_up' (uppföljning) eller "
        "'agreement' (förslag till överenskommelse)."
    )
    blank: bool = Field(
        False, description="true: den tomma blanketten (mallen) i ärendets profil, att fylla i för hand; "
        "med form, utan partner och period."
    )
    partner: str | None = Field(None, description="Partnerns id, för en genererad blankett.")
    period: Period | None = Field(None, description="Uppföljningsperiod, för en uppföljningsblankett.")
    file: str | None = Field(None, description="Extern PDF-fil, sökväg inom ärendemappen.")
    publish: bool = Field(True, description=PUBLISH_HELP)

    @model_validator(mode="after")
    def _one_source(self) -> "Attachment":
        if self.form is not None and self.file is not None:
            raise PydanticCustomError("attachment_source", "ange antingen 'form' eller 'file', inte båda")
        if self.period is not None and self.form is not GeneratedForm.follow_up:
            raise PydanticCustomError("attachment_period", "'period' hör bara till form: follow_up")
        if self.blank and self.form is None:
            raise PydanticCustomError(
                "attachment_blank", "'blank: true' hör till en blankett: ange form: assessment, follow_up eller agreement"
            )
        if self.blank and (self.partner is not None or self.period is not None):
            raise PydanticCustomError(
                "attachment_blank", "en tom blankett (blank: true) gäller ingen partner eller period; ta bort {keys}",
                {"keys": " och ".join(f"'{k}'" for k in ("partner", "period") if getattr(self, k) is not None)},
            )
        if self.period is None and self.form is GeneratedForm.follow_up and not self.blank:
            # Here, not among the cross-file rules: then it is reported with case.yaml's other errors.
            raise PydanticCustomError("attachment_period", "ange period för uppföljningsblanketten")
        return self


def as_in_profile(name: str) -> Any:
    return Field(None, description=Profile.model_fields[name].description)


class ProfileOverrides(Strict):
    """Any profile field, overridden for this case."""

    administration: str | None = as_in_profile("administration")
    board: str | None = as_in_profile("board")
    city: str | None = as_in_profile("city")
    departments: list[str] | None = as_in_profile("departments")
    visiting_address: str | None = as_in_profile("visiting_address")
    postal_code: str | None = as_in_profile("postal_code")
    postal_town: str | None = as_in_profile("postal_town")
    phone: str | None = as_in_profile("phone")
    email: str | None = as_in_profile("email")
    web: str | None = as_in_profile("web")
    logo: str | None = as_in_profile("logo")
    logo_alt: str | None = as_in_profile("logo_alt")
    signatories: list[Signatory] | None = as_in_profile("signatories")
    agreement_clauses: AgreementClauses | None = as_in_profile("agreement_clauses")
    assessment_validity_months: Int | None = as_in_profile("assessment_validity_months")


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
    publish_allow: list[AllowedValue] = Field(default_factory=list, description=PUBLISH_ALLOW_HELP)
    assessment_exception: str | None = Field(
        None,
        description="Skäl att lägga fram förslaget trots att bedömningen är ofullständig; "
        "skälet skrivs ut i tjänsteutlåtandet.",
    )

    @field_validator("dnr")
    @classmethod
    def _dnr(cls, v: str) -> str:
        return check_dnr(v)
