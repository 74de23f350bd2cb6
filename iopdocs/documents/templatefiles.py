"""Which file a template is read from: a profile's own or the shared one.

A profile (templates/profiles/<namn>.yaml) may keep its own copy of any template in a
folder of its name, templates/<namn>/<mall>.docx, for its letterhead or its own fixed
text; each template the folder lacks comes from templates/<mall>.docx. Everything that
reads a template asks here (the documents of a case, the blank forms, the meeting's
templates, diff --docx), and the build's fingerprints hash the same folders
(fingerprint.py), so editing one profile's template rebuilds only that profile's cases.

templates/profiles/ holds the profiles themselves and their logos, never a profile's
templates: a profile named `profiles` uses the shared templates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError, os_reason
from ..fsutil import not_regular

__all__ = ["PROFILES", "TemplateFile", "named_profile", "profile_folder", "profile_folders", "read_template",
           "template_path"]

PROFILES = "profiles"  # templates/profiles/: the profiles' YAML and logos


@dataclass(frozen=True)
class TemplateFile:
    label: str  # as messages name it: 'tjansteutlatande.docx' or 'rinkeby-kista/tjansteutlatande.docx'
    data: bytes


def named_profile(case_yaml: object) -> object:
    """The `profile:` of a case.yaml's data as written (it may not validate)."""
    return case_yaml.get("profile") if isinstance(case_yaml, dict) else None


def profile_folder(templates_dir: Path, profile: object) -> Path | None:
    """templates/<profile>/, where the profile's own templates are; None when the name
    cannot have such a folder (no profile, `profiles`, or not a plain folder name; the
    name may come unchecked from a case.yaml that does not validate)."""
    if not isinstance(profile, str):
        return None
    name = profile.strip()
    if not name or name == PROFILES or name.startswith(".") or "/" in name or "\\" in name or "\0" in name:
        return None
    return templates_dir / name


def profile_folders(templates_dir: Path) -> list[Path]:
    """Every folder in templates/ that would be a profile's (all but profiles/ and hidden ones)."""
    if not templates_dir.is_dir():
        return []
    return sorted(p for p in templates_dir.iterdir()
                  if p.is_dir() and profile_folder(templates_dir, p.name) is not None)


def template_path(templates_dir: Path, name: str, profile: object = None) -> Path:
    """The file the template `name` is read from for `profile`: the profile's own when it
    has one (even a broken one, which is then reported rather than passed over), else the
    shared one."""
    folder = profile_folder(templates_dir, profile)
    if folder is not None and os.path.lexists(folder / name):
        return folder / name
    return templates_dir / name


def read_template(templates_dir: Path, name: str, profile: object = None) -> TemplateFile:
    path = template_path(templates_dir, name, profile)
    label = path.relative_to(templates_dir).as_posix()
    wrong = not_regular(path, templates_dir.parent)  # the project's root: a link may not lead out
    if wrong == "finns inte":
        raise UserError(f"Mallen {name} saknas i {templates_dir}. Skapa den med 'iopdocs mallar ny {Path(name).stem}'.")
    if wrong is not None:
        raise UserError(f"Mallen {path} {wrong}.")
    try:
        return TemplateFile(label, path.read_bytes())
    except OSError as exc:
        raise UserError(f"Mallen {path} kan inte läsas ({os_reason(exc)}).") from None
