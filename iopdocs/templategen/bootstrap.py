"""`iopdocs mallar ny`: write starting templates where none exist, never over a clerk's edit.

Without a profile the templates go to templates/<mall>.docx, built by this package.
With one they go to templates/<profil>/<mall>.docx as copies of the shared templates
(with every edit the clerks made to them), so that the profile's own templates start
from what its cases are built with today; a shared template that does not exist is
built. An existing file is kept unless `force` is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..case.skeleton import check_profile
from ..documents.templatefiles import profile_folder
from ..errors import UserError, os_reason
from ..fsutil import not_regular, write_atomic
from ..project import Project
from ..text import did_you_mean
from . import BUILDERS, build

__all__ = ["Bootstrap", "new_templates", "template_names"]


@dataclass
class Bootstrap:
    written: list[Path] = field(default_factory=list)  # built from code
    copied: list[tuple[Path, Path]] = field(default_factory=list)  # (shared template, profile's copy)
    kept: list[Path] = field(default_factory=list)  # existed already; not overwritten


def template_names(names: tuple[str, ...] | list[str]) -> list[str]:
    """The template files named (with or without .docx), or all of them; an unknown name is
    a UserError that lists the known ones."""
    if not names:
        return list(BUILDERS)
    chosen = []
    for name in names:
        file = name if name.lower().endswith(".docx") else f"{name}.docx"
        if file not in BUILDERS:
            known = [n.removesuffix(".docx") for n in BUILDERS]
            hint = did_you_mean(file.removesuffix(".docx"), known)
            raise UserError(f"Mallen '{name}' finns inte; {hint + ' ' if hint else ''}mallarna heter {', '.join(known)}.")
        chosen.append(file)
    return list(dict.fromkeys(chosen))


def new_templates(project: Project, names: list[str], profile: str | None = None,
                  force: bool = False) -> Bootstrap:
    """Write the templates called `names` (file names, see template_names) for `profile`
    (None: the shared ones); each file that exists is kept unless `force`."""
    target_dir = project.templates_dir if profile is None else _profile_dir(project, profile)
    result = Bootstrap()
    for name in names:
        target = target_dir / name
        if _exists(project, target) and not force:
            result.kept.append(target)
            continue
        shared = project.templates_dir / name
        if profile is not None and _exists(project, shared):
            _write(project, target, _read(project, shared))
            result.copied.append((shared, target))
        else:
            _write(project, target, build(name))
            result.written.append(target)
    return result


def _profile_dir(project: Project, profile: str) -> Path:
    check_profile(project, profile)
    folder = profile_folder(project.templates_dir, profile)  # where the build looks for them
    if folder is None:
        raise UserError(f"Profilen '{profile}' kan inte ha egna mallar: {project.display(project.profiles_dir)}/ "
                        "är profilernas mapp. Byt namn på profilen för att ge den egna mallar.")
    return folder


def _exists(project: Project, path: Path) -> bool:
    wrong = not_regular(path, project.root)
    if wrong == "finns inte":
        return False
    if wrong is not None:
        raise UserError(f"Mallen {project.display(path)} {wrong}; den skrivs inte över.")
    return True


def _read(project: Project, path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"Mallen {project.display(path)} kan inte läsas ({os_reason(exc)}).") from None


def _write(project: Project, path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(f"Mallen {project.display(path)} kan inte skrivas ({os_reason(exc)}).") from None
