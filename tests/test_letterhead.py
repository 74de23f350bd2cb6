"""The letterhead every document shares: page 1's address footer (the same in every
template, the switchboard printed, its right column under the header's document block)
and the profile's logo."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import docx
import pytest
from templatefiles import TEMPLATES, example_project

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.documents.render import render_case
from iopdocs.errors import UserError
from iopdocs.meeting.agenda import render_agenda
from iopdocs.meeting.collect import collect_meeting
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = example_project()
TEMPLATE_NAMES = ("tjansteutlatande.docx", "bedomning.docx", "uppfoljning.docx", "foredragningslista.docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def case(name: str = "rk-2023-17") -> model.Case:
    return load_case(PROJECT, PROJECT.cases_dir / name)


def grid(part) -> list[int]:
    """The column widths (twips) of the first table in a header or footer."""
    table = part._element.find(f"{W}tbl")
    return [int(col.get(f"{W}w")) for col in table.iter(f"{W}gridCol")]


def texts(part) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in part._element.iter(f"{W}p")]


def agenda_of(project: Project) -> bytes:
    meeting = collect_meeting(project, dt.date(2023, 12, 7))
    return render_agenda(meeting, project.templates_dir, {item.number: (2, 7) for item in meeting.items})


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_the_footers_right_column_lines_up_with_the_headers(name: str):
    section = docx.Document(str(TEMPLATES / name)).sections[0]
    header, footer = grid(section.first_page_header), grid(section.first_page_footer)
    assert footer[-1] == header[-1] and sum(footer) == sum(header)


def test_the_agenda_has_the_same_address_footer_as_the_other_documents():
    footers = {name: texts(docx.Document(str(TEMPLATES / name)).sections[0].first_page_footer)
               for name in TEMPLATE_NAMES}
    address = [t for t in footers["foredragningslista.docx"] if t.startswith("{{ head.")]
    assert "{{ head.switchboard }}" in address
    for name, lines in footers.items():
        assert [t for t in lines if t.startswith("{{ head.")] == address, name


def test_every_document_prints_the_profiles_switchboard_on_page_one():
    agenda = docx.Document(io.BytesIO(agenda_of(PROJECT)))
    footers = [docx.Document(io.BytesIO(d.data)).sections[0].first_page_footer for d in render_case(case(), TEMPLATES)]
    for footer in footers + [agenda.sections[0].first_page_footer]:
        assert "Växel 08-508 00 508" in texts(footer)


def test_without_a_phone_number_the_footer_has_no_switchboard_line():
    base = case()
    no_phone = base.model_copy(update={"profile": base.profile.model_copy(update={"phone": None})})
    footer = docx.Document(io.BytesIO(render_case(no_phone, TEMPLATES)[0].data)).sections[0].first_page_footer
    assert not any("Växel" in t for t in texts(footer))


# --- The logo ------------------------------------------------------------------------------------


def project_with_logo(tmp_path: Path, data: bytes | None) -> Path:
    """A copy of the project whose profile names logo.png (with `data`, or absent when None)."""
    root = tmp_path / "projekt"
    shutil.copytree(TEMPLATES, root / "templates")
    for folder in ("cases", "meetings"):
        shutil.copytree(ROOT / folder, root / folder)
    profile = root / "templates" / "profiles" / "rinkeby-kista.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    if data is not None:
        (root / "templates" / "profiles" / "logo.png").write_bytes(data)
    return root


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 88, 161)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_agenda_carries_the_profiles_logo_with_its_alt_text(tmp_path: Path):
    root = project_with_logo(tmp_path, png())
    header = docx.Document(io.BytesIO(agenda_of(Project(root)))).sections[0].first_page_header._element
    assert [d.get("descr") for d in header.xpath(".//wp:docPr")] == ["Stockholms stad"]


@pytest.mark.parametrize("data", [png()[:60], b"inte en bild", b""], ids=["avkortad", "text", "tom"])
def test_a_corrupt_logo_is_a_swedish_error_naming_the_file(tmp_path: Path, data: bytes):
    root = project_with_logo(tmp_path, data)
    project = Project(root)
    with pytest.raises(UserError) as caught:
        render_case(load_case(project, project.cases_dir / "rk-2023-17"), root / "templates")
    message = caught.value.message
    assert message.startswith("Logotypen logo.png i profilen") and ("trasig bild" in message or "ingen bild" in message)


def test_a_missing_logo_is_a_swedish_error_naming_the_file(tmp_path: Path):
    root = project_with_logo(tmp_path, None)
    project = Project(root)
    with pytest.raises(UserError, match="Logotypen logo.png i profilen"):
        render_case(load_case(project, project.cases_dir / "rk-2023-17"), root / "templates")
