"""Generate templates/foredragningslista.docx, the board meeting's agenda.

It shares the look of the other templates (tools/make_templates.py: A4, Liberation
Sans, sv-SE in styles.xml, the same styles) and their layout: page 1 carries the
board and the document block (Föredragningslista, the meeting's date, Sida 1 (N)),
later pages repeat the date and Sida X (N). Each item is a Heading 2 "8. Title", a
line with its Dnr and the pages of the papers where it starts and ends, and its
summary (the statement's Sammanfattning).

Run from the project root:  .venv/bin/python tools/make_agenda_template.py
The output is byte-identical from run to run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from make_templates import (  # noqa: E402
    LEFT_COL,
    RIGHT_COL,
    clear,
    label_table,
    new_document,
    page_x_of_n,
    para,
    parse_xml,
    save,
    set_cell,
    table,
    tiny_paragraph,
)
from docx.oxml.ns import nsdecls  # noqa: E402

NAME = "foredragningslista.docx"


def letterhead(doc) -> None:
    """Page 1: board and administration left, the document block right; an address footer.
    Later pages: the board left, the date and Sida X (N) right."""
    section = doc.sections[0]

    first = section.first_page_header
    clear(first)
    t = table(first, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, [("{{ board }}", None), ("{{ administration }}", None)], "Header")
    left.paragraphs[0].runs[0].bold = True
    set_cell(right, [("Föredragningslista", None), ("Sammanträde {{ date|datum }}", None), ("", None)], "Header")
    right.paragraphs[0].runs[0].bold = True
    page_x_of_n(right.paragraphs[2])
    tiny_paragraph(first)

    later = section.header
    clear(later)
    t = table(later, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, "{{ board }}", "Header")
    set_cell(right, [("Föredragningslista {{ date|datum }}", None), ("", None)], "Header")
    page_x_of_n(right.paragraphs[1])
    tiny_paragraph(later)

    footer = section.first_page_footer
    clear(footer)
    t = table(footer, [LEFT_COL // 2, LEFT_COL - LEFT_COL // 2, RIGHT_COL], "Layouttabell")
    t._tbl.tblPr.append(
        parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>'
            "</w:tblBorders>"
        )
    )
    a, b, c = t.rows[0].cells
    set_cell(a, [("{{ head.visiting_address }}", None), ("{{ head.postal }}", None)], "Footer")
    set_cell(b, [("{{ head.email }}", None), ("{{ head.web }}", None)], "Footer")
    set_cell(c, [("{{ head.city }}", None)], "Footer")
    for cell in (a, b, c):
        cell.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="80"/>'))
    tiny_paragraph(footer)
    section.footer.is_linked_to_previous = False
    clear(section.footer)
    para(section.footer, "", "Footer")


def agenda() -> bytes:
    doc = new_document()
    letterhead(doc)
    para(doc, "Föredragningslista", "Title")
    para(doc, "{{ board }}", "Subtitle")
    label_table(
        doc,
        [
            ("Tid", "{{ when }}"),
            ("Plats", "{{ place }}"),
            ("Ordförande", "{{ chair }}"),
        ],
    )
    para(doc, "Ärenden", "Heading 1")
    para(doc, "{%p for item in items %}")
    para(doc, "{{ item.number }}. {{ item.title }}", "Heading 2")
    line = para(doc, "{{ item.reference }}", "Kompakt")
    line._p.get_or_add_pPr().append(parse_xml(f'<w:keepNext {nsdecls("w")}/>'))
    line._p.get_or_add_pPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:after="120"/>'))
    para(doc, "{{p item.summary }}")
    para(doc, "{%p endfor %}")
    return save(doc, "Mall: Föredragningslista")


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / NAME).write_bytes(agenda())
    print(f"skrev {out_dir / NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
