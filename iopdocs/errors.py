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
    errno.EDQUOT: "diskkvoten är slut",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EISDIR: "är en mapp",
    errno.ENOTDIR: "är inte en mapp",
    errno.EEXIST: "finns redan",
    errno.EIO: "in- eller utmatningsfel (skadad disk eller bortkopplad enhet)",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ELOOP: "för många symboliska länkar i rad (en slinga?)",
    errno.EMFILE: "för många öppna filer",
    errno.ENFILE: "för många öppna filer i systemet",
    errno.ENOMEM: "minnet räcker inte",
    errno.EBUSY: "filen eller enheten är upptagen",
    errno.ETXTBSY: "filen används av ett program som körs",
    errno.EXDEV: "kan inte flyttas mellan olika filsystem",
    errno.ENOTEMPTY: "mappen är inte tom",
    errno.EFBIG: "filen är för stor",
    errno.EINVAL: "ogiltigt värde",
    errno.ENXIO: "enheten finns inte",
    errno.ENODEV: "enheten finns inte",
    errno.EAGAIN: "resursen är tillfälligt otillgänglig; försök igen",
    errno.EINTR: "avbrutet",
    errno.EPIPE: "mottagaren har stängt förbindelsen",
    errno.ETIMEDOUT: "tidsgränsen överskreds",
    errno.ESTALE: "nätverksfilen är inte längre tillgänglig",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in Swedish, never its English strerror."""
    if isinstance(exc, TimeoutError) and exc.errno is None:
        return "tidsgränsen överskreds"
    reason = _ERRNO_SWEDISH.get(exc.errno or 0)
    if reason is None:
        return f"systemfel {errno.errorcode.get(exc.errno, exc.errno)}" if exc.errno else "okänt systemfel"
    return reason


def os_error_message(exc: OSError) -> str:
    """An operating-system error (disk full, no permission, …) told in Swedish, with the path."""
    where = f" ({exc.filename})" if exc.filename else ""
    return f"Filsystemet svarade: {os_reason(exc)}{where}."
