"""`iopdocs watch`: build, then rebuild what an edit changed, through a warm LibreOffice.

`watch` yields one `Rebuilt` per case it built and one `Failed` per error, and goes
on until `stop` is set (or Ctrl-C). It watches the cases (all or the named), templates/
(with the profiles) and meetings/ with watchfiles. A change to a case rebuilds that
case; one to templates/ or meetings/ checks every watched case. Which documents get
a new PDF is decided as `iopdocs build` decides it (documents/build.py): the case's
fingerprint, then each document's .docx bytes, so the output is the same as build's.

Editors save in steps: watchfiles groups a burst of writes into one change, and a YAML
file that does not parse yet is waited for (re-read until it parses or has been still
for `patience` seconds) before anything is reported.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import yaml
from watchfiles import Change, DefaultFilter
from watchfiles import watch as watch_changes

from ..errors import UserError
from ..project import Project
from .build import build

STEP_MS = 60  # writes closer together than this are one change
PATIENCE = 2.5  # seconds a YAML file that does not parse may take to be saved completely


@dataclass(frozen=True)
class Rebuilt:
    case: str
    documents: tuple[str, ...]  # the documents that got a new PDF (or .docx with pdf=False)
    seconds: float


@dataclass(frozen=True)
class Failed:
    error: UserError


def watch(
    project: Project,
    names: tuple[str, ...] = (),
    *,
    engine=None,
    pdf: bool = True,
    stop: threading.Event | None = None,
    patience: float = PATIENCE,
) -> Iterator[Rebuilt | Failed]:
    """Build the cases, then rebuild on every change until `stop` is set."""
    convert = engine.convert if engine is not None else None
    folders = project.case_dirs(list(names))  # raises UserError for an unknown case
    watched = {f.resolve() for f in folders} if names else None
    yield from rebuild(project, tuple(f.name for f in folders), convert, pdf)
    for changed in _changes(project, folders if names else None, stop):
        _settle(changed, patience, stop)
        cases = _affected(project, changed, watched)
        if cases:
            yield from rebuild(project, cases, convert, pdf)


def rebuild(project: Project, cases: Iterable[str], convert=None, pdf: bool = True) -> Iterator[Rebuilt | Failed]:
    """Build `cases` as `iopdocs build` would; one Rebuilt per case that changed."""
    started = time.perf_counter()
    try:
        result = build(project, tuple(cases), pdf=pdf, convert=convert)
    except UserError as exc:  # a watched case was removed, LibreOffice is missing ...
        yield Failed(exc)
        return
    seconds = time.perf_counter() - started
    for error in result.errors:
        yield Failed(error)
    made = result.converted if pdf else [p for p in result.written if p.suffix == ".docx"]
    for name in result.built:
        documents = tuple(p.stem for p in made if p.parent.name == name)
        if documents:
            yield Rebuilt(name, documents, seconds)


def _roots(project: Project, folders: list[Path] | None) -> list[Path]:
    roots = [project.cases_dir] if folders is None else list(folders)
    roots += [project.templates_dir, project.root / "meetings"]
    return [r for r in roots if r.exists()]


def _changes(project: Project, folders: list[Path] | None, stop: threading.Event | None) -> Iterator[set[Path]]:
    for batch in watch_changes(*_roots(project, folders), watch_filter=DefaultFilter(), step=STEP_MS,
                               stop_event=stop, yield_on_timeout=False):
        yield {Path(path) for change, path in batch if change in (Change.added, Change.modified, Change.deleted)}


def _affected(project: Project, changed: set[Path], watched: set[Path] | None) -> tuple[str, ...]:
    """The cases a change can concern: its own case, or every watched case for shared files."""
    cases_dir = project.cases_dir.resolve()
    cases: set[str] = set()
    shared = False
    for path in changed:
        resolved = path.resolve()
        if resolved.is_relative_to(cases_dir) and resolved != cases_dir:
            folder = cases_dir / resolved.relative_to(cases_dir).parts[0]
            if (folder / "case.yaml").is_file() and (watched is None or folder in watched):
                cases.add(folder.name)
        else:
            shared = True
    if shared:
        cases.update(f.name for f in (project.case_dirs() if watched is None else sorted(watched)))
    return tuple(sorted(cases))


def _settle(changed: set[Path], patience: float, stop: threading.Event | None) -> None:
    """Wait (up to `patience` s) until each changed YAML file parses: the save has ended."""
    deadline = time.monotonic() + patience
    pending = {p for p in changed if p.suffix in (".yaml", ".yml")}
    while pending and time.monotonic() < deadline and not (stop and stop.is_set()):
        pending = {p for p in pending if not _parses(p)}
        if pending:
            time.sleep(0.05)


def _parses(path: Path) -> bool:
    try:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return True  # deleted: nothing to wait for
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return True
