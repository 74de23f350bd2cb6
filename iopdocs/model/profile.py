"""templates/profiles/<namn>.yaml: the facts an administration shares across cases."""

from __future__ import annotations

from pydantic import Field

from .base import Int, NonEmpty, Signatory, Strict


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
