"""The templates checked before a build: no paper is built through a template that the
lint faults (a datum the document must hold deleted, a style gone, a broken tag).

A problem in a profile's own folder (templates/<profil>/) stops only the cases and blank
forms of that profile; any other problem (the shared templates, a folder that is no
profile) stops every build. The check costs a fifth of a second, so it runs only when a
template or iopdocs has changed since the templates last passed: the stamp
build/.mallar-ok holds the digest they passed with."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..documents.fingerprint import case_profile_name, environment_key
from ..documents.templatefiles import profile_folder, profile_folders
from ..errors import Problem, UserError
from ..fsutil import write_if_changed
from ..project import Project
from .templates import template_problems

__all__ = ["TemplateGate", "gate_cases"]

STAMP = ".mallar-ok"


@dataclass
class TemplateGate:
    """What the lint said about the templates, and which cases it stops."""

    project: Project
    digest: str
    problems: list[Problem] = field(default_factory=list)  # [] when the stamp says they passed
    blocked: list[str] = field(default_factory=list)  # the case folders (names) that are not to be built

    def stops(self, profile: object) -> list[Problem]:
        """The problems that stop a build through `profile`'s templates: those outside any
        profile's folder, and those in this profile's own."""
        if not self.problems:
            return []
        own = profile_folder(self.project.templates_dir, profile)
        folders = {f.name for f in profile_folders(self.project.templates_dir)}
        return [p for p in self.problems if _scope(p, folders) in (None, own.name if own else None)]

    def error(self) -> UserError | None:
        """Every problem, with the cases they stop; None when the templates pass."""
        if not self.problems:
            return None
        stopped = (f", så {_cases(self.blocked)} byggs inte (tidigare byggda filer är orörda)" if self.blocked
                   else "; de gäller inget av ärendena som byggs nu")
        return UserError(f"Mallarna har {len(self.problems)} fel{stopped}:", self.problems)

    def record(self) -> None:
        """Remember that the templates passed, once a build has made the build folder."""
        if self.problems or not self.project.build_dir.is_dir():
            return
        try:
            write_if_changed(self.project.build_dir / STAMP, self.digest.encode("utf-8"))
        except OSError:
            pass  # without the stamp the next build checks again


def gate_cases(project: Project, folders: list[Path]) -> TemplateGate:
    """The lint's verdict on the templates the case `folders` are built through."""
    gate = TemplateGate(project, _templates_digest(project))
    try:
        if (project.build_dir / STAMP).read_text(encoding="utf-8") == gate.digest:
            return gate
    except (OSError, UnicodeError):
        pass
    gate.problems = template_problems(project.templates_dir)
    if gate.problems:
        gate.blocked = [f.name for f in folders if gate.stops(case_profile_name(f))]
    return gate


def _scope(problem: Problem, folders: set[str]) -> str | None:
    """The profile folder (of `folders`) the problem is in (templates/<profil>/<mall>.docx),
    or None for a problem every build shares."""
    parts = PurePosixPath(problem.file).parts
    return parts[1] if len(parts) >= 3 and parts[1] in folders else None


def _cases(names: list[str]) -> str:
    if len(names) == 1:
        return f"ärendet {names[0]}"
    return f"ärendena {', '.join(names[:-1])} och {names[-1]}"


def _templates_digest(project: Project) -> str:
    """The shared templates and iopdocs (environment_key), every .docx under templates/ (the
    profiles' own too), and the name of everything there: which folders are profiles and
    which files a profile's folder holds decide what the lint reports (profilefolders.py)."""
    h = hashlib.sha256(environment_key(project.templates_dir).encode())
    templates = project.templates_dir
    if templates.is_dir():
        for path in sorted(templates.rglob("*")):
            data = path.read_bytes() if path.suffix == ".docx" and path.is_file() else b""
            h.update(path.relative_to(templates).as_posix().encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()
