"""The assessment gate: no proposal to enter an agreement on an incomplete assessment.

A statement of kind new_agreement or extension proposes that the board enters into (or
extends) an agreement. It is refused while the assessment of a partner concerned has a
gap, unless case.yaml records `assessment_exception` with its reason; the statement
then states the exception, and `assessment_gaps` still tells what is missing.

The rules, as users read them in `RULES`:
- The partners concerned are those with an `agreement` in partners.yaml; when no partner
  has one, all partners are. A case with no partner at all is refused.
- A partner concerned needs its organisation number (the assessment form identifies the
  organisation by it).
- A partner concerned needs an assessment, and in it every check of the form. Each
  check must be met ("met"); "not_applicable" is accepted only for F-skatt and employer
  registration, which the form asks for "where relevant".
- A check must have a date, no later than the statement's date and no earlier than
  `assessment_validity_months` (profile, default 12) before it.
- The legal assessment must say why the agreement is not procurement under LOU and not
  unlawful state aid.
- Both parties contribute: the city money, premises, staff or something else; the
  organisation volunteer hours, own funding, premises or something else.
- The recommendation must be to enter the agreement.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .. import model
from ..errors import Problem
from .yamlfile import YamlDocument, format_path

GATED_KINDS = (model.Kind.new_agreement, model.Kind.extension)

# Checks where "ej tillämpligt" is a complete answer.
MAY_NOT_APPLY = frozenset({"registration"})

RULES = (
    "Ett förslag om ny eller förlängd överenskommelse kräver en fullständig bedömning av "
    "varje partner som har en överenskommelse i partners.yaml (av alla partner om ingen har "
    "det): organisationsnummer, alla kontroller uppfyllda och daterade tidigast {months} månader före och senast "
    "på tjänsteutlåtandets datum ('ej tillämpligt' godtas bara för F-skatt och "
    "arbetsgivarregistrering), en bedömning av LOU och statsstöd, bidrag från båda parter "
    "och rekommendationen att ingå överenskommelsen. Saknas något måste case.yaml ange "
    "skälet i assessment_exception."
)


@dataclass(frozen=True)
class Gap:
    """One thing missing from an assessment; `path` is where it belongs in `file`."""

    file: str  # "partners" or "case"
    path: tuple
    message: str


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def partners_concerned(case: model.Case) -> list[tuple[int, model.Partner]]:
    """The partners the proposal concerns, with their index in partners.yaml."""
    with_agreement = [(i, p) for i, p in enumerate(case.partners) if p.agreement is not None]
    return with_agreement or list(enumerate(case.partners))


def is_gated(case: model.Case) -> bool:
    return case.meta.kind in GATED_KINDS


def assessment_gaps(case: model.Case) -> list[Gap]:
    """Everything that keeps the case's assessments from supporting its proposal."""
    if not is_gated(case):
        return []
    if not case.partners:
        return [Gap("case", ("kind",), "ärendet föreslår en överenskommelse men partners.yaml har ingen partner")]
    gaps: list[Gap] = []
    for index, partner in partners_concerned(case):
        gaps.extend(_partner_gaps(case, index, partner))
    return gaps


def _partner_gaps(case: model.Case, index: int, partner: model.Partner) -> list[Gap]:
    base = ("partners", index)
    gaps: list[Gap] = []

    def gap(path: tuple, message: str) -> None:
        gaps.append(Gap("partners", base + path, message))

    if partner.orgnr is None:
        # The assessment form would print "Saknas": the organisation cannot have been checked.
        gap(("orgnr",), f"organisationsnummer saknas för {partner.display_name}; "
                        "bedömningen kräver det (NNNNNN-NNNN)")
    _contribution_gaps(partner.contributions, gap)
    assessment = partner.assessment
    if assessment is None:
        gap(("assessment",), f"bedömning saknas för {partner.display_name}")
        return gaps
    _check_gaps(case, assessment.checks, gap)
    legal = assessment.legal
    if not legal.procurement:
        gap(("assessment", "legal", "procurement"),
            "bedömning saknas av varför samverkan inte är upphandling enligt LOU")
    if not legal.state_aid:
        gap(("assessment", "legal", "state_aid"), "bedömning saknas av varför stödet inte är otillåtet statsstöd")
    if assessment.recommendation is None:
        gap(("assessment", "recommendation"), "rekommendation saknas (enter eller do_not_enter)")
    elif assessment.recommendation is not model.Recommendation.enter:
        gap(("assessment", "recommendation"),
            "bedömningen rekommenderar att inte ingå överenskommelsen, men tjänsteutlåtandet föreslår det")
    return gaps


def _check_gaps(case: model.Case, checks: model.Checks, gap) -> None:
    limit = months_before(case.meta.date, case.profile.assessment_validity_months)
    for key, label, check in checks.items():
        path = ("assessment", "checks", key)
        if check is None:
            gap(path, f"kontrollen saknas ({label})")
            continue
        if check.result is model.CheckResult.not_met:
            gap(path + ("result",), f"kontrollen är inte uppfylld ({label})")
            continue
        if check.result is model.CheckResult.not_applicable:
            if key not in MAY_NOT_APPLY:
                gap(path + ("result",), f"'ej tillämpligt' godtas inte för den här kontrollen ({label})")
            continue
        if check.date is None:
            gap(path, f"datum saknas, så det går inte att se att kontrollen gäller ({label})")
        elif check.date < limit:
            gap(path + ("date",),
                f"kontrollen gjordes {check.date.isoformat()}, före gränsen {limit.isoformat()} "
                f"({case.profile.assessment_validity_months} månader före tjänsteutlåtandets datum "
                f"{case.meta.date.isoformat()}) ({label})")
        elif check.date > case.meta.date:
            gap(path + ("date",),
                f"kontrollen är daterad {check.date.isoformat()}, efter tjänsteutlåtandets datum "
                f"{case.meta.date.isoformat()} ({label})")


def _contribution_gaps(contributions: model.Contributions, gap) -> None:
    city, organisation = contributions.city, contributions.organisation
    if not ((city.amount_per_year or 0) > 0 or city.premises or city.staff or city.other):
        gap(("contributions", "city"),
            "staden bidrar inte med något: ange belopp per år, lokaler, personal eller annat bidrag")
    if not (
        (organisation.volunteer_hours_per_year or 0) > 0
        or (organisation.own_funding or 0) > 0
        or organisation.premises
        or organisation.other
    ):
        gap(("contributions", "organisation"),
            "organisationen bidrar inte med något: ange ideella timmar, egen finansiering, lokaler eller annat bidrag")


def gate_problems(case: model.Case, docs: dict[str, YamlDocument]) -> list[Problem]:
    """The gate's refusals, located by file and line; none when an exception is recorded."""
    if case.meta.assessment_exception:
        return []
    gaps = assessment_gaps(case)
    if not gaps:
        return []
    problems = [_locate(g, docs) for g in gaps]
    case_doc = docs.get("case")
    if case_doc is not None and any(g.file == "partners" for g in gaps):
        # Says why these are errors and how to proceed anyway; sorts before partners.yaml.
        whom = "partnern" if len(partners_concerned(case)) == 1 else "varje partner som förslaget gäller"
        problems.append(Problem(case_doc.file, case_doc.line(("kind",)), "kind",
                                f"förslaget ({case.meta.kind.label.lower()}) kräver en fullständig "
                                f"bedömning av {whom}; rätta bristerna nedan eller ange skälet i "
                                "assessment_exception"))
    return problems


def _locate(gap: Gap, docs: dict[str, YamlDocument]) -> Problem:
    doc = docs.get(gap.file) or docs.get("case")
    if doc is None:
        return Problem(f"{gap.file}.yaml", None, format_path(gap.path), gap.message)
    return Problem(doc.file, doc.line(gap.path), format_path(gap.path), gap.message)
