"""The templates the suite renders through: the starting templates iopdocs.templategen
builds, beside the shipped profiles.

The templates in templates/ belong to the clerks, who edit them in Word. No test of the
code renders through them, so a clerk's edit (a logo, a reworded sentence, a changed
style) never turns `make test` red; tests/test_shipped_templates.py checks those files the
way `iopdocs check` does, and builds the example cases through them.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from iopdocs.project import Project
from iopdocs.templategen import BUILDERS, build

ROOT = Path(__file__).resolve().parent.parent


def _starting_templates() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="iopdocs-mallar-")) / "templates"
    atexit.register(shutil.rmtree, folder.parent, True)
    shutil.copytree(ROOT / "templates" / "profiles", folder / "profiles")
    for name in BUILDERS:
        (folder / name).write_bytes(build(name))
    return folder


TEMPLATES = _starting_templates()


def example_project() -> Project:
    """The project's own cases, meetings and profiles, rendered through TEMPLATES."""
    project = Project(ROOT)
    project.templates_dir = TEMPLATES
    return project
