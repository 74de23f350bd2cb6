"""The statement (tjänsteutlåtande): its template context and how a case fills it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

from .. import filters, model, text
from ..case.gate import assessment_gaps
from . import fingerprint
from .views import Letterhead, letterhead, or_dash, period
from .wordxml import Block, Maker, Paragraphs


@dataclass(frozen=True)
class MatterItem:
    """A piece of Ärendet: a heading (level 2 or 3; level 0 has none) and its text."""

    heading: Annotated[str, "Avsnittets rubrik; tom för text utan rubrik"]
    level: Annotated[int, "Rubrikens nivå: 2 eller 3 (Rubrik 2, Rubrik 3), 0 för text utan rubrik"]
    body: Annotated[Paragraphs, "Avsnittets text"]


@dataclass(frozen=True)
class AgreementRow:
    name: Annotated[str, "Organisationens namn"]
    orgnr: Annotated[str, "Organisationsnummer; – om det saknas"]
    period: Annotated[str, "Överenskommelsens period, från och med – till och med"]
    amount: Annotated[str, "Stadens medel per år i kronor; – om beloppet saknas"]


@dataclass(frozen=True)
class SignatureView:
    name: Annotated[str, "Undertecknarens namn"]
    title: Annotated[str, "Undertecknarens befattning (med tf. för en tillförordnad)"]
    organisation: Annotated[str, "Undertecknarens förvaltning"]


@dataclass(frozen=True)
class StatementContext:
    head: Annotated[Letterhead, "Sidhuvud och sidfot: förvaltning, diarienummer, datum och adress"]
    case: Annotated[model.Case, "Hela ärendet som det står i ärendets filer (case.yaml och profilen)"]
    title: Annotated[str, "Ärendets rubrik (title i case.yaml)"]
    subtitle: Annotated[str, "Underrubrik; tom om ärendet saknar en"]
    officer: Annotated[model.Person, "Handläggaren (officer i case.yaml)"]
    addressee: Annotated[str, "Mottagaren ('Till'): to i case.yaml, annars nämnden"]
    proposal: Annotated[Paragraphs, "Förvaltningens förslag till beslut; flera beslutspunkter blir en numrerad lista"]
    summary: Annotated[Paragraphs, "Sammanfattning"]
    background: Annotated[Paragraphs, "Bakgrund; tom om ärendet saknar en"]
    matter: Annotated[list[MatterItem], "Avsnitten under Ärendet: rubriker, text och en text per partner"]
    agreements: Annotated[list[AgreementRow],
                          "Överenskommelserna i tabellen under Ärendet (vid ny eller förlängd överenskommelse)"]
    preparation: Annotated[Paragraphs, "Ärendets beredning; tom om den saknas"]
    opinion_heading: Annotated[str, "Rubriken för förvaltningens synpunkter"]
    opinion: Annotated[Paragraphs, "Förvaltningens synpunkter och förslag"]
    exception: Annotated[Paragraphs, "Varför förslaget läggs fram fast bedömningen är ofullständig; tomt annars"]
    signatories: Annotated[list[SignatureView], "Undertecknarna, en i taget"]
    signature_lines: Annotated[Paragraphs,
                               "Undertecknarna två och två: namn, befattning och förvaltning bredvid varandra"]
    attachments: Annotated[Paragraphs, "Bilagorna som numrerad lista"]
    mark: Annotated[str, "Ärendefilernas versionsmärke, i sidfoten på varje sida"]


def _join_swedish(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


def _areas_sentence(case: model.Case, partner: model.Partner) -> str | None:
    titles = [case.priority_area(a).title for a in partner.priority_areas
              if any(x.id == a for x in case.priority_areas)]
    if not titles:
        return None
    which = "föreslagna" if case.meta.kind is model.Kind.new_agreement else "nuvarande"
    if len(titles) == 1:
        return f"Den {which} överenskommelsen avser det prioriterade området {titles[0]}."
    return f"Den {which} överenskommelsen avser de prioriterade områdena {_join_swedish(titles)}."


def _matter(case: model.Case, make: Maker) -> list[MatterItem]:
    matter = case.background.matter
    if matter is None:
        return []
    items: list[MatterItem] = []
    if matter.intro:
        items.append(MatterItem("", 0, make.prose(matter.intro)))
    headed = False
    for section in matter.sections:
        if section.heading:
            items.append(MatterItem(section.heading, 2, make.prose(section.text)))
            headed = True
        elif section.text:
            items.append(MatterItem("", 0, make.prose(section.text)))
        if section.partners:
            level = 3 if headed else 2
            for partner in case.partners:
                blocks: list[Block] = []
                sentence = _areas_sentence(case, partner)
                if sentence:
                    blocks.append(Block("paragraph", (text.Run(sentence),)))
                if partner.description:
                    blocks.extend(make.prose(partner.description).blocks)
                items.append(MatterItem(partner.display_name, level, make.of(blocks)))
    return items


def _proposal(case: model.Case, make: Maker) -> Paragraphs:
    return decision_points(case.meta.proposal, make)


def decision_points(points: list[text.Prose], make: Maker) -> Paragraphs:
    """Points of a decision: one as its paragraphs, several as a numbered list (the minutes too)."""
    if len(points) == 1:
        return make.prose(points[0])
    blocks = []
    for point in points:
        runs: list[text.Run] = []
        for block in point.blocks:
            if runs:
                runs.append(text.Run(" "))
            runs.extend(block.runs)
        blocks.append(Block("number", tuple(runs), list_id=1))
    return make.of(blocks)


def _exception(case: model.Case, make: Maker) -> Paragraphs:
    """The recorded assessment exception: what is missing and the reason, in the statement."""
    reason = case.meta.assessment_exception
    if not reason:
        return make.of(())
    gaps = assessment_gaps(case)
    blocks = [Block("paragraph", (text.Run(
        "Förvaltningen lägger fram förslaget trots att bedömningen inför överenskommelsen inte är fullständig."
        + (" Följande saknas eller är inte uppfyllt:" if gaps else "")),))]
    for gap in gaps:
        who = ""
        if gap.file == "partners" and len(gap.path) > 1 and isinstance(gap.path[1], int):
            who = f"{case.partners[gap.path[1]].display_name}: "
        blocks.append(Block("bullet", (text.Run(who + gap.message),), list_id=1))
    blocks.append(Block("paragraph", (text.Run("Skäl: ", bold=True), text.Run(reason))))
    return make.of(blocks)


def _attachments(case: model.Case, make: Maker) -> Paragraphs:
    blocks = []
    for attachment in case.meta.attachments:
        title = attachment.title
        if attachment.dnr:
            title = f"{title} (dnr {attachment.dnr})"
        blocks.append(Block("number", (text.Run(title),), list_id=1))
    return make.of(blocks)


def _agreements(case: model.Case) -> list[AgreementRow]:
    if case.meta.kind not in (model.Kind.new_agreement, model.Kind.extension):
        return []
    return [
        AgreementRow(p.name, or_dash(p.orgnr), period(p.agreement.start, p.agreement.end),
                     or_dash(filters.kr(p.contributions.city.amount_per_year)))
        for p in case.partners if p.agreement is not None
    ]


# The prose fields in the order the statement prints them, before the signatures.
_PROSE_BEFORE_SIGNATURES = ("summary", "background", "matter", "preparation", "opinion", "exception")


def _keep_last_with_signatures(context: StatementContext) -> StatementContext:
    """The last paragraph before the signatures keeps with them, so that the signature block
    (and the Bilagor list after it) never stands alone on the last page."""
    if not context.signatories:
        return context
    for name in reversed(_PROSE_BEFORE_SIGNATURES):
        if name == "matter" and context.matter:
            last = context.matter[-1]
            if context.agreements or not last.body:
                return context  # the agreements table comes last; a table cannot keep with a paragraph
            kept = replace(last, body=last.body.kept_with_next())
            return replace(context, matter=[*context.matter[:-1], kept])
        if name != "matter" and getattr(context, name):
            return replace(context, **{name: getattr(context, name).kept_with_next()})
    return context


def _signature_lines(signatories: list[SignatureView], make: Maker) -> Paragraphs:
    """Two signatories side by side: a line of names, of titles, of organisations; a third
    and fourth below them after an empty line."""
    blocks: list[Block] = []
    for start in range(0, len(signatories), 2):
        pair = signatories[start:start + 2]
        if blocks:
            blocks.append(Block("signature"))
        for field in ("name", "title", "organisation"):
            blocks.append(Block("signature", tuple(text.Run(getattr(s, field)) for s in pair)))
    return make.of(blocks)


def statement_context(case: model.Case, make: Maker) -> StatementContext:
    meta, profile = case.meta, case.profile
    signatories = [SignatureView(s.name, s.display_title, s.organisation or profile.administration)
                   for s in case.signatories]
    return _keep_last_with_signatures(StatementContext(
        head=letterhead(make, profile, "Tjänsteutlåtande", meta.dnr, meta.date, meta.department),
        case=case,
        title=meta.title,
        subtitle=meta.subtitle or "",
        officer=meta.officer,
        addressee=case.addressee,
        proposal=_proposal(case, make),
        summary=make.prose(meta.summary),
        background=make.prose(case.background.background),
        matter=_matter(case, make),
        agreements=_agreements(case),
        preparation=make.prose(case.background.preparation),
        opinion_heading=case.background.opinion_heading,
        opinion=make.prose(case.background.opinion),
        exception=_exception(case, make),
        signatories=signatories,
        signature_lines=_signature_lines(signatories, make),
        attachments=_attachments(case, make),
        mark=fingerprint.case_mark(fingerprint.case_files(Path(case.folder))),
    ))
