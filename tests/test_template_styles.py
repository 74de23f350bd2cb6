"""Templates saved by another word processor: styles are found by id when the name differs."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from templatefiles import TEMPLATES

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
