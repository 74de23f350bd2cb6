"""`iopdocs status`: dates, follow-ups due and problems of every agreement, on the real cases."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from templatefiles import TEMPLATES, example_project

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.case.status import (
    ENDS_WITHOUT_DECISION,
    FOLLOW_UP_OVERDUE,
    MISSING_OUTCOMES,
    Row,
    agreement_status,
    follow_up_due,
)
from iopdocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def example() -> model.Case:
    return load_case(example_project(), ROOT / "cases" / "exempel-iop")


@pytest.fixture(scope="module")
def mentioned() -> model.Case:
    """The seed consultation response: it mentions six existing agreements, decides none."""
    return load_case(example_project(), ROOT / "cases" / "rk-2023-17")


@pytest.fixture(scope="module")
def remiss(mentioned) -> model.Case:
    """The six agreements as a case that decided them (and keeps their follow-ups)."""
    meta = mentioned.meta.model_copy(update={"kind": model.Kind.new_agreement})
    return mentioned.model_copy(update={"meta": meta})


def only(rows: list[Row], partner_id: str) -> Row:
    [row] = [r for r in rows if r.partner_id == partner_id]
    return row


def kinds(row: Row) -> list[str]:
    return [p.kind for p in row.problems]


# --- Dates --------------------------------------------------------------------------


def test_example_agreement_mid_last_year(example):
    row = only(agreement_status([example], D("2026-06-01")), "laxhjalp-jarva")
    assert (row.partner, row.case, row.dnr) == ("Läxhjälp Järva", "exempel-iop", "RK 2023/412")
    assert (row.start, row.end) == (D("2024-01-01"), D("2026-12-31"))
    assert row.days_to_end == 213
    assert (row.last_follow_up, row.last_meeting) == (2025, D("2026-02-11"))
    # The last period ends with the agreement; its follow-up is due 60 days later.
    assert (row.next_follow_up, row.next_due) == (2026, D("2027-03-01"))


def test_follow_up_counts_from_its_meeting_date(example):
    before = only(agreement_status([example], D("2025-02-11")), "laxhjalp-jarva")
    assert before.last_follow_up is None
    assert (before.next_follow_up, before.next_due) == (2024, D("2025-03-01"))
    after = only(agreement_status([example], D("2025-02-12")), "laxhjalp-jarva")
    assert (after.last_follow_up, after.last_meeting) == (2024, D("2025-02-12"))
    assert (after.next_follow_up, after.next_due) == (2025, D("2026-03-01"))


def test_due_date_of_a_short_last_period(example):
    agreement = example.partners[0].agreement.model_copy(update={"end": D("2026-06-30")})
    assert follow_up_due(agreement, 2025) == D("2026-03-01")
    assert follow_up_due(agreement, 2026) == D("2026-08-29")


def test_all_follow_ups_done(example):
    last = example.follow_ups[1].model_copy(update={"period": 2026, "meeting": D("2027-02-10")})
    case = example.model_copy(update={"follow_ups": [*example.follow_ups, last]})
    row = only(agreement_status([case], D("2027-03-01")), "laxhjalp-jarva")
    assert row.next_follow_up is None and row.next_due is None
    assert row.days_to_end == -60 and row.ended
    assert FOLLOW_UP_OVERDUE not in kinds(row)


# --- Problems -----------------------------------------------------------------------


def test_follow_up_is_overdue_the_day_after_it_is_due(remiss):
    on_time = only(agreement_status([remiss], D("2023-03-01")), "fryshuset")
    assert FOLLOW_UP_OVERDUE not in kinds(on_time)
    late = only(agreement_status([remiss], D("2023-03-02")), "fryshuset")
    assert (late.next_follow_up, late.next_due) == (2022, D("2023-03-01"))
    [problem] = [p for p in late.problems if p.kind == FOLLOW_UP_OVERDUE]
    assert problem.message == "uppföljning försenad: 2022 (skulle vara klar 2023-03-01)"


def test_every_overdue_period_is_named(remiss):
    row = only(agreement_status([remiss], D("2024-06-01")), "fryshuset")
    assert [p.message for p in row.problems] == ["uppföljning försenad: 2022, 2023 (skulle vara klar 2023-03-01)"]


def test_ending_within_six_months_without_decision(remiss):
    # The six agreements end 2023-12-31.
    assert ENDS_WITHOUT_DECISION not in kinds(only(agreement_status([remiss], D("2023-06-30")), "kista-sc"))
    row = only(agreement_status([remiss], D("2023-07-01")), "kista-sc")
    assert row.days_to_end == 183
    [problem] = [p for p in row.problems if p.kind == ENDS_WITHOUT_DECISION]
    assert problem.message == "löper ut om 183 dagar utan beslut om förlängning eller avslut"
    for today, words in (("2023-12-30", "löper ut i morgon"), ("2023-12-31", "löper ut i dag")):
        [problem] = [p for p in only(agreement_status([remiss], D(today)), "kista-sc").problems
                     if p.kind == ENDS_WITHOUT_DECISION]
        assert problem.message == f"{words} utan beslut om förlängning eller avslut"
    assert ENDS_WITHOUT_DECISION not in kinds(only(agreement_status([remiss], D("2024-01-01")), "kista-sc"))


def test_decision_to_end_at_a_follow_up_is_a_decision(example):
    today = D("2026-09-01")
    assert ENDS_WITHOUT_DECISION in kinds(only(agreement_status([example], today), "laxhjalp-jarva"))
    ended = example.follow_ups[1].model_copy(update={"decision": model.Decision.end})
    case = example.model_copy(update={"follow_ups": [example.follow_ups[0], ended]})
    assert ENDS_WITHOUT_DECISION not in kinds(only(agreement_status([case], today), "laxhjalp-jarva"))


def test_a_later_agreement_with_the_same_partner_is_a_decision(example):
    partner = example.partners[0]
    extended = partner.model_copy(update={"agreement": partner.agreement.model_copy(
        update={"start": D("2027-01-01"), "end": D("2029-12-31"), "dnr": "RK 2026/300"})})
    extension = example.model_copy(update={"id": "forlangning", "partners": [extended], "follow_ups": []})
    rows = agreement_status([example, extension], D("2026-09-01"))
    assert [(r.case, r.end) for r in rows] == [("exempel-iop", D("2026-12-31")), ("forlangning", D("2029-12-31"))]
    assert ENDS_WITHOUT_DECISION not in kinds(rows[0])


def test_indicator_without_outcome_in_a_followed_up_period(example):
    row = only(agreement_status([example], D("2026-06-01")), "laxhjalp-jarva")
    [problem] = row.problems
    assert (problem.kind, problem.message) == (MISSING_OUTCOMES, "utfall saknas: avbrott (2025)")
    # Before the 2025 follow-up, 2025's outcomes are not yet expected.
    assert only(agreement_status([example], D("2025-06-01")), "laxhjalp-jarva").problems == ()


# --- Order and duplicates ---------------------------------------------------------------


def test_worst_first_then_soonest_end(example, remiss):
    rows = agreement_status([example, remiss], D("2023-07-01"))
    assert rows[-1].partner_id == "laxhjalp-jarva"  # not started, nothing wrong
    assert all(kinds(r) == [ENDS_WITHOUT_DECISION, FOLLOW_UP_OVERDUE] for r in rows[:-1])
    assert [r.partner for r in rows[:3]] == ["Fryshuset", "Husby Konst och Hantverkarförening", "Kista SC"]


def test_running_agreements_before_ended_ones_with_the_same_problems(example, remiss):
    rows = agreement_status([example, remiss], D("2027-06-01"))
    # Läxhjälp Järva ended most recently, so it leads the ended agreements with overdue follow-ups.
    assert rows[0].partner_id == "laxhjalp-jarva"
    assert kinds(rows[0]) == [FOLLOW_UP_OVERDUE, MISSING_OUTCOMES]


def test_same_agreement_in_two_cases_is_shown_once(example):
    copy = example.model_copy(update={"id": "kopia", "follow_ups": []})
    rows = agreement_status([copy, example], D("2026-06-01"))
    assert [r.case for r in rows] == ["exempel-iop"]


# --- The command ------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    return tmp_path


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(project), "status", *args], catch_exceptions=False)


def test_status_json(project):
    result = run(project, "--json", "--today", "2026-06-01")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["today"] == "2026-06-01" and data["errors"] == []
    row = next(r for r in data["agreements"] if r["partner_id"] == "laxhjalp-jarva")
    assert row == {
        "partner": "Läxhjälp Järva",
        "partner_id": "laxhjalp-jarva",
        "case": "exempel-iop",
        "dnr": "RK 2023/412",
        "start": "2024-01-01",
        "end": "2026-12-31",
        "days_to_end": 213,
        "last_follow_up": {"period": 2025, "meeting": "2026-02-11"},
        "next_follow_up": {"period": 2026, "due": "2027-03-01"},
        "problems": [{"kind": "missing_outcomes", "severity": 1, "message": "utfall saknas: avbrott (2025)"}],
        "ended": False,
        "source": {"kind": "decision", "case_kind": "Ny överenskommelse",
                   "text": "beslut i exempel-iop (ny överenskommelse)"},
    }
    assert len(data["agreements"]) == 7


def test_status_table(project):
    result = run(project, "--today", "2023-07-01")
    assert result.exit_code == 0, result.output
    assert "Överenskommelser som löper per 2023-07-01" in result.output
    for text in ("Läxhjälp Järva", "Fryshuset", "2024-01-01–2026-12-31", "2024, senast 2025-03-01",
                 "löper ut om 183 dagar"):
        assert text in result.output


def test_status_refuses_an_impossible_date(project):
    result = run(project, "--today", "2026-02-30")
    assert result.exit_code == 1
    assert "--today ska vara ett datum som finns, ÅÅÅÅ-MM-DD (inte '2026-02-30')." in result.output


def test_status_names_a_case_it_cannot_read(project):
    case_file = project / "cases" / "exempel-iop" / "case.yaml"
    case_file.write_text(case_file.read_text(encoding="utf-8").replace("kind: new_agreement", "kind: nytt"),
                         encoding="utf-8")
    result = run(project, "--today", "2026-06-01")
    assert result.exit_code == 0
    assert "ärendet exempel-iop har fel och saknas i tabellen" in result.output
    data = json.loads(run(project, "--json", "--today", "2026-06-01").output)
    assert [e["case"] for e in data["errors"]] == ["exempel-iop"]
    assert len(data["agreements"]) == 6


def test_a_consultation_shows_existing_agreements_as_mentioned_not_overdue(project):
    data = json.loads(run(project, "--json", "--today", "2023-12-01").output)
    row = next(r for r in data["agreements"] if r["partner_id"] == "fryshuset")
    assert row["source"] == {"kind": "mention", "case_kind": "Yttrande över remiss",
                             "text": "uppgift i rk-2023-17 (yttrande över remiss)"}
    assert row["dnr"] == ""  # the consultation's own dnr is not the agreement's
    assert [p["kind"] for p in row["problems"]] == ["ends_without_decision"]
    table = run(project, "--today", "2023-12-01").output
    assert "uppgift i rk-2023-17 (yttrande över remiss)" in table
    assert "följs upp i ärendet som beslutade den" in table
    assert "uppföljning försenad" not in table


def test_ended_agreements_have_a_section_of_their_own(project):
    output = run(project, "--today", "2024-12-01").output
    running, ended = output.split("Avslutade överenskommelser per 2024-12-01")
    assert "Överenskommelser som löper per 2024-12-01" in running
    assert "Läxhjälp Järva" in running and "Fryshuset" not in running
    assert "Fryshuset" in ended and "Läxhjälp Järva" not in ended


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_the_table_fits_the_width_and_keeps_words_whole(project, monkeypatch, columns: int):
    monkeypatch.setenv("COLUMNS", str(columns))
    output = run(project, "--today", "2023-12-01").output
    assert max(len(line) for line in output.splitlines()) <= columns
    words = set(output.split())
    assert {"Hantverkarförening", "förlängning", "överenskommelse)"} <= words


def test_one_org_number_under_two_names_is_two_partners_and_a_warning(project):
    case = project / "cases" / "exempel-iop"
    shutil.copytree(case, project / "cases" / "annan")
    partners = project / "cases" / "annan" / "partners.yaml"
    text = partners.read_text(encoding="utf-8").replace("short_name: Läxhjälp Järva", "short_name: Annan förening")
    partners.write_text(text.replace("name: Exempelföreningen Läxhjälp Järva", "name: Annan förening"),
                        encoding="utf-8")
    result = run(project, "--json", "--today", "2026-12-01")
    data = json.loads(result.stdout)
    ending = [r for r in data["agreements"] if r["partner_id"] == "laxhjalp-jarva"]
    assert sorted(r["partner"] for r in ending) == ["Annan förening", "Läxhjälp Järva"]
    assert all(p["message"].startswith("löper ut om 30 dagar") for r in ending for p in r["problems"][:1])
    assert any("organisationsnumret 802500-1234 heter här 'Annan förening'" in w for w in data["warnings"])
    table = run(project, "--today", "2026-12-01")
    assert "Varning: cases/annan/partners.yaml" in table.stderr
