"""What every page handler shares: the templates, the project, the signed-on user."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..model import CASE_FILES
from ..project import Project
from .gitsave import Author

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.add_extension("jinja2.ext.do")


def render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    token = request.scope.get("csrftoken")
    context = {"csrftoken": token() if token else "", "user": request.scope.get("iopdocs.user"), **context}
    return templates.TemplateResponse(request, name, context, status_code=status_code)


CSRF_MESSAGE = ("Sidan var för gammal eller kom från en annan webbplats. Ladda om sidan och försök igen; "
                "inget har sparats.")


def plain_page(title: str, message: str) -> str:
    """A page without the request (CSRF and sign-on refusals happen before the app)."""
    return templates.get_template("plain.html").render(title=title, message=message)


def author(request: Request) -> Author | None:
    """The git author of a save: the signed-on user, or (on a laptop) git's own setting."""
    user = request.scope.get("iopdocs.user")
    return Author.from_header(user) if user else None


def project_of(request: Request) -> Project:
    return request.app.state.project


FILE_TITLES = {
    "case": "Ärendet",
    "background": "Bakgrund och ärendet",
    "partners": "Partner",
    "goals": "Mål",
    "indicators": "Indikatorer och uppföljning",
}


def file_tabs(project: Project, folder: Path) -> list[dict]:
    """The case's files for the tabs of its pages: kind, Swedish title, whether it exists."""
    return [{"kind": k, "title": FILE_TITLES[k], "exists": (folder / f"{k}.yaml").is_file()} for k in CASE_FILES]
