"""foredragningslista.docx: the board meeting's agenda (föredragningslista).

Page 1 carries the board and the document block (Föredragningslista, the meeting's date,
Sida 1 (N)), later pages repeat the date and Sida X (N). The opening items come first;
each item is a Heading 2 that Word numbers ("8. Title"), a line with its Dnr and the pages
of the papers where it starts and ends, and the first paragraph of its summary."""

from __future__ import annotations

from ..meeting.agenda import AGENDA_TEMPLATE
from .document import new_document, save
from .letterhead import address_footer, footer_columns, header_table
from .paragraphs import add_property, only_if, para, spacing
from .tables import label_table

NAME = AGENDA_TEMPLATE


def letterhead(doc) -> None:
    """Page 1: the logo, board and administration left, the document block right; the
    address footer of every template. Later pages: the board left, the date and Sida X (N) right."""
    section = doc.sections[0]
    left, right = header_table(
        section.first_page_header,
        ["{%p if head.logo %}", "{{ head.logo }}", "{%p endif %}", "{{ board }}", "{{ administration }}"],
        ["Föredragningslista", "Sammanträde {{ date|datum }}", ""],
        page_line=2,
    )
    spacing(left.paragraphs[1], after=120)
    left.paragraphs[3].runs[0].bold = True
    right.paragraphs[0].runs[0].bold = True
    header_table(section.header, ["{{ board }}"], ["Föredragningslista {{ date|datum }}", ""], page_line=1)
    address_footer(section, footer_columns(), only_if="head.postal")


def build() -> bytes:
    # The agenda prints no version mark, and its committed template was made before the
    # Versionsmärke style existed: without the style it stays byte-identical.
    doc = new_document()
    letterhead(doc)
    para(doc, "Föredragningslista", "Title")
    para(doc, "{{ board }}", "Subtitle")
    label_table(doc, [("Tid", "{{ when }}"), ("Plats", "{{ place }}"), ("Ordförande", "{{ chair }}")])
    para(doc, "Ärenden", "Heading 1")
    para(doc, "{%p for item in items %}")
    para(doc, "{{p item.heading }}")  # a Heading 2 numbered by Word from the item's number
    with only_if(doc, "item.reference"):
        line = para(doc, "{{ item.reference }}", "Kompakt")
        add_property(line, "keepNext")
        spacing(line, after=120)
        add_property(line, "ind", left=425)  # under the title, after the item's number
    para(doc, "{{p item.summary }}")
    para(doc, "{%p endfor %}")
    return save(doc, "Mall: Föredragningslista")
