"""After the meeting: the decisions in the meeting file, the minutes (protokoll) and extracts
(protokollsutdrag), `check` of the decisions, and the decisions in `status` and `history`.

The meeting of DATE has four items: 8 exempel-iop (adopted with changes), 9 a copy of it
(referred back), 10 an external report (adopted) and 12 rk-2023-17 (adopted, its
agreements extended, with a reservation). Only the CLI test at the end needs LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader
from templatefiles import TEMPLATES

from iopdocs.case.status import ENDS_WITHOUT_DECISION, status_report
from iopdocs.cli import main
from iopdocs.errors import UserError
from iopdocs.meeting.collect import collect_meeting
from iopdocs.meeting.file import load_meeting_file
from iopdocs.meeting.minutes import render_extract, render_minutes
from iopdocs.meeting.proceedings import paragraphs
from iopdocs.pdf.soffice import find_soffice
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
DATE = "2023-12-07"
MEETING_YAML = f"meetings/{DATE}.yaml"

OPENING = """\
time: "18:00"
place: Sammanträdesrummet
chair: Anna Ordförande
attendance:
  members:
    - {name: Anna Ordförande, party: S, title: ordförande}
    - {name: Bo Ledamot, party: M}
    - {name: Cilla Ledamot, party: V}
  substitutes:
    - {name: Dan Ersättare, party: S, replaces: Eva Frånvarande}
  officials:
    - {name: Fia Tjänsteperson, title: stadsdelsdirektör}
clerk: Gun Sekreterare
checkers: [Bo Ledamot]
check_date: 2023-12-12
items:
  - number: 10
    title: Månadsrapport november
    dnr: RK 2023/500
    file: 2023-12-07/manadsrapport.pdf
"""

# Listed out of § order on purpose: the minutes sort them.
DECISIONS = """\
decisions:
  - item: 12
    paragraph: 115
    decision: adopted
    agreement: extended
    dissents:
      - kind: reservation
        by: [Bo Ledamot (M)]
        text: Vi yrkade avslag på förslaget.
  - item: 9
    paragraph: 113
    decision: referred_back
    reason: Förvaltningen ska redovisa föreningens ekonomi.
    conflicts: [Cilla Ledamot]
  - item: 8
    paragraph: 112
    decision: adopted_with_changes
    text:
      - Nämnden ingår överenskommelsen för perioden 2024-01-01 till och med 2025-12-31.
  - item: 10
    paragraph: 114
    decision: adopted
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(TEMPLATES, root / "templates")
    rk = root / "cases" / "rk-2023-17" / "case.yaml"
    rk.write_text(rk.read_text(encoding="utf-8").replace("meeting: 2023-03-16", f"meeting: {DATE}"), encoding="utf-8")
    copy = root / "cases" / "aterremiss-iop"
    shutil.copytree(root / "cases" / "exempel-iop", copy)
    case_yaml = copy / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace("agenda_item: 8", "agenda_item: 9")
                         .replace("RK 2023/412", "RK 2023/413"), encoding="utf-8")
    (root / "meetings").mkdir()
    write(root, OPENING + DECISIONS)
    return root


def write(project: Path, text: str) -> None:
    (project / MEETING_YAML).write_text(text, encoding="utf-8")


def minutes_of(project: Path, public: bool = False):
    root = Project(project)
    date = dt.date.fromisoformat(DATE)
    meeting = collect_meeting(root, date)
    meeting_file, _ = load_meeting_file(root, date)
    return meeting, meeting_file, paragraphs(meeting, meeting_file)


def docx_text(data: bytes) -> list[str]:
    """Every paragraph of the body, tables included, in document order."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t")))
            for p in body.iter(docx.oxml.ns.qn("w:p"))]


def render(project: Path, public: bool = False) -> list[str]:
    meeting, meeting_file, found = minutes_of(project)
    return docx_text(render_minutes(meeting, meeting_file, found, project / "templates", public=public))


# --- The minutes ---------------------------------------------------------------------------


def test_the_minutes_have_one_paragraph_per_item_in_paragraph_order(project: Path):
    headings = [line for line in render(project) if line.startswith("§ ")]
    assert headings == [
        "§ 112 Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva",
        "§ 113 Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva",
        "§ 114 Månadsrapport november",
        "§ 115 Revidering av riktlinjer för idéburet offentligt partnerskap (IOP)",
    ]


def test_each_paragraph_prints_its_decision(project: Path):
    lines = render(project)
    section = {}
    current = None
    for line in lines:
        if line.startswith("§ "):
            current = int(line.split()[1])
        if current:
            section.setdefault(current, []).append(line)
    # Adopted with changes: the changed text, not the proposal.
    assert "Nämnden ingår överenskommelsen för perioden 2024-01-01 till och med 2025-12-31." in section[112]
    assert not any("450 000 kronor" in line for line in section[112])
    # Referred back: the standard sentence, the reason and the conflict of interest.
    assert "Ärendet återremitteras till förvaltningen." in section[113]
    assert "Förvaltningen ska redovisa föreningens ekonomi." in section[113]
    assert "Cilla Ledamot anmäler jäv och deltar inte i handläggningen av ärendet." in section[113]
    # An external item adopted without text: the standard sentence.
    assert "Nämnden beslutar i enlighet med förslaget." in section[114]
    # Adopted: the statement's proposal, and the reservation with who made it.
    assert any(line.startswith("Rinkeby-Kista stadsdelsnämnd godkänner förvaltningens tjänsteutlåtande")
               for line in section[115])
    assert section[115][section[115].index("Reservation"):][:3] == ["Reservation", "Bo Ledamot (M)",
                                                                     "Vi yrkade avslag på förslaget."]
    assert "Dnr RK 2023/17 · Bifall" in section[115]


def test_the_minutes_are_a_draft_until_adjusted(project: Path):
    draft = render(project)
    assert "Förslag till protokoll" in draft and "Justering 2023-12-12" in draft
    write(project, OPENING + "adjusted: 2023-12-13\n" + DECISIONS)
    final = render(project)
    assert "Förslag till protokoll" not in final
    assert "Protokoll" in final and "Justerat 2023-12-13" in final


def test_the_opening_items_and_the_signatures(project: Path):
    lines = render(project)
    assert lines[lines.index("Paragrafer") + 1] == "§§ 112–115"
    assert "Dan Ersättare (S), tjänstgör för Eva Frånvarande" in lines
    assert "Fia Tjänsteperson, stadsdelsdirektör" in lines
    signatures = lines[lines.index("Underskrifter"):]
    assert [line for line in signatures if line in ("Anna Ordförande", "Bo Ledamot", "Gun Sekreterare")] == [
        "Anna Ordförande", "Bo Ledamot", "Gun Sekreterare"]
    assert [line for line in signatures if line in ("Ordförande", "Justerare", "Sekreterare")] == [
        "Ordförande", "Justerare", "Sekreterare"]


def test_the_web_copy_names_the_officials_by_title_only(project: Path):
    lines = render(project, public=True)
    assert not any("Fia Tjänsteperson" in line for line in lines)
    assert "stadsdelsdirektör" in lines
    assert "Anna Ordförande (S), ordförande" in lines


def test_an_extract_is_its_paragraph_certified_by_the_clerk(project: Path):
    write(project, OPENING + "adjusted: 2023-12-13\n" + DECISIONS)
    meeting, meeting_file, found = minutes_of(project)
    lines = docx_text(render_extract(meeting, meeting_file, found[1], project / "templates"))
    assert [line for line in lines if line.startswith("§ ")] == [
        "§ 113 Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"]
    assert "Ärendet återremitteras till förvaltningen." in lines
    assert lines.index("Utdrag bestyrks") < lines.index("Gun Sekreterare")
    assert "Protokollsutdrag" in lines and "Justerat 2023-12-13" in lines


@pytest.mark.parametrize("template", ["protokoll", "protokollsutdrag"])
def test_minutes_without_their_template_say_how_to_make_it(project: Path, template: str):
    write(project, OPENING + "adjusted: 2023-12-13\n" + DECISIONS)
    (project / "templates" / f"{template}.docx").unlink()
    meeting, meeting_file, found = minutes_of(project)
    with pytest.raises(UserError) as caught:
        if template == "protokoll":
            render_minutes(meeting, meeting_file, found, project / "templates")
        else:
            render_extract(meeting, meeting_file, found[1], project / "templates")
    assert f"Mallen {template}.docx saknas" in caught.value.message
    assert f"Skapa den med 'iopdocs mallar ny {template}'" in caught.value.message


def test_an_item_without_a_decision_stops_the_minutes_in_swedish(project: Path):
    write(project, OPENING + DECISIONS.split("  - item: 10")[0])
    with pytest.raises(UserError, match=r"ärende 10 \(Månadsrapport november\) saknar beslut"):
        minutes_of(project)


def test_adopted_with_changes_needs_the_changed_text(project: Path):
    write(project, OPENING + "decisions:\n  - item: 8\n    paragraph: 112\n    decision: adopted_with_changes\n")
    result = check(project)
    assert f"{MEETING_YAML}:22: decisions[0]: bifall med ändringar: skriv det ändrade beslutet under 'text'" \
        in located(result)


# --- check ---------------------------------------------------------------------------------


def check(project: Path) -> Result:
    return CliRunner().invoke(main, ["--root", str(project), "check"])


def located(result: Result) -> list[str]:
    return [line.strip() for line in result.stderr.splitlines() if line.startswith("  ")]


def test_the_example_meeting_checks(project: Path):
    result = check(project)
    assert result.exit_code == 0, result.stderr
    assert f"OK  {MEETING_YAML}" in result.stdout


def test_a_paragraph_number_used_twice_is_a_located_error(project: Path):
    write(project, OPENING + DECISIONS.replace("paragraph: 114", "paragraph: 112"))
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        f"{MEETING_YAML}:41: decisions[3].paragraph: § 112 används för mer än ett beslut (också på rad 36)"]


def test_a_decision_for_an_item_not_on_the_agenda_is_a_located_error(project: Path):
    write(project, OPENING + DECISIONS.replace("item: 10", "item: 11"))
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        f"{MEETING_YAML}:40: decisions[3].item: ärende 11 finns inte på föredragningslistan (ärenden: 8, 9, 10, 12)"]


def test_a_checker_who_is_not_present_is_a_located_error(project: Path):
    write(project, OPENING.replace("checkers: [Bo Ledamot]", "checkers: [Bo Ledamot, Eva Frånvarande]") + DECISIONS)
    result = check(project)
    assert result.exit_code == 1
    assert located(result) == [
        f"{MEETING_YAML}:14: checkers[1]: justeraren Eva Frånvarande står inte bland närvarande "
        "ledamöter och ersättare under attendance"]


# --- The decision flows back -----------------------------------------------------------------


def test_status_follows_the_decisions(project: Path):
    today = dt.date(2023, 12, 20)  # rk-2023-17's six agreements end 2023-12-31
    report = status_report(Project(project), today)
    rk_rows = [row for row in report.rows if row.case == "rk-2023-17"]
    assert rk_rows and not any(p.kind == ENDS_WITHOUT_DECISION for row in rk_rows for p in row.problems)
    assert [(d.case, d.meeting, d.resolution.value) for d in report.open_cases] == [
        ("aterremiss-iop", dt.date(2023, 12, 7), "referred_back")]

    write(project, OPENING + DECISIONS.replace("    agreement: extended\n", ""))
    report = status_report(Project(project), today)
    warned = [row for row in report.rows if any(p.kind == ENDS_WITHOUT_DECISION for p in row.problems)]
    assert {row.case for row in warned} == {"rk-2023-17"}


def test_a_decision_counts_from_its_meeting_date(project: Path):
    report = status_report(Project(project), dt.date(2023, 12, 6))
    assert report.open_cases == []
    assert any(p.kind == ENDS_WITHOUT_DECISION for row in report.rows for p in row.problems)


def test_status_prints_a_referred_back_case_as_open(project: Path):
    result = CliRunner().invoke(main, ["--root", str(project), "status", "--today", "2023-12-20"])
    assert "Öppet ärende: aterremiss-iop – återremiss vid sammanträdet 2023-12-07 (§ 113)" in result.stdout
    result = CliRunner().invoke(main, ["--root", str(project), "status", "--today", "2023-12-20", "--json"])
    assert '"open_cases": [\n    {\n      "case": "aterremiss-iop"' in result.stdout


def test_history_shows_the_decision_among_the_commits(project: Path):
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                       env={"GIT_AUTHOR_DATE": "2023-12-01T10:00:00", "GIT_COMMITTER_DATE": "2023-12-01T10:00:00",
                            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.se",
                            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.se",
                            "PATH": "/usr/bin:/bin", "HOME": str(project)})

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "Förslaget")
    result = CliRunner().invoke(main, ["--root", str(project), "history", "rk-2023-17"])
    lines = result.stdout.splitlines()
    decision = lines.index("2023-12-07  beslut i Rinkeby-Kista stadsdelsnämnd  § 115")
    assert lines[decision + 1] == "  Bifall, överenskommelsen förlängd"
    assert decision < next(i for i, line in enumerate(lines) if line.startswith("2023-12-01 10:00  Test"))


# --- The command ------------------------------------------------------------------------------


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice saknas")
def test_protokoll_writes_the_minutes_and_once_adjusted_the_extracts(project: Path):
    out = project / "build" / "meetings" / DATE
    result = CliRunner().invoke(main, ["--root", str(project), "protokoll", DATE])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["protokoll.docx", "protokoll.pdf"]
    assert "protokollsutdragen görs när det är justerat" in result.stderr
    assert "Förslag till protokoll" in PdfReader(out / "protokoll.pdf").pages[0].extract_text()

    write(project, OPENING + "adjusted: 2023-12-13\n" + DECISIONS)
    result = CliRunner().invoke(main, ["--root", str(project), "protokoll", DATE, "--publish"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "protokoll.docx", "protokoll.pdf", "protokollsutdrag-§112.pdf", "protokollsutdrag-§113.pdf",
        "protokollsutdrag-§114.pdf", "protokollsutdrag-§115.pdf", "webb"]
    extract = PdfReader(out / "protokollsutdrag-§113.pdf")
    text = " ".join(page.extract_text() for page in extract.pages)
    assert "Utdrag bestyrks" in text and "återremitteras" in text and "§ 112" not in text
    assert extract.metadata.title.endswith("§ 113")
    assert "Fia Tjänsteperson" not in PdfReader(out / "webb" / "protokoll.pdf").pages[0].extract_text()


def test_the_packet_keeps_the_minutes_beside_it(tmp_path: Path):
    from iopdocs.meeting.packet import keep_minutes

    out, stage = tmp_path / "out", tmp_path / "stage"
    (out / "webb").mkdir(parents=True)
    stage.mkdir()
    for name in ("protokoll.pdf", "protokollsutdrag-§112.pdf", "webb/protokoll.pdf", "handlingar.pdf"):
        (out / name).write_text("gammal")
    keep_minutes(out, stage)
    assert sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*.pdf")) == [
        "protokoll.pdf", "protokollsutdrag-§112.pdf", "webb/protokoll.pdf"]


def test_the_web_copy_is_refused_when_a_decision_holds_personal_data(project: Path):
    write(project, OPENING + DECISIONS.replace("Vi yrkade avslag på förslaget.",
                                               "Vi yrkade avslag; ring 070-123 45 67."))
    result = CliRunner().invoke(main, ["--root", str(project), "protokoll", DATE, "--publish"])
    assert result.exit_code == 1
    assert "Webbversionen av protokollet 2023-12-07 innehåller personuppgifter" in result.stderr
    assert f"{MEETING_YAML}:29: decisions[0].dissents[0].text: telefonnummer" in result.stderr
    assert not (project / "build" / "meetings" / DATE).exists()


def test_the_readme_example_of_the_decisions_is_a_valid_meeting_file():
    import yaml

    from iopdocs.model import MeetingFile

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Efter sammanträdet", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    meeting_file = MeetingFile.model_validate(yaml.safe_load(block))
    assert [d.decision.value for d in meeting_file.decisions] == ["adopted"]
    assert meeting_file.attendance.present() >= set(meeting_file.checkers)


def test_the_minutes_are_byte_identical_from_run_to_run(project: Path):
    meeting, meeting_file, found = minutes_of(project)
    first = render_minutes(meeting, meeting_file, found, project / "templates")
    assert render_minutes(meeting, meeting_file, found, project / "templates") == first
    assert render_extract(meeting, meeting_file, found[0], project / "templates") == render_extract(
        meeting, meeting_file, found[0], project / "templates")


def test_an_agreement_outcome_belongs_only_to_an_adopted_decision(project: Path):
    write(project, OPENING + DECISIONS.replace("decision: referred_back", "decision: referred_back\n    agreement: ended"))
    assert f"{MEETING_YAML}:30: decisions[1]: 'agreement' hör bara till ett bifall, inte till återremiss" \
        in located(check(project))


def test_minutes_without_a_meeting_file_say_where_the_decisions_go(project: Path):
    (project / MEETING_YAML).unlink()
    result = CliRunner().invoke(main, ["--root", str(project), "protokoll", DATE])
    assert result.exit_code == 1
    assert f"Protokollet kan inte skrivas: {MEETING_YAML} finns inte; besluten skrivs under decisions" in result.stderr
