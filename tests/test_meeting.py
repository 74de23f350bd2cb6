"""A meeting: its file in meetings/, the items it collects, `iopdocs check` of it, and the agenda.

None of this needs LibreOffice; the packet itself is tested in test_packet.py.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from templatefiles import TEMPLATES

from iopdocs.cli import main
from iopdocs.errors import UserError
from iopdocs.meeting.agenda import render_agenda
from iopdocs.meeting.collect import collect_meeting
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
DATE = "2023-12-07"
BOARD = "Rinkeby-Kista stadsdelsnämnd"
MEETING_YAML = f"meetings/{DATE}.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped cases and templates: exempel-iop is item 8 on DATE, rk-2023-17 (item 12)
    belongs to 2023-03-16."""
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(TEMPLATES, root / "templates")
    (root / "meetings").mkdir()
    return root


def write(project: Path, text: str, name: str = f"{DATE}.yaml") -> None:
    (project / "meetings" / name).write_text(text, encoding="utf-8")


def move_rk_to_the_meeting(project: Path) -> None:
    rk = project / "cases" / "rk-2023-17" / "case.yaml"
    rk.write_text(rk.read_text(encoding="utf-8").replace("meeting: 2023-03-16", f"meeting: {DATE}"), encoding="utf-8")


def collect(project: Path):
    return collect_meeting(Project(project), dt.date.fromisoformat(DATE))


def problems_of(project: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        collect(project)
    return [str(p) for p in caught.value.problems]


def check(project: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--root", str(project), "check", *args])


def located(result: Result) -> list[str]:
    """The located problems `check` printed, without indentation."""
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]


# --- Collecting the items ---------------------------------------------------------------------


def test_meeting_file_errors_are_located_in_swedish(project: Path):
    write(project, 'time: "25:00"\nplce: Salen\nitems:\n  - case: exempel-iop\n    file: x.pdf\n')
    assert problems_of(project) == [
        f"{MEETING_YAML}:1: time: ska vara ett klockslag TT:MM, t.ex. '18:00' (25:00)",
        f"{MEETING_YAML}:2: plce: okänt fält 'plce'; menade du 'place'?",
        f"{MEETING_YAML}:4: items[0]: ett ärende med 'case' hämtar rubrik, dnr och sammanfattning "
        "ur ärendet; ta bort 'file'",
    ]


def test_two_items_with_the_same_number_are_refused(project: Path):
    write(project, "items:\n  - number: 8\n    title: Annat\n    file: x.pdf\n")
    assert problems_of(project) == [
        "cases/exempel-iop/case.yaml:17: agenda_item: nummer 8 på föredragningslistan används av flera ärenden",
        f"{MEETING_YAML}:2: items[0]: nummer 8 på föredragningslistan används av flera ärenden",
    ]


def test_a_case_listed_twice_is_refused(project: Path):
    write(project, "items:\n  - case: exempel-iop\n  - case: exempel-iop\n    number: 4\n")
    assert problems_of(project) == [f"{MEETING_YAML}:3: items[1].case: ärendet 'exempel-iop' står redan i items (rad 2)"]


def test_meeting_file_orders_and_numbers_items(project: Path):
    move_rk_to_the_meeting(project)
    write(project, "items:\n  - case: rk-2023-17\n    number: 4\n")
    meeting = collect(project)
    assert [(i.number, i.case.id if i.case else i.title) for i in meeting.items] == [(4, "rk-2023-17"), (8, "exempel-iop")]
    assert meeting.board == BOARD and meeting.time is None


def test_a_listed_case_of_another_meeting_is_refused(project: Path):
    write(project, "items:\n  - case: rk-2023-17\n")
    assert problems_of(project) == [
        f"{MEETING_YAML}:2: items[0].case: ärendet 'rk-2023-17' ska enligt case.yaml upp på "
        "sammanträdet 2023-03-16, inte 2023-12-07"
    ]


def test_a_meeting_without_items_says_so(project: Path):
    result = CliRunner().invoke(main, ["--root", str(project), "packet", "2024-05-01"])
    assert result.exit_code == 1
    assert "Inga ärenden till sammanträdet 2024-05-01" in result.output


def test_a_bad_date_says_how_to_write_it(project: Path):
    result = CliRunner().invoke(main, ["--root", str(project), "packet", "7/12"])
    assert result.exit_code == 1 and "ÅÅÅÅ-MM-DD" in result.output


# --- `iopdocs check` of meetings/*.yaml --------------------------------------------------------


def test_check_passes_a_good_meeting_file(project: Path):
    write(project, (ROOT / MEETING_YAML).read_text(encoding="utf-8"))
    result = check(project)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["OK  exempel-iop", "OK  rk-2023-17", f"OK  {MEETING_YAML}", "OK  mallarna i templates/"]


def test_check_reports_an_unknown_key_with_a_suggestion(project: Path):
    write(project, 'time: "18:00"\nchiar: Exempel Ordförandesson\n')
    result = check(project)
    assert result.exit_code == 1
    assert f"Fel: Sammanträdesfilen {MEETING_YAML} har 1 fel:" in result.stderr
    assert located(result) == [f"{MEETING_YAML}:2: chiar: okänt fält 'chiar'; menade du 'chair'?"]
    assert "OK  exempel-iop" in result.stdout and MEETING_YAML not in result.stdout


def test_check_reports_a_duplicate_item_number(project: Path):
    write(project, "items:\n  - number: 10\n    title: Rapport\n    file: a.pdf\n"
                   "  - number: 10\n    title: Annan rapport\n    file: b.pdf\n")
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        f"{MEETING_YAML}:2: items[0]: nummer 10 på föredragningslistan används av flera ärenden",
        f"{MEETING_YAML}:5: items[1]: nummer 10 på föredragningslistan används av flera ärenden",
    ]


def test_check_reports_a_case_item_naming_a_case_that_does_not_exist(project: Path):
    write(project, "items:\n  - case: exempel-iopp\n    number: 9\n")
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        f"{MEETING_YAML}:2: items[0].case: ärendet 'exempel-iopp' finns inte: ingen case.yaml i cases/exempel-iopp/"
    ]


def test_check_reports_a_meeting_file_not_named_by_its_date(project: Path):
    write(project, 'time: "18:00"\n', name="december.yaml")
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        "meetings/december.yaml: filnamnet ska vara sammanträdets datum: ÅÅÅÅ-MM-DD.yaml, t.ex. 2023-12-07.yaml"
    ]


def test_check_leaves_a_broken_case_of_the_meeting_to_the_case(project: Path):
    write(project, 'time: "18:00"\n')
    case_yaml = project / "cases" / "exempel-iop" / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace("date: 2023-11-09", "date: 2023-02-30"),
                         encoding="utf-8")
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == ["cases/exempel-iop/case.yaml:5: date: datumet 2023-02-30 finns inte"]
    assert f"OK  {MEETING_YAML}" in result.stdout


def test_check_of_named_cases_leaves_the_meeting_files_alone(project: Path):
    write(project, "plce: Salen\n")
    result = check(project, "exempel-iop")
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK  exempel-iop\n"


# --- The agenda -------------------------------------------------------------------------------


def agenda_text(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return texts


def test_agenda_lists_each_item_with_its_pages_in_the_papers(project: Path):
    move_rk_to_the_meeting(project)
    write(project, 'time: "18:00"\nplace: Salen\n')
    meeting = collect(project)
    data = render_agenda(meeting, project / "templates", {8: (3, 7), 12: (8, 8)})
    texts = agenda_text(data)
    assert (8, meeting.items[0].title) in numbered_headings(data)
    assert "Dnr RK 2023/412 · Handlingar sida 3–7" in texts
    assert "Dnr RK 2023/17 · Handlingar sida 8" in texts
    assert "torsdag 7 december 2023 kl. 18.00" in texts and "Salen" in texts
    assert docx.Document(io.BytesIO(data)).core_properties.title == f"Föredragningslista {BOARD} {DATE}"


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def numbered_headings(data: bytes) -> list[tuple[int, str]]:
    """(the number Word gives it, text) of each numbered Heading 2 of the agenda."""
    document = docx.Document(io.BytesIO(data))
    starts = {}
    for num in document.part.numbering_part.element.findall(f"{W}num"):
        override = num.find(f"{W}lvlOverride/{W}startOverride")
        starts[num.get(f"{W}numId")] = int(override.get(f"{W}val")) if override is not None else 1
    out = []
    for p in document.paragraphs:
        num_id = p._p.find(f"{W}pPr/{W}numPr/{W}numId")
        if p.style.name == "Heading 2" and num_id is not None:
            out.append((starts[num_id.get(f"{W}val")], p.text))
    return out


def test_agenda_items_are_numbered_by_word_after_the_opening_items(project: Path):
    move_rk_to_the_meeting(project)
    data = render_agenda(collect(project), project / "templates", {8: (3, 7), 12: (8, 8)})
    assert [n for n, _ in numbered_headings(data)] == [1, 2, 3, 8, 12]
    assert numbered_headings(data)[:3] == [
        (1, "Sammanträdets öppnande"), (2, "Val av justerare och tid för justering"),
        (3, "Godkännande av föredragningslistan")]
    headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 5 and not any(h[0].isdigit() for h in headings)  # no "8." typed into the text


def test_the_meeting_file_lists_its_own_opening_items_or_none(project: Path):
    write(project, "opening:\n  - Upprop\n  - Val av justerare\n")
    data = render_agenda(collect(project), project / "templates", {8: (2, 4)})
    assert numbered_headings(data)[:3] == [(1, "Upprop"), (2, "Val av justerare"), (8, numbered_headings(data)[2][1])]
    write(project, "opening: []\n")
    assert [n for n, _ in numbered_headings(render_agenda(collect(project), project / "templates", {8: (2, 4)}))] == [8]


def test_an_item_numbered_among_the_opening_items_is_refused(project: Path):
    write(project, "items:\n  - case: exempel-iop\n    number: 2\n")
    assert problems_of(project) == [
        f"{MEETING_YAML}:2: items[0].case: nummer 2 på föredragningslistan är en av de inledande punkterna (1–3); "
        "ge ärendet ett nummer från 4, eller ändra opening i sammanträdesfilen"]
    write(project, "opening: []\nitems:\n  - case: exempel-iop\n    number: 2\n")
    assert [i.number for i in collect(project).items] == [2]


def test_agenda_prints_only_the_first_paragraph_of_a_summary(project: Path):
    meeting = collect(project)
    summary = meeting.items[0].summary
    assert len(summary.blocks) > 1
    texts = agenda_text(render_agenda(meeting, project / "templates", {8: (2, 4)}))
    assert summary.blocks[0].text in texts
    assert not any(block.text in texts for block in summary.blocks[1:])


def test_an_items_text_stands_under_its_title_after_the_number(project: Path):
    data = render_agenda(collect(project), project / "templates", {8: (2, 4)})
    document = docx.Document(io.BytesIO(data))
    gist = next(p for p in document.paragraphs if p.text.startswith("Exempelföreningen Läxhjälp Järva har"))
    reference = next(p for p in document.paragraphs if p.text.startswith("Dnr RK 2023/412"))
    indent = document.styles["Ärendetext"].paragraph_format.left_indent
    assert gist.style.name == "Ärendetext" and indent.twips == 425
    assert reference.paragraph_format.left_indent.twips == 425


def test_an_opening_item_has_no_reference_line(project: Path):
    texts = agenda_text(render_agenda(collect(project), project / "templates", {8: (2, 4)}))
    after = texts[texts.index("Godkännande av föredragningslistan") + 1]
    assert after.startswith("Exempelärende")


def test_agenda_without_place_or_chair_shows_a_dash(project: Path):
    meeting = collect(project)
    texts = agenda_text(render_agenda(meeting, project / "templates", {8: (2, 4)}))
    assert texts[texts.index("Plats") + 1] == "–" and texts[texts.index("Ordförande") + 1] == "–"
    assert "torsdag 7 december 2023" in texts  # and no time


def test_agenda_without_its_template_says_how_to_make_it(project: Path):
    (project / "templates" / "foredragningslista.docx").unlink()
    with pytest.raises(UserError) as caught:
        render_agenda(collect(project), project / "templates", {8: (2, 4)})
    assert "iopdocs mallar ny foredragningslista" in caught.value.message
