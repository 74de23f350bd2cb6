"""overenskommelse.docx: the agreement on IOP between the board and an organisation, in
the order Stockholm's guidelines ask for, with the activity plan as its appendix."""

from __future__ import annotations

from ..documents.render import AGREEMENT
from .document import new_document, save
from .letterhead import letterhead
from .paragraphs import form_title, para, prose_block
from .tables import data_table, label_table, signature_table

NAME = AGREEMENT
NO_INDICATORS = "Inga indikatorer har angetts för överenskommelsen."
NO_ACTIVITIES = "Ingen verksamhetsplan har angetts."
MISSING_GOALS = "Uppgift saknas: inga mål har angetts för partnerskapet."

PARTIES = [
    ("Nämnd", "{{ parties.board }}"),
    ("Förvaltning", "{{ parties.administration }}"),
    ("Kontaktperson för staden", "{{ parties.city_contact }}"),
    ("Organisation", "{{ parties.organisation }}"),
    ("Organisationsnummer", "{{ parties.orgnr }}"),
    ("Firmatecknare", "{{ parties.signatory }}"),
    ("Kontaktperson för organisationen", "{{ parties.contact }}"),
    ("Överenskommelsens dnr", "{{ parties.dnr }}"),
]
BACKGROUND = [
    ("Den gemensamma samhällsutmaningen", "challenge"),
    ("Partnerskapets lösning", "solution"),
    ("Politiskt beslutade mål", "programme"),
]
CITY = [
    ("Medel per år", "{{ city.amount_per_year }}"),
    ("Medel för hela perioden", "{{ city.amount_total }}"),
    ("Lokaler", "{{ city.premises }}"),
    ("Personal", "{{ city.staff }}"),
    ("Övrigt", "{{ city.other }}"),
]
ORGANISATION = [
    ("Ideella timmar per år", "{{ organisation.volunteer_hours }}"),
    ("Egen finansiering per år", "{{ organisation.own_funding }}"),
    ("Lokaler", "{{ organisation.premises }}"),
    ("Övrigt", "{{ organisation.other }}"),
]
PERIOD = [
    ("Avtalsperiod", "{{ terms.period }}"),
    ("Uppsägningstid", "{{ terms.notice }}"),
]
FOLLOW_UP = [
    ("Dialogmöten", "{{ terms.dialogue_meetings }}"),
    ("Uppföljning", "{{ terms.follow_up }}"),
]
# Numbered sections of standard clauses: (heading, [(sub-heading, clause)]).
LATER_CLAUSES = [
    ("8. Personuppgifter", [(None, "personal_data")]),
    ("9. Sekretess och tystnadsplikt", [(None, "confidentiality")]),
    ("10. Försäkringar", [(None, "insurance")]),
    ("11. Ändringar och tillägg", [(None, "changes")]),
    ("12. Tvister", [(None, "disputes")]),
]
INSTRUCTION = (
    "Mallen fylls i av handläggaren tillsammans med organisationen. Standardvillkoren kommer "
    "från förvaltningens profil och kan ändras för en enskild överenskommelse."
)
COPIES = ("Överenskommelsen har upprättats i två likalydande exemplar, av vilka parterna har "
          "tagit var sitt.")


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    form_title(doc, "Överenskommelse om idéburet offentligt partnerskap",
               "mellan {{ board }} och {{ partner_name }}", INSTRUCTION)
    para(doc, "1. Parter", "Heading 1")
    label_table(doc, PARTIES)
    para(doc, "2. Bakgrund och syfte", "Heading 1")
    for heading, variable in BACKGROUND:
        prose_block(doc, heading, variable)
    goals(doc)
    para(doc, "4. Verksamhet", "Heading 1")
    para(doc, "Parterna genomför verksamheten enligt verksamhetsplanen i bilaga 1. Ändringar i "
              "verksamhetsplanen stäms av vid dialogmötena.")
    contributions(doc)
    period(doc)
    follow_up(doc)
    for heading, parts in LATER_CLAUSES:
        para(doc, heading, "Heading 1")
        for sub, clause in parts:
            if sub:
                para(doc, sub, "Heading 2")
            para(doc, f"{{{{p clauses.{clause} }}}}")
    signatures(doc)
    activity_plan(doc)
    return save(doc, "Mall: Överenskommelse om idéburet offentligt partnerskap")


def goals(doc) -> None:
    para(doc, "3. Mål och delmål", "Heading 1")
    para(doc, "{%p if goals %}")
    data_table(doc, "g in goals", [
        ("Långsiktigt mål", "{{ g.goal }}", 3969),
        ("Delmål", "{{ g.subgoals }}", None),
    ])
    para(doc, "{%p else %}")
    para(doc, MISSING_GOALS)
    para(doc, "{%p endif %}")


def contributions(doc) -> None:
    para(doc, "5. Parternas åtaganden och bidrag", "Heading 1")
    para(doc, "Staden", "Heading 2")
    label_table(doc, CITY)
    para(doc, "Organisationen", "Heading 2")
    label_table(doc, ORGANISATION)
    prose_block(doc, "Utbetalning av stadens medel", "clauses.payment")


def period(doc) -> None:
    para(doc, "6. Avtalsperiod, förlängning och uppsägning", "Heading 1")
    label_table(doc, PERIOD)
    for heading, clause in (("Förlängning", "extension"), ("Uppsägning", "termination"),
                            ("Hävning", "breach"), ("Återbetalning", "repayment")):
        prose_block(doc, heading, f"clauses.{clause}")


def follow_up(doc) -> None:
    para(doc, "7. Uppföljning", "Heading 1")
    label_table(doc, FOLLOW_UP)
    para(doc, "Indikatorer", "Heading 2")
    # Without indicators a sentence says so, rather than a table of headers only.
    para(doc, "{%p if indicators %}")
    para(doc, "Tabell 1. Indikatorer med utgångsvärde och målvärde per år", "Caption")
    data_table(doc, "i in indicators", [
        ("Indikator", "{{ i.name }}", 3685),
        ("Enhet", "{{ i.unit }}", 1020),
        ("Utgångsvärde (år)", "{{ i.baseline }}", 1701),
        ("Målvärden", "{{ i.targets }}", None),
    ])
    para(doc, "{%p else %}")
    para(doc, NO_INDICATORS)
    para(doc, "{%p endif %}")
    prose_block(doc, "Rapporter", "clauses.reports")


def signatures(doc) -> None:
    para(doc, "13. Underskrifter", "Heading 1")
    para(doc, COPIES)
    signature_table(
        doc,
        [
            ("{{ city_signature.party }}", [("Namnförtydligande", "{{ city_signature.name }}"),
                                            ("Titel", "{{ city_signature.title }}"),
                                            ("Ort och datum", "{{ city_signature.place }}")]),
            ("{{ organisation_signature.party }}", [("Namnförtydligande", "{{ organisation_signature.name }}"),
                                                    ("Titel", "{{ organisation_signature.title }}"),
                                                    ("Ort och datum", "{{ organisation_signature.place }}")]),
        ],
    )


def activity_plan(doc) -> None:
    """Bilaga 1 on a page of its own: the activity plan (verksamhetsplan)."""
    para(doc, "Bilaga 1. Verksamhetsplan", "Heading 1").paragraph_format.page_break_before = True
    para(doc, "{%p if activities %}")
    data_table(doc, "a in activities", [
        ("Aktivitet", "{{ a.activity }}", 2835),
        ("För vem", "{{ a.target_group }}", 2098),
        ("När", "{{ a.when }}", 2098),
        ("Ansvarig", "{{ a.responsible }}", None),
    ])
    para(doc, "{%p else %}")
    para(doc, NO_ACTIVITIES)
    para(doc, "{%p endif %}")
