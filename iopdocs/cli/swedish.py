"""Swedish for click's own words (usage, options, errors), which it takes from gettext.

click looks its messages up through `gettext`; iopdocs ships no .mo catalogue, so the
translations are given here and handed to click's modules at import time.
"""

from __future__ import annotations

import importlib

SWEDISH: dict[str, str] = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "No such command {name!r}.": "Kommandot {name!r} finns inte.",
    "No such option {name!r}.": "Flaggan {name!r} finns inte.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Missing {param_type}": "{param_type} saknas",
    "Missing command.": "Kommando saknas.",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Option {name!r} requires an argument.": "Flaggan {name!r} kräver ett värde.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "Aborted!": "Avbrutet!",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan inte läsas.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan inte skrivas.",
    "Could not open file {filename!r}: {message}": "Kunde inte öppna filen {filename!r}: {message}",
    "directory": "Mappen",
    "file": "Filen",
    "path": "Sökvägen",
    "default: {default}": "standard: {default}",
    "required": "krävs",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du något av: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} är inte något av {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} har inte formatet {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} har inte något av formaten {formats}.",
    "Takes {nargs} values but 1 was given.": "Tar {nargs} värden men 1 gavs.",
    "Takes {nargs} values but {len} were given.": "Tar {nargs} värden men {len} gavs.",
}


def gettext(message: str) -> str:
    return SWEDISH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    for name in ("core", "exceptions", "decorators", "formatting", "types", "parser", "termui"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # a click without that module
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
