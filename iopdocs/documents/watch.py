"""`iopdocs watch`: build, then rebuild what an edit changed, through a warm LibreOffice.

`watch` yields one `Rebuilt` per case it built and one `Failed` per error, and goes
on until `stop` is set (or Ctrl-C). It watches the cases (all or the named), templates/
(with the profiles) and meetings/ with watchfiles. A change to a case rebuilds that
case; one to templates/ or meetings/ checks every watched case. Which documents get
a new PDF is decided as `iopdocs build` decides it (documents/build.py): the case's
fingerprint, then each document's .docx bytes, so the output is the same as build's.

Editors save in steps: watchfiles groups a burst of writes into one change; a YAML file
that does not read as a mapping yet is re-read until it does (at most `patience` s); and
an error is reported only once the changed files have been still for `patience` s (had
they changed meanwhile, the save was not over, and the case is built again).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

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


@dataclass(frozen=True)
class Recovered:
    """A case that failed before builds again, as it was at its last good build."""

    case: str


Event = Rebuilt | Failed | Recovered
# The template lint (lint/guard.gate_cases): which of the case folders its verdict stops
# (`.blocked`, `.error()`), and `.record()` once the others are built.
Guard = Callable[[Project, list[Path]], Any]


def watch(
    project: Project,
    names: tuple[str, ...] = (),
    *,
    engine=None,
    pdf: bool = True,
    stop: threading.Event | None = None,
    patience: float = PATIENCE,
    guard: Guard | None = None,
) -> Iterator[Event]:
    """Build the cases, then rebuild on every change until `stop` is set. `guard` is asked
    before every build which cases the templates stop (the CLI passes the template lint)."""
    convert = engine.convert if engine is not None else None
    folders = project.case_dirs(list(names))  # raises UserError for an unknown case
    watched = {f.resolve() for f in folders} if names else None
    failing: set[str] = set()
    yield from rebuild(project, tuple(f.name for f in folders), convert, pdf, failing, guard)
    for changed in _changes(project, folders if names else None, stop):
        yield from _rebuild_settled(project, changed, watched, (convert, pdf, failing, guard), patience, stop)


def _rebuild_settled(project, changed, watched, how: tuple, patience, stop) -> Iterator[Event]:
    """Rebuild after a change; errors only once the changed files have been still for `patience` s."""
    while True:
        _settle(changed, patience, stop)
        cases = _affected(project, changed, watched)
        if not cases:
            return
        before = _stamps(changed)
        events = list(rebuild(project, cases, *how))
        if any(isinstance(e, Failed) for e in events) and not _still(changed, before, patience, stop):
            continue  # the save was not over: build what it ends with instead
        yield from events
        return


def rebuild(
    project: Project, cases: Iterable[str], convert=None, pdf: bool = True, failing: set[str] | None = None,
    guard: Guard | None = None,
) -> Iterator[Event]:
    """Build `cases` as `iopdocs build` would; one Rebuilt per case that changed.

    `failing` holds the cases whose last build failed; it is kept up to date, and a case
    that leaves it without anything to build (back as it was) is `Recovered`.
    """
    cases = tuple(cases)
    failing = set() if failing is None else failing
    started = time.perf_counter()
    try:
        gate = guard(project, project.case_dirs(list(cases))) if guard is not None else None
        stopped = gate.blocked if gate is not None else []
        result = build(project, cases, pdf=pdf, convert=convert, skip=stopped)
        if gate is not None:
            gate.record()
    except UserError as exc:  # a watched case was removed, LibreOffice is missing ...
        failing.update(cases)  # none of them was built: each is said again once it builds
        yield Failed(exc)
        return
    if stopped:  # a template the lint faults: its cases wait until it is put right (failing, below)
        yield Failed(gate.error())
    seconds = time.perf_counter() - started
    for error in result.errors:
        yield Failed(error)
    made = result.converted if pdf else result.changed
    for name in result.built:
        documents = tuple(p.stem for p in made if p.parent.name == name)
        if documents:
            yield Rebuilt(name, documents, seconds)
        elif name in failing:
            yield Recovered(name)
    for name in result.skipped:
        if name in failing:
            yield Recovered(name)
    failing.difference_update(result.built + result.skipped)
    failing.update(set(cases) - set(result.built) - set(result.skipped))


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
    """Whether the file reads as a YAML mapping, as every file of a case or profile is."""
    try:
        return isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)
    except FileNotFoundError:
        return True  # deleted: nothing to wait for
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False


def _stamps(paths: set[Path]) -> dict[Path, tuple]:
    stamps = {}
    for path in paths:
        try:
            stat = path.stat()
            stamps[path] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            stamps[path] = None
    return stamps


def _still(paths: set[Path], before: dict[Path, tuple], patience: float, stop: threading.Event | None) -> bool:
    """Whether no file of `paths` changes for `patience` seconds (from `before`)."""
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline and not (stop and stop.is_set()):
        if _stamps(paths) != before:
            return False
        time.sleep(0.05)
    return True
