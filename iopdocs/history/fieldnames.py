"""A change's place in Swedish: `Partner Läxhjälp Järva › Bidrag › Stadens bidrag per år`
for `partners[Läxhjälp Järva].contributions.city.amount_per_year`.

Each step is named as the schema describes the field to the officer (its description,
cut to the name before any explanation), a list item by its noun and the name it is
known by; the few fields whose description starts with their allowed values instead of
a name get one here.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from .. import model
from .wording import noun_for

SEPARATOR = " › "

# Fields whose description does not start with a name (it lists the values, or reads
# badly cut short), by the model that has them.
NAMES: dict[tuple[str, str], str] = {
    ("Partner", "id"): "Id",
    ("Partner", "orgnr"): "Organisationsnummer",
    ("Partner", "legal_form"): "Organisationsform",
    ("Partner", "description"): "Partnerskapets mål",
    ("Partner", "contributions"): "Bidrag",
    ("Contributions", "city"): "Stadens bidrag",  # left out before a field that says so itself
    ("Contributions", "organisation"): "Organisationens bidrag",
    ("CityContribution", "amount_per_year"): "Stadens bidrag per år",
    ("OrganisationContribution", "own_funding"): "Egen finansiering per år",
    ("Assessment", "recommendation"): "Rekommendation",
    ("Assessment", "programme"): "Program eller budgetmål",
    ("Check", "result"): "Resultat",
    ("Indicator", "direction"): "Riktning",
    ("Indicator", "goal"): "Mål",
    ("Indicator", "partner"): "Partner",
    ("Goal", "partner"): "Partner",
    ("FollowUp", "partner"): "Partner",
    ("FollowUp", "decision"): "Beslut",
    ("Attachment", "partner"): "Partner",
    ("Attachment", "dnr"): "Diarienummer",
    ("Attachment", "period"): "Uppföljningsperiod",
    ("Attachment", "file"): "Fil",
    ("Attachment", "title"): "Rubrik",
    ("CaseFile", "attachments"): "Bilagor",
    ("CaseFile", "overrides"): "Profilfält för ärendet",
    ("CaseFile", "assessment_exception"): "Skäl trots ofullständig bedömning",
    ("CaseFile", "department"): "Avdelning",
    ("BackgroundFile", "matter"): "Ärendet",
    ("Matter", "sections"): "Underavsnitt",
    ("Section", "partners"): "Avsnitt per partner",
}

# The lists at the top of a case's data, and the file model that holds each.
_TOP = {"partners": model.PartnersFile, "priority_areas": model.GoalsFile, "goals": model.GoalsFile,
        "indicators": model.IndicatorsFile, "follow_ups": model.IndicatorsFile}


def swedish_path(path: str) -> str:
    """The path of a Change, in Swedish."""
    steps = split_path(path)
    if not steps:
        return path
    owner: Any = _TOP.get(steps[0][0])
    if steps[0][0] in ("case", "background"):
        owner = model.FILE_MODELS[steps[0][0]]
        steps = steps[1:]
    names: list[str] = []
    last = len(steps) - 1
    keyed = False  # the step before was a mapping keyed by year: this step is a key
    for index, (key, item) in enumerate(steps):
        if keyed:
            names.append(key)
            keyed = False
            continue
        info = owner.model_fields.get(key) if owner is not None else None
        name = field_name(owner, key, info)
        if item is not None:
            noun = noun_for(key)
            name = f"{noun.word[:1].upper()}{noun.word[1:]} {item}" if noun.word != "post" else f"{name} {item}"
        if not (owner is model.Contributions and index < last):
            names.append(name)
        annotation = info.annotation if info is not None else None
        keyed = _is_mapping(annotation)
        owner = _inner_model(annotation)
    return SEPARATOR.join(names) if names else path


def field_name(owner: Any, key: str, info: Any) -> str:
    """A field's name as the officer reads it."""
    if owner is not None and (owner.__name__, key) in NAMES:
        return NAMES[(owner.__name__, key)]
    if info is None or not info.description:
        return key
    name = re.split(r": |; | \(|, t\.ex\.|, om |, för |, sökväg|, unikt|, i den ordning", info.description)[0]
    return name.strip().rstrip(".")


def split_path(path: str) -> list[tuple[str, str | None]]:
    """'partners[Läxhjälp Järva].contributions' → [('partners', 'Läxhjälp Järva'), ('contributions', None)];
    an item's name may hold dots, so brackets are read as a whole."""
    steps: list[tuple[str, str | None]] = []
    for match in re.finditer(r"([^.\[\]]+)(?:\[([^\]]*)\])?\.?", path):
        steps.append((match.group(1), match.group(2)))
    return steps


def _is_mapping(annotation: Any) -> bool:
    for arg in _flatten(annotation):
        if typing.get_origin(arg) is dict:
            return True
    return False


def _inner_model(annotation: Any) -> Any:
    for arg in _flatten(annotation):
        if isinstance(arg, type) and issubclass(arg, model.BaseModel):
            return arg
    return None


def _flatten(annotation: Any) -> list[Any]:
    found, stack = [], [annotation]
    while stack:
        item = stack.pop(0)
        if item is None:
            continue
        found.append(item)
        stack.extend(typing.get_args(item))
    return found
