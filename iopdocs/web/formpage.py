"""What a form page does with a request, for any file it edits (a case file, the meeting
file): show the file, apply a list edit, save, or remove the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ..errors import Problem
from .bound import bind
from .formdata import apply_op, form_values, parse_form
from .gitsave import Author
from .page import author
from .save import Saved, read_version
from .schemaform import PROSE_HELP, Node
from .yamledit import RoundTrip

MAX_FORM_FIELDS = 20_000

Save = Callable[[str, dict[str, Any], Author | None], Saved]  # (base version, data, author)
Remove = Callable[[str, Author | None], Saved]


@dataclass
class FormState:
    """What the page shows after a request."""

    form: Node
    path: Path
    display: str
    version: str = ""
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    saved: Saved | None = None
    pending: bool = False  # a list edit not yet saved
    confirm: bool = False  # asked to remove the file

    def reload(self) -> None:
        self.version, raw = read_version(self.path)
        self.data = RoundTrip((raw or b"").decode("utf-8", "replace"), self.display).data

    def context(self) -> dict:
        bound, loose = bind(self.form, self.data, self.problems)
        return {"form": bound, "loose": loose, "base": self.version, "saved": self.saved, "pending": self.pending,
                "confirm": self.confirm, "prose_help": PROSE_HELP, "exists": self.path.is_file(),
                "filename": self.path.name}

    @property
    def status(self) -> int:
        return 409 if self.saved and self.saved.conflict else (400 if self.problems else 200)


async def handle(request: Request, state: FormState, save: Save, remove: Remove | None = None,
                 after: Callable[[], Awaitable[None]] | None = None) -> FormState:
    """Do what the request asks; `after` runs when the file was written (a rebuild)."""
    if request.method == "GET":
        state.reload()
        return state
    async with request.form(max_fields=MAX_FORM_FIELDS) as posted:
        form = form_values([(k, str(v)) for k, v in posted.multi_items() if isinstance(v, str)])
    state.version = form.get("base", [""])[-1]
    state.data, state.problems = parse_form(state.form, form)
    op = form.get("op", ["save"])[-1]
    if op == "delete" and remove is not None:
        state.confirm = True
    elif op == "delete_confirmed" and remove is not None:
        state.saved = await run_in_threadpool(remove, state.version, author(request))
    elif op != "save":
        state.pending = apply_op(state.form, state.data, op)
    elif state.problems:
        state.saved = Saved(problems=state.problems)
    else:
        state.saved = await run_in_threadpool(save, state.version, state.data, author(request))
    saved = state.saved
    if saved is not None:
        state.problems = saved.problems
        if saved.written and after is not None:
            await after()
        if saved.written or (not saved.problems and not saved.conflict):
            state.reload()
    return state
