"""What each template must keep, whatever a clerk changes in Word: the data a document
without which it is a wrong paper, and the styles the renderer asks the template for.

ESSENTIAL_DATA: per template (the keys of TEMPLATE_CONTEXTS), each datum with a Swedish
label, the tag to put back, the context names that show it and the heading it usually
follows. Not every field is here: only what the paper cannot go without (a statement
without its proposal, an assessment without its checks, minutes without their decisions).
A datum is shown when the template prints one of its names, or a part of one: printing
`s.name` in `{% for s in signatories %}` shows `signatories`. A name only tested
(`{%p if signatories %}`) shows nothing.

ESSENTIAL_STYLES: per template, the styles the code asks it for, taken from the code's own
constants (Session.STYLE_NAMES for the paragraphs the renderer writes, the comparison's
STYLE_NAMES for the templates `diff --docx` writes through). Every template whose data
holds prose (Paragraphs from a case's text) needs List Bullet and List Number, since any
prose may hold a list; the other kinds only where the template's context makes them
(the statement's signature lines, the forms' lines to write on, the follow-up's chart
captions, the agenda's numbered items). The styles a template's own paragraphs and tables
use (Heading 1, the table style "Tabell" …) are checked against its styles as they stand
(lint/required.py), wherever they are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..documents.render import AGREEMENT, ASSESSMENT, FOLLOW_UP, STATEMENT
from ..documents.wordxml import Session
from ..history.trackeddoc import STYLE_NAMES as COMPARISON_STYLES
from ..meeting.agenda import AGENDA_TEMPLATE
from ..meeting.minutes import EXTRACT_TEMPLATE, MINUTES_TEMPLATE

HEADER = "i sidhuvudet"


@dataclass(frozen=True)
class Datum:
    """One thing a template must show."""

    label: str  # Swedish, after "mallen visar inte"
    tag: str  # the tag to put back
    names: tuple[str, ...]  # context names; printing any of them, or a part of one, shows the datum
    after: str = ""  # the heading or label the tag usually follows in the body
    where: str = ""  # where the tag usually sits when it follows no heading


def _d(label: str, tag: str, *names: str, after: str = "", where: str = "") -> Datum:
    """A datum shown by `names`, or else by the name its tag prints ('{{p proposal }}' → 'proposal')."""
    return Datum(label, tag, names or (re.match(r"\{\{p?\s*([\w.]+)", tag).group(1),), after, where)


_LETTERHEAD = (
    _d("diarienumret", "{{ head.dnr }}", where=HEADER),
    _d("datumet", "{{ head.date|datum }}", "head.date", where=HEADER),
)

ESSENTIAL_DATA: dict[str, tuple[Datum, ...]] = {
    STATEMENT: _LETTERHEAD + (
        _d("handläggaren", "{{ officer.name }}", "officer", after="Handläggare"),
        _d("ärendets rubrik", "{{ title }}", where="överst i brödtexten"),
        _d("förslaget till beslut", "{{p proposal }}", after="Förvaltningens förslag till beslut"),
        _d("sammanfattningen", "{{p summary }}", after="Sammanfattning"),
        _d("bakgrunden", "{{p background }}", after="Bakgrund"),
        _d("ärendets avsnitt", "{%p for item in matter %} … {{p item.body }} … {%p endfor %}", "matter",
           after="Ärendet"),
        _d("tabellen över överenskommelser", "{%tr for a in agreements %} … {{ a.name }} … {%tr endfor %}",
           "agreements", after="Ärendet"),
        _d("ärendets beredning", "{{p preparation }}", after="Ärendets beredning"),
        _d("förvaltningens synpunkter", "{{p opinion }}", after="{{ opinion_heading }}"),
        _d("skälen att lägga fram förslaget trots ofullständig bedömning", "{{p exception }}",
           after="Skäl att lägga fram förslaget trots ofullständig bedömning"),
        _d("undertecknarna", "{{p signature_lines }}", "signature_lines", "signatories",
           where="efter förvaltningens synpunkter, före rubriken Bilagor"),
        _d("bilagorna", "{{p attachments }}", after="Bilagor"),
    ),
    ASSESSMENT: _LETTERHEAD + (
        _d("organisationens namn", "{{ party.name }}", "party.name", "partner_name", after="Parter"),
        _d("organisationsnumret", "{{ party.orgnr }}", after="Parter"),
        _d("kontrollerna av organisationen", "{%tr for c in checks %} … {{ c.result }} … {%tr endfor %}",
           "checks", after="Kontroller av organisationen"),
        _d("bedömningen av upphandlingsfrågan", "{{p legal.procurement }}", after="Juridisk bedömning"),
        _d("bedömningen av statsstödsfrågan", "{{p legal.state_aid }}", after="Juridisk bedömning"),
        _d("stadens bidrag", "{{ city.amount }}", "city", after="Parternas bidrag"),
        _d("organisationens bidrag", "{{ organisation.volunteer_hours }}", "organisation", after="Parternas bidrag"),
        _d("den samlade bedömningen", "{{p overall }}", after="Samlad bedömning och rekommendation"),
        _d("varningen för ofullständiga kontroller", "{{p warning }}", after="Samlad bedömning och rekommendation"),
        _d("rekommendationen", "{{ recommendation }}", after="Samlad bedömning och rekommendation"),
        _d("handläggaren", "{{ officer }}", after="Underskrifter"),
        _d("bedömningens datum", "{{ date }}", after="Underskrifter"),
    ),
    FOLLOW_UP: _LETTERHEAD + (
        _d("organisationen", "{{ agreement.partner }}", "agreement.partner", "partner_name", after="Överenskommelsen"),
        _d("överenskommelsens diarienummer", "{{ agreement.dnr }}", after="Överenskommelsen"),
        _d("uppföljningsperioden", "{{ agreement.follow_up_period }}", "agreement.follow_up_period", "period",
           after="Överenskommelsen"),
        _d("de genomförda aktiviteterna", "{%tr for a in activities %} … {{ a.done }} … {%tr endfor %}",
           "activities", after="Genomförda aktiviteter"),
        _d("indikatorernas utfall", "{%tr for i in indicators %} … {{ i.outcome }} … {%tr endfor %}",
           "indicators", after="Indikatorer"),
        _d("stadens utbetalda medel", "{{ money.paid }}", after="Parternas bidrag"),
        _d("avvikelserna", "{{p deviations }}", after="Avvikelser"),
        _d("den samlade bedömningen", "{{p overall }}", after="Samlad bedömning"),
        _d("beslutet om fortsättning", "{{ decision }}", after="Beslut om fortsättning"),
        _d("stadens underskrift", "{{ sign_city }}", after="Underskrifter"),
        _d("organisationens underskrift", "{{ sign_organisation }}", after="Underskrifter"),
    ),
    AGREEMENT: _LETTERHEAD[:1] + (
        _d("nämnden", "{{ parties.board }}", "parties.board", "board", after="Parter"),
        _d("organisationen", "{{ parties.organisation }}", "parties.organisation", "partner_name", after="Parter"),
        _d("organisationsnumret", "{{ parties.orgnr }}", after="Parter"),
        _d("målen", "{%tr for g in goals %} … {{ g.goal }} … {%tr endfor %}", "goals", after="Mål och delmål"),
        _d("stadens medel", "{{ city.amount_per_year }}", "city.amount_per_year", "city.amount_total",
           after="Parternas åtaganden och bidrag"),
        _d("organisationens bidrag", "{{ organisation.volunteer_hours }}", "organisation",
           after="Parternas åtaganden och bidrag"),
        _d("villkoren för utbetalning", "{{p clauses.payment }}", after="Utbetalning av stadens medel"),
        _d("avtalsperioden", "{{ terms.period }}", after="Avtalsperiod, förlängning och uppsägning"),
        _d("uppsägningstiden", "{{ terms.notice }}", after="Avtalsperiod, förlängning och uppsägning"),
        _d("villkoren för uppsägning", "{{p clauses.termination }}", after="Uppsägning"),
        _d("indikatorerna", "{%tr for i in indicators %} … {{ i.name }} … {%tr endfor %}", "indicators",
           after="Indikatorer"),
        _d("stadens underskrift", "{{ city_signature.name }}", "city_signature", after="Underskrifter"),
        _d("organisationens underskrift", "{{ organisation_signature.name }}", "organisation_signature",
           after="Underskrifter"),
        _d("verksamhetsplanen", "{%tr for a in activities %} … {{ a.activity }} … {%tr endfor %}", "activities",
           after="Bilaga 1. Verksamhetsplan"),
    ),
    AGENDA_TEMPLATE: (
        _d("nämnden", "{{ board }}", where="under rubriken Föredragningslista"),
        _d("sammanträdets datum och tid", "{{ when }}", "when", "date", after="Tid"),
        _d("ärendenas rubriker", "{%p for item in items %} … {{p item.heading }} … {%p endfor %}",
           "items[].heading", "items[].title", after="Ärenden"),
        _d("ärendenas sammanfattningar", "{{p item.summary }}", "items[].summary", after="Ärenden"),
    ),
    MINUTES_TEMPLATE: (
        _d("nämnden", "{{ board }}", where="under protokollets rubrik"),
        _d("sammanträdets datum och tid", "{{ when }}", "when", "date", after="Tid"),
        _d("de beslutande ledamöterna", "{{p members }}", after="Beslutande ledamöter"),
        _d("justerarna", "{{ checkers }}", after="Justerare"),
        _d("paragrafernas rubriker", "{%p for p in paragraphs %} … {{ p.heading }} … {%p endfor %}",
           "paragraphs[].heading", after="Ärenden"),
        _d("besluten", "{{p p.decision }}", "paragraphs[].decision", after="Beslut"),
        _d("reservationerna", "{%p for d in p.dissents %} … {{p d.text }} … {%p endfor %}",
           "paragraphs[].dissents", where="efter varje paragrafs beslut"),
        _d("underskrifterna", "{%tr for row in signers %} … {{ row.left.name }} … {%tr endfor %}", "signers",
           after="Underskrifter"),
    ),
    EXTRACT_TEMPLATE: (
        _d("nämnden", "{{ board }}", where="under utdragets rubrik"),
        _d("sammanträdets datum", "{{ date|datum }}", "date", where="under utdragets rubrik"),
        _d("justeringen", "{{ checking }}", where="under utdragets rubrik"),
        _d("paragrafens rubrik", "{%p for p in paragraphs %} … {{ p.heading }} … {%p endfor %}",
           "paragraphs[].heading", where="efter justeringen"),
        _d("beslutet", "{{p p.decision }}", "paragraphs[].decision", after="Beslut"),
        _d("reservationerna", "{%p for d in p.dissents %} … {{p d.text }} … {%p endfor %}",
           "paragraphs[].dissents", where="efter paragrafens beslut"),
        _d("bestyrkandet", "{%tr for row in signers %} … {{ row.left.name }} … {%tr endfor %}", "signers",
           after="Utdrag bestyrks"),
    ),
}

# The kinds of paragraph (Session.STYLE_NAMES) the renderer may write into each template.
_PROSE = ("bullet", "number")
_KINDS: dict[str, tuple[str, ...]] = {
    STATEMENT: _PROSE + ("signature",),
    ASSESSMENT: _PROSE + ("line",),
    FOLLOW_UP: _PROSE + ("line", "caption"),
    AGREEMENT: _PROSE + ("line",),
    AGENDA_TEMPLATE: _PROSE + ("item", "item text"),
    MINUTES_TEMPLATE: _PROSE,
    EXTRACT_TEMPLATE: _PROSE,
}
# What the renderer writes with each kind's style, in Swedish (after "som", before "skrivs med").
KIND_USES = {
    "bullet": "punktlistorna i löptexten",
    "number": "de numrerade listorna i löptexten",
    "item": "ärendenas numrerade rubriker",
    "line": "en tom blanketts skrivrader",
    "signature": "undertecknarnas namn och titlar",
    "item text": "ärendenas text",
    "note": "anvisningarna",
    "caption": "diagrammens bildtexter",
}
_COMPARISON_BASES = (STATEMENT, AGREEMENT)  # the templates diff --docx writes its comparisons through
_COMPARISON_USE = "jämförelsen mellan två versioner (diff --docx)"


def _styles(template: str) -> dict[str, str]:
    """The styles the code asks `template` for, each with what is written with it."""
    styles = {Session.STYLE_NAMES[kind]: KIND_USES[kind] for kind in _KINDS[template]}
    if template in _COMPARISON_BASES:
        for name in COMPARISON_STYLES:
            styles.setdefault(name, _COMPARISON_USE)
    return styles


ESSENTIAL_STYLES: dict[str, dict[str, str]] = {template: _styles(template) for template in _KINDS}
