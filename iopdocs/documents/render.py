"""Case model → .docx through the docxtpl templates in templates/.

Each template gets one context, a frozen dataclass built by the module that owns that
document: statement.py (StatementContext), assessment.py (AssessmentContext),
followup.py (FollowUpContext), agreement.py (AgreementContext) and meeting/agenda.py (AgendaContext). The dataclasses are the contract between code and
templates: the template lint (lint/templates.py, which holds the registry of template → context)
checks every variable a template uses against their type hints. Values are plain text, dates and numbers for the Swedish filters
(filters.py), or `Paragraphs` (wordxml.py): prose rendered as real Word paragraphs, used
in a template as `{{p name }}`.

This module holds the plumbing: the Jinja environment, rendering, the fixes docxtpl's
output needs, and which documents a case gets. Which file a template is read from (a
profile's own, templates/<profil>/<mall>.docx, or the shared one) is templatefiles.py's.

Nothing from a case is ever evaluated as a template: values are inserted, XML-escaped,
after the template has been parsed.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

import jinja2
from lxml import etree
from markupsafe import Markup

from .. import filters, model
from ..case.gate import is_gated, partners_concerned
from ..errors import UserError
from ..pdf.meta import DocumentMeta
from .agreement import agreement_context, blank_agreement_context
from .assessment import assessment_context, blank_assessment_context
from .docxfile import normalise
from .followup import blank_follow_up_context, follow_up_context
from .jinjacache import CachingDocxTemplate
from .statement import statement_context
from .templatefiles import read_template
from .views import DASH, MISSING
from .wordxml import W_NS, Maker, Paragraphs, Session, xml_text

__all__ = [
    "AGREEMENT", "ASSESSMENT", "DASH", "FOLLOW_UP", "MISSING", "STATEMENT", "Paragraphs",
    "RenderedDocument", "blank_form_name", "document_names", "make_env", "render_blank_form", "render_blank_forms",
    "render_case", "render_template", "xml_text",
]

STATEMENT = "tjansteutlatande.docx"
ASSESSMENT = "bedomning.docx"
FOLLOW_UP = "uppfoljning.docx"
AGREEMENT = "overenskommelse.docx"

# Blank forms carry no case date; a fixed one keeps them byte-identical.
BLANK_DATE = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class RenderedDocument:
    name: str
    meta: DocumentMeta  # carried on to the PDF
    data: bytes

    @property
    def title(self) -> str:
        return self.meta.title


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


def shared_env() -> jinja2.Environment:
    """make_env's environment, once per process, compiling each template part once (jinjacache)."""
    from .jinjacache import shared

    return shared(_add_filters, undefined=jinja2.StrictUndefined, autoescape=True, finalize=_finalize,
                  keep_trailing_newline=True)


def _add_filters(env: jinja2.Environment) -> None:
    env.filters.update(filters.FILTERS)


# --- Rendering ------------------------------------------------------------------------------


def context_dict(context: Any) -> dict[str, Any]:
    return {f.name: getattr(context, f.name) for f in fields(context)}


def render_template(
    templates_dir: Path, template_name: str, build_context: Callable[[Maker], Any], props: DocumentMeta,
    profile: str | None = None,
) -> bytes:
    """templates_dir/template_name (`profile`'s own when it has one, templatefiles.py) as a
    .docx, filled with the context `build_context(make)` returns: a frozen dataclass
    registered for the template in the lint's TEMPLATE_CONTEXTS. `make` (a wordxml.Maker)
    turns prose into the Paragraphs that `{{p name }}` takes."""
    template = read_template(templates_dir, template_name, profile)
    return fill_template(template.data, template.label, build_context, props, templates_dir)


def fill_template(template: bytes, template_name: str, build, props: DocumentMeta, templates_dir: Path) -> bytes:
    try:
        tpl = CachingDocxTemplate(io.BytesIO(template))  # the template's parts prepared once (jinjacache)
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise UserError(f"Mallen {template_name} är ingen giltig Word-fil (.docx).") from None
    session = Session(tpl.docx)
    context = context_dict(build(Maker(session, tpl, templates_dir / "profiles")))
    try:
        tpl.render(context, jinja_env=shared_env(), autoescape=True)
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
    except UserError:
        raise
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
        # A tag the lint cannot fault, such as `{{ title|kr }}` (text to a number filter)
        # or `{{ title() }}`: the template's mistake, not a bug in iopdocs.
        raise UserError(
            f"Mallen {template_name} kunde inte fyllas i: en mallkod gav ett fel ({type(exc).__name__}: {exc}). "
            "Kontrollera mallkoderna, till exempel att ett filter som kr, tal eller datum får ett tal "
            "eller ett datum."
        ) from exc
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


def _meta(case: model.Case, title: str) -> DocumentMeta:
    return DocumentMeta(
        title=title,
        date=case.meta.date,
        subject=case.meta.dnr,
        author=case.profile.administration,
        keywords="IOP, idéburet offentligt partnerskap",
    )


def _assessed(case: model.Case) -> list[model.Partner]:
    return [p for p in case.partners if p.assessment is not None]


def assessment_name(case: model.Case, partner_id: str | None) -> str:
    """The name of a partner's assessment document (without suffix)."""
    return "bedomning" if len(_assessed(case)) == 1 else f"bedomning-{partner_id}"


def agreed(case: model.Case) -> list[model.Partner]:
    """The partners the case gets an agreement for: those its proposal concerns when it
    proposes a new or extended agreement, else those an attachment `form: agreement` names
    (a draft)."""
    if is_gated(case):
        return [p for _, p in partners_concerned(case)]
    named = {case.owner_id(a.partner) for a in case.meta.attachments if a.form is model.GeneratedForm.agreement}
    return [p for p in case.partners if p.id in named]


def agreement_name(case: model.Case, partner_id: str | None) -> str:
    """The name of a partner's agreement document (without suffix)."""
    return "overenskommelse" if len(agreed(case)) <= 1 else f"overenskommelse-{case.owner_id(partner_id) or ''}"


def follow_up_name(case: model.Case, partner_id: str | None, period: int) -> str:
    """The name of a follow-up document: the partner is in it when several partners are followed up."""
    owners = {case.owner_id(f.partner) or "" for f in case.follow_ups}
    return f"uppfoljning-{period}" if len(owners) == 1 else f"uppfoljning-{case.owner_id(partner_id) or ''}-{period}"


def render_case(case: model.Case, templates_dir: Path) -> list[RenderedDocument]:
    """Every document of a case: the statement, an assessment form per assessed partner, an
    agreement per partner it proposes one with, a follow-up form per follow-up record, and a
    blank form per blank attachment's form; each through its profile's template when the
    profile has its own (templatefiles.py)."""
    documents = [render_statement(case, templates_dir)]

    assessed = _assessed(case)
    if assessed:
        template = read_template(templates_dir, ASSESSMENT, case.meta.profile)
        for partner in assessed:
            name = assessment_name(case, partner.id)
            title = f"Bedömning inför en överenskommelse om IOP – {partner.name}"
            meta = _meta(case, title)
            documents.append(RenderedDocument(name, meta, fill_template(
                template.data, template.label, lambda make, p=partner: assessment_context(case, p, make), meta,
                templates_dir)))

    documents += _agreements(case, templates_dir)

    if case.follow_ups:
        template = read_template(templates_dir, FOLLOW_UP, case.meta.profile)
        for follow_up in case.follow_ups:
            owner = case.owner_id(follow_up.partner) or ""
            partner = case.owner(follow_up.partner)
            name = follow_up_name(case, follow_up.partner, follow_up.period)
            title = f"Uppföljning av överenskommelse – {partner.name if partner else owner} {follow_up.period}"
            meta = _meta(case, title)
            documents.append(RenderedDocument(name, meta, fill_template(
                template.data, template.label, lambda make, f=follow_up: follow_up_context(case, f, make), meta,
                templates_dir)))
    # Blank forms among the attachments (blank: true), in the case's profile.
    documents += [render_blank_form(templates_dir, form, case.profile, case.meta.profile)
                  for form in _blank_attachments(case)]
    return documents


def _agreements(case: model.Case, templates_dir: Path) -> list[RenderedDocument]:
    partners = agreed(case)
    if not partners:
        return []
    documents = []
    template = read_template(templates_dir, AGREEMENT, case.meta.profile)
    for partner in partners:
        title = f"Överenskommelse om idéburet offentligt partnerskap – {partner.name}"
        meta = _meta(case, title)
        documents.append(RenderedDocument(agreement_name(case, partner.id), meta, fill_template(
            template.data, template.label, lambda make, p=partner: agreement_context(case, p, make), meta,
            templates_dir)))
    return documents


# The blank forms: (document name, template, title, context builder), by form.
BLANK_FORMS = {
    model.GeneratedForm.assessment: ("bedomning-mall", ASSESSMENT, "Bedömning inför en överenskommelse om IOP – mall",
                                     blank_assessment_context),
    model.GeneratedForm.follow_up: ("uppfoljning-mall", FOLLOW_UP, "Uppföljning av överenskommelse – mall",
                                    blank_follow_up_context),
    model.GeneratedForm.agreement: ("overenskommelse-mall", AGREEMENT,
                                    "Överenskommelse om idéburet offentligt partnerskap – mall", blank_agreement_context),
}


def render_blank_form(templates_dir: Path, form: model.GeneratedForm, profile: model.Profile | None = None,
                      profile_name: str | None = None) -> RenderedDocument:
    """An empty form (mall) with lines and boxes to fill in, with `profile`'s letterhead,
    through the template of the profile named `profile_name` when it has its own."""
    name, template_name, title, build = BLANK_FORMS[form]
    meta = DocumentMeta(title=title, date=BLANK_DATE, subject="Mall",
                        author=profile.administration if profile else "Stockholms stad",
                        keywords="IOP, idéburet offentligt partnerskap")
    template = read_template(templates_dir, template_name, profile_name)
    return RenderedDocument(name, meta, fill_template(
        template.data, template.label, lambda make: build(profile, make), meta, templates_dir))


def render_statement(case: model.Case, templates_dir: Path) -> RenderedDocument:
    """The statement (tjänsteutlåtande) alone; `diff --docx` renders two versions of it."""
    meta = _meta(case, f"Tjänsteutlåtande: {case.meta.title}")
    template = read_template(templates_dir, STATEMENT, case.meta.profile)
    return RenderedDocument("tjansteutlatande", meta, fill_template(
        template.data, template.label, lambda make: statement_context(case, make), meta, templates_dir))


def render_blank_forms(templates_dir: Path, profile: model.Profile | None = None,
                       profile_name: str | None = None) -> list[RenderedDocument]:
    """The empty assessment, follow-up and agreement forms (mallar) with lines and boxes to
    fill in, through the templates of the profile named `profile_name` where it has its own."""
    return [render_blank_form(templates_dir, form, profile, profile_name) for form in BLANK_FORMS]


def blank_form_name(form: model.GeneratedForm) -> str:
    """The name in build/<case>/ of a case's blank form attachment (blank: true)."""
    return BLANK_FORMS[form][0]


def document_names(case: model.Case) -> list[str]:
    """The names (without suffix) of the documents render_case makes of `case`."""
    names = ["tjansteutlatande"] + [assessment_name(case, p.id) for p in _assessed(case)]
    names += [agreement_name(case, p.id) for p in agreed(case)]
    names += [follow_up_name(case, f.partner, f.period) for f in case.follow_ups]
    return names + [blank_form_name(form) for form in _blank_attachments(case)]


def _blank_attachments(case: model.Case) -> list[model.GeneratedForm]:
    """The forms the case's blank attachments ask for, each once, in the order of Bilagor."""
    forms = [a.form for a in case.meta.attachments if a.blank and a.form is not None]
    return list(dict.fromkeys(forms))
