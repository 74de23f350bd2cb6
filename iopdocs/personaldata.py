"""Personal data in free text: Swedish personal identity numbers, phone numbers, e-mail.

A finding carries the kind, the text as written, a normalised key (so that
'070-123 45 67' and '+46 70 123 45 67' are one number) and a masked form that an error
message can show without repeating the number itself. An identity number is only one
if its date is a date (day + 60 for a samordningsnummer) and its Luhn digit holds, so
that an organisation number (month 20 or more), a dnr or an amount is never taken for
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

PERSONAL_NUMBER = "personnummer"
COORDINATION_NUMBER = "samordningsnummer"
PHONE = "telefonnummer"
EMAIL = "e-postadress"

_IDENTITY = re.compile(
    r"(?<![\w/.-])(?P<century>19|20)?(?P<yy>\d{2})(?P<mm>\d{2})(?P<dd>\d{2})"
    r"(?P<sep>[-+]| ?)(?P<tail>\d{4})(?![\w/]|[.,-]\d)"
)
# A Swedish number: +46/0046 or a leading 0, then 7 to 9 digits, single spaces, dashes
# or a parenthesised area code between them; never part of a longer number.
_SEP = r"(?:[ \u00a0-]|\u2011|\u2013)?"
_PHONE = re.compile(
    r"(?<![\w+/.])(?<!\d[ -])"
    r"(?:(?:\+|00)46" + _SEP + r"(?:\(0\)" + _SEP + r")?|\(?0)"
    r"[1-9](?:\)?" + _SEP + r"\d){6,8}"
    r"(?![\w/])(?!" + _SEP + r"\d)"
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text."""

    kind: str
    text: str  # as written
    key: str  # normalised: digits only (national form) or a lower-case address
    start: int

    @property
    def masked(self) -> str:
        return mask(self.kind, self.key)


def find_personal_data(text: str) -> list[Finding]:
    """Every identity number, phone number and e-mail address in `text`, in order; also
    one that a line break splits ('070-123' at the end of a line, '45 67' on the next),
    as a PDF page's text or a wrapped paragraph may hold it."""
    found = _find(text)
    if "\n" in text:
        joined, where = _joined_lines(text)
        known = {(f.kind, f.key) for f in found}
        found += [replace(f, text=text[where[f.start]:where[f.start + len(f.text) - 1] + 1], start=where[f.start])
                  for f in _find(joined) if (f.kind, f.key) not in known]
    return sorted(found, key=lambda f: f.start)


def _joined_lines(text: str) -> tuple[str, list[int]]:
    """`text` with each line break a space (a hyphen ending a line joins the next), and
    where in `text` each of its characters stands."""
    chars: list[str] = []
    where: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "-" and text[i + 1:i + 2] == "\n":
            chars.append("-")
            where.append(i)
            i += 2
            continue
        chars.append(" " if text[i] in "\r\n" else text[i])
        where.append(i)
        i += 1
    return "".join(chars), where


def _find(text: str) -> list[Finding]:
    found: list[Finding] = []
    taken: list[range] = []
    for match in _IDENTITY.finditer(text):
        kind = _identity_kind(match)
        if kind is not None:
            digits = match["yy"] + match["mm"] + match["dd"] + match["tail"]
            found.append(Finding(kind, match.group(), digits, match.start()))
            taken.append(range(match.start(), match.end()))
    for match in _PHONE.finditer(text):
        if any(match.start() in span or match.end() - 1 in span for span in taken):
            continue
        found.append(Finding(PHONE, match.group(), phone_key(match.group()), match.start()))
    for match in _EMAIL.finditer(text):
        found.append(Finding(EMAIL, match.group(), match.group().lower(), match.start()))
    return found


def phone_key(text: str) -> str:
    """'+46 (0)70-123 45 67' → '0701234567'."""
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    if text.lstrip().startswith("+46"):
        digits = "0" + digits[2:]
    elif digits.startswith("0046"):
        digits = "0" + digits[4:]
    return digits


def allow_key(text: str) -> str | None:
    """The normalised key of a value someone allows to be published; None when it is
    neither an identity number, a phone number nor an e-mail address."""
    found = find_personal_data(text.strip())
    return found[0].key if len(found) == 1 else None


def mask(kind: str, key: str) -> str:
    """What a message may show: '0701234567' → '070-*** ** 67', 'anna@x.se' → 'a***@x.se';
    an identity number shows only its last two digits ('******-**34')."""
    if kind == EMAIL:
        local, _, domain = key.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == PHONE:
        area = 2 if key.startswith("08") else 3
        rest = key[area:]
        stars = re.sub(r"\d", "*", rest[:-2])
        groups = " ".join(stars[i : i + 3] if i == 0 else stars[i : i + 2] for i in _group_starts(len(stars)))
        return f"{key[:area]}-{groups} {rest[-2:]}".replace("- ", "-")
    return f"******-**{key[-2:]}"


def _group_starts(length: int) -> list[int]:
    """Where the groups of the hidden middle start: 3, then 2 at a time ('*** **')."""
    return [0] + list(range(3, length, 2)) if length > 3 else [0]


def _identity_kind(match: re.Match[str]) -> str | None:
    month, day = int(match["mm"]), int(match["dd"])
    if not 1 <= month <= 12:
        return None
    coordination = day > 60
    if coordination:
        day -= 60
    if not 1 <= day <= 31:
        return None
    if match["sep"] == " " and match["century"] is None:
        return None  # 'ÅÅMMDD NNNN' without century is as often two numbers as one
    digits = match["yy"] + match["mm"] + match["dd"] + match["tail"]
    if not luhn_valid(digits):
        return None
    return COORDINATION_NUMBER if coordination else PERSONAL_NUMBER


def luhn_valid(digits: str) -> bool:
    """The check digit of a Swedish identity or organisation number (mod 10, weights 2, 1)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
