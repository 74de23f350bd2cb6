"""Table helpers: fixed-layout tables in twips, their cells and rows, and the three kinds
the templates use: a data table looped by docxtpl, label | value rows, signature boxes."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from .page import TEXT_W
from .paragraphs import para, spacing


def table(container, widths: list[int], style: str, rows: int = 1):
    """A fixed-layout table with the given column widths in twips."""
    if hasattr(container, "add_table") and container.__class__.__name__ in ("_Header", "_Footer"):
        t = container.add_table(rows, len(widths), Twips(sum(widths)))
    else:
        t = container.add_table(rows, len(widths))
    t.style = style
    tblPr = t._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblLook"):
        for old in tblPr.findall(qn(tag)):
            tblPr.remove(old)
    tblPr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(widths)}" w:type="dxa"/>'))
    tblPr.append(parse_xml(f'<w:tblLayout {nsdecls("w")} w:type="fixed"/>'))
    first_row = "1" if style == "Tabell" else "0"
    tblPr.append(
        parse_xml(
            f'<w:tblLook {nsdecls("w")} w:val="0{"4" if first_row == "1" else "0"}00" w:firstRow="{first_row}" '
            'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        )
    )
    grid = t._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in t.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Twips(width)
    return t


def set_cell(cell, lines: list[tuple[str, str | None]] | str, style: str = "Tabelltext") -> None:
    """Fill a cell with paragraphs: a string or [(text, style)]."""
    if isinstance(lines, str):
        lines = [(lines, style)]
    first = cell.paragraphs[0]
    for i, (text, line_style) in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        p.style = line_style or style
        if text:
            p.add_run(text)


def _row_property(row, xml: str) -> None:
    row._tr.get_or_add_trPr().append(parse_xml(xml))


def header_row(row) -> None:
    """Mark a table's first row as a header row that repeats on every page."""
    _row_property(row, f'<w:tblHeader {nsdecls("w")}/>')


def min_height(row, twips: int) -> None:
    _row_property(row, f'<w:trHeight {nsdecls("w")} w:val="{twips}" w:hRule="atLeast"/>')


def cant_split(row) -> None:
    _row_property(row, f'<w:cantSplit {nsdecls("w")}/>')


def fill_line(widths: list[int | None]) -> list[int]:
    """Column widths in twips, with None for the one column that takes the rest of the line."""
    rest = TEXT_W - sum(width for width in widths if width)
    return [width or rest for width in widths]


def data_table(doc, loop: str, columns: list[tuple[str, str, int | None]], small: bool = False):
    """A table with a header row and one template row repeated by `{%tr for loop %}`;
    `columns` are (heading, cell, width) with widths as for fill_line. `small` sets it
    in 9 pt, for a table of many columns."""
    suffix = " liten" if small else ""
    t = table(doc, fill_line([width for _, _, width in columns]), "Tabell", rows=4)
    header_row(t.rows[0])
    for cell, (heading, _, _) in zip(t.rows[0].cells, columns):
        set_cell(cell, heading, "Tabellrubrik" + suffix)
    set_cell(t.rows[1].cells[0], f"{{%tr for {loop} %}}")
    for cell, (_, text, _) in zip(t.rows[2].cells, columns):
        set_cell(cell, text, "Tabelltext" + suffix)
    cant_split(t.rows[2])
    set_cell(t.rows[3].cells[0], "{%tr endfor %}")
    return t


def label_table(doc, rows: list[tuple[str, str]], label_w: int = 3118, height: int = 397,
                hints: dict[str, str] | None = None):
    """Label | value rows, e.g. the parties of an agreement, each at least `height` twips
    high; a label in `hints` gets the hint under it (Anvisning) and room for three lines."""
    hints = hints or {}
    t = table(doc, fill_line([label_w, None]), "Tabell", rows=len(rows))
    for row, (label, value) in zip(t.rows, rows):
        if label in hints:
            set_cell(row.cells[0], [(label, "Tabellrubrik"), (hints[label], "Anvisning")])
        else:
            set_cell(row.cells[0], label, "Tabellrubrik")
        set_cell(row.cells[1], value)
        min_height(row, 3 * height if label in hints else height)
        cant_split(row)
    # No header row: the first row is data, so the table style's first-row look is off.
    t._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
    t._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:val"), "0000")
    return t


# A row of the blank form, to write in by hand: 1 cm (three for a row with a hint).
WRITING_HEIGHT = 567


def form_label_table(doc, rows: list[tuple[str, str]], hints: dict[str, str] | None = None) -> None:
    """label_table, and in the blank form ({%p if blank %}) the same rows tall enough to
    write in, with `hints` (label → what to write, e.g. 'namn, telefon, e-post')."""
    para(doc, "{%p if blank %}")
    label_table(doc, rows, height=WRITING_HEIGHT, hints=hints)
    para(doc, "{%p else %}")
    label_table(doc, rows)
    para(doc, "{%p endif %}")


def signature_table(doc, columns: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """Side-by-side signature boxes: a heading, a line to sign on, then labelled lines."""
    width = TEXT_W // len(columns)
    t = table(doc, [width] * len(columns), "Layouttabell")
    for cell, (heading, lines) in zip(t.rows[0].cells, columns):
        content = [(heading, "Etikett"), ("", "Signaturrad"), ("Underskrift", "Anvisning")]
        for label, value in lines:
            content += [(value, "Signaturrad"), (label, "Anvisning")]
        set_cell(cell, content)
    for cell in t.rows[0].cells:
        for p in cell.paragraphs:
            if p.style.name == "Anvisning":
                spacing(p, before=0, after=0)
    cant_split(t.rows[0])
