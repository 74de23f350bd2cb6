"""`iopdocs check`: validate cases and the meeting files, and report every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import model
from ..case.load import load_case
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

    @property
    def ok(self) -> bool:
        return not self.errors


def check_project(project: Project, names: tuple[str, ...] = ()) -> CheckResult:
    """The cases named; or, when none is named, the whole project: every case, every
    meetings/*.yaml and the Word templates that every case is built through."""
    result = check_cases(project, names)
    if not names:
        check_meetings(project, result)
        check_templates(project, result)
    return result


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
            result.cases.append(load_case(project, folder))
        except CaseError as exc:
            result.errors.append(exc)
    return result


def check_meetings(project: Project, result: CheckResult) -> None:
    for path in meeting_files(project):
        display = project.display(path)
        problems = meeting_file_problems(project, path)
        if problems:
            result.errors.append(UserError(f"Sammanträdesfilen {display} har {len(problems)} fel:", problems))
        else:
            result.meetings.append(display)
