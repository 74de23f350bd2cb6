"""`iopdocs status`: every agreement in cases/, when it ends, and which follow-ups are due.

The rules, as the help text states them:
- Follow-ups are yearly. Period Y runs to 31 December of Y, or to the agreement's end
  in its last year; its follow-up (the dialogue meeting) is due `FOLLOW_UP_DAYS` (60)
  days after the period ends.
- The next follow-up is the first period of the agreement without a follow-up; every
  such period whose due date has passed is overdue.
- An agreement that ends within six months is flagged unless a decision exists: a
  later agreement with the same partner in cases/ (an extension or new agreement), a
  follow-up with the decision `end`, or the board's decision on the case in a meeting
  file (`agreement: extended` or `ended`, adopted; case/decisions.py).
- A case whose latest decision is referred back (återremiss) or postponed is open: it is
  listed with the meeting's date.
- An indicator without an outcome for a period that has been followed up is flagged.
- Where an agreement's data comes from: a case of kind new_agreement or extension
  decides it ("beslut"); any other case (a consultation response, a routine) only
  mentions an existing agreement ("uppgift"), and its follow-ups are kept elsewhere, so
  they are not counted as overdue there.
- The same agreement (same partner and period) in several cases is shown once, from a
  case that decides it if there is one, else from the case with the latest follow-up.
  Partners are the same when their organisation number and name are; one number under
  two names is two partners (and a warning), never silently one.
- A follow-up counts from its meeting date, so `--today` shows the table as it stood
  (or will stand) on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from .. import model
from ..errors import CaseError, Problem
from ..project import Project
from .crosscheck import names_of_one_orgnr
from .decisions import CaseDecision, case_decisions
from .gate import months_before
from .load import load_case

FOLLOW_UP_DAYS = 60
WARN_MONTHS = 6

ENDS_WITHOUT_DECISION = "ends_without_decision"
FOLLOW_UP_OVERDUE = "follow_up_overdue"
MISSING_OUTCOMES = "missing_outcomes"
SEVERITY = {ENDS_WITHOUT_DECISION: 3, FOLLOW_UP_OVERDUE: 2, MISSING_OUTCOMES: 1}

DECISION = "decision"
MENTION = "mention"
DECIDING_KINDS = (model.Kind.new_agreement, model.Kind.extension)


@dataclass(frozen=True)
class StatusProblem:
    kind: str
    message: str

    @property
    def severity(self) -> int:
        return SEVERITY[self.kind]


@dataclass(frozen=True)
class Row:
    """One agreement's line in the status table."""

    partner: str
    partner_id: str
    case: str
    dnr: str
    start: dt.date
    end: dt.date
    days_to_end: int
    last_follow_up: int | None = None
    last_meeting: dt.date | None = None
    next_follow_up: int | None = None
    next_due: dt.date | None = None
    problems: tuple[StatusProblem, ...] = field(default=())
    source: str = DECISION  # DECISION: the case decides the agreement; MENTION: it only mentions it
    source_kind: str = ""  # the case's kind, as users read it

    @property
    def source_text(self) -> str:
        """Where the row's data comes from, for the table."""
        what = "beslut" if self.source == DECISION else "uppgift"
        return f"{what} i {self.case} ({self.source_kind.lower()})"

    @property
    def ended(self) -> bool:
        return self.days_to_end < 0

    def to_json(self) -> dict:
        return {
            "partner": self.partner,
            "partner_id": self.partner_id,
            "case": self.case,
            "dnr": self.dnr,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days_to_end": self.days_to_end,
            "last_follow_up": None if self.last_follow_up is None else {
                "period": self.last_follow_up,
                "meeting": self.last_meeting.isoformat() if self.last_meeting else None,
            },
            "next_follow_up": None if self.next_follow_up is None else {
                "period": self.next_follow_up,
                "due": self.next_due.isoformat() if self.next_due else None,
            },
            "problems": [{"kind": p.kind, "severity": p.severity, "message": p.message} for p in self.problems],
            "ended": self.ended,
            "source": {"kind": self.source, "case_kind": self.source_kind, "text": self.source_text},
        }


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def period_end(agreement: model.Agreement, period: int) -> dt.date:
    return min(dt.date(period, 12, 31), agreement.end)


def follow_up_due(agreement: model.Agreement, period: int) -> dt.date:
    return period_end(agreement, period) + dt.timedelta(days=FOLLOW_UP_DAYS)


def _partner_key(partner: model.Partner) -> tuple[str, str]:
    if partner.orgnr is None:
        return ("id", partner.id)
    return (partner.orgnr, " ".join(partner.name.casefold().split()))


def agreement_status(cases: Iterable[model.Case], today: dt.date, decided: frozenset[str] = frozenset()) -> list[Row]:
    """One row per agreement in `cases`, worst first; `decided` are the ids of the cases
    whose agreements the board has decided to extend or end."""
    found = [(case, partner) for case in cases for partner in case.partners if partner.agreement is not None]
    starts: dict[tuple, list[dt.date]] = {}
    for _, partner in found:
        starts.setdefault(_partner_key(partner), []).append(partner.agreement.start)
    rows: dict[tuple, Row] = {}
    for case, partner in found:
        successor = any(s > partner.agreement.start for s in starts[_partner_key(partner)])
        row = _row(case, partner, today, successor or case.id in decided)
        key = (_partner_key(partner), row.start, row.end)
        kept = rows.get(key)
        if kept is None or _preferred(row) > _preferred(kept):
            rows[key] = row
    return sorted(rows.values(), key=_worst_first)


def _preferred(row: Row) -> tuple:
    return (row.source == DECISION, row.last_follow_up or 0, row.case)


def _worst_first(row: Row) -> tuple:
    worst = max((p.severity for p in row.problems), default=0)
    weight = sum(p.severity for p in row.problems)
    # Running agreements by how soon they end; then ended ones, most recently ended first.
    days = -row.days_to_end if row.ended else row.days_to_end
    return (-worst, row.ended, -weight, days, row.partner, row.case)


def _row(case: model.Case, partner: model.Partner, today: dt.date, successor: bool) -> Row:
    agreement = partner.agreement
    assert agreement is not None
    follow_ups = {
        f.period: f
        for f in case.follow_ups
        if case.owner_id(f.partner) == partner.id and f.period in agreement.periods and f.meeting <= today
    }
    decides = case.meta.kind in DECIDING_KINDS
    # A case that only mentions an agreement keeps none of its follow-ups: none is due here.
    missing = [p for p in agreement.periods if p not in follow_ups] if decides else []
    last = max(follow_ups) if follow_ups else None
    next_period = missing[0] if missing else None
    problems: list[StatusProblem] = []

    days_to_end = (agreement.end - today).days
    decided = successor or any(f.decision is model.Decision.end for f in follow_ups.values())
    if 0 <= days_to_end and agreement.end <= months_after(today, WARN_MONTHS) and not decided:
        problems.append(StatusProblem(
            ENDS_WITHOUT_DECISION, f"löper ut {_in_days(days_to_end)} utan beslut om förlängning eller avslut"))

    overdue = [p for p in missing if follow_up_due(agreement, p) < today]
    if overdue:
        years = ", ".join(str(p) for p in overdue)
        problems.append(StatusProblem(
            FOLLOW_UP_OVERDUE,
            f"uppföljning försenad: {years} (skulle vara klar {follow_up_due(agreement, overdue[0]).isoformat()})",
        ))

    lacking = _missing_outcomes(case, partner, sorted(follow_ups))
    if lacking:
        problems.append(StatusProblem(MISSING_OUTCOMES, f"utfall saknas: {'; '.join(lacking)}"))

    return Row(
        partner=partner.display_name,
        partner_id=partner.id,
        case=case.id,
        dnr=agreement.dnr or (case.meta.dnr if decides else ""),
        start=agreement.start,
        end=agreement.end,
        days_to_end=days_to_end,
        last_follow_up=last,
        last_meeting=follow_ups[last].meeting if last is not None else None,
        next_follow_up=next_period,
        next_due=follow_up_due(agreement, next_period) if next_period is not None else None,
        problems=tuple(sorted(problems, key=lambda p: -p.severity)),
        source=DECISION if decides else MENTION,
        source_kind=case.meta.kind.label,
    )


def _in_days(days: int) -> str:
    """'i dag', 'i morgon', 'om 183 dagar'."""
    return {0: "i dag", 1: "i morgon"}.get(days, f"om {days} dagar")


def _missing_outcomes(case: model.Case, partner: model.Partner, periods: list[int]) -> list[str]:
    """'avbrott (2025)' for each of the partner's indicators without an outcome in a
    followed-up period."""
    lacking = []
    for indicator in case.indicators:
        if case.owner_id(indicator.partner) not in (None, partner.id):
            continue
        missing = [p for p in periods if indicator.outcomes.get(p) is None or indicator.outcomes[p].value is None]
        if missing:
            lacking.append(f"{indicator.id} ({', '.join(str(p) for p in missing)})")
    return lacking


# --- The command ------------------------------------------------------------------


@dataclass(frozen=True)
class StatusReport:
    """What `iopdocs status` shows: every agreement's row, and the cases left out for errors."""

    today: dt.date
    rows: list[Row]
    errors: list[CaseError]
    conflicts: list[Problem] = field(default_factory=list)  # one org number under two names
    open_cases: list[CaseDecision] = field(default_factory=list)  # referred back or postponed

    @property
    def running(self) -> list[Row]:
        return [row for row in self.rows if not row.ended]

    @property
    def ended(self) -> list[Row]:
        return [row for row in self.rows if row.ended]

    def to_json(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "agreements": [row.to_json() for row in self.rows],
            "errors": [{"case": e.case, "message": e.message, "problems": [str(p) for p in e.problems]}
                       for e in self.errors],
            "warnings": [str(p) for p in self.conflicts],
            "open_cases": [{"case": d.case, "meeting": d.meeting.isoformat(), "paragraph": d.paragraph,
                            "decision": d.resolution.value} for d in self.open_cases],
        }


def load_all(project: Project) -> tuple[list[model.Case], list[CaseError]]:
    cases, errors = [], []
    for folder in project.case_dirs():
        try:
            cases.append(load_case(project, folder))
        except CaseError as exc:
            errors.append(exc)
    return cases, errors


def status_report(project: Project, today: dt.date | None = None) -> StatusReport:
    """The status of every agreement in cases/ as of `today` (default: the real today)."""
    today = today or dt.date.today()
    cases, errors = load_all(project)
    decisions = case_decisions(project, cases, until=today)
    decided = frozenset(case for case, found in decisions.items() if any(d.adopted and d.agreement for d in found))
    open_cases = sorted((found[-1] for found in decisions.values() if found[-1].open), key=lambda d: (d.meeting, d.case))
    return StatusReport(today, agreement_status(cases, today, decided), errors,
                        names_of_one_orgnr(project, cases), open_cases)
