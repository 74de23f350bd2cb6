"""The package parts every template shares, written as raw XML: styles.xml with the
document defaults (Liberation Sans 11 pt, sv-SE) and the styles clerks pick from in Word
(Title, Heading 1–3, List Bullet/Number, Caption, the table styles and the house styles),
numbering.xml for the two list styles, settings.xml and the font table."""

from __future__ import annotations

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ..documents.chartfonts import DOCUMENT_FONT
from .page import TEXT_W

FONT = DOCUMENT_FONT  # the charts use the same font
VERSION_MARK_STYLE = "Versionsmarke"

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
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{VERSION_MARK_STYLE}"><w:name w:val="Versionsmärke"/>
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
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Arendetext"><w:name w:val="Ärendetext"/>
 <w:basedOn w:val="Normal"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:ind w:left="425"/></w:pPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="Undertecknare"><w:name w:val="Undertecknare"/>
 <w:basedOn w:val="Kompakt"/><w:uiPriority w:val="20"/><w:qFormat/>
 <w:pPr><w:keepNext/><w:keepLines/><w:tabs><w:tab w:val="left" w:pos="{TEXT_W // 2}"/></w:tabs></w:pPr></w:style>
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


def styles_part():
    """styles.xml as an element: the same styles in every template."""
    return parse_xml(STYLES_XML.encode())
