"""The agreement (överenskommelse om IOP) with its activity plan: its template context,
filled from the case's data and the profile's standard clauses, or left blank.

Every fact comes from where the statement and the assessment take it (partners.yaml,
goals.yaml, indicators.yaml), formatted by the same filters, so the three documents
cannot disagree. A missing fact reads "Uppgift saknas"; case/agreementfacts.py refuses
it when the case's kind proposes the agreement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from .. import filters, model, text
from .assessment import IndicatorPlanRow, OrganisationView, TermsView, indicator_plan
from .views import FILL, Letterhead, letterhead, or_dash, period
from .wordxml import Block, Maker, Paragraphs

MISSING = "Uppgift saknas"
CLAUSES = tuple(model.AgreementClauses.model_fields)


@dataclass(frozen=True)
class PartiesView:
    board: Annotated[str, "Nämndens namn"]
    administration: Annotated[str, "Förvaltningens namn"]
    organisation: Annotated[str, "Organisationens namn"]
    orgnr: Annotated[str, "Organisationsnummer; Uppgift saknas om det inte anges"]
    signatory: Annotated[str, "Organisationens firmatecknare: namn och befattning"]
    contact: Annotated[str, "Organisationens kontaktperson: namn och befattning"]
    city_contact: Annotated[str, "Stadens kontaktperson (handläggaren): namn och befattning"]
    dnr: Annotated[str, "Överenskommelsens diarienummer (annars ärendets)"]


@dataclass(frozen=True)
class GoalRow:
    goal: Annotated[str, "Målet"]
    subgoals: Annotated[str, "Delmålen, ett per rad"]


@dataclass(frozen=True)
class PlanRow:
    activity: Annotated[str, "Aktiviteten"]
    target_group: Annotated[str, "För vem: målgruppen"]
    when: Annotated[str, "När: tid och omfattning"]
    responsible: Annotated[str, "Vem som ansvarar"]


@dataclass(frozen=True)
class CityShare:
    amount_per_year: Annotated[str, "Stadens medel per år i kronor"]
    amount_total: Annotated[str, "Stadens medel för hela perioden i kronor"]
    premises: Annotated[str, "Lokaler som staden bidrar med"]
    staff: Annotated[str, "Personal som staden bidrar med"]
    other: Annotated[str, "Övrigt som staden bidrar med"]


@dataclass(frozen=True)
class ClausesView:
    payment: Annotated[Paragraphs, "Villkor: utbetalning av medlen"]
    extension: Annotated[Paragraphs, "Villkor: förlängning"]
    termination: Annotated[Paragraphs, "Villkor: uppsägning"]
    breach: Annotated[Paragraphs, "Villkor: hävning vid avtalsbrott"]
    repayment: Annotated[Paragraphs, "Villkor: återbetalning"]
    reports: Annotated[Paragraphs, "Villkor: redovisning och rapporter"]
    personal_data: Annotated[Paragraphs, "Villkor: personuppgifter"]
    confidentiality: Annotated[Paragraphs, "Villkor: sekretess och tystnadsplikt"]
    insurance: Annotated[Paragraphs, "Villkor: försäkringar"]
    changes: Annotated[Paragraphs, "Villkor: ändringar i överenskommelsen"]
    disputes: Annotated[Paragraphs, "Villkor: tvister"]


@dataclass(frozen=True)
class SignatureView:
    party: Annotated[str, "Parten som skriver under, t.ex. För Rinkeby-Kista stadsdelsnämnd"]
    name: Annotated[str, "Namnet på den som skriver under"]
    title: Annotated[str, "Befattningen på den som skriver under"]
    place: Annotated[str, "Ort och datum (en linje att skriva på)"]


@dataclass(frozen=True)
class AgreementContext:
    head: Annotated[Letterhead, "Sidhuvud och sidfot: förvaltning, diarienummer, datum och adress"]
    blank: Annotated[bool, "Sant i en tom blankett (mall) att fylla i för hand, annars falskt"]
    board: Annotated[str, "Nämndens namn"]
    partner_name: Annotated[str, "Organisationens namn (en linje i en tom blankett)"]
    parties: Annotated[PartiesView, "Parterna och kontaktpersonerna"]
    challenge: Annotated[Paragraphs, "Den gemensamma samhällsutmaningen"]
    solution: Annotated[Paragraphs, "Hur partnerskapet möter utmaningen"]
    programme: Annotated[Paragraphs, "Programmet och budgetmålen som partnerskapet hör till"]
    goals: Annotated[list[GoalRow], "Partnerskapets mål, en rad per mål"]
    activities: Annotated[list[PlanRow], "Verksamhetsplanen, en rad per aktivitet"]
    city: Annotated[CityShare, "Stadens bidrag"]
    organisation: Annotated[OrganisationView, "Organisationens bidrag"]
    terms: Annotated[TermsView, "Villkoren: period, uppsägning, dialog och uppföljning"]
    indicators: Annotated[list[IndicatorPlanRow], "Indikatorerna med utgångsvärde och målvärden, en rad per indikator"]
    clauses: Annotated[ClausesView,
                       "Villkoren i överenskommelsen: profilens standardvillkor eller överenskommelsens egna"]
    city_signature: Annotated[SignatureView, "Stadens underskrift"]
    organisation_signature: Annotated[SignatureView, "Organisationens underskrift"]


def months_of(start: dt.date, end: dt.date) -> int | None:
    """Whole calendar months from start to end inclusive, or None when the period does not
    run from a month's first day to a month's last."""
    after = end + dt.timedelta(days=1)
    if start.day != 1 or after.day != 1:
        return None
    return (after.year - start.year) * 12 + after.month - start.month


def total_amount(per_year: int | None, agreement: model.Agreement | None) -> int | None:
    """The city's money for the whole period: so much a year, times the period's years."""
    if per_year is None or agreement is None:
        return None
    months = months_of(agreement.start, agreement.end)
    return None if months is None else round(per_year * months / 12)


def partner_goals(case: model.Case, partner: model.Partner) -> list[model.Goal]:
    return [g for g in case.goals if case.owner_id(g.partner) in (None, partner.id)]


def _goals(goals: list[model.Goal]) -> list[GoalRow]:
    return [GoalRow(g.title, "\n".join(s.title for s in g.subgoals) or "–") for g in goals]


def _programme(assessment: model.Assessment, goals: list[model.Goal], make: Maker) -> Paragraphs:
    """The politically decided programme, then the budget goals the partnership's goals link to."""
    said = assessment.programme or ""
    budget_goals = [b for b in dict.fromkeys(g.budget_goal for g in goals) if b not in said]
    blocks: list[Block] = []
    if assessment.programme:
        blocks.append(Block("paragraph", (text.Run(
            f"Partnerskapet är ett steg i att genomföra {assessment.programme}."),)))
    if budget_goals:
        blocks.append(Block("paragraph", (text.Run(
            "Partnerskapets mål hör till följande mål i stadens budget:"),)))
        blocks += [Block("bullet", (text.Run(b),)) for b in budget_goals]
    return make.of(blocks) if blocks else make.filled(None, False)


def _solution(partner: model.Partner, assessment: model.Assessment, make: Maker) -> Paragraphs:
    blocks = []
    for prose in (partner.description, assessment.essential):
        if prose:
            blocks += make.prose(prose).blocks
    return make.of(blocks) if blocks else make.filled(None, False)


def clauses_of(case: model.Case, partner: model.Partner) -> model.AgreementClauses:
    """The profile's standard clauses with the agreement's own in their place."""
    own = partner.agreement.clauses if partner.agreement else model.AgreementClauses()
    return case.profile.agreement_clauses.merged(own)


def _clauses(clauses: model.AgreementClauses, make: Maker, blank: bool = False) -> ClausesView:
    return ClausesView(**{name: (make.prose(getattr(clauses, name)) if getattr(clauses, name)
                                 else make.filled(None, blank))
                          for name in CLAUSES})


def _person(who: model.Person | None) -> str:
    return ", ".join(x for x in (who.name, who.title) if x) if who else MISSING


def _missing(value: object) -> object:
    return or_dash(value, MISSING)


def agreement_context(case: model.Case, partner: model.Partner, make: Maker) -> AgreementContext:
    profile, meta = case.profile, case.meta
    a = partner.assessment or model.Assessment()
    agreement = partner.agreement
    city, org = partner.contributions.city, partner.contributions.organisation
    dnr = agreement.dnr if agreement and agreement.dnr else meta.dnr
    goals = partner_goals(case, partner)
    signer = case.signatories[0] if case.signatories else None
    return AgreementContext(
        head=letterhead(make, profile, "Överenskommelse", dnr, meta.date, meta.department),
        blank=False,
        board=profile.board,
        partner_name=partner.name,
        parties=PartiesView(
            board=profile.board, administration=profile.administration, organisation=partner.name,
            orgnr=_missing(partner.orgnr), signatory=_person(partner.signatory),
            contact=_person(partner.contact), city_contact=_person(meta.officer), dnr=dnr,
        ),
        challenge=make.filled(a.challenge, False),
        solution=_solution(partner, a, make),
        programme=_programme(a, goals, make),
        goals=_goals(goals),
        activities=[PlanRow(x.activity, _missing(x.target_group), _missing(x.when), _missing(x.responsible))
                    for x in (agreement.activities if agreement else [])],
        city=CityShare(
            _missing(filters.kr(city.amount_per_year)),
            _missing(filters.kr(total_amount(city.amount_per_year, agreement))),
            or_dash(city.premises), or_dash(city.staff), or_dash(city.other),
        ),
        organisation=OrganisationView(
            _missing(filters.tal(org.volunteer_hours_per_year)), _missing(filters.kr(org.own_funding)),
            or_dash(org.premises), or_dash(org.other),
        ),
        terms=TermsView(
            period=period(agreement.start, agreement.end) if agreement else MISSING,
            notice=_missing(filters.manader(agreement.notice_months)) if agreement else MISSING,
            dialogue_meetings=_missing(agreement.dialogue_meetings) if agreement else MISSING,
            follow_up=_missing(agreement.follow_up) if agreement else MISSING,
        ),
        indicators=indicator_plan(case, partner.id),
        clauses=_clauses(clauses_of(case, partner), make),
        city_signature=SignatureView(
            f"För {profile.board}", signer.name if signer else "", signer.display_title if signer else "",
            f"{profile.postal_town}, {FILL}"),
        organisation_signature=SignatureView(
            f"För {partner.name}", partner.signatory.name if partner.signatory else "",
            (partner.signatory.title or "") if partner.signatory else "", FILL),
    )


def blank_agreement_context(profile: model.Profile | None, make: Maker) -> AgreementContext:
    """The agreement as a form: lines to write on, the profile's standard clauses printed."""
    lines = make.filled(None, True)
    board = profile.board if profile else ""
    clauses = profile.agreement_clauses if profile else model.AgreementClauses()
    return AgreementContext(
        head=letterhead(make, profile, "Överenskommelse", FILL, None, None),
        blank=True,
        board=board or FILL,
        partner_name=FILL,  # the subtitle: "mellan <nämnd> och ______"
        parties=PartiesView(board, profile.administration if profile else "", "", "", "", "", "", ""),
        challenge=lines, solution=lines, programme=make.filled(None, True, 2), goals=[GoalRow("", "") for _ in range(2)],
        activities=[PlanRow("", "", "", "") for _ in range(5)],
        city=CityShare("", "", "", "", ""),
        organisation=OrganisationView("", "", "", ""),
        terms=TermsView("", "", "", ""),
        indicators=[IndicatorPlanRow("", "", "", "") for _ in range(4)],
        clauses=_clauses(clauses, make, blank=True),
        city_signature=SignatureView(f"För {board}" if board else "För nämnden", "", "", ""),
        organisation_signature=SignatureView("För organisationen", "", "", ""),
    )
