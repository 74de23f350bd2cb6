"""background.yaml: the statement's body sections."""

from __future__ import annotations

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .base import Prose, Strict


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
