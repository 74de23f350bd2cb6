"""Generate the Word templates in templates/: tjansteutlatande, bedomning, uppfoljning.

The templates are source files: clerks open and edit them in Word. They use real Word
styles (Title, Heading 1–3, List Bullet, List Number, Caption, a table style), A4 and
Liberation Sans, and the Stockholm layout: page 1 carries the administration, the
document block (kind, Dnr, Sida 1 (N), date) and the address footer; later pages repeat
Dnr and Sida X (N). The document language sv-SE sits in styles.xml's docDefaults.

Run from the project root:  .venv/bin/python tools/make_templates.py
The output is byte-identical from run to run, so regenerating shows up in git only when
this script changes.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iopdocs.docxfile import CoreProperties, normalise  # noqa: E402

FONT = "Liberation Sans"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Page geometry in twips (1 cm = 567 twips). A4 is 21 × 29.7 cm.
PAGE_W, PAGE_H = 11906, 16838
MARGIN_L, MARGIN_R = 1701, 1588  # 3.0 cm, 2.8 cm
MARGIN_T, MARGIN_B = 1134, 1418  # 2.0 cm, 2.5 cm
HEADER_D, FOOTER_D = 567, 510
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R  # 8617 twips ≈ 15.2 cm
RIGHT_COL = 3402  # the right-hand document block: 6 cm
LEFT_COL = TEXT_W - RIGHT_COL
TEMPLATE_DATE = dt.date(2024, 1, 1)


# --- Package parts written as raw XML -----------------------------------------------

STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {nsdecls('w')}>
<w:docDefaults>
 <w:rPrDefault><w:rPr>
  <w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>
  <w:sz w:val="22"/><w:szCs w:val="22"/>
  <w:lang w:val="sv-SE" w:eastAsia="sv-SE" w:bidi="sv-SE"/>
 </w:rPr></w:rPrDefault>
 <w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>
 <w:pPr><w:widowControl/></w:pPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>
 <w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>
 <w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>
 <w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>
 </w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>
 <w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:b/><w:bCs/><w:kern w:val="28"/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="11"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:after="240"/></w:pPr><w:rPr><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="320" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr>
 <w:rPr><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr>
 <w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="40"/><w:outlineLvl w:val="2"/></w:pPr>
 <w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>
 <w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:qFormat/>
 <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:after="80"/><w:ind w:left="425" w:hanging="283"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/><w:basedOn w:val="Normal"/>
 <w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:qFormat/>
 <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:spacing w:after="80"/><w:ind w:left="425" w:hanging="425"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/>
 <w:next w:val="Normal"/><w:uiPriority w:val="35"/><w:unhideWhenUsed/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/></w:pPr>
 <w:rPr><w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/>
 <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
 <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>
 <w:uiPriority w:val="99"/><w:unhideWhenUsed/>
 <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Versionsmarke"><w:name w:val="Versionsmärke"/>
 <w:basedOn w:val="Footer"/><w:uiPriority w:val="20"/>
 <w:pPr><w:spacing w:before="60"/><w:jc w:val="right"/></w:pPr>
 <w:rPr><w:color w:val="595959"/><w:sz w:val="14"/><w:szCs w:val="14"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabelltext"><w:name w:val="Tabelltext"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellrubrik"><w:name w:val="Tabellrubrik"/>
 <w:basedOn w:val="Tabelltext"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:keepNext/></w:pPr><w:rPr><w:b/><w:bCs/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabelltextliten"><w:name w:val="Tabelltext liten"/>
 <w:basedOn w:val="Tabelltext"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellrubrikliten"><w:name w:val="Tabellrubrik liten"/>
 <w:basedOn w:val="Tabellrubrik"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tabellnot"><w:name w:val="Tabellnot"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:spacing w:before="60" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:rPr><w:color w:val="404040"/><w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Etikett"><w:name w:val="Etikett"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:spacing w:after="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Kompakt"><w:name w:val="Kompakt"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:spacing w:after="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Skrivrad"><w:name w:val="Skrivrad"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:tabs><w:tab w:val="right" w:leader="underscore" w:pos="{TEXT_W}"/></w:tabs>
 <w:spacing w:before="300" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Signaturrad"><w:name w:val="Signaturrad"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="7F7F7F"/></w:pBdr>
 <w:spacing w:before="320" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:right="567"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Anvisning"><w:name w:val="Anvisning"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:rPr><w:i/><w:iCs/><w:color w:val="404040"/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="Tabell"><w:name w:val="Tabell"/><w:basedOn w:val="TableNormal"/>
 <w:uiPriority w:val="40"/><w:qFormat/>
 <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:tblPr><w:tblBorders>
  <w:top w:val="single" w:sz="8" w:space="0" w:color="595959"/>
  <w:left w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
  <w:bottom w:val="single" w:sz="8" w:space="0" w:color="595959"/>
  <w:right w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
  <w:insideH w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
  <w:insideV w:val="single" w:sz="4" w:space="0" w:color="BFBFBF"/>
 </w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="71" w:type="dxa"/>
 <w:bottom w:w="40" w:type="dxa"/><w:right w:w="71" w:type="dxa"/></w:tblCellMar></w:tblPr>
 <w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>
  <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/></w:tcPr></w:tblStylePr></w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="Layouttabell"><w:name w:val="Layouttabell"/>
 <w:basedOn w:val="TableNormal"/><w:uiPriority w:val="41"/>
 <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
 <w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>
 <w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>
 <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>
 <w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
</w:styles>
"""

NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {nsdecls('w')}>
<w:abstractNum w:abstractNumId="0"><w:nsid w:val="5A1B0001"/><w:multiLevelType w:val="singleLevel"/>
 <w:tmpl w:val="5A1B1001"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>
 <w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="425" w:hanging="283"/></w:pPr>
 <w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:nsid w:val="5A1B0002"/><w:multiLevelType w:val="singleLevel"/>
 <w:tmpl w:val="5A1B1002"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="ListNumber"/>
 <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="425" w:hanging="425"/></w:pPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>
"""

SETTINGS_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings {nsdecls('w')}>
<w:zoom w:percent="100"/><w:defaultTabStop w:val="1304"/><w:hyphenationZone w:val="425"/>
<w:characterSpacingControl w:val="doNotCompress"/>
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
<w:compatSetting w:name="overrideTableStyleFontSizeAndJustification" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
<w:compatSetting w:name="enableOpenTypeFeatures" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
<w:compatSetting w:name="doNotFlipMirrorIndents" w:uri="http://schemas.microsoft.com/office/word" w:val="1"/>
</w:compat>
<w:themeFontLang w:val="sv-SE"/><w:decimalSymbol w:val=","/><w:listSeparator w:val=";"/>
</w:settings>
"""

# Word has no Liberation Sans on most Windows machines; the panose and altName let it
# substitute the metric-compatible Arial.
FONT_TABLE_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts {nsdecls('w')}>
<w:font w:name="{FONT}"><w:altName w:val="Arial"/><w:panose1 w:val="020B0604020202020204"/>
 <w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>
 <w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="DejaVu Sans"><w:panose1 w:val="020B0603030804020204"/><w:charset w:val="00"/>
 <w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>
"""

_DROP_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/webSettings",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)


def new_document():
    """python-docx's default package, cut down to the parts a clean template needs."""
    doc = Document()
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _DROP_RELS]:
            del rels[rid]
    doc.part._styles_part._element = parse_xml(STYLES_XML.encode())
    doc.part.numbering_part._element = parse_xml(NUMBERING_XML.encode())
    doc.part._settings_part._element = parse_xml(SETTINGS_XML.encode())
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            rel.target_part._blob = FONT_TABLE_XML.encode()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
    section.left_margin, section.right_margin = Twips(MARGIN_L), Twips(MARGIN_R)
    section.top_margin, section.bottom_margin = Twips(MARGIN_T), Twips(MARGIN_B)
    section.header_distance, section.footer_distance = Twips(HEADER_D), Twips(FOOTER_D)
    section.start_type = WD_SECTION.NEW_PAGE
    section.different_first_page_header_footer = True
    return doc


# --- Building blocks ---------------------------------------------------------------


def para(container, text: str = "", style: str | None = None, bold: bool = False):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
    return p


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


def header_row(row) -> None:
    """Mark a table's first row as a header row that repeats on every page."""
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def min_height(row, twips: int) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{twips}" w:hRule="atLeast"/>'))


def cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    trPr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))


def data_table(doc, headings: list[str], cells: list[str], widths: list[int], loop: str, small: bool = False):
    """A table with a header row and one template row repeated by `{%tr for … %}`;
    `small` sets it in 9 pt, for a table of many columns."""
    suffix = " liten" if small else ""
    t = table(doc, widths, "Tabell", rows=4)
    header_row(t.rows[0])
    for cell, text in zip(t.rows[0].cells, headings):
        set_cell(cell, text, "Tabellrubrik" + suffix)
    set_cell(t.rows[1].cells[0], f"{{%tr for {loop} %}}")
    for cell, text in zip(t.rows[2].cells, cells):
        set_cell(cell, text, "Tabelltext" + suffix)
    cant_split(t.rows[2])
    set_cell(t.rows[3].cells[0], "{%tr endfor %}")
    return t


def label_table(doc, rows: list[tuple[str, str]], label_w: int = 3118):
    """Label | value rows, e.g. the parties of an agreement."""
    widths = [label_w, TEXT_W - label_w]
    t = table(doc, widths, "Tabell", rows=len(rows))
    for row, (label, value) in zip(t.rows, rows):
        set_cell(row.cells[0], label, "Tabellrubrik")
        set_cell(row.cells[1], value)
        min_height(row, 397)
        cant_split(row)
    # No header row: the first row is data, so the table style's first-row look is off.
    t._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
    t._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:val"), "0000")
    return t


def tiny_paragraph(container) -> None:
    """The paragraph Word requires after a table in a header, footer or cell, kept small."""
    p = container.add_paragraph()
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>')
    )


def clear(container) -> None:
    for p in list(container.paragraphs):
        p._p.getparent().remove(p._p)


# --- Letterhead: headers and footers ---------------------------------------------------


def letterhead(doc) -> None:
    """Page 1: administration and department left, the document block right, address footer.
    Later pages: Dnr and Sida X (N) in the same right-hand column."""
    section = doc.sections[0]

    first = section.first_page_header
    clear(first)
    t = table(first, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, [("{%p if head.logo %}", None), ("{{ head.logo }}", None), ("{%p endif %}", None),
                    ("{{ head.administration }}", None), ("{{ head.department }}", None)], "Header")
    left.paragraphs[1]._p.get_or_add_pPr().append(
        parse_xml(f'<w:spacing {nsdecls("w")} w:after="120"/>'))
    left.paragraphs[3].runs[0].bold = True
    set_cell(right, [("{{ head.kind }}", None), ("Dnr {{ head.dnr }}", None), ("", None), ("", None),
                     ("{{ head.date|datum }}", None)], "Header")
    right.paragraphs[0].runs[0].bold = True
    page_x_of_n(right.paragraphs[2])
    tiny_paragraph(first)

    later = section.header
    clear(later)
    t = table(later, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, "{{ head.administration }}", "Header")
    set_cell(right, [("Dnr {{ head.dnr }}", None), ("", None)], "Header")
    page_x_of_n(right.paragraphs[1])
    tiny_paragraph(later)

    footer = section.first_page_footer
    clear(footer)
    para(footer, "{%p if head.postal %}", "Footer")
    half = TEXT_W // 2
    t = table(footer, [half, TEXT_W - half], "Layouttabell")
    t._tbl.tblPr.append(
        parse_xml(
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="0" w:color="7F7F7F"/>'
            "</w:tblBorders>"
        )
    )
    a, b = t.rows[0].cells
    set_cell(a, [("{{ head.visiting_address }}", None), ("{{ head.postal }}", None)], "Footer")
    set_cell(b, [("{{ head.email }}", None), ("{{ head.web }}", None)], "Footer")
    for cell in (a, b):
        cell.paragraphs[0]._p.get_or_add_pPr().append(
            parse_xml(f'<w:spacing {nsdecls("w")} w:before="80"/>')
        )
    para(footer, "{%p endif %}", "Footer")
    tiny_paragraph(footer)
    section.footer.is_linked_to_previous = False
    clear(section.footer)
    para(section.footer, "", "Footer")


# --- The three templates ----------------------------------------------------------------


def version_mark(doc) -> None:
    """'märke 1a2b3c4d5e' at the foot of every page, so a printed paper can be matched to
    the case revision it came from ('iopdocs history' prints the same mark)."""
    section = doc.sections[0]
    para(section.first_page_footer, "märke {{ mark }}", "Versionsmärke")
    later = section.footer.paragraphs[0]
    later.style = "Versionsmärke"
    later.add_run("märke {{ mark }}")


def statement() -> bytes:
    doc = new_document()
    letterhead(doc)
    version_mark(doc)

    t = table(doc, [LEFT_COL, RIGHT_COL], "Layouttabell")
    left, right = t.rows[0].cells
    set_cell(left, [("Handläggare", "Etikett"), ("{{ officer.name }}", "Kompakt"),
                    ("{% if officer.phone %}Telefon: {{ officer.phone }}{% endif %}", "Kompakt")])
    set_cell(right, [("Till", "Etikett"), ("{{ addressee }}", "Kompakt")])
    for cell in (left, right):
        cell.paragraphs[0]._p.get_or_add_pPr().append(
            parse_xml(f'<w:spacing {nsdecls("w")} w:before="360"/>')
        )

    para(doc, "{{ title }}", "Title")
    para(doc, "{%p if subtitle %}")
    para(doc, "{{ subtitle }}", "Subtitle")
    para(doc, "{%p endif %}")

    para(doc, "Förvaltningens förslag till beslut", "Heading 1")
    para(doc, "{{p proposal }}")
    para(doc, "Sammanfattning", "Heading 1")
    para(doc, "{{p summary }}")

    para(doc, "{%p if background %}")
    para(doc, "Bakgrund", "Heading 1")
    para(doc, "{{p background }}")
    para(doc, "{%p endif %}")

    para(doc, "{%p if matter %}")
    para(doc, "Ärendet", "Heading 1")
    para(doc, "{%p for item in matter %}")
    para(doc, "{%p if item.level == 2 %}")
    para(doc, "{{ item.heading }}", "Heading 2")
    para(doc, "{%p elif item.level == 3 %}")
    para(doc, "{{ item.heading }}", "Heading 3")
    para(doc, "{%p endif %}")
    para(doc, "{{p item.body }}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if agreements %}")
    para(doc, "Tabell 1. Överenskommelser som föreslås", "Caption")
    widths = [2494, 1871, 2608, TEXT_W - 2494 - 1871 - 2608]
    data_table(
        doc,
        ["Organisation", "Organisationsnr", "Period", "Stadens medel per år"],
        ["{{ a.name }}", "{{ a.orgnr }}", "{{ a.period }}", "{{ a.amount }}"],
        widths,
        "a in agreements",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    para(doc, "{%p if preparation %}")
    para(doc, "Ärendets beredning", "Heading 1")
    para(doc, "{{p preparation }}")
    para(doc, "{%p endif %}")

    para(doc, "{%p if opinion or exception %}")
    para(doc, "{{ opinion_heading }}", "Heading 1")
    para(doc, "{{p opinion }}")
    para(doc, "{%p if exception %}")
    para(doc, "Skäl att lägga fram förslaget trots ofullständig bedömning", "Heading 2")
    para(doc, "{{p exception }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")

    para(doc, "{%p if signatories %}")
    spacer = para(doc, "")
    spacer._p.get_or_add_pPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="480" w:after="0"/>'))
    half = TEXT_W // 2
    t = table(doc, [1, half, TEXT_W - half - 1], "Layouttabell")
    a, b, c = t.rows[0].cells
    set_cell(a, "{%tc for s in signatories %}", "Kompakt")
    set_cell(b, [("{{ s.name }}", "Kompakt"), ("{{ s.title }}", "Kompakt"), ("{{ s.organisation }}", "Kompakt")])
    set_cell(c, "{%tc endfor %}", "Kompakt")
    cant_split(t.rows[0])
    para(doc, "{%p endif %}")

    para(doc, "{%p if attachments %}")
    para(doc, "Bilagor", "Heading 1")
    para(doc, "{{p attachments }}")
    para(doc, "{%p endif %}")
    return save(doc, "Mall: Tjänsteutlåtande")


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
                p._p.get_or_add_pPr().append(
                    parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0"/>')
                )
    cant_split(t.rows[0])


def prose_block(doc, heading: str, variable: str, style: str = "Heading 2") -> None:
    para(doc, heading, style)
    para(doc, f"{{{{p {variable} }}}}")


def assessment() -> bytes:
    doc = new_document()
    letterhead(doc)
    para(doc, "Bedömning inför en överenskommelse om IOP", "Title")
    para(doc, "{{ partner_name }}", "Subtitle")
    para(doc, "{%p if blank %}")
    para(
        doc,
        "Blanketten fylls i av handläggaren innan nämnden ingår en överenskommelse om idéburet "
        "offentligt partnerskap (IOP), en blankett per organisation. Den bifogas tjänsteutlåtandet.",
        "Anvisning",
    )
    para(doc, "{%p endif %}")

    para(doc, "Parter", "Heading 1")
    label_table(
        doc,
        [
            ("Organisationens namn", "{{ party.name }}"),
            ("Organisationsnummer", "{{ party.orgnr }}"),
            ("Associationsform", "{{ party.legal_form }}"),
            ("Firmatecknare", "{{ party.signatory }}"),
            ("Kontaktperson", "{{ party.contact }}"),
            ("Initiativ till partnerskapet", "{{ party.initiative }}"),
            ("Nämnd och förvaltning", "{{ party.city }}"),
        ],
    )

    para(doc, "Samhällsutmaning och syfte", "Heading 1")
    prose_block(doc, "Den gemensamma samhällsutmaningen", "challenge")
    prose_block(doc, "Politiskt beslutat program eller mål i stadens budget", "programme")
    prose_block(doc, "Varför de planerade aktiviteterna är väsentliga", "essential")

    para(doc, "Kontroller av organisationen", "Heading 1")
    widths = [2268, 1644, 2041, 1191, TEXT_W - 2268 - 1644 - 2041 - 1191]
    data_table(
        doc,
        ["Kontroll", "Resultat", "Underlag", "Datum", "Kommentar"],
        ["{{ c.label }}", "{{ c.result }}", "{{ c.evidence }}", "{{ c.date }}", "{{ c.comment }}"],
        widths,
        "c in checks",
    )

    para(doc, "Juridisk bedömning", "Heading 1")
    prose_block(doc, "Upphandling: varför lagen om offentlig upphandling (LOU) inte är tillämplig", "legal.procurement")
    prose_block(doc, "Statsstöd: varför stödet inte är otillåtet statsstöd", "legal.state_aid")
    prose_block(doc, "Kommunal kompetens enligt kommunallagen", "legal.competence")
    prose_block(doc, "Föreningsbidrag: varför partnerskapet inte ingår i ordinarie bidrag", "legal.grants")

    para(doc, "Parternas bidrag", "Heading 1")
    para(doc, "Staden", "Heading 2")
    label_table(
        doc,
        [
            ("Medel per år", "{{ city.amount }}"),
            ("Lokaler", "{{ city.premises }}"),
            ("Personal", "{{ city.staff }}"),
            ("Övrigt", "{{ city.other }}"),
        ],
    )
    para(doc, "Organisationen", "Heading 2")
    label_table(
        doc,
        [
            ("Ideella timmar per år", "{{ organisation.volunteer_hours }}"),
            ("Egen finansiering per år", "{{ organisation.own_funding }}"),
            ("Lokaler", "{{ organisation.premises }}"),
            ("Övrigt", "{{ organisation.other }}"),
        ],
    )

    para(doc, "Villkor i överenskommelsen", "Heading 1")
    label_table(
        doc,
        [
            ("Avtalsperiod", "{{ terms.period }}"),
            ("Uppsägningstid", "{{ terms.notice }}"),
            ("Dialogmöten", "{{ terms.dialogue_meetings }}"),
            ("Uppföljning", "{{ terms.follow_up }}"),
        ],
    )
    para(doc, "Tabell 1. Indikatorer för uppföljning", "Caption")
    widths = [3685, 1020, 1701, TEXT_W - 3685 - 1020 - 1701]
    data_table(
        doc,
        ["Indikator", "Enhet", "Utgångsvärde (år)", "Målvärden"],
        ["{{ i.name }}", "{{ i.unit }}", "{{ i.baseline }}", "{{ i.targets }}"],
        widths,
        "i in indicators",
    )

    para(doc, "Samlad bedömning och rekommendation", "Heading 1")
    para(doc, "{{p overall }}")
    para(doc, "{{p warning }}")
    p = para(doc, "Rekommendation: ", "Normal", bold=True)
    p.add_run("{{ recommendation }}")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="240"/>'))

    para(doc, "Underskrifter", "Heading 1")
    signature_table(
        doc,
        [
            ("Handläggare", [("Namnförtydligande", "{{ officer }}"), ("Datum", "{{ date }}")]),
            ("Chef", [("Namnförtydligande", "{{ manager }}"), ("Datum", "{{ date }}")]),
        ],
    )
    return save(doc, "Mall: Bedömning inför en överenskommelse om IOP")


def follow_up() -> bytes:
    doc = new_document()
    letterhead(doc)
    para(doc, "Uppföljning av överenskommelse", "Title")
    para(doc, "{{ partner_name }} {{ period }}", "Subtitle")
    para(doc, "{%p if blank %}")
    para(
        doc,
        "Blanketten fylls i för varje överenskommelse och uppföljningsperiod efter dialogmötet "
        "mellan förvaltningen och organisationen.",
        "Anvisning",
    )
    para(doc, "{%p endif %}")

    para(doc, "Överenskommelsen", "Heading 1")
    label_table(
        doc,
        [
            ("Organisation", "{{ agreement.partner }}"),
            ("Överenskommelsens dnr", "{{ agreement.dnr }}"),
            ("Överenskommelsen gäller", "{{ agreement.period }}"),
            ("Uppföljningsperiod", "{{ agreement.follow_up_period }}"),
            ("Dialogmöte", "{{ agreement.meeting }}"),
            ("Deltagare", "{{ agreement.participants }}"),
        ],
    )

    para(doc, "Genomförda aktiviteter", "Heading 1")
    widths = [3118, 3118, TEXT_W - 6236]
    data_table(
        doc,
        ["Aktivitet enligt verksamhetsplanen", "Genomfört", "Kommentar"],
        ["{{ a.planned }}", "{{ a.done }}", "{{ a.comment }}"],
        widths,
        "a in activities",
    )

    para(doc, "Målgrupp som nåtts", "Heading 1")
    t = table(doc, [4536, TEXT_W - 4536], "Tabell", rows=7)
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

    para(doc, "Indikatorer", "Heading 1")
    # Eight columns in 15.2 cm: 9 pt text, and soft hyphens (U+00AD) where a header word
    # is wider than its column.
    widths = [1700, 760, 940, 940, 760, 1100, 1100]
    widths.append(TEXT_W - sum(widths))
    t = data_table(
        doc,
        ["Indikator", "Enhet", "Utgångs\u00advärde", "Målvärde {{ period }}", "Utfall {{ period }}",
         "Mål\u00aduppfyllelse", "Utveckling", "Kommentar"],
        ["{{ i.name }}", "{{ i.unit }}", "{{ i.baseline }}", "{{ i.target }}", "{{ i.outcome }}",
         "{{ i.attainment }}", "{{ i.trend }}", "{{ i.comment }}"],
        widths,
        "i in indicators",
        small=True,
    )
    # A short table read as a whole: its rows and the first rule stay on one page together.
    for cell in t.rows[2].cells:
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    min_height(t.rows[2], 567)  # room to write by hand in the blank form
    para(doc, "{{ attainment_rule }}", "Tabellnot").paragraph_format.keep_with_next = True
    para(doc, "{{ trend_rule }}", "Tabellnot")
    para(doc, "{{p charts }}")

    para(doc, "Parternas bidrag", "Heading 1")
    label_table(
        doc,
        [
            ("Stadens utbetalda medel", "{{ money.paid }}"),
            ("Budgeterade medel för perioden", "{{ money.budget }}"),
            ("Organisationens bidrag", "{{ money.organisation }}"),
        ],
    )

    prose_block(doc, "Avvikelser", "deviations", "Heading 1")
    prose_block(doc, "Lärdomar", "lessons", "Heading 1")
    prose_block(doc, "Överenskomna förändringar", "changes", "Heading 1")
    prose_block(doc, "Samlad bedömning", "overall", "Heading 1")
    para(doc, "Beslut om fortsättning", "Heading 1")
    para(doc, "{{ decision }}")

    para(doc, "Underskrifter", "Heading 1")
    signature_table(
        doc,
        [
            ("För {{ sign_city }}", [("Namnförtydligande", ""), ("Datum", "")]),
            ("För {{ sign_organisation }}", [("Namnförtydligande", ""), ("Datum", "")]),
        ],
    )
    return save(doc, "Mall: Uppföljning av överenskommelse")


def save(doc, title: str) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    props = CoreProperties(title=title, date=TEMPLATE_DATE, creator="iopdocs")
    return normalise(buffer.getvalue(), props)


TEMPLATES = {
    "tjansteutlatande.docx": statement,
    "bedomning.docx": assessment,
    "uppfoljning.docx": follow_up,
}


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "templates"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        (out_dir / name).write_bytes(build())
        print(f"skrev {out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
