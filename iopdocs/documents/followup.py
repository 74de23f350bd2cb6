"""The follow-up form (uppföljning): its template context, filled from a follow-up record
or left blank with empty rows to fill in by hand.

The indicator table gives each indicator's attainment and trend (case/attainment.py), with
the rules printed under it so a reader can check every label; a chart per indicator
follows (charts.py), each with a caption "Diagram N. <indicator>".
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated

from .. import filters, model, text
from ..case import attainment
from . import charts
from .views import (
    FILL,
    MISSING,
    Letterhead,
    boxes,
    letterhead,
    or_dash,
    period,
)
from .wordxml import Block, Maker, Paragraphs

# Placed narrower than the text (15.2 cm), so a chart never reaches the margin.
CHART_WIDTH_MM = 145
BLANK_INDICATOR_ROWS = 8  # as in the blank assessment


@dataclass(frozen=True)
class AgreementView:
    partner: Annotated[str, "Organisationens namn"]
    dnr: Annotated[str, "Överenskommelsens diarienummer (annars ärendets)"]
    period: Annotated[str, "Överenskommelsens period, från och med – till och med"]
    follow_up_period: Annotated[str, "Året som följs upp"]
    meeting: Annotated[str, "Dialogmötets datum"]
    participants: Annotated[str, "Deltagarna vid dialogmötet, en per rad"]


@dataclass(frozen=True)
class ActivityRow:
    planned: Annotated[str, "Aktiviteten enligt verksamhetsplanen"]
    done: Annotated[str, "Vad som genomförts; – om det inte anges"]
    comment: Annotated[str, "Kommentar"]


@dataclass(frozen=True)
class CountRow:
    label: Annotated[str, "Åldersgruppen, t.ex. Åldersgrupp 13–17 år"]
    value: Annotated[str, "Antalet"]


@dataclass(frozen=True)
class ReachedView:
    total: Annotated[str, "Antal deltagare totalt"]
    women: Annotated[str, "Varav kvinnor och flickor"]
    men: Annotated[str, "Varav män och pojkar"]
    age_groups: Annotated[list[CountRow], "Antal per åldersgrupp, en rad per grupp"]


@dataclass(frozen=True)
class IndicatorOutcomeRow:
    name: Annotated[str, "Indikatorns namn"]
    unit: Annotated[str, "Enhet, t.ex. antal eller procent"]
    baseline: Annotated[str, "Utgångsvärde med år"]
    target: Annotated[str, "Målvärdet för året"]
    outcome: Annotated[str, "Utfallet för året; Saknas om det inte finns"]
    attainment: Annotated[str, "Måluppfyllelse: Uppnått, Delvis uppnått, Ej uppnått …"]
    trend: Annotated[str, "Utvecklingen: Förbättring, Försämring, Oförändrad eller Kan inte bedömas"]
    comment: Annotated[str, "Kommentar till utfallet"]


@dataclass(frozen=True)
class MoneyView:
    paid: Annotated[str, "Stadens utbetalda medel under året, i kronor"]
    budget: Annotated[str, "Budgeterade medel för året, i kronor"]
    organisation: Annotated[str, "Organisationens bidrag under året"]


@dataclass(frozen=True)
class FollowUpContext:
    head: Annotated[Letterhead, "Sidhuvud och sidfot: förvaltning, diarienummer, datum och adress"]
    blank: Annotated[bool, "Sant i en tom blankett (mall) att fylla i för hand, annars falskt"]
    partner_name: Annotated[str, "Organisationens namn (Mall i en tom blankett)"]
    period: Annotated[str, "Året som följs upp"]
    agreement: Annotated[AgreementView, "Uppgifter om överenskommelsen och dialogmötet"]
    activities: Annotated[list[ActivityRow], "Aktiviteterna mot verksamhetsplanen, en rad per aktivitet"]
    reached: Annotated[ReachedView, "Målgruppen som nåtts"]
    indicators: Annotated[list[IndicatorOutcomeRow],
                          "Indikatorerna med utfall och måluppfyllelse, en rad per indikator"]
    attainment_rule: Annotated[str, "Regeln för måluppfyllelse, som den skrivs under tabellen"]
    trend_rule: Annotated[str, "Regeln för utvecklingen, som den skrivs under tabellen"]
    charts: Annotated[Paragraphs, "Ett diagram per indikator med bildtext"]
    money: Annotated[MoneyView, "Ekonomin under året"]
    deviations: Annotated[Paragraphs, "Avvikelser"]
    lessons: Annotated[Paragraphs, "Lärdomar"]
    changes: Annotated[Paragraphs, "Överenskomna förändringar"]
    overall: Annotated[Paragraphs, "Samlad bedömning"]
    decision: Annotated[str, "Beslutet om överenskommelsen, som kryssrutor"]
    sign_city: Annotated[str, "Förvaltningen som skriver under"]
    sign_organisation: Annotated[str, "Organisationen som skriver under"]


def _outcome_row(row: attainment.IndicatorRow) -> IndicatorOutcomeRow:
    return IndicatorOutcomeRow(
        name=row.name,
        unit=row.unit,
        baseline=row.baseline_text,
        target=row.target_text,
        outcome=row.outcome_text,  # "Saknas", never 0, for a missing outcome
        attainment=row.attainment_label,
        trend=row.trend_label,
        comment=row.comment,
    )


def _charts(case: model.Case, follow_up: model.FollowUp, make: Maker) -> Paragraphs:
    """A chart per indicator of the table, each under its caption "Diagram N. <name>"."""
    blocks = []
    for number, chart in enumerate(charts.charts_for(case, follow_up), start=1):
        chart = dataclasses.replace(chart, width_mm=CHART_WIDTH_MM)
        blocks.append(Block("caption", (text.Run(f"Diagram {number}. {chart.title}"),)))
        blocks.append(Block("figure", xml=charts.docx_figures(make.tpl, [chart])))
    return make.of(blocks)


def follow_up_context(case: model.Case, follow_up: model.FollowUp, make: Maker) -> FollowUpContext:
    partner = case.owner(follow_up.partner)
    agreement = partner.agreement if partner else None
    dnr = agreement.dnr if agreement and agreement.dnr else case.meta.dnr  # as in the header
    reached = follow_up.reached
    name = partner.name if partner else (follow_up.partner or "")
    decision = follow_up.decision.label if follow_up.decision else None
    return FollowUpContext(
        head=letterhead(make, case.profile, "Uppföljning", dnr, follow_up.meeting, case.meta.department),
        blank=False,
        partner_name=name,
        period=str(follow_up.period),
        agreement=AgreementView(
            partner=name,
            dnr=dnr,
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
        indicators=[_outcome_row(row) for row in attainment.indicator_rows(case, follow_up)],
        attainment_rule=attainment.RULE,
        trend_rule=attainment.TREND_RULE,
        charts=_charts(case, follow_up, make),
        money=MoneyView(or_dash(filters.kr(follow_up.paid)), or_dash(filters.kr(follow_up.budget)),
                        or_dash(follow_up.organisation_contribution)),
        deviations=make.filled(follow_up.deviations, False),
        lessons=make.filled(follow_up.lessons, False),
        changes=make.filled(follow_up.changes, False),
        overall=make.filled(follow_up.overall, False).kept_with_next(),  # with the decision and signatures
        decision=boxes(model.Decision.labels(), decision) if decision else MISSING,
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
        indicators=[IndicatorOutcomeRow("", "", "", "", "", "", "", "") for _ in range(BLANK_INDICATOR_ROWS)],
        attainment_rule=attainment.RULE,
        trend_rule=attainment.TREND_RULE,
        charts=make.of(()),
        money=MoneyView("", "", ""),
        deviations=lines, lessons=lines, changes=lines, overall=make.filled(None, True, 4).kept_with_next(),
        decision=boxes(model.Decision.labels()),
        sign_city=profile.administration if profile else "förvaltningen",
        sign_organisation="organisationen",
    )
