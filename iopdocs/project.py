"""The project: where cases, templates, profiles and the build folder live."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import UserError

__all__ = ["Project", "is_yaml"]


class Project:
    """Where cases, templates and profiles live: the project root."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.cases_dir = self.root / "cases"
        self.templates_dir = self.root / "templates"
        self.profiles_dir = self.templates_dir / "profiles"
        self.build_dir = self.root / "build"

    def display(self, path: Path) -> str:
        """A path as the user should read it: relative to the root where possible."""
        # A symbolic link is shown as itself, not as where it leads: that is the file the
        # user named, and the one a message about the link is about.
        own = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
        try:
            return str(own.relative_to(self.root))
        except ValueError:
            return str(path)

    def case_dirs(self, names: list[str] | tuple[str, ...] = ()) -> list[Path]:
        """The case folders named (a path or a name under cases/), or all of them."""
        if not names:
            if not self.cases_dir.is_dir():
                # Most often iopdocs was run from another folder than the project's root.
                raise UserError(
                    f"Mappen cases finns inte i {self.root}. Kör iopdocs i projektets rotmapp "
                    "eller ange den med --root MAPP."
                )
            # A folder of YAML files without case.yaml is a case with a misnamed file, not
            # something to skip in silence: load_case reports the missing file.
            return sorted(p for p in self.cases_dir.iterdir() if _looks_like_case(p))
        folders = []
        for name in names:
            candidates = [Path(name), self.root / name, self.cases_dir / name]
            folder = next((c for c in candidates if (c / "case.yaml").is_file()), None)
            folder = folder or next((c for c in candidates if _looks_like_case(c)), None)
            if folder is None:
                raise UserError(
                    f"Ärendet '{name}' finns inte: ingen case.yaml i {self.display(self.cases_dir / name)}."
                )
            folders.append(folder)
        return folders


def _looks_like_case(folder: Path) -> bool:
    if folder.name.startswith((".", "_")) or not folder.is_dir():
        return False
    return os.path.lexists(folder / "case.yaml") or any(is_yaml(p) for p in folder.iterdir())


def is_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml") and path.is_file()
