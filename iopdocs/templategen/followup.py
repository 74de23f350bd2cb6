"""uppfoljning.docx: the follow-up (uppföljning) of an agreement, one per agreement and
period, filled in after the dialogue meeting; blank, it is a form to write in by hand."""

from __future__ import annotations

from ..documents.render import FOLLOW_UP
from .document import new_document, save
from .letterhead import letterhead
from .paragraphs import form_title, only_if, para, prose_block
from .tables import (
    WRITING_HEIGHT,
    data_table,
    fill_line,
    form_label_table,
    header_row,
    min_height,
    set_cell,
    signature_table,
    table,
)

NAME = FOLLOW_UP
NO_INDICATORS = "Inga indikatorer har angetts för överenskommelsen."
MISSING_TEXT = "Uppgift saknas."

AGREEMENT = [
    ("Organisation", "{{ agreement.partner }}"),
    ("Överenskommelsens dnr", "{{ agreement.dnr }}"),
    ("Överenskommelsen gäller", "{{ agreement.period }}"),
    ("Uppföljningsperiod", "{{ agreement.follow_up_period }}"),
    ("Dialogmöte", "{{ agreement.meeting }}"),
    ("Deltagare", "{{ agreement.participants }}"),
]
MONEY = [
    ("Stadens utbetalda medel", "{{ money.paid }}"),
    ("Budgeterade medel för perioden", "{{ money.budget }}"),
    ("Organisationens bidrag", "{{ money.organisation }}"),
]
REFLECTIONS = [
    ("Avvikelser", "deviations"),
    ("Lärdomar", "lessons"),
    ("Överenskomna förändringar", "changes"),
    ("Samlad bedömning", "overall"),
]
INSTRUCTION = (
    "Blanketten fylls i för varje överenskommelse och uppföljningsperiod efter dialogmötet "
    "mellan förvaltningen och organisationen."
)


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    form_title(doc, "Uppföljning av överenskommelse", "{{ partner_name }} {{ period }}", INSTRUCTION)
    para(doc, "Överenskommelsen", "Heading 1")
    form_label_table(doc, AGREEMENT, {"Deltagare": "namn och organisation"})
    activities(doc)
    reached(doc)
    indicators(doc)
    para(doc, "Parternas bidrag", "Heading 1")
    form_label_table(doc, MONEY)
    for heading, variable in REFLECTIONS:
        prose_block(doc, heading, variable, "Heading 1")
    para(doc, "Beslut om fortsättning", "Heading 1")
    # The signatures go with the decision (and the context keeps the overall assessment's
    # last paragraph with it): never a page of signatures alone.
    para(doc, "{{ decision }}").paragraph_format.keep_with_next = True
    para(doc, "Underskrifter", "Heading 1")
    signature_table(
        doc,
        [
            ("För {{ sign_city }}", [("Namnförtydligande", ""), ("Datum", "")]),
            ("För {{ sign_organisation }}", [("Namnförtydligande", ""), ("Datum", "")]),
        ],
    )
    return save(doc, "Mall: Uppföljning av överenskommelse")


def activities(doc) -> None:
    """The activities done, or 'Uppgift saknas.' rather than a table of headers only."""
    para(doc, "Genomförda aktiviteter", "Heading 1")
    with only_if(doc, "activities"):
        t = data_table(doc, "a in activities", [
            ("Aktivitet enligt verksamhetsplanen", "{{ a.planned }}", 3118),
            ("Genomfört", "{{ a.done }}", 3118),
            ("Kommentar", "{{ a.comment }}", None),
        ])
        min_height(t.rows[2], WRITING_HEIGHT)  # room to write by hand in the blank form
    with only_if(doc, "not activities"):
        para(doc, MISSING_TEXT).runs[0].italic = True  # as every missing value


def reached(doc) -> None:
    """Participants in total and by gender, then one row per age group (a {%tr for %} loop)."""
    para(doc, "Målgrupp som nåtts", "Heading 1")
    t = table(doc, fill_line([4536, None]), "Tabell", rows=7)
    header_row(t.rows[0])
    set_cell(t.rows[0].cells[0], "Deltagare", "Tabellrubrik")
    set_cell(t.rows[0].cells[1], "Antal", "Tabellrubrik")
    for row, (label, value) in zip(
        t.rows[1:4],
        [("Totalt", "{{ reached.total }}"), ("Kvinnor och flickor", "{{ reached.women }}"),
         ("Män och pojkar", "{{ reached.men }}")],
    ):
        set_cell(row.cells[0], label)
        set_cell(row.cells[1], value)
    set_cell(t.rows[4].cells[0], "{%tr for g in reached.age_groups %}")
    set_cell(t.rows[5].cells[0], "{{ g.label }}")
    set_cell(t.rows[5].cells[1], "{{ g.value }}")
    set_cell(t.rows[6].cells[0], "{%tr endfor %}")


def indicators(doc) -> None:
    para(doc, "Indikatorer", "Heading 1")
    # Without indicators a sentence says so, rather than a table of headers only.
    para(doc, "{%p if indicators %}")
    # Eight columns in 15.2 cm: 9 pt text, and soft hyphens (U+00AD) where a header word
    # is wider than its column.
    t = data_table(doc, "i in indicators", [
        ("Indikator", "{{ i.name }}", 1700),
        ("Enhet", "{{ i.unit }}", 760),
        ("Utgångs\u00advärde", "{{ i.baseline }}", 940),
        ("Målvärde {{ period }}", "{{ i.target }}", 940),
        ("Utfall {{ period }}", "{{ i.outcome }}", 760),
        ("Mål\u00aduppfyllelse", "{{ i.attainment }}", 1100),
        ("Utveckling", "{{ i.trend }}", 1100),
        ("Kommentar", "{{ i.comment }}", None),
    ], small=True)
    # A short table read as a whole: its rows and the first rule stay on one page together.
    for cell in t.rows[2].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    min_height(t.rows[2], WRITING_HEIGHT)  # room to write by hand in the blank form
    para(doc, "{{ attainment_rule }}", "Tabellnot").paragraph_format.keep_with_next = True
    para(doc, "{{ trend_rule }}", "Tabellnot")
    para(doc, "{{p charts }}")
    para(doc, "{%p else %}")
    para(doc, NO_INDICATORS)
    para(doc, "{%p endif %}")
