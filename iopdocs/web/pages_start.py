"""The start page: every case with its status, the meetings, and a new case."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from .. import model
from ..case.load import load_case
from ..case.skeleton import write_skeleton
from ..case.status import agreement_status
from ..errors import CaseError, UserError
from ..project import Project
from .page import project_of, render


@dataclass
class CaseLine:
    name: str
    title: str
    dnr: str
    meeting: str
    problems: int


def routes() -> list[Route]:
    return [
        Route("/", start, methods=["GET"]),
        Route("/nytt", new_case, methods=["POST"]),
    ]


def case_lines(project: Project):
    """Every case (loaded, or with its problems counted), and the loaded cases."""
    lines, loaded = [], []
    for folder in project.case_dirs():
        try:
            case = load_case(project, folder)
        except CaseError as exc:
            lines.append(CaseLine(folder.name, "", "", "", len(exc.problems)))
            continue
        loaded.append(case)
        meeting = case.meta.meeting.isoformat() if case.meta.meeting else ""
        lines.append(CaseLine(case.id, case.meta.title, case.meta.dnr, meeting, 0))
    return lines, loaded


def meeting_dates(project: Project, lines: list[CaseLine]) -> list[str]:
    dates = {line.meeting for line in lines if line.meeting}
    folder = project.root / "meetings"
    if folder.is_dir():
        dates |= {p.stem for p in folder.glob("*.yaml") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.stem)}
    return sorted(dates, reverse=True)


async def start(request: Request):
    return render(request, "start.html", start_context(project_of(request)))


def start_context(project: Project) -> dict:
    lines, loaded = case_lines(project)
    today = dt.date.today()
    return {
        "cases": lines,
        "rows": agreement_status(loaded, today),
        "today": today,
        "meetings": meeting_dates(project, lines),
        "kinds": [(k.value, k.label) for k in model.Kind],
        "profiles": sorted(p.stem for p in project.profiles_dir.glob("*.yaml")) if project.profiles_dir.is_dir() else [],
    }


async def new_case(request: Request):
    project = project_of(request)
    form = await request.form()
    name = str(form.get("name", "")).strip()
    kind = next((k for k in model.Kind if k.value == form.get("kind")), model.Kind.new_agreement)
    profile = str(form.get("profile", "")) or None
    try:
        if "/" in name or "\\" in name:
            raise UserError(f"Ogiltigt ärendenamn '{name}': bara ett namn, ingen sökväg.")
        folder = write_skeleton(project, name, kind, profile)
    except UserError as exc:
        return render(request, "start.html", {
            **start_context(project), "new_error": exc.message, "new_name": name}, status_code=400)
    return RedirectResponse(f"/arende/{folder.name}/case", status_code=303)
