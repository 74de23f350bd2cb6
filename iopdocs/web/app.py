"""The ASGI app: routes, templates, the single sign-on header, CSRF and error pages."""

from __future__ import annotations

import contextlib
import logging
import secrets

from asgi_csrf import asgi_csrf
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from ..errors import UserError
from ..project import Project
from . import pages_case, pages_history, pages_meeting, pages_start, pages_upload
from .page import CSRF_MESSAGE, HERE, plain_page, render
from .rebuild import Rebuilder

log = logging.getLogger("iopdocs.web")

_STATUS_TEXT = {
    403: "Du saknar behörighet",
    404: "Sidan finns inte",
    405: "Det går inte att göra så här",
    413: "Filen är för stor",
}


def create_app(project: Project, trusted_header: str | None = None, secret: str | None = None, *, warm: bool = False):
    """The app over `project`. `warm`: rebuild through a warm LibreOffice engine kept for the
    app's life (what `iopdocs serve` does), started and stopped with the app."""
    routes = [
        *pages_start.routes(),
        *pages_history.routes(),  # before the case's /arende/{case}/{kind}
        *pages_upload.routes(),
        *pages_case.routes(),
        *pages_meeting.routes(),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    rebuilder = Rebuilder(warm=warm)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        rebuilder.start()
        try:
            yield
        finally:
            rebuilder.close()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={UserError: _user_error, HTTPException: _http_error, Exception: _internal_error},
    )
    app.state.project = project
    app.state.rebuilder = rebuilder
    protected = asgi_csrf(
        app,
        signing_secret=secret or secrets.token_hex(32),
        # Every POST is checked, also one without cookies: the user is not known by a cookie
        # here (a laptop, or a proxy's header), so a cross-site form would carry none.
        always_protect=_Everything(),
        skip_if_scope=is_upload,
        send_csrf_failed=_csrf_failed,
    )
    return TrustedHeader(protected, trusted_header) if trusted_header else protected


def is_upload(scope) -> bool:
    """asgi-csrf 0.11 cannot read multipart bodies with python-multipart ≥ 0.0.26 (its
    issue #38); the one upload form's token is compared in pages_upload instead, against the
    token asgi-csrf has checked the signed cookie of."""
    headers = dict(scope.get("headers") or [])
    return scope["path"].endswith("/bilagor") and headers.get(b"content-type", b"").startswith(b"multipart/")


class _Everything:
    def __contains__(self, path: object) -> bool:
        return True


class TrustedHeader:
    """Behind a single sign-on proxy: the proxy's header names the user; without it, no page."""

    def __init__(self, app, header: str):
        self.app = app
        self.header = header.lower().encode("latin-1")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        value = dict(scope.get("headers") or []).get(self.header, b"").decode("utf-8", "replace").strip()
        if not value:
            body = plain_page(
                "Inloggning krävs",
                "Den här tjänsten nås bara genom kommunens inloggning. Öppna den via intranätets länk.",
            )
            await HTMLResponse(body, status_code=401)(scope, receive, send)
            return
        await self.app({**scope, "iopdocs.user": value}, receive, send)


async def _csrf_failed(scope, send, message_id) -> None:
    body = plain_page(
"Formuläret kunde inte tas emot", CSRF_MESSAGE).encode("utf-8")
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"text/html; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})



async def _user_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UserError)
    return render(request, "error.html", {"title": "Det gick inte", "error": exc}, status_code=400)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    title = _STATUS_TEXT.get(exc.status_code, "Något gick fel")
    return render(request, "error.html", {"title": title, "message": exc.detail if exc.status_code == 404 else ""},
                  status_code=exc.status_code)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # The details go to the server's log, never to the page.
    log.exception("internt fel vid %s %s", request.method, request.url.path)
    body = plain_page(
        "Internt fel i iopdocs",
        "Något oväntat hände. Ingen fil har skadats. Försök igen, och berätta för den som sköter "
        "tjänsten vad du gjorde om felet kommer tillbaka.",
    )
    return HTMLResponse(body, status_code=500)
