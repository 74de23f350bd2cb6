"""The letterhead shared by every template: on page 1 a header with the sender left and
the document block right (with Sida 1 (N)) and an address footer; on later pages a
header that repeats the document's reference and Sida X (N), and an empty footer.

`letterhead` is the one of the case documents (statement, assessment, follow-up); the
agenda builds its own from the same pieces."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .page import LEFT_COL, RIGHT_COL
from .paragraphs import clear, para, spacing, tiny_paragraph
from .tables import set_cell, table


def field_runs(paragraph, instruction: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a sensible cached result."""
    p = paragraph._p
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r {nsdecls("w")}><w:t>{cached}</w:t></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p.append(parse_xml(xml))


def page_x_of_n(paragraph) -> None:
    """'Sida 1 (1)' built from PAGE and NUMPAGES fields."""
    paragraph.add_run("Sida ")
    field_runs(paragraph, "PAGE", "1")
    paragraph.add_run(" (")
    field_runs(paragraph, "NUMPAGES", "1")
    paragraph.add_run(")")


def header_table(header, left: list[str], right: list[str], page_line: int):
    """A header's two columns, in Header style: `left` is the sender, `right` the document
    block, whose line `page_line` (left empty in `right`) gets Sida X (N). Returns the cells."""
    clear(header)
    t = table(header, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left_cell, right_cell = t.rows[0].cells
    set_cell(left_cell, [(text, None) for text in left], "Header")
    set_cell(right_cell, [(text, None) for text in right], "Header")
    page_x_of_n(right_cell.paragraphs[page_line])
    tiny_paragraph(header)
    return left_cell, right_cell


def address_footer(section, columns: list[tuple[int, list[str]]], only_if: str | None = None) -> None:
    """Page 1's footer: a rule, then columns of (width, lines) in Footer style; with `only_if`
    the whole footer is wrapped in {%p if … %}. Later pages get an empty footer."""
    footer = section.first_page_footer
    clear(footer)
    if only_if:
        para(footer, f"{{%p if {only_if} %}}", "Footer")
    t = table(footer, [width for width, _ in columns], "Layouttabell")
    # CT_TblPr's schema order puts tblBorders before tblLayout and tblLook.
    t._tbl.tblPr.find(qn("w:tblLayout")).addprevious(
        parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>'
            "</w:tblBorders>"
        )
    )
    for cell, (_, lines) in zip(t.rows[0].cells, columns):
        set_cell(cell, [(text, None) for text in lines], "Footer")
        spacing(cell.paragraphs[0], before=80)
    if only_if:
        para(footer, "{%p endif %}", "Footer")
    tiny_paragraph(footer)
    section.footer.is_linked_to_previous = False
    clear(section.footer)
    para(section.footer, "", "Footer")


def letterhead(doc) -> None:
    """Page 1: administration and department left, the document block right, address footer.
    Later pages: Dnr and Sida X (N) in the same right-hand column."""
    section = doc.sections[0]
    left, right = header_table(
        section.first_page_header,
        ["{%p if head.logo %}", "{{ head.logo }}", "{%p endif %}",
         "{{ head.administration }}", "{{ head.department }}"],
        ["{{ head.kind }}", "Dnr {{ head.dnr }}", "", "", "{{ head.date|datum }}"],
        page_line=2,
    )
    spacing(left.paragraphs[1], after=120)
    left.paragraphs[3].runs[0].bold = True
    right.paragraphs[0].runs[0].bold = True
    header_table(section.header, ["{{ head.administration }}"], ["Dnr {{ head.dnr }}", ""], page_line=1)
    address_footer(section, footer_columns(), only_if="head.postal")


def footer_columns() -> list[tuple[int, list[str]]]:
    """Page 1's address footer, the same in every template: address | switchboard and
    e-mail | city and web, the last column straight under the header's document block."""
    return [(LEFT_COL // 2, ["{{ head.visiting_address }}", "{{ head.postal }}"]),
            (LEFT_COL - LEFT_COL // 2, ["{{ head.switchboard }}", "{{ head.email }}"]),
            (RIGHT_COL, ["{{ head.city }}", "{{ head.web }}"])]
