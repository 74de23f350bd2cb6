"""The case: its files as forms, saving them, its documents and their preview."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from ..case.load import load_case
from ..errors import CaseError, UserError
from ..model import CASE_FILES
from . import preview
from .formpage import FormState, handle
from .page import FILE_TITLES, file_tabs, project_of, render
from .save import case_folder, file_path, remove_file, save_file
from .schemaform import file_form


def routes() -> list[Route]:
    return [
        Route("/arende/{case}", overview, methods=["GET"]),
        Route("/arende/{case}/bygg", rebuild, methods=["POST"]),
        Route("/arende/{case}/fil/{name}", download, methods=["GET"]),
        Route("/arende/{case}/sida/{name}/{page:int}", page_image, methods=["GET"]),
        Route("/arende/{case}/{kind}", edit, methods=["GET", "POST"]),
    ]


def _case(request: Request) -> str:
    name = request.path_params["case"]
    try:
        case_folder(project_of(request), name)
    except UserError:
        raise HTTPException(404, f"Ärendet '{name}' finns inte.") from None
    return name


def _files(request: Request, name: str) -> list[dict]:
    return file_tabs(project_of(request), case_folder(project_of(request), name))


async def overview(request: Request):
    return render(request, "case.html", _overview(request, _case(request)))


async def edit(request: Request):
    name = _case(request)
    kind = request.path_params["kind"]
    if kind not in CASE_FILES:
        raise HTTPException(404, f"Ärendet har ingen fil som heter {kind}.yaml.")
    project = project_of(request)
    path = file_path(project, name, kind)
    built = []

    async def rebuild_after() -> None:
        built.append(await run_in_threadpool(request.app.state.rebuilder.rebuild, project, name))

    state = await handle(
        request, FormState(file_form(kind), path, project.display(path)),
        save=lambda base, data, who: save_file(project, name, kind, base, data, who),
        remove=lambda base, who: remove_file(project, name, kind, base, who),
        after=rebuild_after,
    )
    return render(request, "edit.html", {
        **state.context(), "case": name, "kind": kind, "title": FILE_TITLES[kind], "files": _files(request, name),
        "built": built[0] if built else None, "action": f"/arende/{name}/{kind}", "back": f"/arende/{name}",
    }, status_code=state.status)


async def rebuild(request: Request):
    name = _case(request)
    project = project_of(request)
    built = await run_in_threadpool(request.app.state.rebuilder.rebuild, project, name)
    return render(request, "case.html", {**_overview(request, name), "built": built})


def _overview(request: Request, name: str) -> dict:
    """The documents page: what `check` says about the case, and its built documents."""
    project = project_of(request)
    try:
        load_case(project, case_folder(project, name))
        problems = []
    except CaseError as exc:
        problems = [replace(p, file=Path(p.file).name) for p in exc.problems]
    docs = preview.documents(project, name)
    texts = {d.pdf: preview.page_text(project, name, d.pdf) for d in docs if d.pdf}
    return {"case": name, "files": _files(request, name), "documents": docs, "texts": texts, "problems": problems}


async def download(request: Request):
    name = _case(request)
    path = preview.built_file(project_of(request), name, request.path_params["name"])
    media = "application/pdf" if path.suffix == ".pdf" else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    inline = request.query_params.get("visa") == "1" and path.suffix == ".pdf"
    return FileResponse(path, media_type=media, filename=path.name,
                        content_disposition_type="inline" if inline else "attachment")


async def page_image(request: Request):
    name = _case(request)
    page = request.path_params["page"]
    png = await run_in_threadpool(preview.page_png, project_of(request), name, request.path_params["name"], page)
    return FileResponse(png, media_type="image/png", headers={"Cache-Control": "no-cache"})
