"""The clerk's page of a meeting: its items, the packet, its files and what the web
copies leave out."""

from __future__ import annotations

import datetime as dt
import re

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from ..errors import UserError
from ..history.semdiff import case_data, diff
from ..meeting.collect import gather_meeting
from ..meeting.packet import OUT_DIR, build_packet
from ..meeting.publish import without_contact_details
from ..project import Project
from .formpage import FormState, handle
from .meetingsave import meeting_target, save_meeting_file
from .page import project_of, render

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILE = re.compile(r"(webb/)?[A-Za-z0-9][A-Za-z0-9._-]*\.(pdf|docx)")


def routes() -> list[Route]:
    return [
        Route("/sammantrade/{date}", meeting, methods=["GET"]),
        Route("/sammantrade/{date}/handlingar", packet, methods=["POST"]),
        Route("/sammantrade/{date}/fil/{name:path}", download, methods=["GET"]),
        Route("/sammantrade/{date}/redigera", edit, methods=["GET", "POST"]),
    ]


def _date(request: Request) -> dt.date:
    text = request.path_params["date"]
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise HTTPException(404, f"'{text}' är inget sammanträdesdatum (ÅÅÅÅ-MM-DD).") from None


def _out_dir(project: Project, date: dt.date):
    return project.build_dir / OUT_DIR / date.isoformat()


def meeting_files(project: Project, date: dt.date) -> list[str]:
    folder = _out_dir(project, date)
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                  and _FILE.fullmatch(p.relative_to(folder).as_posix()))


def contact_report(gathered) -> list[tuple[str, list[str]]]:
    """Per case item: the personal details the web copy leaves out."""
    out = []
    for item in sorted(gathered.items, key=lambda i: i.number):
        if item.case is None:
            continue
        changes = diff(case_data(item.case), case_data(without_contact_details(item.case)))
        out.append((item.label, [str(c) for c in changes]))
    return out


async def meeting(request: Request, notes: list[str] | None = None, written: list[str] | None = None,
                  error: UserError | None = None):
    project = project_of(request)
    date = _date(request)
    gathered = await run_in_threadpool(gather_meeting, project, date)
    return render(request, "meeting.html", {
        "date": date.isoformat(), "items": sorted(gathered.items, key=lambda i: i.number),
        "problems": gathered.problems, "case_errors": gathered.case_errors,
        "files": meeting_files(project, date), "report": contact_report(gathered),
        "notes": notes or [], "written": written, "error": error,
    }, status_code=400 if error else 200)


async def packet(request: Request):
    project = project_of(request)
    date = _date(request)
    form = await request.form()
    publish = form.get("publish") == "true"
    notes: list[str] = []
    try:
        paths = await run_in_threadpool(lambda: build_packet(project, date, publish=publish, notes=notes.append))
    except UserError as exc:
        return await meeting(request, notes, None, exc)
    folder = _out_dir(project, date)
    return await meeting(request, notes, [p.relative_to(folder).as_posix() for p in paths])


async def download(request: Request):
    project = project_of(request)
    date = _date(request)
    name = request.path_params["name"]
    if not _FILE.fullmatch(name):
        raise HTTPException(404, f"Filen {name} finns inte.")
    path = _out_dir(project, date) / name
    if not path.is_file():
        raise HTTPException(404, f"Filen {name} finns inte; sätt ihop handlingarna först.")
    media = "application/pdf" if path.suffix == ".pdf" else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return FileResponse(path, media_type=media, filename=path.name)


async def edit(request: Request):
    """The meeting file as a form: time, place, chair and the extra items."""
    project = project_of(request)
    date = _date(request)
    target = meeting_target(project, date)
    state = await handle(request, FormState(target.form, target.path, target.display),
                         save=lambda base, data, who: save_meeting_file(project, date, base, data, who))
    return render(request, "edit.html", {
        **state.context(), "case": None, "kind": "meeting", "title": f"Sammanträdet {date.isoformat()}",
        "action": f"/sammantrade/{date.isoformat()}/redigera", "back": f"/sammantrade/{date.isoformat()}",
        "built": None,
    }, status_code=state.status)
