"""The facts an agreement must state: refused when missing from a case that proposes it.

A case of kind new_agreement or extension proposes an agreement with each partner its
proposal concerns (gate.partners_concerned); the agreement (documents/agreement.py)
prints "Uppgift saknas" for a missing fact, and here that fact is an error located at the
file, line and field where it belongs. What is required, as users read it in `RULES`:
the organisation's org number and signatory; the agreement with its notice period,
dialogue meetings and activity plan; the shared challenge; goals and indicators for the
partner (a missing baseline or target prints "–", as in the assessment); the city's
signatory; and every standard clause but confidentiality (which applies "where
relevant"), from the profile or the agreement's own.
"""

from __future__ import annotations

from .. import model
from ..errors import Problem
from .gate import Gap, is_gated, partners_concerned
from .yamlfile import YamlDocument, format_path

RULES = (
    "Ett förslag om ny eller förlängd överenskommelse kräver att överenskommelsen kan skrivas "
    "fullständigt: organisationsnummer och firmatecknare, överenskommelsen med uppsägningstid, "
    "dialogmöten och verksamhetsplan, samhällsutmaningen, mål och indikatorer för partnern, stadens undertecknare och alla standardvillkor utom "
    "sekretess (i profilen eller i överenskommelsen)."
)

# The standard clauses an agreement may leave out, and the Swedish name of each clause.
OPTIONAL_CLAUSES = frozenset({"confidentiality"})
CLAUSE_NAMES = {
    "payment": "utbetalning", "extension": "förlängning", "termination": "uppsägning", "breach": "hävning",
    "repayment": "återbetalning", "reports": "rapporter", "personal_data": "personuppgifter",
    "confidentiality": "sekretess", "insurance": "försäkring", "changes": "ändringar", "disputes": "tvist",
}


def agreement_gaps(case: model.Case) -> list[Gap]:
    """Every fact missing from the agreements the case proposes."""
    if not is_gated(case) or not case.partners:
        return []  # the gate says a proposal without partners is refused
    gaps: list[Gap] = []
    if not case.signatories:
        gaps.append(Gap("case", ("signatories",), "överenskommelsen saknar stadens undertecknare: ange signatories"))
    for index, partner in partners_concerned(case):
        gaps += _partner_gaps(case, index, partner)
    return gaps


def _partner_gaps(case: model.Case, index: int, partner: model.Partner) -> list[Gap]:
    base = ("partners", index)
    who = partner.display_name
    gaps: list[Gap] = []

    def gap(path: tuple, message: str, file: str = "partners") -> None:
        gaps.append(Gap(file, path, f"överenskommelsen med {who}: {message}"))

    if partner.orgnr is None and case.meta.assessment_exception:  # otherwise the gate says so
        gap(base + ("orgnr",), "organisationsnummer saknas")
    if partner.signatory is None:
        gap(base + ("signatory",), "firmatecknare saknas")
    agreement = partner.agreement
    if agreement is None:
        gap(base + ("agreement",), "agreement saknas (period, uppsägningstid, dialogmöten, verksamhetsplan)")
    else:
        at = base + ("agreement",)
        if agreement.notice_months is None:
            gap(at + ("notice_months",), "uppsägningstid saknas")
        if agreement.dialogue_meetings is None:
            gap(at + ("dialogue_meetings",), "dialogmöten saknas")
        if not agreement.activities:
            gap(at + ("activities",), "verksamhetsplanen saknas: ange activities")
        clauses = case.profile.agreement_clauses.merged(agreement.clauses)
        for name, label in CLAUSE_NAMES.items():
            if name not in OPTIONAL_CLAUSES and getattr(clauses, name) is None:
                gap(at + ("clauses", name), f"villkoret om {label} saknas i profilens agreement_clauses "
                                            "och i överenskommelsen")
    if partner.assessment is not None and partner.assessment.challenge is None:  # none: the gate says so
        gap(base + ("assessment", "challenge"), "den gemensamma samhällsutmaningen saknas")
    if not any(case.owner_id(g.partner) in (None, partner.id) for g in case.goals):
        gap(base, "mål saknas: ange partnerns mål i goals.yaml")
    gaps += _indicator_gaps(case, partner, who)
    return gaps


def _indicator_gaps(case: model.Case, partner: model.Partner, who: str) -> list[Gap]:
    index = case.partners.index(partner)
    if not any(case.owner_id(i.partner) in (None, partner.id) for i in case.indicators):
        return [Gap("partners", ("partners", index),
                    f"överenskommelsen med {who}: indikatorer saknas: ange dem i indicators.yaml")]
    return []


def agreement_problems(case: model.Case, docs: dict[str, YamlDocument]) -> list[Problem]:
    """The missing facts, located by file and line."""
    problems = []
    for gap in agreement_gaps(case):
        doc = docs.get(gap.file) or docs.get("partners") or docs.get("case")
        if doc is None:
            problems.append(Problem(f"{gap.file}.yaml", None, format_path(gap.path), gap.message))
        else:
            problems.append(Problem(doc.file, doc.line(gap.path) if doc is docs.get(gap.file) else None,
                                    format_path(gap.path), gap.message))
    return problems
