"""Content hashes of a case's inputs: the version mark in the footer and the build cache key."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import Iterable, Mapping

import yaml

from .. import __version__
from ..model import CASE_FILE_NAMES
from .templatefiles import PROFILES, named_profile, profile_folder


def _digest(items: Iterable[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in sorted(items):
        h.update(name.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def case_files(folder: Path) -> dict[str, bytes]:
    """The YAML files that make up a case, by name."""
    return {name: (folder / name).read_bytes() for name in CASE_FILE_NAMES if (folder / name).is_file()}


def case_mark(files: Mapping[str, bytes]) -> str:
    """A short mark of a case's own files (name → content), printed in the statement's footer.

    It depends only on the case folder's YAML, so `iopdocs history` can compute it for any
    revision from git and a printed paper can be matched to the revision it came from.
    """
    return _digest(files.items())[:10]


def profile_files(folder: Path, profiles: Path) -> list[Path]:
    """The profile files a case's build reads: the one its case.yaml names. `profiles` is
    the profiles folder (or one profile file). When the name cannot be read (case.yaml is
    broken, the profile does not exist) every profile counts, so nothing is missed."""
    if not profiles.is_dir():
        return [profiles]
    name = case_profile_name(folder)
    chosen = profiles / f"{name}.yaml" if isinstance(name, str) and name.strip() else None
    if chosen is not None and chosen.parent == profiles and chosen.is_file():
        return [chosen]
    return sorted(p for p in profiles.iterdir() if _is_profile(p))


def case_profile_name(folder: Path) -> object:
    """The `profile:` the case's case.yaml names, as written (None when it cannot be read)."""
    try:
        data = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeError, yaml.YAMLError):
        data = None
    return named_profile(data)


def _is_profile(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml") and path.is_file()


def build_key(folder: Path, profiles: Path, templates_dir: Path, environment: str | None = None) -> str:
    """Everything a build of the case depends on: the case, its profile and the profile's
    own templates (templates/<profil>/), the shared templates, iopdocs.

    `profiles` is the profiles folder (the case's own profile is read from it) or the
    profile file. `environment` is `environment_key(templates_dir)`, which a build of
    many cases computes once and passes to each; it leaves the profiles and their
    templates out, so editing a profile or one of its templates rebuilds only the cases
    that use it.
    """
    items = [(f"case/{k}", v) for k, v in case_files(folder).items()]
    for path in sorted(folder.rglob("*")):
        # external attachments and other files in the case folder count too
        if path.is_file() and path.name not in CASE_FILE_NAMES:
            items.append((f"case/{path.relative_to(folder).as_posix()}", path.read_bytes()))
    for profile_file in profile_files(folder, profiles):
        if profile_file.is_file():
            items.append((f"profile/{profile_file.name}", profile_file.read_bytes()))
        items += profile_template_items(templates_dir, profile_file.stem)
    items.append(("environment", (environment or environment_key(templates_dir)).encode()))
    return _digest(items)


def profile_template_items(templates_dir: Path, profile: object) -> list[tuple[str, bytes]]:
    """The files of a profile's own templates folder, templates/<profil>/ (none when it has none)."""
    folder = profile_folder(templates_dir, profile)
    if folder is None or not folder.is_dir():
        return []
    return [(f"templates/{path.relative_to(templates_dir).as_posix()}", path.read_bytes())
            for path in sorted(folder.rglob("*")) if path.is_file()]


def environment_key(templates_dir: Path) -> str:
    """What every case's build shares: the shared templates (and the profiles' logos, but
    neither the profiles themselves nor their own templates in templates/<profil>/, which
    count only for the cases that use them), iopdocs and its code, and the libraries whose
    output bytes the documents carry."""
    items = []
    profiles = templates_dir / PROFILES
    for path in sorted(templates_dir.rglob("*")):
        relative = path.relative_to(templates_dir)
        if len(relative.parts) > 1 and relative.parts[0] != PROFILES:
            continue  # a profile's own templates (or a folder no profile reads)
        if path.is_file() and not (path.parent == profiles and _is_profile(path)):
            items.append((f"templates/{relative.as_posix()}", path.read_bytes()))
    items.append(("iopdocs", __version__.encode()))
    for package in ("matplotlib", "Pillow"):  # the charts' PNG bytes depend on them
        items.append((package, metadata.version(package).encode()))
    items.append(("code", _code_digest().encode()))
    return _digest(items)


def _code_digest() -> str:
    """The package's own source, so that a changed renderer invalidates old builds."""
    package = Path(__file__).parent.parent  # iopdocs/
    return _digest((p.relative_to(package).as_posix(), p.read_bytes()) for p in package.rglob("*.py"))
