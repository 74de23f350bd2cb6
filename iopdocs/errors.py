"""Errors that reach a person as a message, never as a traceback."""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file, in Swedish."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class UserError(Exception):
    """Anything that should be shown to the user as a Swedish message."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        lines = [self.message] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class CaseError(UserError):
    """A case folder whose files do not validate; carries every problem found."""

    def __init__(self, case: str, problems: list[Problem]):
        super().__init__(f"Ärendet {case} har {len(problems)} fel:", sorted(problems, key=_problem_order))
        self.case = case


def _problem_order(p: Problem) -> tuple:
    return (p.file, p.line if p.line is not None else 0, p.field, p.message)


_ERRNO_SWEDISH = {
    errno.ENOSPC: "disken är full",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EISDIR: "är en mapp",
    errno.ENOTDIR: "är inte en mapp",
    errno.EEXIST: "finns redan",
}


def os_error_message(exc: OSError) -> str:
    """An operating-system error (disk full, no permission, …) told in Swedish."""
    reason = _ERRNO_SWEDISH.get(exc.errno or 0, exc.strerror or "okänt fel")
    where = f" ({exc.filename})" if exc.filename else ""
    return f"Filsystemet svarade: {reason}{where}."
