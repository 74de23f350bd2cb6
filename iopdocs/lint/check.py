"""`iopdocs check`: validate cases and the meeting files, and report every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..case.load import load_case
from ..documents.charttext import chart_text_problems
from ..errors import CaseError, UserError
from ..meeting.collect import meeting_file_problems
from ..meeting.file import meeting_files
from ..project import Project


@dataclass
class CheckResult:
    cases: list[model.Case] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)  # meeting files without problems, as displayed
    templates_ok: bool = False
    errors: list[UserError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # with --publish: what publish_allow lets through

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(project: Project, names: tuple[str, ...] = (), publish: bool = False) -> CheckResult:
    """The cases named; or, when none is named, the whole project: every case, every
    meetings/*.yaml and the Word templates that every case is built through. With
    `publish`, also what `packet --publish` would refuse to put on the web."""
    result = check_cases(project, names)
    if not names:
        check_across_cases(project, result)
        check_meetings(project, result)
        check_templates(project, result)
    if publish:
        check_publishing(project, result, names)
    return result


def check_publishing(project: Project, result: CheckResult, names: tuple[str, ...]) -> None:
    """Each case, then each meeting's external items, as `packet --publish` would scan them;
    a case with something it would refuse is no longer reported OK."""
    from ..meeting.file import file_date
    from ..meeting.privacy import allowed_notes, scan_for_check

    dates = [] if names else [d for d in map(file_date, meeting_files(project)) if d is not None]
    scans = [(case.id, scan_for_check(project, [case], [])) for case in result.cases]
    scans.append(("", scan_for_check(project, [], dates)))
    for case_id, scan in scans:
        if scan.blocked:
            what = f"Ärendet {case_id}" if case_id else "Sammanträdesfilerna"
            problems = sorted(set(scan.blocked))
            result.errors.append(UserError(
                f"{what} har {len(problems)} personuppgifter som packet --publish inte publicerar; ta bort dem, "
                "markera bilagan publish: false eller godkänn just den uppgiften i publish_allow:",
                problems,
            ))
        result.notes += allowed_notes(scan)
    refused = {case_id for case_id, scan in scans if scan.blocked}
    result.cases = [case for case in result.cases if case.id not in refused]


def check_templates(project: Project, result: CheckResult) -> None:
    from .templates import template_problems

    problems = template_problems(project.templates_dir)
    if problems:
        result.errors.append(UserError(f"Mallarna har {len(problems)} fel:", problems))
    else:
        result.templates_ok = True


def check_cases(project: Project, names: tuple[str, ...] = ()) -> CheckResult:
    result = CheckResult()
    for folder in project.case_dirs(list(names)):
        try:
            case = load_case(project, folder)
        except CaseError as exc:
            result.errors.append(exc)
            continue
        drawn = chart_text_problems(case, project.display)  # what a chart could not draw
        if drawn:
            result.errors.append(CaseError(case.id, drawn))
        else:
            result.cases.append(case)
    return result


def check_across_cases(project: Project, result: CheckResult) -> None:
    """Rules between cases: one organisation number under two names."""
    from ..case.crosscheck import names_of_one_orgnr

    problems = names_of_one_orgnr(project, result.cases)
    if problems:
        named = {Path(p.file).parent.name for p in problems}
        result.cases = [case for case in result.cases if Path(case.folder).name not in named]
        result.errors.append(UserError(f"Ärendena har {len(problems)} fel sinsemellan:", problems))


def check_meetings(project: Project, result: CheckResult) -> None:
    for path in meeting_files(project):
        display = project.display(path)
        problems = meeting_file_problems(project, path)
        if problems:
            result.errors.append(UserError(f"Sammanträdesfilen {display} har {len(problems)} fel:", problems))
        else:
            result.meetings.append(display)
