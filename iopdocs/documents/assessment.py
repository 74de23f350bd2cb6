"""The assessment form (bedömning): its template context, filled from a partner's
assessment or left blank with lines and boxes to fill in by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from .. import filters, model, text
from ..case import attainment
from ..case.gate import assessment_gaps, is_gated
from .views import (
    DASH,
    FILL,
    MISSING,
    Letterhead,
    baseline,
    box,
    boxes,
    letterhead,
    or_dash,
    period,
    person,
)
from .wordxml import Block, Maker, Paragraphs

BLANK_INDICATOR_ROWS = 8  # an agreement is often followed up by more than a handful


@dataclass(frozen=True)
class PartyView:
    name: Annotated[str, "Organisationens namn"]
    orgnr: Annotated[str, "Organisationsnummer; Saknas om det inte anges"]
    legal_form: Annotated[str, "Organisationsform (kryssrutor i en tom blankett)"]
    signatory: Annotated[str, "Firmatecknare: namn, befattning och kontaktuppgifter"]
    contact: Annotated[str, "Kontaktperson: namn, befattning och kontaktuppgifter"]
    initiative: Annotated[str, "Vem som tog initiativet till partnerskapet (kryssrutor i en tom blankett)"]
    city: Annotated[str, "Stadens part: nämnd och förvaltning"]


@dataclass(frozen=True)
class CheckRow:
    label: Annotated[str, "Kontrollen, t.ex. registrering hos Skatteverket"]
    result: Annotated[str, "Resultatet: Uppfyllt, Ej uppfyllt eller Ej tillämpligt; Saknas om kontrollen inte är gjord"]
    evidence: Annotated[str, "Underlaget som granskats"]
    date: Annotated[str, "Datum då underlaget granskades"]
    comment: Annotated[str, "Kommentar"]


@dataclass(frozen=True)
class LegalView:
    procurement: Annotated[Paragraphs, "Varför detta inte är upphandling enligt LOU"]
    state_aid: Annotated[Paragraphs, "Varför detta inte är otillåtet statsstöd"]
    competence: Annotated[Paragraphs, "Kommunal kompetens enligt kommunallagen"]
    grants: Annotated[Paragraphs, "Varför detta inte ingår i ordinarie föreningsbidrag"]


@dataclass(frozen=True)
class CityView:
    amount: Annotated[str, "Stadens medel per år i kronor"]
    premises: Annotated[str, "Lokaler som staden bidrar med"]
    staff: Annotated[str, "Personal som staden bidrar med"]
    other: Annotated[str, "Övrigt som staden bidrar med"]


@dataclass(frozen=True)
class OrganisationView:
    volunteer_hours: Annotated[str, "Ideella timmar per år"]
    own_funding: Annotated[str, "Organisationens egen finansiering, kronor per år"]
    premises: Annotated[str, "Lokaler som organisationen bidrar med"]
    other: Annotated[str, "Övrigt som organisationen bidrar med"]


@dataclass(frozen=True)
class TermsView:
    period: Annotated[str, "Överenskommelsens period, från och med – till och med"]
    notice: Annotated[str, "Uppsägningstid"]
    dialogue_meetings: Annotated[str, "Dialogmöten, t.ex. två gånger per år"]
    follow_up: Annotated[str, "Hur överenskommelsen följs upp"]


@dataclass(frozen=True)
class IndicatorPlanRow:
    name: Annotated[str, "Indikatorns namn"]
    unit: Annotated[str, "Enhet, t.ex. antal eller procent"]
    baseline: Annotated[str, "Utgångsvärde med år"]
    targets: Annotated[str, "Målvärde per år, ett per rad"]


def indicator_plan(case: model.Case, partner_id: str) -> list[IndicatorPlanRow]:
    """A partner's indicators with baseline and yearly targets, as the assessment and the agreement plan them."""
    return [
        IndicatorPlanRow(i.name, i.unit, baseline(i),
                         or_dash("\n".join(f"{p}: {filters.tal(v)}" for p, v in sorted(i.targets.items()))))
        for i in attainment.indicators_of(case, partner_id)
    ]


@dataclass(frozen=True)
class AssessmentContext:
    head: Annotated[Letterhead, "Sidhuvud och sidfot: förvaltning, diarienummer, datum och adress"]
    blank: Annotated[bool, "Sant i en tom blankett (mall) att fylla i för hand, annars falskt"]
    partner_name: Annotated[str, "Organisationens namn (Mall i en tom blankett)"]
    party: Annotated[PartyView, "Uppgifter om organisationen"]
    challenge: Annotated[Paragraphs, "Den gemensamma samhällsutmaningen"]
    programme: Annotated[Paragraphs, "Det politiskt beslutade programmet eller budgetmålet som partnerskapet hör till"]
    essential: Annotated[Paragraphs, "Varför de planerade aktiviteterna är väsentliga"]
    checks: Annotated[list[CheckRow], "Kontrollerna av organisationen, en rad per kontroll"]
    legal: Annotated[LegalView, "Den juridiska bedömningen"]
    city: Annotated[CityView, "Stadens bidrag"]
    organisation: Annotated[OrganisationView, "Organisationens bidrag"]
    terms: Annotated[TermsView, "Överenskommelsens villkor: period, uppsägning, dialog och uppföljning"]
    indicators: Annotated[list[IndicatorPlanRow], "Indikatorerna med utgångsvärde och målvärden, en rad per indikator"]
    overall: Annotated[Paragraphs, "Samlad bedömning"]
    warning: Annotated[Paragraphs, "Varning när bedömningen rekommenderar att ingå trots brister; tom annars"]
    recommendation: Annotated[str, "Rekommendationen, som kryssrutor"]
    date: Annotated[str, "Bedömningens datum"]
    officer: Annotated[str, "Handläggaren som gjort bedömningen"]
    manager: Annotated[str, "Chefen som godkänt bedömningen"]


# Where the check labels' longest compounds may break in the narrow Kontroll column.
_SOFT_HYPHENS = {"verksamhetsberättelse": "verksamhets\u00adberättelse",
                 "arbetsgivarregistrering": "arbetsgivar\u00adregistrering"}


def _breakable(label: str) -> str:
    """A narrow column may break 'årsredovisning/verksamhetsberättelse' after the slash, and
    a long compound only where it is joined, never mid-word."""
    label = label.replace("/", "/\u200b")
    for word, hyphenated in _SOFT_HYPHENS.items():
        label = label.replace(word, hyphenated)
    return label


def _check_rows(assessment: model.Assessment | None) -> list[CheckRow]:
    checks = assessment.checks if assessment else model.Checks()
    rows = []
    for _key, label, check in checks.items():
        label = _breakable(label)
        if check is None:
            rows.append(CheckRow(label, MISSING, "", "", ""))
        else:
            rows.append(CheckRow(label, check.result.label, or_dash(check.evidence),
                                 or_dash(filters.datum(check.date)), check.comment or ""))
    return rows


def _warning(case: model.Case, partner: model.Partner, make: Maker) -> Paragraphs:
    """Said in the form itself when it recommends entering despite gaps."""
    assessment = partner.assessment
    if assessment is None or assessment.recommendation is not model.Recommendation.enter:
        return make.of(())
    index = case.partners.index(partner)
    if is_gated(case):
        gaps = [g.message for g in assessment_gaps(case)
                if g.file == "partners" and tuple(g.path[:2]) == ("partners", index)]
    else:
        gaps = [f"kontrollen {'saknas' if c is None else 'är inte uppfylld'} ({label})"
                for _k, label, c in assessment.checks.items()
                if c is None or c.result is model.CheckResult.not_met]
    if not gaps:
        return make.of(())
    blocks = [Block("paragraph", (text.Run("Observera: ", bold=True), text.Run(
        "bedömningen rekommenderar att ingå överenskommelsen trots att följande brister finns:")))]
    blocks += [Block("bullet", (text.Run(g),), list_id=1) for g in gaps]
    reason = case.meta.assessment_exception
    blocks.append(Block("paragraph", (text.Run("Skäl enligt tjänsteutlåtandet: ", bold=True),
                                      text.Run(reason or "inget skäl angivet."))))
    return make.of(blocks)


def assessment_context(case: model.Case, partner: model.Partner, make: Maker) -> AssessmentContext:
    profile, a = case.profile, partner.assessment or model.Assessment()
    city, org = partner.contributions.city, partner.contributions.organisation
    agreement = partner.agreement
    rec = a.recommendation.label if a.recommendation else None
    return AssessmentContext(
        head=letterhead(make, profile, "Bedömning", (agreement.dnr if agreement and agreement.dnr else case.meta.dnr),
                        a.date or case.meta.date, case.meta.department),
        blank=False,
        partner_name=partner.name,
        party=PartyView(
            name=partner.name,
            orgnr=or_dash(partner.orgnr, MISSING),
            legal_form=partner.legal_form.label if partner.legal_form else MISSING,
            signatory=person(partner.signatory),
            contact=person(partner.contact),
            initiative=partner.initiative.label if partner.initiative else MISSING,
            city=f"{profile.board}, {profile.administration}",
        ),
        challenge=make.filled(a.challenge, False),
        programme=make.filled(a.programme, False),
        essential=make.filled(a.essential, False),
        checks=_check_rows(a),
        legal=LegalView(*(make.filled(getattr(a.legal, f), False)
                          for f in ("procurement", "state_aid", "competence", "grants"))),
        city=CityView(or_dash(filters.kr(city.amount_per_year)), or_dash(city.premises), or_dash(city.staff),
                      or_dash(city.other)),
        organisation=OrganisationView(
            or_dash(filters.tal(org.volunteer_hours_per_year)), or_dash(filters.kr(org.own_funding)),
            or_dash(org.premises), or_dash(org.other)),
        terms=TermsView(
            period=period(agreement.start, agreement.end) if agreement else MISSING,
            notice=or_dash(filters.manader(agreement.notice_months)) if agreement else DASH,
            dialogue_meetings=or_dash(agreement.dialogue_meetings) if agreement else DASH,
            follow_up=or_dash(agreement.follow_up) if agreement else DASH,
        ),
        indicators=indicator_plan(case, partner.id),
        overall=make.filled(a.overall, False).kept_with_next(),  # with the signatures
        warning=_warning(case, partner, make).kept_with_next(),
        recommendation=boxes(model.Recommendation.labels(), rec) if rec else MISSING,
        date=filters.datum(a.date),
        officer=a.officer or "",
        manager=a.manager or "",
    )


def blank_assessment_context(profile: model.Profile | None, make: Maker) -> AssessmentContext:
    lines = make.filled(None, True)
    return AssessmentContext(
        head=letterhead(make, profile, "Bedömning", FILL, None, None),
        blank=True,
        partner_name="Mall",
        party=PartyView("", "", boxes(model.LegalForm.labels()), "", "",
                        boxes(model.Initiative.labels()),
                        f"{profile.board}, {profile.administration}" if profile else ""),
        challenge=lines, programme=make.filled(None, True, 2), essential=lines,
        checks=[CheckRow(_breakable(label), "\n".join(box(r) for r in model.CheckResult.labels()),
                         "", "", "") for label in model.CHECK_LABELS.values()],
        legal=LegalView(lines, lines, lines, lines),
        city=CityView("", "", "", ""),
        organisation=OrganisationView("", "", "", ""),
        terms=TermsView("", "", "", ""),
        indicators=[IndicatorPlanRow("", "", "", "") for _ in range(BLANK_INDICATOR_ROWS)],
        overall=make.filled(None, True, 4).kept_with_next(),
        warning=make.of(()),
        recommendation=boxes(model.Recommendation.labels()),
        date="", officer="", manager="",
    )
