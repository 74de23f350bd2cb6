"""Templates saved by another word processor: styles are found by id when the name differs."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from templatefiles import TEMPLATES

from iopdocs.documents.styles import find_style
from iopdocs.documents.wordxml import Session
from iopdocs.history.trackeddoc import TrackedDocument
from iopdocs.history.trackedxml import Revision


def _renamed_heading_template(tmp_path: Path) -> Path:
    """The statement's template with "Heading 1" renamed, as a word processor may save it."""
    document = docx.Document(TEMPLATES / "tjansteutlatande.docx")
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == "Heading1":
            style.find(qn("w:name")).set(qn("w:val"), "Rubrik 1")
    path = tmp_path / "saved.docx"
    document.save(path)
    return path


def test_a_heading_is_found_by_style_id_when_its_name_changed(tmp_path):
    tracked = TrackedDocument(Revision("Test", None), base=_renamed_heading_template(tmp_path))
    paragraph = tracked._new_paragraph("Heading 1")
    assert paragraph.style.style_id == "Heading1"


def _restyled(tmp_path: Path, style_id: str, name: str | None = None, new_id: str | None = None) -> docx.Document:
    """The statement's template with one style renamed or given a new id (its paragraphs
    follow the new id, as a word processor saving the file would make them)."""
    document = docx.Document(TEMPLATES / "tjansteutlatande.docx")
    for style in document.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            if name is not None:
                style.find(qn("w:name")).set(qn("w:val"), name)
            if new_id is not None:
                style.set(qn("w:styleId"), new_id)
    path = tmp_path / "restyled.docx"
    document.save(path)
    return docx.Document(path)


def test_the_renderer_finds_a_renamed_list_style_by_its_id(tmp_path):
    session = Session(_restyled(tmp_path, "ListNumber", name="Numrerad lista"))
    assert session.styles["number"] == "ListNumber"
    assert session.new_list() is not None  # the numbering is found through the renamed style


def test_the_renderer_finds_a_style_by_name_when_writer_gave_it_a_new_id(tmp_path):
    # LibreOffice Writer writes built-in names capitalised ("Heading 2", not "heading 2").
    session = Session(_restyled(tmp_path, "Heading2", name="Heading 2", new_id="Rubrik2"))
    assert session.styles["item"] == "Rubrik2"


def test_find_style_gives_none_for_a_style_the_template_lacks():
    document = docx.Document(TEMPLATES / "tjansteutlatande.docx")
    assert find_style(document, "Finns Inte") is None
    assert find_style(document, "List Bullet").style_id == "ListBullet"
