"""The command line's dates: one parameter type for every DATUM an argument or option takes."""

from __future__ import annotations

import datetime as dt

import click

from ..errors import UserError


class IsoDate(click.ParamType):
    """ÅÅÅÅ-MM-DD as a date; anything else is a Swedish UserError (exit 1, like other input errors).

    `message` says what the date is for; `{text}` in it is replaced by what was typed.
    """

    name = "datum"

    def __init__(self, message: str):
        self.message = message

    def convert(self, value, param, ctx) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise UserError(self.message.format(text=value)) from None


MEETING_DATE = IsoDate("'{text}' är inget datum; skriv sammanträdets datum som ÅÅÅÅ-MM-DD, t.ex. 2023-12-07.")
TODAY = IsoDate("--today ska vara ett datum som finns, ÅÅÅÅ-MM-DD (inte '{text}').")
