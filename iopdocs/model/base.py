"""Types and parts shared by every file model: the Strict base, prose, dates, numbers,
organisation and diary numbers, people, and the check that ids are unique."""

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
    WithJsonSchema,
    field_validator,
)
from pydantic import (
    Strict as StrictInput,
)
from pydantic_core import PydanticCustomError

from .. import text


class Labelled(str, Enum):
    """A choice written in English in the YAML and shown in Swedish: each member is declared
    as `name = "value", "Swedish label"`, so that `Kind.routine.label == "Rutin"`."""

    label: str

    def __new__(cls, value: str, label: str) -> "Labelled":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def labels(cls) -> list[str]:
        """Every label, in the declared order (the boxes of a blank form)."""
        return [member.label for member in cls]


class Strict(BaseModel):
    """Base of every file model: unknown keys are refused, values are not coerced loosely."""

    # An empty value is a blank left unfilled: leave the field out instead (str_min_length).
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, str_min_length=1, allow_inf_nan=False
    )


def parse_prose(value: Any) -> text.Prose:
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
    BeforeValidator(parse_prose),
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

# A short id that other files refer to (a partner, a priority area): lower-case ASCII, so
# that a reference cannot miss by case or by å/ä/ö. case/messages.py says this in Swedish.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]

# Numbers as YAML writes them: `true` is not 1 and `1.5` is not an integer.
Int = Annotated[int, StrictInput()]
Number = Annotated[float, StrictInput()]


def parse_date(value: Any) -> dt.date:
    """Only ÅÅÅÅ-MM-DD: pydantic would also take 20231109 as seconds since 1970."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        # A list, a mapping, true or a decimal: no value worth repeating (and no Python repr).
        raise PydanticCustomError("date_format", "ska vara ett datum i formen ÅÅÅÅ-MM-DD")
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


Date = Annotated[dt.date, BeforeValidator(parse_date)]


def check_orgnr(value: str) -> str:
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


def check_dnr(value: str) -> str:
    if not value:
        raise PydanticCustomError("dnr_empty", "får inte vara tomt; skriv diarienumret, t.ex. 'RK 2023/17'")
    if not re.fullmatch(r"[A-ZÅÄÖ]{1,4}[ -]?\d{4}/\d{1,6}(-\d{1,4})*(:\d+)?", value):
        raise PydanticCustomError(
            "dnr_format", "ska se ut som 'RK 2023/17' (förkortning, år/löpnummer) ({value})", {"value": value}
        )
    return value


Dnr = Annotated[str, Field(description="Diarienummer, t.ex. 'RK 2023/17'.", examples=["RK 2023/17"])]

Period = Annotated[
    int, Field(ge=2000, le=2100, description="Uppföljningsperiod: kalenderår, t.ex. 2024.")
]


def _year_key(value: Any) -> Any:
    """A year written as a mapping key (always text): only digits. pydantic would also read
    '2024.0' and '2_024' as 2024, and the three would silently be one key, the last winning;
    the YAML reader has already refused the same year written twice in the forms let through."""
    if isinstance(value, str) and value.strip() and not re.fullmatch(r"[-+]?[0-9]+", value.strip()):
        raise PydanticCustomError("year_key", "ska vara ett heltal")
    return value


YearKey = Annotated[Period, BeforeValidator(_year_key)]


def unique(items: list[tuple[str, str]], what: str) -> None:
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
