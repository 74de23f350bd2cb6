"""bedomning.docx: the assessment (bedömning) the officer makes before the board enters
an agreement on IOP, one per partner organisation."""

from __future__ import annotations

from ..documents.render import ASSESSMENT
from .document import new_document, save
from .letterhead import letterhead
from .paragraphs import form_title, para, prose_block, spacing
from .tables import (
    WRITING_HEIGHT,
    data_table,
    form_label_table,
    min_height,
    signature_table,
)

NAME = ASSESSMENT
NO_INDICATORS = "Inga indikatorer för uppföljning har angetts."

PARTIES = [
    ("Organisationens namn", "{{ party.name }}"),
    ("Organisationsnummer", "{{ party.orgnr }}"),
    ("Associationsform", "{{ party.legal_form }}"),
    ("Firmatecknare", "{{ party.signatory }}"),
    ("Kontaktperson", "{{ party.contact }}"),
    ("Initiativ till partnerskapet", "{{ party.initiative }}"),
    ("Nämnd och förvaltning", "{{ party.city }}"),
]
# What to write in a person's row of the blank form.
PERSON_HINT = "namn, telefon, e-post"
PURPOSE = [
    ("Den gemensamma samhällsutmaningen", "challenge"),
    ("Politiskt beslutat program eller mål i stadens budget", "programme"),
    ("Varför de planerade aktiviteterna är väsentliga", "essential"),
]
LEGAL = [
    ("Upphandling: varför lagen om offentlig upphandling (LOU) inte är tillämplig", "legal.procurement"),
    ("Statsstöd: varför stödet inte är otillåtet statsstöd", "legal.state_aid"),
    ("Kommunal kompetens enligt kommunallagen", "legal.competence"),
    ("Föreningsbidrag: varför partnerskapet inte ingår i ordinarie bidrag", "legal.grants"),
]
# What each party brings, under a Heading 2 of its own.
CONTRIBUTIONS = [
    ("Staden", [("Medel per år", "{{ city.amount }}"), ("Lokaler", "{{ city.premises }}"),
                ("Personal", "{{ city.staff }}"), ("Övrigt", "{{ city.other }}")]),
    ("Organisationen", [("Ideella timmar per år", "{{ organisation.volunteer_hours }}"),
                        ("Egen finansiering per år", "{{ organisation.own_funding }}"),
                        ("Lokaler", "{{ organisation.premises }}"), ("Övrigt", "{{ organisation.other }}")]),
]
TERMS = [
    ("Avtalsperiod", "{{ terms.period }}"),
    ("Uppsägningstid", "{{ terms.notice }}"),
    ("Dialogmöten", "{{ terms.dialogue_meetings }}"),
    ("Uppföljning", "{{ terms.follow_up }}"),
]
INSTRUCTION = (
    "Blanketten fylls i av handläggaren innan nämnden ingår en överenskommelse om idéburet "
    "offentligt partnerskap (IOP), en blankett per organisation. Den bifogas tjänsteutlåtandet."
)


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    form_title(doc, "Bedömning inför en överenskommelse om IOP", "{{ partner_name }}", INSTRUCTION)
    para(doc, "Parter", "Heading 1")
    form_label_table(doc, PARTIES, {"Firmatecknare": PERSON_HINT, "Kontaktperson": PERSON_HINT})
    para(doc, "Samhällsutmaning och syfte", "Heading 1")
    for heading, variable in PURPOSE:
        prose_block(doc, heading, variable)
    checks(doc)
    para(doc, "Juridisk bedömning", "Heading 1")
    for heading, variable in LEGAL:
        prose_block(doc, heading, variable)
    para(doc, "Parternas bidrag", "Heading 1")
    for heading, rows in CONTRIBUTIONS:
        para(doc, heading, "Heading 2")
        form_label_table(doc, rows)
    terms(doc)
    conclusion(doc)
    return save(doc, "Mall: Bedömning inför en överenskommelse om IOP")


# Widths (twips) that hold the longest words at 9 pt with the cell margins: 'Verksamhets-
# berättelse' as evidence, '☐ Ej tillämpligt' in the blank form, a date, and the rest for
# the comment; the check labels' long compounds carry soft hyphens (assessment.py).
CHECK_COLUMNS = [
    ("Kontroll", "{{ c.label }}", 1850),
    ("Resultat", "{{ c.result }}", 1500),
    ("Underlag", "{{ c.evidence }}", 2150),
    ("Datum", "{{ c.date }}", 1080),
    ("Kommentar", "{{ c.comment }}", None),
]


def checks(doc) -> None:
    para(doc, "Kontroller av organisationen", "Heading 1")
    data_table(doc, "c in checks", CHECK_COLUMNS, small=True)


def terms(doc) -> None:
    """The agreement's terms and the indicators it will be followed up by."""
    para(doc, "Villkor i överenskommelsen", "Heading 1")
    form_label_table(doc, TERMS)
    # Without indicators a sentence says so, rather than a table of headers only.
    para(doc, "{%p if indicators %}")
    para(doc, "Tabell 1. Indikatorer för uppföljning", "Caption")
    t = data_table(doc, "i in indicators", [
        ("Indikator", "{{ i.name }}", 3685),
        ("Enhet", "{{ i.unit }}", 1020),
        ("Utgångsvärde (år)", "{{ i.baseline }}", 1701),
        ("Målvärden", "{{ i.targets }}", None),
    ])
    min_height(t.rows[2], WRITING_HEIGHT)  # room to write by hand in the blank form
    para(doc, "{%p else %}")
    spacing(para(doc, NO_INDICATORS), before=240)
    para(doc, "{%p endif %}")


def conclusion(doc) -> None:
    """The overall assessment, the recommendation and the officer's and manager's signatures."""
    para(doc, "Samlad bedömning och rekommendation", "Heading 1")
    para(doc, "{{p overall }}")
    para(doc, "{{p warning }}")
    p = para(doc, "Rekommendation: ", "Normal", bold=True)
    p.add_run("{{ recommendation }}")
    # The signatures go with the recommendation (and the context keeps the overall
    # assessment's last paragraph with it): never a page of signatures alone.
    p.paragraph_format.keep_with_next = True
    spacing(p, before=240)

    para(doc, "Underskrifter", "Heading 1")
    signature_table(
        doc,
        [
            ("Handläggare", [("Namnförtydligande", "{{ officer }}"), ("Datum", "{{ date }}")]),
            ("Chef", [("Namnförtydligande", "{{ manager }}"), ("Datum", "{{ date }}")]),
        ],
    )
