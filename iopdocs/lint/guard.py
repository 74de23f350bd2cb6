"""The templates checked before a build: a template that the lint faults (a datum the
document must hold deleted, a style gone, a broken tag) builds no paper at all.

The check costs a fifth of a second, so it runs only when a template or iopdocs has
changed since the templates last passed: the stamp build/.mallar-ok holds the digest
they passed with."""

from __future__ import annotations

import hashlib
from typing import Callable

from ..documents.fingerprint import environment_key
from ..errors import UserError
from ..fsutil import write_if_changed
from ..project import Project
from .templates import template_problems

__all__ = ["check_templates_before_build"]

STAMP = ".mallar-ok"


def check_templates_before_build(project: Project) -> Callable[[], None]:
    """Raise a UserError listing every problem when the templates do not pass the lint.
    Returns what to call once the build has run: it records that these templates passed,
    in the build folder the build has made."""
    digest = _templates_digest(project)
    stamp = project.build_dir / STAMP
    try:
        if stamp.read_text(encoding="utf-8") == digest:
            return lambda: None
    except (OSError, UnicodeError):
        pass
    problems = template_problems(project.templates_dir)
    if problems:
        raise UserError(f"Mallarna har {len(problems)} fel, så inget har byggts (tidigare byggda filer är orörda):",
                        problems)

    def record() -> None:
        if project.build_dir.is_dir():
            try:
                write_if_changed(stamp, digest.encode("utf-8"))
            except OSError:
                pass  # without the stamp the next build checks again

    return record


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
