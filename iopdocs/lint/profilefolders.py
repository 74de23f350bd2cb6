"""The profiles' own templates the lint checks, and what under templates/ nothing reads.

A profile keeps its own templates in templates/<profil>/ (documents/templatefiles.py);
a misspelt name there would be passed over without a word, the shared template used
instead. So each file there that looks like a template but is named like none, each
folder named like no profile, and each template put beside the profiles in
templates/profiles/ is reported, with the name it was probably meant to have.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..documents.templatefiles import PROFILES, profile_folders
from ..errors import Problem
from ..text import did_you_mean

__all__ = ["ProfileTemplate", "profile_templates"]

# What a word processor saves a template as; only .docx is read.
_DOCUMENT_SUFFIXES = (".docx", ".doc", ".docm", ".dotx", ".dot", ".odt", ".rtf")


@dataclass(frozen=True)
class ProfileTemplate:
    name: str  # the template it stands in for, e.g. tjansteutlatande.docx
    path: Path
    display: str  # templates/<profil>/<mall>.docx


def profile_templates(templates_dir: Path, names: list[str]) -> tuple[list[ProfileTemplate], list[Problem]]:
    """Every profile's own templates (of the known `names`), and the problems of the
    files and folders under templates/ that no profile reads."""
    known = _profile_names(templates_dir)
    found: list[ProfileTemplate] = []
    problems: list[Problem] = []
    for folder in profile_folders(templates_dir):
        shown = f"{templates_dir.name}/{folder.name}"
        if folder.name not in known:
            problems.append(Problem(f"{shown}/", None, "", _not_a_profile(folder.name, known)))
            continue
        for path in _documents(folder):
            if path.name in names:
                found.append(ProfileTemplate(path.name, path, f"{shown}/{path.name}"))
            else:
                problems.append(Problem(f"{shown}/{path.name}", None, "", _unknown_template(path.name, names)))
    for path in _documents(templates_dir / PROFILES):
        problems.append(Problem(f"{templates_dir.name}/{PROFILES}/{path.name}", None, "",
                                "mallar i profilernas mapp används inte; en profils egna mallar ligger i "
                                f"{templates_dir.name}/<profilens namn>/"))
    return found, problems


def _profile_names(templates_dir: Path) -> list[str]:
    folder = templates_dir / PROFILES
    return sorted(p.stem for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def _documents(folder: Path) -> list[Path]:
    """The word-processor files of a folder, leaving out the lock files Word and
    LibreOffice keep beside an open document (~$…, .~lock…#)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in _DOCUMENT_SUFFIXES
                  and not p.name.startswith(("~$", ".")))


def _not_a_profile(name: str, known: list[str]) -> str:
    message = f"mappen hör inte till någon profil (det finns ingen {PROFILES}/{name}.yaml), så mallarna i den används inte"
    hint = did_you_mean(name, known, cutoff=0.5)
    listing = f"profilerna heter {', '.join(known)}" if known else "projektet har inga profiler"
    return f"{message}; {hint} ({listing})" if hint else f"{message}; {listing}"


def _unknown_template(file_name: str, names: list[str]) -> str:
    stem = file_name.rsplit(".", 1)[0]
    hint = did_you_mean(f"{stem.lower()}.docx", names)
    listing = f"mallarna heter {', '.join(sorted(names))}"
    message = "okänd mall som inte används"
    if not file_name.lower().endswith(".docx"):
        message += " (mallarna sparas som Word-dokument, .docx)"
    return f"{message}; {hint} ({listing})" if hint else f"{message}; {listing}"
