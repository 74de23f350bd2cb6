"""Rendering the case model into Word documents: content, styles, lists, escaping, bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
import subprocess
import sys
import zipfile
from functools import lru_cache
from pathlib import Path

import docx
import pytest
from lxml import etree
from templatefiles import TEMPLATES, example_project

from iopdocs import filters, model
from iopdocs.case import attainment
from iopdocs.case.load import load_case
from iopdocs.documents import charts, fingerprint
from iopdocs.documents.render import RenderedDocument, render_blank_forms, render_case
from iopdocs.errors import UserError
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = example_project()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SOFT_HYPHEN = "\u00ad"


@lru_cache
def case(name: str) -> model.Case:
    return load_case(PROJECT, PROJECT.cases_dir / name)


@lru_cache
def rendered(name: str) -> dict[str, RenderedDocument]:
    return {d.name: d for d in render_case(case(name), TEMPLATES)}


def open_docx(document: RenderedDocument | bytes) -> docx.document.Document:
    data = document.data if isinstance(document, RenderedDocument) else document
    return docx.Document(io.BytesIO(data))


def paragraph_text(p) -> str:
    out = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        out.append(el.text or "" if el.tag == f"{W}t" else " ")
    return "".join(out)


def body_paragraphs(doc) -> list[tuple[str, str]]:
    """(style name, text) of the body's top-level paragraphs."""
    return [(p.style.name, p.text) for p in doc.paragraphs]


def headings(doc) -> list[tuple[str, str]]:
    return [(s, t) for s, t in body_paragraphs(doc) if s.startswith("Heading") or s == "Title"]


def table_rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def part_texts(doc) -> dict[str, str]:
    """Text of the body and of each header and footer part, by part name."""
    texts = {"body": "\n".join(paragraph_text(p) for p in doc.element.body.iter(f"{W}p"))}
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            part = rel.target_part
            texts[str(part.partname)] = "\n".join(paragraph_text(p) for p in part.element.iter(f"{W}p"))
    return texts


def all_documents() -> list[tuple[str, RenderedDocument]]:
    docs = [(f"{c}/{n}", d) for c in ("rk-2023-17", "exempel-iop") for n, d in rendered(c).items()]
    docs += [(f"mall/{d.name}", d) for d in render_blank_forms(TEMPLATES, case("exempel-iop").profile)]
    docs += [(f"mall-utan-profil/{d.name}", d) for d in render_blank_forms(TEMPLATES)]
    return docs


# --- What the case renders to ------------------------------------------------------------


def test_a_case_renders_its_statement_assessment_agreement_and_follow_ups():
    docs = rendered("exempel-iop")
    assert list(docs) == ["tjansteutlatande", "bedomning", "overenskommelse", "uppfoljning-2024", "uppfoljning-2025"]
    assert docs["tjansteutlatande"].title == (
        "Tjänsteutlåtande: Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva")
    assert docs["bedomning"].title == (
        "Bedömning inför en överenskommelse om IOP – Exempelföreningen Läxhjälp Järva")
    assert docs["uppfoljning-2024"].title == "Uppföljning av överenskommelse – Exempelföreningen Läxhjälp Järva 2024"


def test_a_consultation_without_assessments_renders_only_the_statement():
    assert list(rendered("rk-2023-17")) == ["tjansteutlatande"]


def test_statement_headings_come_in_the_seed_order_in_heading_styles():
    doc = open_docx(rendered("exempel-iop")["tjansteutlatande"])
    assert headings(doc) == [
        ("Title", "Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"),
        ("Heading 1", "Förvaltningens förslag till beslut"),
        ("Heading 1", "Sammanfattning"),
        ("Heading 1", "Bakgrund"),
        ("Heading 1", "Ärendet"),
        ("Heading 2", "Den gemensamma samhällsutmaningen"),
        ("Heading 3", "Läxhjälp Järva"),
        ("Heading 2", "Verksamheten"),
        ("Heading 1", "Ärendets beredning"),
        ("Heading 1", "Förvaltningens förslag"),
        ("Heading 1", "Bilagor"),
    ]
    assert ("Subtitle", "Förslag till ny överenskommelse") in body_paragraphs(doc)


def test_partner_section_names_the_priority_area_then_the_description():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    paragraphs = body_paragraphs(doc)
    at = paragraphs.index(("Heading 3", "Kista SC"))
    assert paragraphs[at + 1][1] == (
        "Den nuvarande överenskommelsen avser de prioriterade områdena stöd och insatser för egen försörjning "
        "med prioritet på kvinnor som står långt ifrån arbetsmarknaden och stöd och insatser för företrädesvis "
        "barn och unga samt unga med funktionsvariationer.")
    assert paragraphs[at + 2][1].startswith("Ett av partnerskapets övergripande mål")
    at = paragraphs.index(("Heading 3", "Fryshuset"))
    assert paragraphs[at + 1][1].startswith("Den nuvarande överenskommelsen avser det prioriterade området stöd")


def test_several_proposal_points_are_a_numbered_list_and_each_list_restarts():
    doc = open_docx(rendered("exempel-iop")["tjansteutlatande"])
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    texts = [p.text for p in numbered]
    assert texts[0].startswith("Rinkeby-Kista stadsdelsnämnd ingår en överenskommelse")
    assert texts[1].startswith("Rinkeby-Kista stadsdelsnämnd avsätter 450 000 kronor")
    assert texts[2:5] == ["två dialogmöten per år,", "en årlig uppföljning av gemensamma indikatorer,",
                          "föreningens verksamhetsberättelse."]
    assert texts[5:] == [
        # as the titles are written: no "." the title does not have
        "Bedömning inför en överenskommelse om IOP – Exempelföreningen Läxhjälp Järva",
        "Förslag till överenskommelse med verksamhetsplan (dnr RK 2023/412-2)",
    ]
    # One w:num per list: proposal, the list in Verksamheten, Bilagor.
    assert num_ids[0] == num_ids[1] and num_ids[2] == num_ids[3] == num_ids[4] and num_ids[5] == num_ids[6]
    assert len({num_ids[0], num_ids[2], num_ids[5]}) == 3
    numbering = doc.part.numbering_part.element
    for num_id in {num_ids[0], num_ids[2], num_ids[5]}:
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']")[0]
        assert num.xpath("w:lvlOverride/w:startOverride/@w:val") == ["1"]


def test_a_single_proposal_is_a_plain_paragraph():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    paragraphs = body_paragraphs(doc)
    at = paragraphs.index(("Heading 1", "Förvaltningens förslag till beslut"))
    assert paragraphs[at + 1] == (
        "Normal",
        "Rinkeby-Kista stadsdelsnämnd godkänner förvaltningens tjänsteutlåtande och överlämnar det till "
        "kommunstyrelsen som yttrade över remissen.",
    )


def test_bullets_use_list_bullet_and_bold_runs_stay_bold():
    doc = open_docx(rendered("exempel-iop")["tjansteutlatande"])
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["läxhjälp fyra eftermiddagar i veckan i Rinkeby och Tensta,",
                       "studiecirklar för föräldrar om skolsystemet,", "lovskola under sommarlovet."]
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    assert "tre dialogmöten" in bold


def test_statement_first_page_has_the_stockholm_block_and_later_pages_dnr_and_page():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    first = "\n".join(paragraph_text(p) for p in section.first_page_header._element.iter(f"{W}p"))
    for line in ("Rinkeby-Kista stadsdelsförvaltning", "Stadsutveckling, medborgarservice och fritid",
                 "Tjänsteutlåtande", "Dnr RK 2023/17", "Sida 1 (1)", "2023-02-16"):
        assert line in first
    instructions = [i.text.strip() for i in section.first_page_header._element.iter(f"{W}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    later = "\n".join(paragraph_text(p) for p in section.header._element.iter(f"{W}p"))
    assert "Dnr RK 2023/17" in later and "Sida 1 (1)" in later
    assert [i.text.strip() for i in section.header._element.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    footer = "\n".join(paragraph_text(p) for p in section.first_page_footer._element.iter(f"{W}p"))
    for line in ("Kungsklippan 6", "112 25 Stockholm", "daniel.lauridsen@stockholm.se", "start.stockholm"):
        assert line in footer
    officer = table_rows(doc.tables[0])
    assert officer == [["Handläggare\nFelicia Wennberg Gonzalez\nTelefon: 08 508 02 178",
                        "Till\nRinkeby-Kista stadsdelsnämnd"]]


def test_signatures_sit_side_by_side_with_acting_title_and_administration():
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    lines = [p.text for p in doc.paragraphs if p.style.name == "Undertecknare"]
    assert lines == [
        "Victoria Callenmark\tAdrian Göransson",
        "tf. stadsdelsdirektör\tavdelningschef",
        "Rinkeby-Kista stadsdelsförvaltning\tRinkeby-Kista stadsdelsförvaltning",
    ]
    tab = doc.styles["Undertecknare"].element.find(f"{W}pPr/{W}tabs/{W}tab")
    assert int(tab.get(f"{W}pos")) == 8617 // 2  # the second signatory at the middle of the line


def test_a_third_signatory_comes_below_the_first_two():
    the_case = case("rk-2023-17")
    third = the_case.signatories[0].model_copy(update={"name": "Tredje Person"})
    meta = the_case.meta.model_copy(update={"signatories": [*the_case.signatories, third]})
    doc = open_docx(render_case(the_case.model_copy(update={"meta": meta}), TEMPLATES)[0])
    lines = [p.text for p in doc.paragraphs if p.style.name == "Undertecknare"]
    assert lines[3] == "" and lines[4] == "Tredje Person" and len(lines) == 7


def test_new_agreement_statement_has_a_row_per_partner():
    doc = open_docx(rendered("exempel-iop")["tjansteutlatande"])
    rows = table_rows([t for t in doc.tables if t.rows[0].cells[0].text == "Organisation"][0])
    assert rows == [["Organisation", "Organisationsnr", "Period", "Stadens medel per år"],
                    ["Exempelföreningen Läxhjälp Järva", "802500-1234", "2024-01-01 – 2026-12-31",
                     "450\u202f000\u00a0kr"]]


# --- The assessment form ---------------------------------------------------------------------


def assessment_doc(the_case: model.Case | None = None):
    docs = render_case(the_case or case("exempel-iop"), TEMPLATES)
    return open_docx([d for d in docs if d.name.startswith("bedomning")][0])


def find_table(doc, first_cell: str):
    return [t for t in doc.tables if t.rows[0].cells[0].text == first_cell][0]


def test_assessment_holds_parties_checks_legal_contributions_terms_and_recommendation():
    doc = assessment_doc()
    assert [t for s, t in headings(doc) if s in ("Title", "Heading 1")] == [
        "Bedömning inför en överenskommelse om IOP", "Parter", "Samhällsutmaning och syfte",
        "Kontroller av organisationen", "Juridisk bedömning", "Parternas bidrag", "Villkor i överenskommelsen",
        "Samlad bedömning och rekommendation", "Underskrifter"]
    parties = dict(map(tuple, table_rows(find_table(doc, "Organisationens namn"))))
    assert parties["Organisationsnummer"] == "802500-1234"
    assert parties["Associationsform"] == "Ideell förening"
    assert parties["Firmatecknare"] == "Sara Exempeldotter, ordförande"
    assert parties["Kontaktperson"] == "Omar Exempel, verksamhetsledare\n070-000 00 00, omar@example.org"
    assert parties["Initiativ till partnerskapet"] == "Organisationen"
    checks = table_rows(find_table(doc, "Kontroll"))
    assert checks[0] == ["Kontroll", "Resultat", "Underlag", "Datum", "Kommentar"]
    assert [r[0].replace("\u200b", "").replace("\u00ad", "") for r in checks[1:]] == list(model.CHECK_LABELS.values())
    assert checks[1] == [model.CHECK_LABELS["idea_driven"], "Uppfyllt", "Stadgar antagna 2019-03-10, registreringsbevis",
                         "2023-09-15", "Allmännyttigt syfte, ingen offentlig kontroll, vinst återinvesteras."]
    city = dict(map(tuple, table_rows(find_table(doc, "Medel per år"))))
    assert city["Medel per år"] == "450\u202f000\u00a0kr"
    organisation = dict(map(tuple, table_rows(find_table(doc, "Ideella timmar per år"))))
    assert organisation["Ideella timmar per år"] == "2\u202f400"
    terms = dict(map(tuple, table_rows(find_table(doc, "Avtalsperiod"))))
    assert terms["Uppsägningstid"] == "6\u00a0månader"
    indicators = table_rows(find_table(doc, "Indikator"))
    assert [r[0] for r in indicators[1:]] == [i.name for i in case("exempel-iop").indicators]
    assert indicators[1][2:] == ["60 (2023)", "2024: 90\n2025: 120\n2026: 150"]
    texts = [p.text for p in doc.paragraphs]
    assert "Rekommendation: ☒\u00a0Ingå\u00a0överenskommelse   ☐\u00a0Ingå\u00a0inte\u00a0överenskommelse" in texts
    assert any(p.startswith("Staden betalar inte för en tjänst") for p in texts)


def with_checks(**changes) -> model.Case:
    base = case("exempel-iop")
    partner = base.partners[0]
    checks = partner.assessment.checks.model_copy(update=changes)
    assessment = partner.assessment.model_copy(update={"checks": checks})
    return base.model_copy(update={
        "partners": [partner.model_copy(update={"assessment": assessment})],
        "meta": base.meta.model_copy(update={"assessment_exception": "Föreningen har ansökt om utdraget."}),
    })


def test_missing_check_is_shown_as_saknas_and_the_gap_is_stated_with_the_exception():
    the_case = with_checks(debts=None)
    doc = assessment_doc(the_case)
    checks = table_rows(find_table(doc, "Kontroll"))
    assert checks[4][:2] == [model.CHECK_LABELS["debts"], "Saknas"]
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Observera: bedömningen rekommenderar") for t in texts)
    assert any("Föreningen har ansökt om utdraget." in t for t in texts)
    statement = open_docx(render_case(the_case, TEMPLATES)[0])
    paragraphs = body_paragraphs(statement)
    at = paragraphs.index(("Heading 2", "Skäl att lägga fram förslaget trots ofullständig bedömning"))
    assert paragraphs[at - 1][1] == "Förvaltningen föreslår att nämnden ingår överenskommelsen."
    stated = " ".join(t for _, t in paragraphs[at:])
    assert model.CHECK_LABELS["debts"] in stated and "Skäl: Föreningen har ansökt om utdraget." in stated


def two_partner_case() -> model.Case:
    base = case("exempel-iop")
    first = base.partners[0]
    second = first.model_copy(update={"id": "andra", "name": "Andra föreningen", "short_name": None})
    follow_ups = [f.model_copy(update={"partner": first.id}) for f in base.follow_ups]
    follow_ups.append(base.follow_ups[0].model_copy(update={"partner": "andra"}))
    indicators = [i.model_copy(update={"partner": first.id}) for i in base.indicators]
    return base.model_copy(update={"partners": [first, second], "follow_ups": follow_ups,
                                   "indicators": indicators})


def test_several_partners_give_one_assessment_and_follow_up_each_named_by_partner():
    docs = render_case(two_partner_case(), TEMPLATES)
    assert [d.name for d in docs] == [
        "tjansteutlatande", "bedomning-laxhjalp-jarva", "bedomning-andra",
        "overenskommelse-laxhjalp-jarva", "overenskommelse-andra",
        "uppfoljning-laxhjalp-jarva-2024", "uppfoljning-laxhjalp-jarva-2025", "uppfoljning-andra-2024"]
    assert docs[2].title == "Bedömning inför en överenskommelse om IOP – Andra föreningen"
    statement = open_docx(docs[0])
    rows = table_rows(find_table(statement, "Organisation"))
    assert [r[0] for r in rows[1:]] == ["Exempelföreningen Läxhjälp Järva", "Andra föreningen"]
    assert len(find_table(open_docx(docs[5]), "Indikator").rows) == 1 + len(case("exempel-iop").indicators)


def test_a_partner_without_indicators_gets_a_sentence_instead_of_an_empty_table():
    docs = {d.name: open_docx(d) for d in render_case(two_partner_case(), TEMPLATES)}
    for name, sentence in (("bedomning-andra", "Inga indikatorer för uppföljning har angetts."),
                           ("uppfoljning-andra-2024", "Inga indikatorer har angetts för överenskommelsen.")):
        doc = docs[name]  # the indicators belong to the first partner
        assert not [t for t in doc.tables if t.rows[0].cells[0].text == "Indikator"]
        texts = [p.text for p in doc.paragraphs]
        assert sentence in texts and "Tabell 1. Indikatorer för uppföljning" not in texts
        assert attainment.RULE not in texts
    for name in ("bedomning-laxhjalp-jarva", "uppfoljning-laxhjalp-jarva-2024"):
        texts = [p.text for p in docs[name].paragraphs]
        assert not [t for t in texts if t.startswith("Inga indikatorer")]


# --- The follow-up form ----------------------------------------------------------------------


def test_follow_up_holds_agreement_activities_reached_indicators_and_decision():
    doc = open_docx(rendered("exempel-iop")["uppfoljning-2024"])
    agreement = dict(map(tuple, table_rows(find_table(doc, "Organisation"))))
    assert agreement["Överenskommelsens dnr"] == "RK 2023/412"
    assert agreement["Överenskommelsen gäller"] == "2024-01-01 – 2026-12-31"
    assert agreement["Uppföljningsperiod"] == "2024"
    assert agreement["Dialogmöte"] == "2025-02-12"
    assert agreement["Deltagare"].split("\n") == case("exempel-iop").follow_ups[0].participants
    activities = table_rows(find_table(doc, "Aktivitet enligt verksamhetsplanen"))
    assert len(activities) == 4
    assert activities[2] == ["Studiecirklar för föräldrar", "Tre cirklar i stället för fem",
                             "Svårt att rekrytera cirkelledare."]
    reached = table_rows(find_table(doc, "Deltagare"))
    assert reached[1:] == [["Totalt", "143"], ["Kvinnor och flickor", "78"], ["Män och pojkar", "65"],
                           ["Åldersgrupp 10–12 år", "51"], ["Åldersgrupp 13–15 år", "92"]]
    indicators = table_rows(find_table(doc, "Indikator"))
    assert [h.replace(SOFT_HYPHEN, "") for h in indicators[0]] == [
        "Indikator", "Enhet", "Utgångsvärde", "Målvärde 2024", "Utfall 2024", "Måluppfyllelse", "Utveckling",
        "Kommentar"]
    assert indicators[1] == ["Elever som deltar i läxhjälp minst en gång i veckan", "antal", "60 (2023)", "90", "95",
                             "Uppnått", "Förbättring", "Fler än väntat efter information i skolorna."]
    money = dict(map(tuple, table_rows(find_table(doc, "Stadens utbetalda medel"))))
    assert money["Stadens utbetalda medel"] == money["Budgeterade medel för perioden"] == "450\u202f000\u00a0kr"
    texts = [p.text for p in doc.paragraphs]
    assert "☒\u00a0Fortsätta   ☐\u00a0Revidera   ☐\u00a0Avsluta" in texts
    changes = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert changes == ["Föräldracirklarna flyttas till kvällstid.", "Föreningen rekryterar två nya cirkelledare."]


def test_a_missing_outcome_is_saknas_never_zero():
    doc = open_docx(rendered("exempel-iop")["uppfoljning-2025"])
    rows = table_rows(find_table(doc, "Indikator"))
    dropout = [r for r in rows if r[0] == "Andel deltagare som slutar inom tre månader"][0]
    assert dropout[3:] == ["20", "Saknas", "Utfall saknas", "Förbättring (t.o.m. 2024)",
                           "Föreningen har inte kunnat ta fram siffran för 2025."]
    assert "0" not in dropout[4:6]
    missing_lessons = [p for p in doc.paragraphs if p.text == "Uppgift saknas."]
    assert missing_lessons and missing_lessons[0].runs[0].italic


# By hand from cases/exempel-iop/indicators.yaml and attainment.RULE (baseline → target: outcome):
# deltagare (higher) 2024: 60 → 90: 95 reaches the target; 2025: 60 → 120: 112 is 52 of 60 up, over halfway.
# foraldrar (higher) 2024: 0 → 40: 22 is over halfway (20); 2025: 0 → 60: 61 reaches it.
# avbrott (lower) 2024: 30 → 25: 27 is 3 of 5 down, over halfway; 2025: no outcome, the trend stops at 2024.
EXPECTED_ATTAINMENT = {
    "uppfoljning-2024": [("Uppnått", "Förbättring"), ("Delvis uppnått", "Förbättring"),
                         ("Delvis uppnått", "Förbättring")],
    "uppfoljning-2025": [("Delvis uppnått", "Förbättring"), ("Uppnått", "Förbättring"),
                         ("Utfall saknas", "Förbättring (t.o.m. 2024)")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ATTAINMENT))
def test_the_indicator_table_gives_attainment_and_trend_by_the_rule(name):
    rows = table_rows(find_table(open_docx(rendered("exempel-iop")[name]), "Indikator"))
    assert [tuple(r[5:7]) for r in rows[1:]] == EXPECTED_ATTAINMENT[name]
    assert [r[0] for r in rows[1:]] == [i.name for i in case("exempel-iop").indicators]


def test_the_attainment_and_trend_rules_are_printed_right_under_the_indicator_table():
    doc = open_docx(rendered("exempel-iop")["uppfoljning-2024"])
    table = find_table(doc, "Indikator")._tbl
    notes = [table.getnext(), table.getnext().getnext()]
    assert [docx.text.paragraph.Paragraph(p, doc).style.name for p in notes] == ["Tabellnot", "Tabellnot"]
    assert [paragraph_text(p) for p in notes] == [attainment.RULE, attainment.TREND_RULE]


def test_the_indicator_table_keeps_together_with_its_rules_and_leaves_room_to_write():
    for document in (rendered("exempel-iop")["uppfoljning-2025"],
                     render_blank_forms(TEMPLATES, case("exempel-iop").profile)[1]):
        doc = open_docx(document)
        table = find_table(doc, "Indikator")
        assert all(c.paragraphs[0].paragraph_format.keep_with_next for row in table.rows[1:] for c in row.cells)
        rule = docx.text.paragraph.Paragraph(table._tbl.getnext(), doc)
        assert rule.paragraph_format.keep_with_next
        assert all(row.height.cm >= 1 for row in table.rows[1:])


def drawings(doc) -> list:
    return list(doc.element.body.iter(f"{W}drawing"))


@pytest.mark.parametrize("name", ["uppfoljning-2024", "uppfoljning-2025"])
def test_the_follow_up_has_a_captioned_chart_per_indicator_with_its_alt_text(name):
    document = rendered("exempel-iop")[name]
    doc = open_docx(document)
    the_case = case("exempel-iop")
    period = int(name.rsplit("-", 1)[1])
    assert len(drawings(doc)) == len(doc.inline_shapes) == len(the_case.indicators) == 3
    assert [s._inline.docPr.get("descr") for s in doc.inline_shapes] == [
        charts.alt_text(i, until=period) for i in the_case.indicators]
    captions = [p for p in doc.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == [f"Diagram {n}. {i.name}" for n, i in enumerate(the_case.indicators, 1)]
    for caption in captions:  # each caption stands right above its chart
        assert caption._p.getnext().find(f".//{W}drawing") is not None
    text_width = doc.sections[0].page_width - doc.sections[0].left_margin - doc.sections[0].right_margin
    assert all(s.width < text_width for s in doc.inline_shapes)
    media = [n for n in zipfile.ZipFile(io.BytesIO(document.data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 3


def test_a_follow_up_without_indicators_has_no_charts():
    docs = {d.name: d for d in render_case(two_partner_case(), TEMPLATES)}
    other = open_docx(docs["uppfoljning-andra-2024"])
    assert drawings(other) == [] and not [p for p in other.paragraphs if p.style.name == "Caption"]


# --- Blank forms -------------------------------------------------------------------------------


def test_blank_forms_have_boxes_lines_and_empty_rows():
    docs = {d.name: d for d in render_blank_forms(TEMPLATES, case("exempel-iop").profile)}
    assert list(docs) == ["bedomning-mall", "uppfoljning-mall", "overenskommelse-mall"]
    assessment = open_docx(docs["bedomning-mall"])
    checks = table_rows(find_table(assessment, "Kontroll"))
    assert len(checks) == 1 + len(model.CHECK_LABELS)
    assert checks[1][1:] == ["☐\u00a0Uppfyllt\n☐\u00a0Ej\u00a0uppfyllt\n☐\u00a0Ej\u00a0tillämpligt", "", "", ""]
    assert len([p for p in assessment.paragraphs if p.style.name == "Skrivrad"]) >= 20
    assert all(t != "Saknas" for row in checks for t in row)
    follow_up = open_docx(docs["uppfoljning-mall"])
    assert table_rows(find_table(follow_up, "Aktivitet enligt verksamhetsplanen"))[1:] == [["", "", ""]] * 5
    assert table_rows(find_table(follow_up, "Indikator"))[1:] == [[""] * 8] * 8
    assert drawings(follow_up) == []
    assert attainment.RULE in [p.text for p in follow_up.paragraphs]
    assert "☐\u00a0Fortsätta   ☐\u00a0Revidera   ☐\u00a0Avsluta" in [p.text for p in follow_up.paragraphs]
    assert "Rinkeby-Kista stadsdelsförvaltning" in part_texts(follow_up)["body"]


def test_blank_forms_without_a_profile_render_and_leave_the_address_out():
    docs = render_blank_forms(TEMPLATES)
    doc = open_docx(docs[0])
    footer = "\n".join(paragraph_text(p) for p in doc.sections[0].first_page_footer._element.iter(f"{W}p"))
    assert footer.strip() == ""
    assert docs[0].title == "Bedömning inför en överenskommelse om IOP – mall"


# --- Escaping ------------------------------------------------------------------------------------


def hostile_case() -> model.Case:
    base = case("exempel-iop")
    partner = base.partners[0].model_copy(update={"name": "Konst & Hantverk <AB>", "short_name": None})
    meta = base.meta.model_copy(update={
        "title": "{{ 7*7 }} och {% if true %}ja{% endif %}",
        "subtitle": "{_{ x }_} & </w:t></w:r></w:p>",
        "summary": model.text.parse("Text med {{ 7 * 7 }} & <, och {%p if x %}."),
    })
    return base.model_copy(update={"partners": [partner], "meta": meta})


def test_case_values_appear_literally_never_break_the_xml_and_are_never_evaluated():
    docs = render_case(hostile_case(), TEMPLATES)
    statement = open_docx(docs[0])
    texts = [p.text for p in statement.paragraphs]
    assert "{{ 7*7 }} och {% if true %}ja{% endif %}" in texts
    assert "{_{ x }_} & </w:t></w:r></w:p>" in texts
    assert "Text med {{ 7 * 7 }} & <, och {%p if x %}." in texts
    assert not any("49" in t for t in texts)
    assert "Konst & Hantverk <AB>" in texts  # the partner's sub-heading
    assessment = open_docx(docs[1])
    assert "Konst & Hantverk <AB>" in [p.text for p in assessment.paragraphs]
    title = etree.fromstring(zipfile.ZipFile(io.BytesIO(docs[0].data)).read("docProps/core.xml"))
    assert title.findtext("{http://purl.org/dc/elements/1.1/}title") == (
        "Tjänsteutlåtande: {{ 7*7 }} och {% if true %}ja{% endif %}")


# --- Well-formed, deterministic files ----------------------------------------------------------


def test_every_xml_part_of_every_document_parses_without_recovery_and_no_tags_are_left():
    parser = etree.XMLParser(recover=False, resolve_entities=False)
    for label, document in all_documents():
        with zipfile.ZipFile(io.BytesIO(document.data)) as package:
            assert package.testzip() is None
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    etree.fromstring(package.read(name), parser)  # raises on any error
        for part, text in part_texts(open_docx(document)).items():
            for tag in ("{{", "}}", "{%", "%}"):
                assert tag not in text, f"{label} {part}: {tag}"


def test_documents_use_the_templates_styles_language_and_core_properties():
    document = rendered("rk-2023-17")["tjansteutlatande"]
    package = zipfile.ZipFile(io.BytesIO(document.data))
    styles = etree.fromstring(package.read("word/styles.xml"))
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert {k.split("}")[1]: v for k, v in lang.attrib.items()} == {"val": "sv-SE", "eastAsia": "sv-SE",
                                                                     "bidi": "sv-SE"}
    fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Liberation Sans"
    props = open_docx(document).core_properties
    assert props.title == "Tjänsteutlåtande: Revidering av riktlinjer för idéburet offentligt partnerskap (IOP)"
    assert props.subject == "RK 2023/17"
    assert props.author == "Rinkeby-Kista stadsdelsförvaltning"
    assert props.language == "sv-SE"
    assert props.created == props.modified == dt.datetime(2023, 2, 16, tzinfo=props.created.tzinfo)
    assert props.last_modified_by == "iopdocs" and props.revision == 1
    infos = package.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_rendering_twice_gives_identical_bytes_even_in_separate_processes():
    script = (
        "import hashlib, sys; from pathlib import Path; from iopdocs.case.load import load_case; from iopdocs.project import Project;"
        "from iopdocs.documents.render import render_case, render_blank_forms;"
        "p = Project(Path(sys.argv[1]));"
        "docs = [d for c in ('rk-2023-17', 'exempel-iop') for d in render_case(load_case(p, p.cases_dir / c), "
        "Path(sys.argv[2]))] + render_blank_forms(Path(sys.argv[2]));"
        "print(' '.join(d.name + ':' + hashlib.sha256(d.data).hexdigest() for d in docs))"
    )
    runs = [subprocess.run([sys.executable, "-c", script, str(ROOT), str(TEMPLATES)], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
            for seed in ("1", "2")]
    assert runs[0] == runs[1]
    here = " ".join(f"{d.name}:{hashlib.sha256(d.data).hexdigest()}"
                    for c in ("rk-2023-17", "exempel-iop") for d in render_case(case(c), TEMPLATES))
    assert runs[0].startswith(here)


def test_every_template_has_the_styles_the_renderer_needs():
    """The templates are the clerks' source: no test compares their bytes to a generator,
    only that each keeps the styles the renderer emits (by style id)."""
    for name in ("tjansteutlatande.docx", "bedomning.docx", "uppfoljning.docx", "overenskommelse.docx",
                 "foredragningslista.docx", "protokoll.docx", "protokollsutdrag.docx"):
        ids = {style.style_id for style in docx.Document(str(TEMPLATES / name)).styles}
        assert {"Heading1", "Heading2", "ListBullet", "ListNumber"} <= ids, name


def test_a_missing_template_is_a_swedish_user_error(tmp_path):
    with pytest.raises(UserError, match="Mallen tjansteutlatande.docx saknas"):
        render_case(case("rk-2023-17"), tmp_path)


@pytest.mark.parametrize("tag", ["{{ title|kr }}", "{{ title() }}", "{{ title|langt_datum }}"])
def test_a_tag_that_fails_as_the_template_is_filled_is_a_swedish_user_error(tmp_path, tag):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    path = templates / "tjansteutlatande.docx"
    document = docx.Document(str(path))
    title = next(p for p in document.paragraphs if p.text == "{{ title }}")
    for run in title.runs[1:]:
        run._r.getparent().remove(run._r)
    title.runs[0].text = tag
    document.save(str(path))
    with pytest.raises(UserError, match="Mallen tjansteutlatande.docx kunde inte fyllas i: en mallkod gav ett fel"):
        render_case(case("rk-2023-17"), templates)


# --- Swedish filters ---------------------------------------------------------------------------


def test_swedish_filters():
    assert filters.datum(dt.date(2023, 2, 16)) == "2023-02-16"
    assert filters.langt_datum(dt.date(2023, 2, 16)) == "16 februari 2023"
    assert filters.kr(1250000) == "1\u202f250\u202f000\u00a0kr"
    assert filters.procent(12.5) == "12,5\u00a0%"
    assert filters.procent(12) == "12\u00a0%"
    assert filters.tal(60.0) == "60" and filters.tal(0) == "0" and filters.tal(-1234.5) == "−1\u202f234,5"
    assert filters.tal(2.345) == "2,34" and filters.tal(1000) == "1\u202f000"
    assert filters.varde(27, "procent") == "27\u00a0%"
    assert filters.manader(1) == "1\u00a0månad" and filters.manader(6) == "6\u00a0månader"
    for f in (filters.datum, filters.langt_datum, filters.kr, filters.procent, filters.tal, filters.manader):
        assert f(None) == ""
    assert filters.saknas(None) == "Saknas" and filters.saknas(0) == 0


# --- The profile's logo --------------------------------------------------------------------------


def with_logo(tmp_path: Path, logo: str) -> tuple[model.Case, Path]:
    from PIL import Image

    templates = tmp_path / "templates"
    (templates / "profiles").mkdir(parents=True)
    for name in ("tjansteutlatande.docx", "bedomning.docx", "uppfoljning.docx"):
        (templates / name).write_bytes((TEMPLATES / name).read_bytes())
    Image.new("RGB", (120, 40), (0, 88, 161)).save(templates / "profiles" / "logo.png")
    base = case("rk-2023-17")
    return base.model_copy(update={"profile": base.profile.model_copy(update={"logo": logo})}), templates


def test_the_logo_goes_top_left_on_page_one_with_its_alt_text(tmp_path):
    the_case, templates = with_logo(tmp_path, "logo.png")
    first, second = render_case(the_case, templates)[0], render_case(the_case, templates)[0]
    assert first.data == second.data
    header = open_docx(first).sections[0].first_page_header._element
    doc_pr = header.xpath(".//wp:docPr")
    assert [d.get("descr") for d in doc_pr] == ["Stockholms stad"]
    assert "word/media/image1.png" in zipfile.ZipFile(io.BytesIO(first.data)).namelist()


def test_a_logo_outside_the_profile_folder_is_refused(tmp_path):
    the_case, templates = with_logo(tmp_path, "../../hemlig.png")
    with pytest.raises(UserError, match="utanför profilmappen"):
        render_case(the_case, templates)


# --- The version mark ------------------------------------------------------------------------------


def footer_texts(doc) -> tuple[str, str]:
    """The text of page 1's footer and of later pages' footer."""
    section = doc.sections[0]
    return tuple("\n".join(paragraph_text(p) for p in footer._element.iter(f"{W}p"))
                 for footer in (section.first_page_footer, section.footer))


def mark_of(the_case: model.Case) -> str:
    return fingerprint.case_mark(fingerprint.case_files(Path(the_case.folder)))


def test_every_page_of_the_statement_carries_the_mark_of_the_case_files():
    the_case = case("rk-2023-17")
    mark = mark_of(the_case)
    assert len(mark) == 10
    doc = open_docx(rendered("rk-2023-17")["tjansteutlatande"])
    first, later = footer_texts(doc)
    assert f"märke {mark}" in first.split("\n") and later == f"märke {mark}"
    style = [p for p in doc.sections[0].footer.paragraphs if p.text][0].style
    assert style.name == "Versionsmärke" and style.font.size.pt < 8


def test_changing_a_case_file_changes_the_printed_mark(tmp_path):
    from casefolder import edit, make_project

    root = make_project(tmp_path)
    project = Project(root)

    def printed() -> str:
        the_case = load_case(project, project.cases_dir / "x")
        statement = open_docx(render_case(the_case, TEMPLATES)[0])
        later = footer_texts(statement)[1]
        assert later == f"märke {mark_of(the_case)}"
        return later

    before = printed()
    assert before == f"märke {mark_of(case('exempel-iop'))}"  # the same files, the same mark
    edit(root, "cases/x/indicators.yaml", "2025: {value: 61}", "2025: {value: 62}")
    assert printed() != before


def test_the_build_key_follows_the_chart_libraries(tmp_path, monkeypatch):
    folder = PROJECT.cases_dir / "exempel-iop"
    profile = PROJECT.profiles_dir / "rinkeby-kista.yaml"
    key = fingerprint.build_key(folder, profile, TEMPLATES)
    real = fingerprint.metadata.version
    for package in ("matplotlib", "Pillow"):
        monkeypatch.setattr(fingerprint.metadata, "version",
                            lambda name, package=package: "0.0" if name == package else real(name))
        assert fingerprint.build_key(folder, profile, TEMPLATES) != key, package
