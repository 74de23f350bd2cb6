"""Load and render many cases at once, one process per core.

Rendering is pure Python on one core (the charts of a follow-up form most of all), so a
build of many cases renders them in parallel. Workers are forked, so they start with
everything already imported; they hand back only plain data: the documents (bytes and
metadata), or the error as message and problems.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..case.load import load_case
from ..cores import available_cores
from ..errors import CaseError, Problem, UserError
from ..project import Project


@dataclass(frozen=True)
class Outcome:
    """One case rendered, or why it could not be."""

    folder: Path
    documents: list = field(default_factory=list)  # render.RenderedDocument, each with its DocumentMeta
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    invalid: bool = False  # the case's files do not validate (as `check` reports it)

    def user_error(self) -> UserError:
        if self.invalid:
            return CaseError(self.folder.name, self.problems)
        return UserError(f"Ärendet {self.folder.name} kunde inte byggas: {self.error}", self.problems)


def render_folders(
    project: Project, folders: list[Path], tick: Callable[[Path], None] | None = None
) -> Iterator[Outcome]:
    """Outcomes in the order of `folders`; in parallel when there are several and cores."""
    workers = min(len(folders), available_cores())
    if workers < 2:
        for folder in folders:
            if tick:
                tick(folder)
            yield render_folder(project.root, folder)
        return
    from . import render  # noqa: F401  (imported before the fork, so no worker imports it again)

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(render_folder, project.root, folder) for folder in folders]
        for folder, future in zip(folders, futures):
            if tick:
                tick(folder)
            yield future.result()


def render_folder(root: Path, folder: Path) -> Outcome:
    from .render import render_case

    project = Project(root)
    try:
        case = load_case(project, folder)
        documents = render_case(case, project.templates_dir)
    except CaseError as exc:
        return Outcome(folder, error=exc.message, problems=exc.problems, invalid=True)
    except UserError as exc:
        return Outcome(folder, error=exc.message, problems=exc.problems)
    return Outcome(folder, documents)
