"""protokoll.docx: the minutes of the board meeting (protokoll).

Page 1 carries the board and the document block ({{ kind }}: "Förslag till protokoll"
until the minutes are checked, then "Protokoll"; the meeting's date; Sida 1 (N)); later
pages repeat the kind, the date and Sida X (N). A table of the opening items (time and
place, paragraphs, those present, checkers, checking) comes first, then one Heading 2
"§ N Title" per paragraph with its Dnr and decision, the decision's points, and any
reason, conflict of interest (jäv), reservation and special statement; the signature
block of chair, checkers and clerk ends it. `paragraphs` is shared with the extract."""

from __future__ import annotations

from ..meeting.minutes import MINUTES_TEMPLATE
from .document import new_document, save
from .letterhead import address_footer, header_table
from .page import LEFT_COL, RIGHT_COL, TEXT_W
from .paragraphs import add_property, para, spacing
from .tables import cant_split, label_table, set_cell, table

NAME = MINUTES_TEMPLATE


def letterhead(doc) -> None:
    """As the agenda's: the board left, the document block right, the address footer."""
    section = doc.sections[0]
    left, right = header_table(
        section.first_page_header,
        ["{{ board }}", "{{ administration }}"],
        ["{{ kind }}", "Sammanträde {{ date|datum }}", ""],
        page_line=2,
    )
    left.paragraphs[0].runs[0].bold = True
    right.paragraphs[0].runs[0].bold = True
    header_table(section.header, ["{{ board }}"], ["{{ kind }} {{ date|datum }}", ""], page_line=1)
    address_footer(
        section,
        [(LEFT_COL // 2, ["{{ head.visiting_address }}", "{{ head.postal }}"]),
         (LEFT_COL - LEFT_COL // 2, ["{{ head.email }}", "{{ head.web }}"]),
         (RIGHT_COL, ["{{ head.city }}"])],
    )


def paragraphs(doc) -> None:
    """Each paragraph (§): heading, reference line, decision, and what was entered against it."""
    para(doc, "{%p for p in paragraphs %}")
    para(doc, "{{ p.heading }}", "Heading 2")
    line = para(doc, "{{ p.reference }}", "Kompakt")
    add_property(line, "keepNext")
    spacing(line, after=120)
    para(doc, "Beslut", "Heading 3")
    para(doc, "{{p p.decision }}")
    para(doc, "{%p if p.reason %}")
    para(doc, "Motivering", "Heading 3")
    para(doc, "{{p p.reason }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if p.conflicts %}")
    para(doc, "Jäv", "Heading 3")
    para(doc, "{{ p.conflicts }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p for d in p.dissents %}")
    para(doc, "{{ d.kind }}", "Heading 3")
    para(doc, "{{ d.by }}", "Kompakt")
    para(doc, "{{p d.text }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")


def signature_rows(doc) -> None:
    """Two signatures to a row of `signers` (pairs): a line to sign on, the name and the role."""
    half = TEXT_W // 2
    t = table(doc, [half, TEXT_W - half], "Layouttabell", rows=3)
    set_cell(t.rows[0].cells[0], "{%tr for row in signers %}", "Kompakt")
    for cell, side in zip(t.rows[1].cells, ("row.left", "row.right")):
        set_cell(cell, [(f"{{%p if {side}.name %}}", "Kompakt"), ("", "Signaturrad"),
                        (f"{{{{ {side}.name }}}}", "Kompakt"), (f"{{{{ {side}.role }}}}", "Anvisning"),
                        ("{%p endif %}", "Kompakt")])
    cant_split(t.rows[1])
    set_cell(t.rows[2].cells[0], "{%tr endfor %}", "Kompakt")


def build() -> bytes:
    doc = new_document()
    letterhead(doc)
    para(doc, "{{ kind }}", "Title")
    para(doc, "{{ board }}", "Subtitle")
    label_table(doc, [
        ("Tid", "{{ when }}"),
        ("Plats", "{{ place }}"),
        ("Paragrafer", "{{ paragraph_range }}"),
        ("Beslutande ledamöter", "{{p members }}"),
        ("Ersättare", "{{p substitutes }}"),
        ("Övriga närvarande", "{{p officials }}"),
        ("Justerare", "{{ checkers }}"),
        ("Justering", "{{ checking }}"),
    ])
    para(doc, "Ärenden", "Heading 1")
    paragraphs(doc)
    add_property(para(doc, "Underskrifter", "Heading 1"), "keepNext")
    signature_rows(doc)
    return save(doc, "Mall: Protokoll")
