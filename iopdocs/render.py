"""Case model → .docx through the docxtpl templates in templates/.

Each template gets one context: a frozen dataclass below (StatementContext,
AssessmentContext, FollowUpContext). The dataclasses are the contract between code and
templates: the template lint (lint.py) checks every variable a template uses against
their type hints. Values are plain text, dates and numbers for the Swedish filters
(filters.py), or `Paragraphs`: prose rendered as real Word paragraphs (normal, List
Bullet, List Number with numbering restarting per list, bold and italic runs), used in a
template as `{{p name }}`.

Nothing from a case is ever evaluated as a template: values are inserted, XML-escaped,
after the template has been parsed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2
from docx.image.exceptions import UnrecognizedImageError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree
from markupsafe import Markup

from . import filters, model, text
from .docxfile import CoreProperties, normalise
from .errors import UserError

STATEMENT = "tjansteutlatande.docx"
ASSESSMENT = "bedomning.docx"
FOLLOW_UP = "uppfoljning.docx"

# Blank forms carry no case date; a fixed one keeps them byte-identical.
BLANK_DATE = dt.date(2024, 1, 1)
DASH = "–"
MISSING = "Saknas"
MISSING_TEXT = "Uppgift saknas."
FILL = "_" * 14
CHECKED, UNCHECKED = "☒", "☐"
NBSP = "\u00a0"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    title: str
    data: bytes


# --- Text into XML -------------------------------------------------------------------

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text for inside <w:t>: XML-escaped, characters XML cannot hold dropped, and braces
    as character references so docxtpl's post-processing can never read them as tags."""
    value = _XML_ILLEGAL.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("{", "&#123;").replace("}", "&#125;")
    )


def _finalize(value: Any) -> Any:
    """Every `{{ value }}` goes through here: None prints nothing, text is escaped."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value
    return Markup(xml_text(str(value)))


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize, keep_trailing_newline=True
    )
    env.filters.update(filters.FILTERS)
    return env


@dataclass(frozen=True)
class _Block:
    """One paragraph to emit: its kind picks the style (see _Session.styles)."""

    kind: str  # paragraph, bullet, number, line (to write on), note, missing
    runs: tuple[text.Run, ...] = ()
    list_id: int = 0


class _Session:
    """What one rendering needs from its template: style ids and numbering for lists."""

    STYLE_NAMES = {
        "bullet": "List Bullet",
        "number": "List Number",
        "line": "Skrivrad",
        "note": "Anvisning",
    }

    def __init__(self, document) -> None:
        self.styles: dict[str, str | None] = {"paragraph": None, "missing": None}
        for kind, name in self.STYLE_NAMES.items():
            try:
                self.styles[kind] = document.styles[name].style_id
            except KeyError:
                self.styles[kind] = None
        self._numbering = None
        self._abstract: str | None = None
        self._next_id = 0
        self.new_nums: list[int] = []
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):
            part = None
        if part is not None and self.styles["number"]:
            root = part.element
            ids = [int(n.get(f"{{{W_NS}}}numId")) for n in root.findall(f"{{{W_NS}}}num")]
            style = document.styles["List Number"].element
            num_id = style.find(f"{{{W_NS}}}pPr/{{{W_NS}}}numPr/{{{W_NS}}}numId")
            if num_id is not None:
                for num in root.findall(f"{{{W_NS}}}num"):
                    if num.get(f"{{{W_NS}}}numId") == num_id.get(f"{{{W_NS}}}val"):
                        ref = num.find(f"{{{W_NS}}}abstractNumId")
                        self._abstract = None if ref is None else ref.get(f"{{{W_NS}}}val")
            self._numbering = root
            self._next_id = max(ids, default=0) + 1

    def new_list(self) -> int | None:
        """A fresh w:num for one numbered list, so that its numbering starts at 1."""
        if self._abstract is None:
            return None
        num_id = self._next_id
        self._next_id += 1
        self.new_nums.append(num_id)
        return num_id

    def apply(self) -> None:
        """Add the lists' w:num elements (after every abstractNum, as the schema wants)."""
        if self._numbering is None:
            return
        anchor = self._numbering.find(f"{{{W_NS}}}numIdMacAtCleanup")
        for num_id in self.new_nums:
            num = etree.fromstring(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{self._abstract}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
            if anchor is not None:
                anchor.addprevious(num)
            else:
                self._numbering.append(num)

    def paragraph_xml(self, block: _Block, num_id: int | None) -> str:
        props = []
        style = self.styles.get(block.kind)
        if style:
            props.append(f'<w:pStyle w:val="{xml_text(style)}"/>')
        if block.kind == "number" and num_id is not None:
            props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        runs = "".join(_run_xml(r, italic=block.kind == "missing") for r in block.runs)
        if block.kind == "line":
            runs += "<w:r><w:tab/></w:r>"  # the style's tab stop draws the line to write on
        return f"<w:p>{ppr}{runs}</w:p>"


def _run_xml(run: text.Run, italic: bool = False) -> str:
    props = ""
    if run.bold:
        props += "<w:b/><w:bCs/>"
    if run.italic or italic:
        props += "<w:i/><w:iCs/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(run.text)}</w:t></w:r>'


class Paragraphs:
    """Blocks rendered as whole Word paragraphs; use in a template as `{{p name }}`.

    Falsy when empty, so `{%p if name %}` leaves out a section the case does not have.
    Each rendering allocates new list numbers, so every numbered list restarts at 1.
    """

    def __init__(self, session: _Session, blocks: Iterable[_Block] = ()) -> None:
        self._session = session
        self.blocks = tuple(blocks)

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def __html__(self) -> str:
        out = []
        nums: dict[int, int | None] = {}
        for block in self.blocks:
            num_id = None
            if block.kind == "number":
                if block.list_id not in nums:
                    nums[block.list_id] = self._session.new_list()
                num_id = nums[block.list_id]
            out.append(self._session.paragraph_xml(block, num_id))
        return "".join(out)

    def __str__(self) -> str:
        return "\n".join("".join(r.text for r in b.runs) for b in self.blocks)


class _Maker:
    """Builds Paragraphs (and the logo) for one rendering."""

    def __init__(self, session: _Session, tpl: DocxTemplate | None = None, profiles_dir: Path | None = None) -> None:
        self.session = session
        self.tpl = tpl
        self.profiles_dir = profiles_dir

    def logo(self, profile: model.Profile | None) -> Any:
        """The profile's logo as an image with its alt text, or '' when it has none."""
        if profile is None or not profile.logo or self.tpl is None or self.profiles_dir is None:
            return ""
        folder = self.profiles_dir.resolve()
        path = (folder / profile.logo).resolve()
        if not path.is_relative_to(folder):
            raise UserError(f"Logotypen {profile.logo} ligger utanför profilmappen {self.profiles_dir}.")
        try:
            data = path.read_bytes()
        except OSError:
            raise UserError(f"Logotypen {profile.logo} i profilen finns inte ({path}).") from None
        return _DescribedImage(self.tpl, data, profile.logo_alt)

    def of(self, blocks: Iterable[_Block]) -> Paragraphs:
        return Paragraphs(self.session, blocks)

    def prose(self, prose: text.Prose | None) -> Paragraphs:
        if not prose:
            return self.of(())
        return self.of(_Block(b.kind, b.runs, b.list_id) for b in prose.blocks)

    def text(self, value: str | None) -> Paragraphs:
        return self.of([_Block("paragraph", (text.Run(value),))] if value else [])

    def filled(self, prose: text.Prose | str | None, blank: bool, lines: int = 3) -> Paragraphs:
        """A form field: lines to write on in a blank form, 'Uppgift saknas.' when missing."""
        if blank:
            return self.of(_Block("line") for _ in range(lines))
        if isinstance(prose, str):
            return self.text(prose) if prose else self.of([_Block("missing", (text.Run(MISSING_TEXT),))])
        if not prose:
            return self.of([_Block("missing", (text.Run(MISSING_TEXT),))])
        return self.prose(prose)


class _DescribedImage(InlineImage):
    """An inline image whose alt text (wp:docPr/@descr) becomes the tagged PDF's /Alt."""

    HEIGHT = Mm(14)

    def __init__(self, tpl: DocxTemplate, data: bytes, alt: str) -> None:
        super().__init__(tpl, io.BytesIO(data), height=self.HEIGHT)
        self.alt = alt

    def _insert_image(self) -> str:
        try:
            xml = super()._insert_image()
        except UnrecognizedImageError:
            raise UserError("Logotypen i profilen är ingen bild som Word kan visa (använd PNG).") from None
        alt = xml_text(self.alt).replace('"', "&quot;")
        return xml.replace("<wp:docPr ", f'<wp:docPr descr="{alt}" ', 1)


# --- Shared views --------------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    """Page 1's header block and address footer, and later pages' header."""

    logo: Any  # an image, or '' when the profile has no logo
    city: str
    board: str
    administration: str
    department: str
    kind: str
    dnr: str
    date: dt.date | None
    visiting_address: str
    postal: str
    email: str
    web: str


def _letterhead(make: _Maker, profile: model.Profile | None, kind: str, dnr: str, date: dt.date | None,
                department: str | None) -> Letterhead:
    if profile is None:
        return Letterhead("", "Stockholms stad", "", "Stockholms stad", department or "", kind, dnr, date,
                          "", "", "", "")
    return Letterhead(
        logo=make.logo(profile),
        city=profile.city,
        board=profile.board,
        administration=profile.administration,
        department=department or "",
        kind=kind,
        dnr=dnr,
        date=date,
        visiting_address=profile.visiting_address,
        postal=f"{profile.postal_code} {profile.postal_town}",
        email=profile.email or "",
        web=profile.web or "",
    )


def _box(option: str, checked: bool = False) -> str:
    """'☐ Ej uppfyllt' that never breaks between the box and its words."""
    words = option.replace(" ", NBSP)
    return f"{CHECKED if checked else UNCHECKED}{NBSP}{words}"


def _boxes(options: Sequence[str], chosen: str | None = None) -> str:
    return "   ".join(_box(o, o == chosen) for o in options)


def _period(start: dt.date, end: dt.date) -> str:
    return f"{filters.datum(start)} – {filters.datum(end)}"


def _person(person: model.Person | None) -> str:
    if person is None:
        return MISSING
    first = ", ".join(x for x in (person.name, person.title) if x)
    contact = ", ".join(x for x in (person.phone, person.email) if x)
    return f"{first}\n{contact}" if contact else first


def _or(value: Any, fallback: str = DASH) -> Any:
    return fallback if value is None or value == "" else value


def _partner_of(case: model.Case, partner_id: str | None) -> model.Partner | None:
    if partner_id is not None:
        return next((p for p in case.partners if p.id == partner_id), None)
    return case.partners[0] if len(case.partners) == 1 else None


def _indicators_of(case: model.Case, partner: model.Partner | None) -> list[model.Indicator]:
    if partner is None:
        return list(case.indicators)
    return [i for i in case.indicators
            if i.partner == partner.id or (i.partner is None and len(case.partners) <= 1)]


def _baseline(indicator: model.Indicator) -> str:
    b = indicator.baseline
    return f"{filters.tal(b.value)} ({b.year})" if b else DASH


# --- The statement (tjänsteutlåtande) -----------------------------------------------------


@dataclass(frozen=True)
class MatterItem:
    """A piece of Ärendet: a heading (level 2 or 3; level 0 has none) and its text."""

    heading: str
    level: int
    body: Paragraphs


@dataclass(frozen=True)
class AgreementRow:
    name: str
    orgnr: str
    period: str
    amount: str


@dataclass(frozen=True)
class SignatureView:
    name: str
    title: str
    organisation: str


@dataclass(frozen=True)
class StatementContext:
    head: Letterhead
    case: model.Case
    title: str
    subtitle: str
    officer: model.Person
    addressee: str
    proposal: Paragraphs
    summary: Paragraphs
    background: Paragraphs
    matter: list[MatterItem]
    agreements: list[AgreementRow]
    preparation: Paragraphs
    opinion_heading: str
    opinion: Paragraphs
    exception: Paragraphs
    signatories: list[SignatureView]
    attachments: Paragraphs


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


def _matter(case: model.Case, make: _Maker) -> list[MatterItem]:
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
                blocks: list[_Block] = []
                sentence = _areas_sentence(case, partner)
                if sentence:
                    blocks.append(_Block("paragraph", (text.Run(sentence),)))
                if partner.description:
                    blocks.extend(make.prose(partner.description).blocks)
                items.append(MatterItem(partner.display_name, level, make.of(blocks)))
    return items


def _proposal(case: model.Case, make: _Maker) -> Paragraphs:
    points = case.meta.proposal
    if len(points) == 1:
        return make.prose(points[0])
    blocks = []
    for point in points:
        runs: list[text.Run] = []
        for block in point.blocks:
            if runs:
                runs.append(text.Run(" "))
            runs.extend(block.runs)
        blocks.append(_Block("number", tuple(runs), list_id=1))
    return make.of(blocks)


def _exception(case: model.Case, make: _Maker) -> Paragraphs:
    reason = case.meta.assessment_exception
    if not reason:
        return make.of(())
    from .gate import assessment_gaps

    blocks = [_Block("paragraph", (text.Run(
        "Förvaltningen lägger fram förslaget trots att bedömningen inför överenskommelsen inte är fullständig."
        + (" Följande saknas eller är inte uppfyllt:" if assessment_gaps(case) else "")),))]
    for gap in assessment_gaps(case):
        who = ""
        if gap.file == "partners" and len(gap.path) > 1 and isinstance(gap.path[1], int):
            who = f"{case.partners[gap.path[1]].display_name}: "
        blocks.append(_Block("bullet", (text.Run(who + gap.message),), list_id=1))
    blocks.append(_Block("paragraph", (text.Run("Skäl: ", bold=True), text.Run(reason))))
    return make.of(blocks)


def _attachments(case: model.Case, make: _Maker) -> Paragraphs:
    blocks = []
    for attachment in case.meta.attachments:
        title = attachment.title
        if attachment.dnr:
            title = f"{title} (dnr {attachment.dnr})"
        if not title.endswith((".", "!", "?")):
            title += "."
        blocks.append(_Block("number", (text.Run(title),), list_id=1))
    return make.of(blocks)


def _agreements(case: model.Case) -> list[AgreementRow]:
    if case.meta.kind not in (model.Kind.new_agreement, model.Kind.extension):
        return []
    return [
        AgreementRow(p.name, _or(p.orgnr), _period(p.agreement.start, p.agreement.end),
                     _or(filters.kr(p.contributions.city.amount_per_year)))
        for p in case.partners if p.agreement is not None
    ]


def statement_context(case: model.Case, make: _Maker) -> StatementContext:
    meta, profile = case.meta, case.profile
    return StatementContext(
        head=_letterhead(make, profile, "Tjänsteutlåtande", meta.dnr, meta.date, meta.department),
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
        signatories=[SignatureView(s.name, s.display_title, s.organisation or profile.administration)
                     for s in case.signatories],
        attachments=_attachments(case, make),
    )


# --- The assessment form (bedömning) -------------------------------------------------------


@dataclass(frozen=True)
class PartyView:
    name: str
    orgnr: str
    legal_form: str
    signatory: str
    contact: str
    initiative: str
    city: str


@dataclass(frozen=True)
class CheckRow:
    label: str
    result: str
    evidence: str
    date: str
    comment: str


@dataclass(frozen=True)
class LegalView:
    procurement: Paragraphs
    state_aid: Paragraphs
    competence: Paragraphs
    grants: Paragraphs


@dataclass(frozen=True)
class CityView:
    amount: str
    premises: str
    staff: str
    other: str


@dataclass(frozen=True)
class OrganisationView:
    volunteer_hours: str
    own_funding: str
    premises: str
    other: str


@dataclass(frozen=True)
class TermsView:
    period: str
    notice: str
    dialogue_meetings: str
    follow_up: str


@dataclass(frozen=True)
class IndicatorPlanRow:
    name: str
    unit: str
    baseline: str
    targets: str


@dataclass(frozen=True)
class AssessmentContext:
    head: Letterhead
    blank: bool
    partner_name: str
    party: PartyView
    challenge: Paragraphs
    programme: Paragraphs
    essential: Paragraphs
    checks: list[CheckRow]
    legal: LegalView
    city: CityView
    organisation: OrganisationView
    terms: TermsView
    indicators: list[IndicatorPlanRow]
    overall: Paragraphs
    warning: Paragraphs
    recommendation: str
    date: str
    officer: str
    manager: str


def _breakable(label: str) -> str:
    """A narrow column may break a long compound such as 'årsredovisning/verksamhetsberättelse'."""
    return label.replace("/", "/\u200b")


def _check_rows(assessment: model.Assessment | None) -> list[CheckRow]:
    checks = assessment.checks if assessment else model.Checks()
    rows = []
    for _key, label, check in checks.items():
        label = _breakable(label)
        if check is None:
            rows.append(CheckRow(label, MISSING, "", "", ""))
        else:
            rows.append(CheckRow(label, model.CHECK_RESULT_LABELS[check.result], _or(check.evidence),
                                 _or(filters.datum(check.date)), check.comment or ""))
    return rows


def _warning(case: model.Case, partner: model.Partner, make: _Maker) -> Paragraphs:
    """Said in the form itself when it recommends entering despite gaps."""
    assessment = partner.assessment
    if assessment is None or assessment.recommendation is not model.Recommendation.enter:
        return make.of(())
    from .gate import assessment_gaps, is_gated

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
    blocks = [_Block("paragraph", (text.Run("Observera: ", bold=True), text.Run(
        "bedömningen rekommenderar att ingå överenskommelsen trots att följande brister finns:")))]
    blocks += [_Block("bullet", (text.Run(g),), list_id=1) for g in gaps]
    reason = case.meta.assessment_exception
    blocks.append(_Block("paragraph", (text.Run("Skäl enligt tjänsteutlåtandet: ", bold=True),
                                       text.Run(reason or "inget skäl angivet."))))
    return make.of(blocks)


def assessment_context(case: model.Case, partner: model.Partner, make: _Maker) -> AssessmentContext:
    profile, a = case.profile, partner.assessment or model.Assessment()
    city, org = partner.contributions.city, partner.contributions.organisation
    agreement = partner.agreement
    rec = model.RECOMMENDATION_LABELS[a.recommendation] if a.recommendation else None
    return AssessmentContext(
        head=_letterhead(make, profile, "Bedömning", (agreement.dnr if agreement and agreement.dnr else case.meta.dnr),
                         a.date or case.meta.date, case.meta.department),
        blank=False,
        partner_name=partner.name,
        party=PartyView(
            name=partner.name,
            orgnr=_or(partner.orgnr, MISSING),
            legal_form=model.LEGAL_FORM_LABELS[partner.legal_form] if partner.legal_form else MISSING,
            signatory=_person(partner.signatory),
            contact=_person(partner.contact),
            initiative=model.INITIATIVE_LABELS[partner.initiative] if partner.initiative else MISSING,
            city=f"{profile.board}, {profile.administration}",
        ),
        challenge=make.filled(a.challenge, False),
        programme=make.filled(a.programme, False),
        essential=make.filled(a.essential, False),
        checks=_check_rows(a),
        legal=LegalView(*(make.filled(getattr(a.legal, f), False)
                          for f in ("procurement", "state_aid", "competence", "grants"))),
        city=CityView(_or(filters.kr(city.amount_per_year)), _or(city.premises), _or(city.staff), _or(city.other)),
        organisation=OrganisationView(
            _or(filters.tal(org.volunteer_hours_per_year)), _or(filters.kr(org.own_funding)),
            _or(org.premises), _or(org.other)),
        terms=TermsView(
            period=_period(agreement.start, agreement.end) if agreement else MISSING,
            notice=_or(filters.manader(agreement.notice_months)) if agreement else DASH,
            dialogue_meetings=_or(agreement.dialogue_meetings) if agreement else DASH,
            follow_up=_or(agreement.follow_up) if agreement else DASH,
        ),
        indicators=[
            IndicatorPlanRow(i.name, i.unit, _baseline(i),
                             _or("\n".join(f"{p}: {filters.tal(v)}" for p, v in sorted(i.targets.items()))))
            for i in _indicators_of(case, partner)
        ],
        overall=make.filled(a.overall, False),
        warning=_warning(case, partner, make),
        recommendation=_boxes(list(model.RECOMMENDATION_LABELS.values()), rec) if rec else MISSING,
        date=filters.datum(a.date),
        officer=a.officer or "",
        manager=a.manager or "",
    )


def blank_assessment_context(profile: model.Profile | None, make: _Maker) -> AssessmentContext:
    lines = make.filled(None, True)
    return AssessmentContext(
        head=_letterhead(make, profile, "Bedömning", FILL, None, None),
        blank=True,
        partner_name="Mall",
        party=PartyView("", "", _boxes(list(model.LEGAL_FORM_LABELS.values())), "", "",
                        _boxes(list(model.INITIATIVE_LABELS.values())),
                        f"{profile.board}, {profile.administration}" if profile else ""),
        challenge=lines, programme=make.filled(None, True, 2), essential=lines,
        checks=[CheckRow(_breakable(label), "\n".join(_box(r) for r in model.CHECK_RESULT_LABELS.values()),
                         "", "", "") for label in model.CHECK_LABELS.values()],
        legal=LegalView(lines, lines, lines, lines),
        city=CityView("", "", "", ""),
        organisation=OrganisationView("", "", "", ""),
        terms=TermsView("", "", "", ""),
        indicators=[IndicatorPlanRow("", "", "", "") for _ in range(4)],
        overall=make.filled(None, True, 4),
        warning=make.of(()),
        recommendation=_boxes(list(model.RECOMMENDATION_LABELS.values())),
        date="", officer="", manager="",
    )


# --- The follow-up form (uppföljning) ------------------------------------------------------


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


def _outcome_row(indicator: model.Indicator, period: int) -> IndicatorOutcomeRow:
    outcome = indicator.outcomes.get(period)
    value = outcome.value if outcome else None
    return IndicatorOutcomeRow(
        name=indicator.name,
        unit=indicator.unit,
        baseline=_baseline(indicator),
        target=_or(filters.tal(indicator.targets.get(period))),
        outcome=MISSING if value is None else filters.tal(value),  # never 0 for a missing outcome
        comment=(outcome.comment or "") if outcome else "",
    )


def _charts(case: model.Case, follow_up: model.FollowUp, make: _Maker) -> Paragraphs:
    """The place for the indicator charts and attainment (a later issue), empty until then.

    The template has its paragraph, `{{p charts }}`, right after the indicator table. To
    fill it: `charts.docx_figures(make.tpl, charts.charts_for(case, follow_up))` gives
    whole paragraphs for that tag; an attainment column belongs in IndicatorOutcomeRow
    (see attainment.indicator_row) and a cell in the template's indicator table."""
    return make.of(())


def follow_up_context(case: model.Case, follow_up: model.FollowUp, make: _Maker) -> FollowUpContext:
    partner = _partner_of(case, follow_up.partner)
    agreement = partner.agreement if partner else None
    reached = follow_up.reached
    name = partner.name if partner else (follow_up.partner or "")
    decision = model.DECISION_LABELS[follow_up.decision] if follow_up.decision else None
    return FollowUpContext(
        head=_letterhead(make, case.profile, "Uppföljning",
                         agreement.dnr if agreement and agreement.dnr else case.meta.dnr,
                         follow_up.meeting, case.meta.department),
        blank=False,
        partner_name=name,
        period=str(follow_up.period),
        agreement=AgreementView(
            partner=name,
            dnr=_or(agreement.dnr if agreement else None),
            period=_period(agreement.start, agreement.end) if agreement else MISSING,
            follow_up_period=str(follow_up.period),
            meeting=filters.datum(follow_up.meeting),
            participants=_or("\n".join(follow_up.participants)),
        ),
        activities=[ActivityRow(a.planned, _or(a.done), a.comment or "") for a in follow_up.activities],
        reached=ReachedView(
            total=_or(filters.tal(reached.total)),
            women=_or(filters.tal(reached.women)),
            men=_or(filters.tal(reached.men)),
            age_groups=[CountRow(f"Åldersgrupp {k.replace('-', '–')} år", filters.tal(v))
                        for k, v in reached.age_groups.items()],
        ),
        indicators=[_outcome_row(i, follow_up.period) for i in _indicators_of(case, partner)],
        charts=_charts(case, follow_up, make),
        money=MoneyView(_or(filters.kr(follow_up.paid)), _or(filters.kr(follow_up.budget)),
                        _or(follow_up.organisation_contribution)),
        deviations=make.filled(follow_up.deviations, False),
        lessons=make.filled(follow_up.lessons, False),
        changes=make.filled(follow_up.changes, False),
        overall=make.filled(follow_up.overall, False),
        decision=_boxes(list(model.DECISION_LABELS.values()), decision) if decision else MISSING,
        sign_city=case.profile.administration,
        sign_organisation=name,
    )


def blank_follow_up_context(profile: model.Profile | None, make: _Maker) -> FollowUpContext:
    lines = make.filled(None, True)
    return FollowUpContext(
        head=_letterhead(make, profile, "Uppföljning", FILL, None, None),
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
        decision=_boxes(list(model.DECISION_LABELS.values())),
        sign_city=profile.administration if profile else "förvaltningen",
        sign_organisation="organisationen",
    )


# --- Rendering ------------------------------------------------------------------------------


def context_dict(context: Any) -> dict[str, Any]:
    return {f.name: getattr(context, f.name) for f in fields(context)}


def _render(template: bytes, template_name: str, build, props: CoreProperties, templates_dir: Path) -> bytes:
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise UserError(f"Mallen {template_name} är ingen giltig Word-fil ({exc}).") from None
    session = _Session(tpl.docx)
    context = context_dict(build(_Maker(session, tpl, templates_dir / "profiles")))
    try:
        tpl.render(context, jinja_env=make_env(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(
            f"Mallen {template_name} har ett fel i en mallkod: {exc.message}. Kör 'iopdocs check' för att se var."
        ) from None
    except jinja2.UndefinedError as exc:
        raise UserError(
            f"Mallen {template_name} använder något som inte finns: {exc.message}. "
            "Kör 'iopdocs check' för att se var."
        ) from None
    except etree.XMLSyntaxError as exc:
        raise UserError(f"Mallen {template_name} gav ogiltig XML ({exc}); kontrollera mallkoderna.") from None
    session.apply()
    _fill_empty_cells(tpl.docx)
    _sync_grids(tpl.docx)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise(buffer.getvalue(), props)


def _fill_empty_cells(document) -> None:
    """A table cell must hold a paragraph; an empty `{{p }}` may have taken its only one."""
    parts = [document.part] + [rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith(("/header", "/footer"))]
    for part in parts:
        root = part.element if hasattr(part, "element") else None
        if root is None:
            continue
        for tc in root.iter(f"{{{W_NS}}}tc"):
            if tc.find(f"{{{W_NS}}}p") is None and tc.find(f"{{{W_NS}}}tbl") is None:
                etree.SubElement(tc, f"{{{W_NS}}}p")


def _sync_grids(document) -> None:
    """Column loops ({%tc for %}) leave docxtpl's grid widths out of step with the cells;
    the cells' own widths are what the template's author set."""
    w = f"{{{W_NS}}}"
    for tbl in document.part.element.iter(f"{w}tbl"):
        grid = tbl.find(f"{w}tblGrid")
        if grid is None:
            continue
        cols = grid.findall(f"{w}gridCol")
        for tr in tbl.findall(f"{w}tr"):
            cells = tr.findall(f"{w}tc")
            widths = [tc.find(f"{w}tcPr/{w}tcW") for tc in cells]
            spans = [tc.find(f"{w}tcPr/{w}gridSpan") for tc in cells]
            if (len(cells) == len(cols) and all(x is not None and x.get(f"{w}type") == "dxa" for x in widths)
                    and all(s is None for s in spans)):
                for col, width in zip(cols, widths):
                    col.set(f"{w}w", width.get(f"{w}w"))
                break


def _read_template(templates_dir: Path, name: str) -> bytes:
    path = templates_dir / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"Mallen {name} saknas i {templates_dir}. Skapa den med 'python tools/make_templates.py'.") from None
    except OSError as exc:
        raise UserError(f"Mallen {name} kan inte läsas: {exc.strerror}.") from None


def _props(case: model.Case, title: str, subject: str | None = None) -> CoreProperties:
    return CoreProperties(
        title=title,
        date=case.meta.date,
        subject=subject or case.meta.dnr,
        creator=case.profile.administration,
        keywords="IOP, idéburet offentligt partnerskap",
    )


def _assessed(case: model.Case) -> list[model.Partner]:
    return [p for p in case.partners if p.assessment is not None]


def _follow_up_owner(case: model.Case, follow_up: model.FollowUp) -> str:
    partner = _partner_of(case, follow_up.partner)
    return partner.id if partner else (follow_up.partner or "")


def render_case(case: model.Case, templates_dir: Path) -> list[RenderedDocument]:
    """Every document of a case: the statement, an assessment form per assessed partner and
    a follow-up form per follow-up record."""
    documents = []
    statement = _read_template(templates_dir, STATEMENT)
    title = f"Tjänsteutlåtande: {case.meta.title}"
    documents.append(RenderedDocument("tjansteutlatande", title, _render(
        statement, STATEMENT, lambda make: statement_context(case, make), _props(case, title), templates_dir)))

    assessed = _assessed(case)
    if assessed:
        template = _read_template(templates_dir, ASSESSMENT)
        for partner in assessed:
            name = "bedomning" if len(assessed) == 1 else f"bedomning-{partner.id}"
            title = f"Bedömning inför en överenskommelse om IOP – {partner.name}"
            documents.append(RenderedDocument(name, title, _render(
                template, ASSESSMENT, lambda make, p=partner: assessment_context(case, p, make),
                _props(case, title), templates_dir)))

    if case.follow_ups:
        template = _read_template(templates_dir, FOLLOW_UP)
        owners = {_follow_up_owner(case, f) for f in case.follow_ups}
        for follow_up in case.follow_ups:
            owner = _follow_up_owner(case, follow_up)
            partner = _partner_of(case, follow_up.partner)
            name = (f"uppfoljning-{follow_up.period}" if len(owners) == 1
                    else f"uppfoljning-{owner}-{follow_up.period}")
            title = f"Uppföljning av överenskommelse – {partner.name if partner else owner} {follow_up.period}"
            documents.append(RenderedDocument(name, title, _render(
                template, FOLLOW_UP, lambda make, f=follow_up: follow_up_context(case, f, make),
                _props(case, title), templates_dir)))
    return documents


def render_blank_forms(templates_dir: Path, profile: model.Profile | None = None) -> list[RenderedDocument]:
    """The empty assessment and follow-up forms (mallar) with lines and boxes to fill in."""
    creator = profile.administration if profile else "Stockholms stad"
    documents = []
    for name, template, title, build in (
        ("bedomning-mall", ASSESSMENT, "Bedömning inför en överenskommelse om IOP – mall",
         lambda make: blank_assessment_context(profile, make)),
        ("uppfoljning-mall", FOLLOW_UP, "Uppföljning av överenskommelse – mall",
         lambda make: blank_follow_up_context(profile, make)),
    ):
        props = CoreProperties(title=title, date=BLANK_DATE, subject="Mall", creator=creator,
                               keywords="IOP, idéburet offentligt partnerskap")
        documents.append(RenderedDocument(name, title, _render(
            _read_template(templates_dir, template), template, build, props, templates_dir)))
    return documents


# The context type of each template, for the template lint.
TEMPLATE_CONTEXTS: dict[str, type] = {
    STATEMENT: StatementContext,
    ASSESSMENT: AssessmentContext,
    FOLLOW_UP: FollowUpContext,
}
