"""A blank form as a case's attachment (`form: assessment` or `follow_up` with `blank: true`):
built with the case in its profile, and placed in the meeting's packet like any other."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from templatefiles import TEMPLATES

from iopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATE = "2023-12-07"
BLANK_ATTACHMENTS = (
    "  - title: Bedömning inför en överenskommelse om IOP (blankett)\n"
    "    form: assessment\n"
    "    blank: true\n"
    "  - title: Uppföljning av överenskommelse (blankett)\n"
    "    form: follow_up\n"
    "    blank: true\n"
)


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(project), *args], catch_exceptions=False)


def project_with_blank_attachments(root: Path, attachments: str = BLANK_ATTACHMENTS) -> Path:
    """rk-2023-17 (no assessed partner) on DATE, its Bilagor followed by `attachments`."""
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ROOT / "cases", root / "cases")
    case_yaml = root / "cases" / "rk-2023-17" / "case.yaml"
    text = case_yaml.read_text(encoding="utf-8").replace("meeting: 2023-03-16", f"meeting: {DATE}")
    case_yaml.write_text(text.rstrip("\n") + "\n" + attachments, encoding="utf-8")
    return root


def test_check_accepts_blank_attachments_and_build_makes_them_in_the_cases_profile(tmp_path: Path):
    project = project_with_blank_attachments(tmp_path)
    assert run(project, "check", "rk-2023-17").exit_code == 0
    assert run(project, "build", "--no-pdf", "rk-2023-17").exit_code == 0
    out = project / "build" / "rk-2023-17"
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "bedomning-mall.docx", "tjansteutlatande.docx", "uppfoljning-mall.docx"]
    form = docx.Document(out / "bedomning-mall.docx")
    assert form.core_properties.author == "Rinkeby-Kista stadsdelsförvaltning"
    assert [p.text for p in form.paragraphs[:2]] == ["Bedömning inför en överenskommelse om IOP", "Mall"]


@pytest.mark.parametrize("attachment, message", [
    ("  - title: Blankett\n    blank: true\n", "'blank: true' hör till en blankett: ange form: assessment, follow_up eller agreement"),
    ("  - title: Blankett\n    form: follow_up\n    blank: true\n    period: 2024\n",
     "en tom blankett (blank: true) gäller ingen partner eller period; ta bort 'period'"),
])
def test_a_blank_attachment_without_a_form_or_with_a_period_is_refused(tmp_path: Path, attachment: str, message: str):
    project = project_with_blank_attachments(tmp_path, attachment)
    result = run(project, "check", "rk-2023-17")
    assert result.exit_code == 1
    assert message in result.output and "attachments[2]" in result.output


def test_a_form_attachment_the_case_does_not_have_is_named_not_none(tmp_path: Path):
    """form: assessment with no partner in a case without assessments: no 'bedomning-None.pdf'."""
    project = project_with_blank_attachments(tmp_path, "  - title: Bedömning\n    form: assessment\n")
    (project / "cases" / "rk-2023-17" / "partners.yaml").unlink()
    result = CliRunner().invoke(main, ["--root", str(project), "packet", DATE])
    assert result.exit_code == 1
    assert "None" not in result.output and "bygg ärendet först" not in result.output
    # check already refuses it, located, and names the way out; packet stops on that
    assert "cases/rk-2023-17/case.yaml" in result.output
    assert "attachments[2].form: ärendet har inga partner i partners.yaml, så det finns ingen ifylld bedömning " \
           "att bifoga; skriv blank: true för den tomma blanketten" in result.output


def test_the_packet_holds_the_blank_forms_as_the_cases_attachments(tmp_path: Path):
    project = project_with_blank_attachments(tmp_path)
    result = run(project, "packet", DATE, "--publish")
    assert result.exit_code == 0, result.output
    assert list((project / "build" / "meetings" / DATE / "webb").glob("12-*.pdf"))
    packet = PdfReader(project / "build" / "meetings" / DATE / "handlingar.pdf")
    item = next(entry for i, entry in enumerate(packet.outline)
                if not isinstance(entry, list) and entry.title.startswith("12. "))
    children = packet.outline[packet.outline.index(item) + 1]
    titles = [child.title for child in children]
    assert titles[-2:] == ["Bilaga 3. Bedömning inför en överenskommelse om IOP (blankett)",
                           "Bilaga 4. Uppföljning av överenskommelse (blankett)"]
    first_page = packet.get_destination_page_number(children[-2])
    assert "Mall" in packet.pages[first_page].extract_text()
