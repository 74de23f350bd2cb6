"""The follow-up form (uppföljning): its template context, filled from a follow-up record
or left blank with empty rows to fill in by hand."""

from __future__ import annotations

from dataclasses import dataclass

from . import filters, model
from .views import FILL, MISSING, Letterhead, baseline, boxes, indicators_of, letterhead, or_dash, partner_of, period
from .wordxml import Maker, Paragraphs


@dataclass(frozen=True)
class AgreementView:
    partner: str
    dnr: str
    period: str
    follow_up_period: str
    meeting: str
    participants: str


@dataclass(frozen=True)
class ActivityRow:
    planned: str
    done: str
    comment: str


@dataclass(frozen=True)
class CountRow:
    label: str
    value: str


@dataclass(frozen=True)
class ReachedView:
    total: str
    women: str
    men: str
    age_groups: list[CountRow]


@dataclass(frozen=True)
class IndicatorOutcomeRow:
    name: str
    unit: str
    baseline: str
    target: str
    outcome: str
    comment: str


@dataclass(frozen=True)
class MoneyView:
    paid: str
    budget: str
    organisation: str


@dataclass(frozen=True)
class FollowUpContext:
    head: Letterhead
    blank: bool
    partner_name: str
    period: str
    agreement: AgreementView
    activities: list[ActivityRow]
    reached: ReachedView
    indicators: list[IndicatorOutcomeRow]
    charts: Paragraphs
    money: MoneyView
    deviations: Paragraphs
    lessons: Paragraphs
    changes: Paragraphs
    overall: Paragraphs
    decision: str
    sign_city: str
    sign_organisation: str


def _outcome_row(indicator: model.Indicator, year: int) -> IndicatorOutcomeRow:
    outcome = indicator.outcomes.get(year)
    value = outcome.value if outcome else None
    return IndicatorOutcomeRow(
        name=indicator.name,
        unit=indicator.unit,
        baseline=baseline(indicator),
        target=or_dash(filters.tal(indicator.targets.get(year))),
        outcome=MISSING if value is None else filters.tal(value),  # never 0 for a missing outcome
        comment=(outcome.comment or "") if outcome else "",
    )


def _charts(case: model.Case, follow_up: model.FollowUp, make: Maker) -> Paragraphs:
    """The place for the indicator charts and attainment (a later issue), empty until then.

    The template has its paragraph, `{{p charts }}`, right after the indicator table. To
    fill it: `charts.docx_figures(make.tpl, charts.charts_for(case, follow_up))` gives
    whole paragraphs for that tag; an attainment column belongs in IndicatorOutcomeRow
    (see attainment.indicator_row) and a cell in the template's indicator table."""
    return make.of(())


def follow_up_context(case: model.Case, follow_up: model.FollowUp, make: Maker) -> FollowUpContext:
    partner = partner_of(case, follow_up.partner)
    agreement = partner.agreement if partner else None
    reached = follow_up.reached
    name = partner.name if partner else (follow_up.partner or "")
    decision = model.DECISION_LABELS[follow_up.decision] if follow_up.decision else None
    return FollowUpContext(
        head=letterhead(make, case.profile, "Uppföljning",
                        agreement.dnr if agreement and agreement.dnr else case.meta.dnr,
                        follow_up.meeting, case.meta.department),
        blank=False,
        partner_name=name,
        period=str(follow_up.period),
        agreement=AgreementView(
            partner=name,
            dnr=or_dash(agreement.dnr if agreement else None),
            period=period(agreement.start, agreement.end) if agreement else MISSING,
            follow_up_period=str(follow_up.period),
            meeting=filters.datum(follow_up.meeting),
            participants=or_dash("\n".join(follow_up.participants)),
        ),
        activities=[ActivityRow(a.planned, or_dash(a.done), a.comment or "") for a in follow_up.activities],
        reached=ReachedView(
            total=or_dash(filters.tal(reached.total)),
            women=or_dash(filters.tal(reached.women)),
            men=or_dash(filters.tal(reached.men)),
            age_groups=[CountRow(f"Åldersgrupp {k.replace('-', '–')} år", filters.tal(v))
                        for k, v in reached.age_groups.items()],
        ),
        indicators=[_outcome_row(i, follow_up.period) for i in indicators_of(case, partner)],
        charts=_charts(case, follow_up, make),
        money=MoneyView(or_dash(filters.kr(follow_up.paid)), or_dash(filters.kr(follow_up.budget)),
                        or_dash(follow_up.organisation_contribution)),
        deviations=make.filled(follow_up.deviations, False),
        lessons=make.filled(follow_up.lessons, False),
        changes=make.filled(follow_up.changes, False),
        overall=make.filled(follow_up.overall, False),
        decision=boxes(list(model.DECISION_LABELS.values()), decision) if decision else MISSING,
        sign_city=case.profile.administration,
        sign_organisation=name,
    )


def blank_follow_up_context(profile: model.Profile | None, make: Maker) -> FollowUpContext:
    lines = make.filled(None, True)
    return FollowUpContext(
        head=letterhead(make, profile, "Uppföljning", FILL, None, None),
        blank=True,
        partner_name="Mall",
        period="",
        agreement=AgreementView("", "", "", "", "", "\n\n"),
        activities=[ActivityRow("", "", "") for _ in range(5)],
        reached=ReachedView("", "", "", [CountRow("Åldersgrupp:", "") for _ in range(3)]),
        indicators=[IndicatorOutcomeRow("", "", "", "", "", "") for _ in range(5)],
        charts=make.of(()),
        money=MoneyView("", "", ""),
        deviations=lines, lessons=lines, changes=lines, overall=make.filled(None, True, 4),
        decision=boxes(list(model.DECISION_LABELS.values())),
        sign_city=profile.administration if profile else "förvaltningen",
        sign_organisation="organisationen",
    )
