"""The case's history and the comparison of two versions, word by word, as pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import Route

from ..errors import UserError
from ..history.gitrepo import Repo
from ..history.log import compare_revisions, history_report
from ..history.prosediff import plain_text
from ..history.semdiff import Change
from ..history.worddiff import plain_tokens, word_diff
from .page import file_tabs, project_of, render
from .save import case_folder

_REV = re.compile(r"[0-9a-fA-F]{4,40}(\^|~\d{1,3})?|HEAD(~\d{1,3})?|arbetskopian")


@dataclass
class Shown:
    """One change as the page shows it: where, and the words that went and came."""

    path: str
    text: str
    words: list[tuple[str, str]]  # (equal|del|ins, text); empty when the text says it all


def routes() -> list[Route]:
    return [
        Route("/arende/{case}/historik", history, methods=["GET"]),
        Route("/arende/{case}/jamfor", compare, methods=["GET"]),
        Route("/arende/{case}/jamforelse", comparison_docx, methods=["POST"]),
    ]


def _revision(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if not _REV.fullmatch(value):
        raise UserError(f"'{value}' är ingen version av ärendet (ange ett id från historiken).")
    return value


async def history(request: Request):
    project = project_of(request)
    name = request.path_params["case"]
    folder = case_folder(project, name)
    report = await run_in_threadpool(history_report, project, name)
    repo = Repo.find(folder)
    entries = [e.commit for e in repo.log([repo.relpath(folder)])]
    return render(request, "history.html", {"case": name, "report": report, "commits": entries, "kind": "historik",
                                            "files": file_tabs(project, folder)})


def shown(change: Change) -> Shown:
    words: list[tuple[str, str]] = []
    if change.kind == "changed" and isinstance(change.old, str) and isinstance(change.new, str):
        old, new = plain_tokens(plain_text(change.old)), plain_tokens(plain_text(change.new))
        words = [(tag, "".join(t[0] for t in tokens)) for tag, tokens in word_diff(old, new)]
    return Shown(change.path, change.describe(), words)


async def compare(request: Request):
    project = project_of(request)
    name = request.path_params["case"]
    case_folder(project, name)
    rev1 = _revision(request.query_params.get("fran"))
    rev2 = _revision(request.query_params.get("till"))
    old, new, comparison, _ = await run_in_threadpool(compare_revisions, project, name, rev1, rev2)
    return render(request, "compare.html", {
        "case": name, "old": old, "new": new, "notes": comparison.notes,
        "changes": [shown(c) for c in comparison.changes], "fran": rev1 or "", "till": rev2 or "",
    })


async def comparison_docx(request: Request):
    project = project_of(request)
    name = request.path_params["case"]
    case_folder(project, name)
    form = await request.form()
    rev1 = _revision(str(form.get("fran", "")))
    rev2 = _revision(str(form.get("till", "")))
    _, _, _, paths = await run_in_threadpool(compare_revisions, project, name, rev1, rev2, True)
    path = paths[0]  # jamforelse.docx; the agreement's comparison is listed among the documents
    return FileResponse(path, filename=path.name,
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
