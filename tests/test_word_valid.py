"""Every .docx iopdocs writes opens in Word without a repair: `openxml-audit -f microsoft365
--policy strict` (the test extras) finds no error in it.

DOCUMENTS lists what is checked, one function per kind of document, each returning
{file name: .docx bytes}; a new kind of document gets a function here.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
from templatefiles import TEMPLATES, example_project

from iopdocs.case.load import load_case
from iopdocs.documents.render import render_blank_forms, render_case
from iopdocs.meeting.agenda import render_agenda
from iopdocs.meeting.collect import collect_meeting
from iopdocs.meeting.file import load_meeting_file
from iopdocs.meeting.minutes import render_extract, render_minutes
from iopdocs.meeting.proceedings import paragraphs
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
AUDIT = Path(sys.executable).parent / "openxml-audit"


def _project() -> Project:
    return example_project()


def statements_and_forms() -> dict[str, bytes]:
    project = _project()
    out = {}
    for folder in project.case_dirs([]):
        for document in render_case(load_case(project, folder), TEMPLATES):
            out[f"{folder.name}-{document.name}.docx"] = document.data
    return out


def blank_forms() -> dict[str, bytes]:
    project = _project()
    profile = load_case(project, project.case_dirs(["exempel-iop"])[0]).profile
    return {f"{d.name}.docx": d.data for d in render_blank_forms(TEMPLATES, profile)}


def agenda() -> dict[str, bytes]:
    meeting = collect_meeting(_project(), dt.date(2023, 12, 7))
    pages = {item.number: (2, 7) for item in meeting.items}
    return {"foredragningslista.docx": render_agenda(meeting, TEMPLATES, pages)}


def minutes() -> dict[str, bytes]:
    """The example meeting's minutes, their web copy and an extract of each paragraph."""
    project, date = _project(), dt.date(2023, 12, 7)
    meeting = collect_meeting(project, date)
    meeting_file, _ = load_meeting_file(project, date)
    found = paragraphs(meeting, meeting_file)
    out = {"protokoll.docx": render_minutes(meeting, meeting_file, found, TEMPLATES),
           "protokoll-webb.docx": render_minutes(meeting, meeting_file, found, TEMPLATES, public=True)}
    for paragraph in found:
        out[f"utdrag-{paragraph.number}.docx"] = render_extract(meeting, meeting_file, paragraph, TEMPLATES)
    return out


def templates() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(TEMPLATES.glob("*.docx"))}


DOCUMENTS: dict[str, Callable[[], dict[str, bytes]]] = {
    "statements and forms": statements_and_forms,
    "blank forms": blank_forms,
    "agenda": agenda,
    "minutes": minutes,
    "templates": templates,
}


def audit(folder: Path) -> dict[str, list[str]]:
    """openxml-audit's errors for every .docx in folder, by file name."""
    run = subprocess.run(
        [str(AUDIT), "-f", "microsoft365", "--policy", "strict", "-r", "-o", "json", "-m", "0", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    reports = json.loads(run.stdout)
    return {Path(r["file"]).name: [f"{e.get('part_uri')} {e.get('path')}: {e['description']}" for e in r["errors"]]
            for r in reports}


@pytest.mark.skipif(not AUDIT.exists(), reason="openxml-audit saknas: pip install -e '.[test]'")
@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_every_docx_passes_the_strict_word_check(kind: str, tmp_path: Path):
    documents = DOCUMENTS[kind]()
    assert documents
    for name, data in documents.items():
        (tmp_path / name).write_bytes(data)
    found = audit(tmp_path)
    assert sorted(found) == sorted(documents)
    assert {name: errors for name, errors in found.items() if errors} == {}


def test_the_check_finds_the_footer_table_in_the_wrong_schema_order(tmp_path: Path):
    """The check itself catches what issue 12 found: tblBorders after tblLayout in tblPr."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO((TEMPLATES / "bedomning.docx").read_bytes()))
    with zipfile.ZipFile(tmp_path / "fel.docx", "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/footer1.xml":
                text = data.decode()
                start, end = text.index("<w:tblBorders"), text.index("</w:tblBorders>") + len("</w:tblBorders>")
                borders = text[start:end]
                text = text[:start] + text[end:]
                data = text.replace("</w:tblPr>", borders + "</w:tblPr>", 1).encode()
            out.writestr(info, data)
    if not AUDIT.exists():
        pytest.skip("openxml-audit saknas")
    assert any("tblBorders" in e for e in audit(tmp_path)["fel.docx"])


