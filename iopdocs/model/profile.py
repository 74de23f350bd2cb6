"""templates/profiles/<namn>.yaml: the facts an administration shares across cases."""

from __future__ import annotations

from pydantic import Field

from .base import Int, NonEmpty, Prose, Signatory, Strict


class AgreementClauses(Strict):
    """The agreement's standard clauses: the same for every agreement of an administration,
    written once in the profile and overridable for one agreement in partners.yaml."""

    payment: Prose | None = Field(None, description="Utbetalning av stadens medel, t.ex. när och hur de betalas ut.")
    extension: Prose | None = Field(None, description="Förlängning av överenskommelsen.")
    termination: Prose | None = Field(
        None, description="Uppsägning: hur en part säger upp överenskommelsen (uppsägningstiden anges i partners.yaml)."
    )
    breach: Prose | None = Field(None, description="Hävning: vad som gäller om en part bryter mot överenskommelsen.")
    repayment: Prose | None = Field(None, description="Återbetalning av medel som inte används eller används felaktigt.")
    reports: Prose | None = Field(
        None, description="Rapporter som organisationen lämnar (verksamhetsberättelse, ekonomisk redovisning) och när."
    )
    personal_data: Prose | None = Field(None, description="Personuppgifter: parternas roller enligt dataskyddsförordningen (GDPR).")
    confidentiality: Prose | None = Field(None, description="Sekretess och tystnadsplikt.")
    insurance: Prose | None = Field(None, description="Försäkringar som organisationen ska ha.")
    changes: Prose | None = Field(None, description="Ändringar och tillägg (endast skriftligen).")
    disputes: Prose | None = Field(None, description="Tvister: hur de löses.")

    def merged(self, overrides: "AgreementClauses") -> "AgreementClauses":
        """These clauses with every clause `overrides` sets put in their place."""
        return self.model_copy(update={name: getattr(overrides, name) for name in type(self).model_fields
                                       if getattr(overrides, name) is not None})


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
    agreement_clauses: AgreementClauses = Field(
        default_factory=AgreementClauses,
        description="Standardvillkor i överenskommelsen om IOP; kan ändras för en överenskommelse i partners.yaml.",
    )
    assessment_validity_months: Int = Field(
        12, ge=1, le=60, description="Hur många månader en kontroll i bedömningen gäller före tjänsteutlåtandets datum."
    )
