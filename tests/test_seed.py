"""The statement built from cases/rk-2023-17 reproduces the real one (tests/fixtures/seed.txt)."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import docx
from templatefiles import example_project

from iopdocs.case.load import load_case
from iopdocs.documents.render import render_case

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "seed.txt"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SEED_HEADINGS = [
    "Förvaltningens förslag till beslut",
    "Sammanfattning",
    "Bakgrund",
    "Ärendet",
    "Om IOP i Rinkeby-Kista stadsdelsnämnd",
    "Fryshuset",
    "Husby Konst och Hantverkarförening",
    "Kista SC",
    "Löparakademin",
    "Rinkeby Folkets Hus",
    "Studiefrämjandet",
    "Om remissen",
    "Ärendets beredning",
    "Förvaltningens synpunkter och förslag",
    "Bilagor",
]


def statement() -> docx.document.Document:
    project = example_project()
    case = load_case(project, project.cases_dir / "rk-2023-17")
    document = render_case(case, project.templates_dir)[0]
    assert document.name == "tjansteutlatande"
    return docx.Document(io.BytesIO(document.data))


def paragraph_text(p) -> str:
    return "".join(el.text or "" if el.tag == f"{W}t" else " " for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"))


def document_text(doc) -> str:
    """Body paragraphs and tables, headers and footers: every paragraph of every part."""
    roots = [doc.element.body] + [
        rel.target_part.element for rel in doc.part.rels.values() if rel.reltype.endswith(("/header", "/footer"))
    ]
    return "\n".join(paragraph_text(p) for root in roots for p in root.iter(f"{W}p"))


def words(text: str) -> Counter:
    return Counter(w for w in re.split(r"\W+", text.lower()) if w)


def f1(produced: Counter, expected: Counter) -> float:
    common = sum((produced & expected).values())
    precision = common / sum(produced.values())
    recall = common / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


def test_statement_words_match_the_seed():
    score = f1(words(document_text(statement())), words(SEED.read_text(encoding="utf-8")))
    assert score >= 0.97, score


def test_statement_headings_come_in_the_seed_order():
    doc = statement()
    found = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert found == SEED_HEADINGS
    seed = SEED.read_text(encoding="utf-8")
    positions = [seed.index(f"\n{h} ") if f"\n{h} " in seed else seed.index(f"\n{h}\n") for h in SEED_HEADINGS]
    assert positions == sorted(positions)


def test_statement_title_and_subtitle_open_the_document():
    doc = statement()
    titled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name in ("Title", "Subtitle")]
    assert titled == [("Title", "Revidering av riktlinjer för idéburet offentligt partnerskap (IOP)"),
                      ("Subtitle", "Yttrande till kommunstyrelsen")]
