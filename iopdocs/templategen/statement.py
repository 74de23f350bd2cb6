"""tjansteutlatande.docx: the statement (tjänsteutlåtande) the administration puts
before the board, one per case."""

from __future__ import annotations

from ..documents.render import STATEMENT
from .document import new_document, save
from .letterhead import letterhead
from .page import LEFT_COL, RIGHT_COL
from .paragraphs import add_property, only_if, para, prose_block, spacing
from .tables import data_table, set_cell, table

NAME = STATEMENT


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    version_mark(doc)
    officer_and_addressee(doc)
    para(doc, "{{ title }}", "Title")
    with only_if(doc, "subtitle"):
        para(doc, "{{ subtitle }}", "Subtitle")
    prose_block(doc, "Förvaltningens förslag till beslut", "proposal", "Heading 1")
    prose_block(doc, "Sammanfattning", "summary", "Heading 1")
    with only_if(doc, "background"):
        prose_block(doc, "Bakgrund", "background", "Heading 1")
    with only_if(doc, "matter"):
        matter(doc)
    with only_if(doc, "preparation"):
        prose_block(doc, "Ärendets beredning", "preparation", "Heading 1")
    with only_if(doc, "opinion or exception"):
        opinion(doc)
    with only_if(doc, "signatories"):
        signatories(doc)
    with only_if(doc, "attachments"):
        prose_block(doc, "Bilagor", "attachments", "Heading 1")
    return save(doc, "Mall: Tjänsteutlåtande")


def version_mark(doc) -> None:
    """'märke 1a2b3c4d5e' at the foot of every page, so a printed paper can be matched to
    the case revision it came from ('iopdocs history' prints the same mark)."""
    section = doc.sections[0]
    para(section.first_page_footer, "märke {{ mark }}", "Versionsmärke")
    later = section.footer.paragraphs[0]
    later.style = "Versionsmärke"
    later.add_run("märke {{ mark }}")


def officer_and_addressee(doc) -> None:
    t = table(doc, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, [("Handläggare", "Etikett"), ("{{ officer.name }}", "Kompakt"),
                    ("{% if officer.phone %}Telefon: {{ officer.phone }}{% endif %}", "Kompakt")])
    set_cell(right, [("Till", "Etikett"), ("{{ addressee }}", "Kompakt")])
    for cell in (left, right):
        spacing(cell.paragraphs[0], before=360)


def matter(doc) -> None:
    """Ärendet: headed sections of prose, then the table of proposed agreements."""
    para(doc, "Ärendet", "Heading 1")
    para(doc, "{%p for item in matter %}")
    para(doc, "{%p if item.level == 2 %}")
    para(doc, "{{ item.heading }}", "Heading 2")
    para(doc, "{%p elif item.level == 3 %}")
    para(doc, "{{ item.heading }}", "Heading 3")
    para(doc, "{%p endif %}")
    para(doc, "{{p item.body }}")
    para(doc, "{%p endfor %}")
    with only_if(doc, "agreements"):
        para(doc, "Tabell 1. Överenskommelser som föreslås", "Caption")
        data_table(doc, "a in agreements", [
            ("Organisation", "{{ a.name }}", 2494),
            ("Organisationsnr", "{{ a.orgnr }}", 1871),
            ("Period", "{{ a.period }}", 2608),
            ("Stadens medel per år", "{{ a.amount }}", None),
        ])


def opinion(doc) -> None:
    para(doc, "{{ opinion_heading }}", "Heading 1")
    para(doc, "{{p opinion }}")
    with only_if(doc, "exception"):
        prose_block(doc, "Skäl att lägga fram förslaget trots ofullständig bedömning", "exception")


def signatories(doc) -> None:
    """The signatories' names, titles and organisations, two side by side at a tab stop, in
    paragraphs of the style Undertecknare, which keep with the next: the block goes with the
    text before it (whose last paragraph the context keeps with it) and with the Bilagor list
    after it. (A table would not: LibreOffice keeps no table with the paragraph after it.)"""
    spacer = para(doc, "")
    add_property(spacer, "keepNext")
    spacing(spacer, before=480, after=0)
    para(doc, "{{p signature_lines }}")
