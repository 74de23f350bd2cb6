"""Rebuild one case after a save. One function, so that a warm LibreOffice engine can
take the place of the ordinary build without the pages knowing."""

from __future__ import annotations

import shutil

from ..documents.build import BuildResult, build
from ..errors import UserError
from ..project import Project


def rebuild_case(project: Project, name: str) -> BuildResult:
    """Build the case's documents (PDF too, when LibreOffice is there)."""
    pdf = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
    try:
        return build(project, (name,), pdf=pdf)
    except UserError as exc:
        return BuildResult(errors=[exc])
