"""An attachment PDF uploaded to a case: checked as `packet` checks it, then kept in the
case folder's bilagor/ and committed, ready to be listed among the case's attachments."""

from __future__ import annotations

import re
import secrets
import tempfile
import unicodedata
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from ..errors import UserError
from ..fsutil import write_atomic
from ..meeting.attachments import MAX_BYTES, AttachmentError, open_external
from . import gitsave
from .page import CSRF_MESSAGE, author, file_tabs, plain_page, project_of, render
from .save import case_folder

FOLDER = "bilagor"


def routes() -> list[Route]:
    return [Route("/arende/{case}/bilagor", attachments, methods=["GET", "POST"])]


def safe_name(filename: str) -> str:
    """'Årsredovisning 2023 (slutlig).PDF' → 'arsredovisning-2023-slutlig.pdf'."""
    stem = Path(filename.replace("\\", "/")).name
    stem = stem[:-4] if stem.lower().endswith(".pdf") else stem
    ascii_text = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80]
    return f"{slug or 'bilaga'}.pdf"


def store(folder: Path, filename: str, data: bytes, who) -> str:
    """Check the PDF and keep it as bilagor/<name>.pdf; its path within the case folder."""
    name = safe_name(filename)
    with tempfile.TemporaryDirectory(prefix="iopdocs-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            open_external(path)
        except AttachmentError as exc:
            raise UserError(f"Filen '{filename}' {exc}. Inget har sparats.") from None
    target = folder / FOLDER / name
    if target.exists():
        raise UserError(f"Det finns redan en bilaga som heter {FOLDER}/{name}; byt namn på filen först.")
    target.parent.mkdir(exist_ok=True)
    write_atomic(target, data)
    top = gitsave.repo_top(folder)
    if top is not None:
        gitsave.commit_file(top, target, f"{folder.name}: ny bilaga {FOLDER}/{name}\n\nUppladdad i iopdocs serve.\n", who)
    return f"{FOLDER}/{name}"


def same_token(request: Request, posted: object) -> bool:
    """The form's CSRF token is the one asgi-csrf found in the signed cookie (see app.is_upload)."""
    expected = request.scope.get("csrftoken")
    return isinstance(posted, str) and expected is not None and secrets.compare_digest(posted, expected())


async def attachments(request: Request):
    project = project_of(request)
    name = request.path_params["case"]
    folder = case_folder(project, name)
    stored, error = None, None
    if request.method == "POST":
        async with request.form(max_files=1, max_part_size=MAX_BYTES) as form:
            if not same_token(request, form.get("csrftoken")):
                return HTMLResponse(plain_page("Formuläret kunde inte tas emot", CSRF_MESSAGE), status_code=403)
            upload = form.get("fil")
            if not isinstance(upload, UploadFile) or not upload.filename:
                error = UserError("Välj en PDF-fil att ladda upp.")
            elif (upload.size or 0) > MAX_BYTES:
                error = UserError(f"Filen är för stor; en bilaga får vara högst {MAX_BYTES // 1_000_000} MB.")
            else:
                data = await upload.read()
                try:
                    stored = await run_in_threadpool(store, folder, upload.filename, data, author(request))
                except UserError as exc:
                    error = exc
    existing = sorted(p.name for p in (folder / FOLDER).glob("*.pdf")) if (folder / FOLDER).is_dir() else []
    return render(request, "attachments.html", {
        "case": name, "files": file_tabs(project, folder), "kind": "bilagor", "stored": stored, "error": error,
        "existing": existing, "folder": FOLDER,
    }, status_code=400 if error else 200)
