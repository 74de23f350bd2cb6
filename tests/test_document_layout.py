"""What a clerk would otherwise fix by hand in the .docx: words that fit their table
columns, signatures that keep with the text before them, writing lines that stay
together, blank forms with room to write, and the follow-up's facts."""

from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from templatefiles import TEMPLATES, example_project

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.documents.render import RenderedDocument, render_blank_forms, render_case

ROOT = Path(__file__).resolve().parent.parent
PROJECT = example_project()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Left + right cell margins of the table styles (styles.py), in twips.
CELL_MARGINS = {"Tabell": 142, "Layouttabell": 113}


@lru_cache
def case(name: str) -> model.Case:
    return load_case(PROJECT, PROJECT.cases_dir / name)


@lru_cache
def rendered(name: str) -> dict[str, RenderedDocument]:
    return {d.name: d for d in render_case(case(name), TEMPLATES)}


@lru_cache
def blank() -> dict[str, RenderedDocument]:
    return {d.name: d for d in render_blank_forms(TEMPLATES, case("exempel-iop").profile)}


def open_docx(document: RenderedDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(document.data))


def every_document() -> list[tuple[str, RenderedDocument]]:
    docs = [(f"{c}/{n}", d) for c in ("rk-2023-17", "exempel-iop") for n, d in rendered(c).items()]
    return docs + [(f"mall/{n}", d) for n, d in blank().items()]


# --- Words fit their table columns ---------------------------------------------------------------


@lru_cache
def font(bold: bool) -> FT2Font:
    prop = font_manager.FontProperties(family="Liberation Sans", weight="bold" if bold else "normal")
    return FT2Font(font_manager.findfont(prop, fallback_to_default=False))


def text_width(text: str, size_pt: float, bold: bool) -> float:
    """The width in twips of `text` set in Liberation Sans."""
    face = font(bold)
    face.set_size(size_pt, 1440)  # at 1440 dpi a pixel is a twip, and hinting rounds little
    face.set_text(text)
    return face.get_width_height()[0] / 64


def style_font(style) -> tuple[float, bool]:
    """(size in pt, bold) of a paragraph style, following its basedOn chain."""
    size = bold = None
    while style is not None and (size is None or bold is None):
        size = size if size is not None else (style.font.size.pt if style.font.size else None)
        bold = bold if bold is not None else style.font.bold
        style = style.base_style
    return size or 11.0, bool(bold)


def unbreakable_words(text: str) -> list[str]:
    """What a line may not break inside: split at spaces, after a hyphen or slash, and at
    zero-width spaces and soft hyphens; the box of '☐ Ej tillämpligt' (no-break spaces) is
    not measured, the glyph comes from another font."""
    text = text.replace("☐\u00a0", "").replace("☒\u00a0", "")
    words = re.split(r"[ \n\t\u200b\u00ad]|(?<=[-/–])", text)
    return [w.replace("\u00a0", " ") for w in words if w]


def too_narrow(document: RenderedDocument) -> list[str]:
    found = []
    doc = open_docx(document)
    for table in doc.tables:
        margins = CELL_MARGINS.get(table.style.name if table.style is not None else "", 216)
        for row in table.rows:
            for cell in row.cells:
                width = cell.width.twips if cell.width is not None else None
                if width is None:
                    continue
                for paragraph in cell.paragraphs:
                    size, bold = style_font(paragraph.style)
                    for word in unbreakable_words(paragraph.text):
                        if text_width(word, size, bold) > width - margins:
                            found.append(f"'{word}' ({round(text_width(word, size, bold))} twips) > {width - margins}")
    return found


@pytest.mark.parametrize("name, document", every_document(), ids=[n for n, _ in every_document()])
def test_no_word_in_a_table_is_wider_than_its_column(name: str, document: RenderedDocument):
    assert too_narrow(document) == []


def test_the_width_check_finds_the_words_the_old_checks_table_broke():
    """Before issue 12 the checks table was 10 pt with Underlag 2041 and Kommentar 1473 twips."""
    assert text_width("Verksamhetsberättelse", 10, False) > 2041 - CELL_MARGINS["Tabell"]
    assert text_width("demokrativillkoren.", 10, False) > 1473 - CELL_MARGINS["Tabell"]
    assert unbreakable_words("verksamhets\u00adberättelse och 2019-03-10") == [
        "verksamhets", "berättelse", "och", "2019-", "03-", "10"]


def test_the_checks_table_gives_kommentar_room():
    doc = open_docx(rendered("exempel-iop")["bedomning"])
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kontroll")
    widths = {cell.text: cell.width.twips for cell in table.rows[0].cells}
    assert widths["Kommentar"] >= 1800 and widths["Kommentar"] >= widths["Datum"]
    assert sum(widths.values()) == 8617


# --- Signatures and Bilagor keep with the text before them ---------------------------------------


def keeps_with_next(p) -> bool:
    ppr = p.find(f"{W}pPr")
    own = ppr is not None and ppr.find(f"{W}keepNext") is not None
    return own


def body_elements(doc) -> list:
    return [el for el in doc.element.body if el.tag in (f"{W}p", f"{W}tbl")]


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def chain_before(elements: list, index: int) -> list:
    """The paragraphs from the last one with text before elements[index], up to it."""
    start = index - 1
    while start >= 0 and (elements[start].tag != f"{W}p" or not paragraph_text(elements[start]).strip()):
        start -= 1
    return elements[start:index]


def signature_table_index(elements: list, first_text: str) -> int:
    return next(i for i, el in enumerate(elements)
                if el.tag == f"{W}tbl" and paragraph_text(el).startswith(first_text))


def test_the_statements_signatures_keep_with_the_text_before_and_the_bilagor_after():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    paragraphs = doc.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p.style.name == "Undertecknare")
    last = max(i for i, p in enumerate(paragraphs) if p.style.name == "Undertecknare")
    assert paragraphs[first - 2].text.startswith("Förvaltningen föreslår att nämnden godkänner")
    assert all(keeps_with_next(p._p) for p in paragraphs[first - 2:first])  # the last text, the space
    style = doc.styles["Undertecknare"].element.find(f"{W}pPr")
    assert style.find(f"{W}keepNext") is not None and style.find(f"{W}keepLines") is not None
    assert not doc.tables[-1]._tbl.xpath(".//w:t[contains(., 'Callenmark')]")  # no table: LibreOffice keeps none
    assert paragraphs[last + 1].text == "Bilagor" and paragraphs[last + 1].style.name == "Heading 1"


def test_only_the_last_paragraph_before_the_signatures_keeps_with_them():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    opinion = [p for p in doc.paragraphs if p.text.startswith(("IOP är ofta", "Förvaltningen föreslår att nämnden"))]
    assert [keeps_with_next(p._p) for p in opinion] == [False, True]


@pytest.mark.parametrize("document, heading, kept", [
    (lambda: rendered("exempel-iop")["bedomning"], "Handläggare", "Rekommendation:"),
    (lambda: rendered("exempel-iop")["uppfoljning-2024"], "För Rinkeby-Kista", "Partnerskapet utvecklas"),
    (lambda: blank()["bedomning-mall"], "Handläggare", "Rekommendation:"),
], ids=["bedomning", "uppfoljning", "bedomning-mall"])
def test_a_forms_signatures_keep_with_the_overall_assessment_before_them(document, heading, kept):
    elements = body_elements(open_docx(document()))
    index = signature_table_index(elements, heading)
    paragraphs = [el for el in elements[:index] if el.tag == f"{W}p"]
    start = next(i for i in range(len(paragraphs) - 1, -1, -1) if paragraph_text(paragraphs[i]).startswith(kept))
    # from the overall assessment's last paragraph on, every paragraph keeps with the next
    overall_last = start - 1 if kept == "Rekommendation:" else start
    chain = paragraphs[overall_last:]
    assert all(keeps_with_next(p) or p.find(f"{W}pPr/{W}pStyle[@{W}val='Heading1']") is not None for p in chain)


def test_writing_lines_of_a_blank_field_stay_together():
    """Each field's lines keep with the next line, the field's last line does not (no chain
    of the whole form)."""
    for name, document in blank().items():
        paragraphs = open_docx(document).paragraphs
        runs, lasts = [], []
        for p in paragraphs:
            if p.style.name == "Skrivrad":
                runs.append(keeps_with_next(p._p))
            elif runs:
                assert runs[:-1] == [True] * (len(runs) - 1)
                lasts.append(runs[-1])
                runs = []
        # only the overall assessment's lines keep with what follows (the signatures)
        assert lasts.count(True) == (name != "overenskommelse-mall") and lasts.count(False) >= 3, name


# --- Blank forms: room to write --------------------------------------------------------------------


def row_height(row) -> int:
    height = row._tr.find(f"{W}trPr/{W}trHeight")
    return int(height.get(f"{W}val")) if height is not None else 0


def label_rows(doc) -> dict[str, int]:
    """Label → row height in the label | value tables (the first row of that label)."""
    rows: dict[str, int] = {}
    for table in doc.tables:
        if len(table.columns) == 2:
            for row in table.rows:
                rows.setdefault(row.cells[0].paragraphs[0].text, row_height(row))
    return rows


def test_a_blank_forms_rows_are_tall_enough_to_write_in():
    assessment, follow_up = open_docx(blank()["bedomning-mall"]), open_docx(blank()["uppfoljning-mall"])
    rows = label_rows(assessment)
    assert rows["Kontaktperson"] >= 1600 and rows["Firmatecknare"] >= 1600  # name, phone, e-mail
    assert rows["Organisationsnummer"] >= 567 and rows["Avtalsperiod"] >= 567 and rows["Medel per år"] >= 567
    assert label_rows(follow_up)["Deltagare"] >= 1600
    cells = {p.text for t in assessment.tables for c in t.columns[0].cells for p in c.paragraphs}
    assert "namn, telefon, e-post" in cells


def test_a_filled_forms_rows_stay_one_line_high():
    rows = label_rows(open_docx(rendered("exempel-iop")["bedomning"]))
    assert rows["Kontaktperson"] == 397


def data_rows(doc, first_heading: str) -> list:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_heading)
    return list(table.rows)[1:]


def test_a_blank_form_has_eight_indicator_rows_of_a_centimetre():
    for name, heading in (("bedomning-mall", "Indikator"), ("uppfoljning-mall", "Indikator")):
        rows = data_rows(open_docx(blank()[name]), heading)
        assert len(rows) == 8 and all(row_height(r) >= 567 for r in rows)
    activities = data_rows(open_docx(blank()["uppfoljning-mall"]), "Aktivitet enligt verksamhetsplanen")
    assert all(row_height(r) >= 567 for r in activities)


# --- The follow-up's facts -------------------------------------------------------------------------


def agreement_rows(document: RenderedDocument) -> dict[str, str]:
    doc = open_docx(document)
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Organisation")
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def without_agreement_dnr(the_case: model.Case) -> model.Case:
    partners = [p.model_copy(update={"agreement": p.agreement.model_copy(update={"dnr": None})})
                if p.agreement else p for p in the_case.partners]
    return the_case.model_copy(update={"partners": partners})


def test_a_follow_up_without_an_agreement_dnr_prints_the_cases_as_its_header_does():
    the_case = without_agreement_dnr(case("exempel-iop"))
    document = next(d for d in render_case(the_case, TEMPLATES) if d.name.startswith("uppfoljning"))
    assert agreement_rows(document)["Överenskommelsens dnr"] == the_case.meta.dnr
    header = open_docx(document).sections[0].first_page_header
    assert f"Dnr {the_case.meta.dnr}" in [p.text for c in header.tables[0].columns[1].cells for p in c.paragraphs]


def test_a_follow_up_without_activities_says_uppgift_saknas():
    the_case = case("exempel-iop")
    follow_ups = [f.model_copy(update={"activities": []}) for f in the_case.follow_ups]
    documents = render_case(the_case.model_copy(update={"follow_ups": follow_ups}), TEMPLATES)
    doc = open_docx(next(d for d in documents if d.name.startswith("uppfoljning")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[texts.index("Genomförda aktiviteter") + 1] == "Uppgift saknas."
    assert not any(t.rows[0].cells[0].text.startswith("Aktivitet") for t in doc.tables)
