"""`iopdocs check`: validate cases (and templates) and report every problem."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model
from .errors import CaseError, UserError
from .load import Project, load_case


@dataclass
class CheckResult:
    cases: list[model.Case] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_cases(project: Project, names: tuple[str, ...] = ()) -> CheckResult:
    result = CheckResult()
    for folder in project.case_dirs(list(names)):
        try:
            result.cases.append(load_case(project, folder))
        except CaseError as exc:
            result.errors.append(exc)
    return result
