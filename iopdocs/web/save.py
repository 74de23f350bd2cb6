"""Saving one case file from the web: refuse a stale form, validate the whole case as
`check` does, write only what changed, commit it, rebuild.

Nothing reaches the disk before the new text has passed the same validation as `iopdocs
check` (in a copy of the case folder), and a form based on an older version of the file
is refused with the change it would have overwritten.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from ..case.load import load_case
from ..errors import CaseError, Problem, UserError
from ..fsutil import write_atomic
from ..history.semdiff import Change, diff, raw_data
from ..model import CASE_FILES
from ..project import Project
from . import gitsave
from .gitsave import Author
from .schemaform import Node, file_form
from .yamledit import RoundTrip, plain

_LOCK = threading.Lock()  # one save at a time: check-version-then-write must not interleave


@dataclass
class Saved:
    """What a save did, for the page to say."""

    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # in this file: nothing was written
    other_problems: list[Problem] = field(default_factory=list)  # elsewhere in the case
    conflict: str = ""  # someone else saved first: who and when
    conflict_changes: list[Change] = field(default_factory=list)
    commit: str = ""
    note: str = ""
    removed: bool = False  # the file itself was removed

    @property
    def written(self) -> bool:
        return bool(self.changes) and not self.problems and not self.conflict


def case_folder(project: Project, name: str) -> Path:
    """The case folder `name` under cases/, never a path outside it."""
    folder = (project.cases_dir / name).resolve()
    if folder.parent != project.cases_dir.resolve() or not (folder / "case.yaml").is_file():
        raise UserError(f"Ärendet '{name}' finns inte i {project.display(project.cases_dir)}.")
    return folder


def file_path(project: Project, name: str, kind: str) -> Path:
    if kind not in CASE_FILES:
        raise UserError(f"Ärendet har ingen fil som heter {kind}.yaml.")
    return case_folder(project, name) / f"{kind}.yaml"


def read_version(path: Path) -> tuple[str, bytes | None]:
    data = path.read_bytes() if path.is_file() else None
    return gitsave.version_of(data), data


@dataclass(frozen=True)
class Target:
    """The file a form saves, and how: its form, its rules, the name in commit messages."""

    path: Path
    display: str
    kind: str  # the file's kind, as the diff names it
    form: Node
    subject: str  # commit subjects begin with it: 'x: case.yaml'
    validate: Callable[[str], list[Problem]]  # every problem with the file holding this text


def save_file(
    project: Project, name: str, kind: str, base: str, data: dict[str, Any], author: Author | None
) -> Saved:
    """Write `data` as the new content of the case's `kind` file, if it was based on the
    file as it is now and the case then validates."""
    path = file_path(project, name, kind)
    target = Target(path, project.display(path), kind, file_form(kind), f"{name}: {kind}.yaml",
                    lambda text: validate_with(project, path.parent, kind, text))
    return save(target, base, data, author)


def save(target: Target, base: str, data: dict[str, Any], author: Author | None) -> Saved:
    """The one way a form is saved: refuse a stale form, write only what changed, refuse
    what does not validate, commit."""
    path, kind = target.path, target.kind
    with _LOCK:
        version, current = read_version(path)
        old_text = (current or b"").decode("utf-8", "replace")
        if version != base:
            return _conflict(path, kind, base, old_text)
        new_text = RoundTrip(old_text, target.display).apply(target.form, data)
        changes = diff(raw_data({kind: _loaded(old_text, path.name)}), raw_data({kind: _loaded(new_text, path.name)}))
        if new_text == old_text or not changes:
            return Saved(note="Inga ändringar att spara.")
        problems = target.validate(new_text)
        mine = [p for p in problems if p.file == path.name]
        if mine:
            return Saved(changes=changes, problems=mine)
        write_atomic(path, new_text.encode("utf-8"))
        saved = Saved(changes=changes, other_problems=[p for p in problems if p not in mine])
        top = gitsave.repo_top(path.parent)
        if top is None:
            saved.note = "Projektet ligger inte i git: ändringen sparades men checkades inte in."
        else:
            saved.commit = gitsave.commit_file(top, path, commit_message(target.subject, changes), author)
    return saved


def remove_file(project: Project, name: str, kind: str, base: str, author: Author | None) -> Saved:
    """Remove an optional file (not case.yaml) if the case still validates without it."""
    path = file_path(project, name, kind)
    if kind == "case":
        raise UserError("case.yaml kan inte tas bort; den är ärendet.")
    with _LOCK:
        version, current = read_version(path)
        if current is None:
            return Saved(note=f"{kind}.yaml finns inte.")
        old_text = current.decode("utf-8", "replace")
        if version != base:
            return _conflict(path, kind, base, old_text)
        problems = validate_with(project, path.parent, kind, None)
        blocking = [p for p in problems if p not in validate_with(project, path.parent, kind, old_text)]
        if blocking:
            return Saved(problems=blocking, note=f"{kind}.yaml behövs: utan den får ärendet fel.")
        changes = diff(raw_data({kind: _loaded(old_text, path.name)}), raw_data({kind: {}}))
        path.unlink()
        saved = Saved(changes=changes, removed=True)
        top = gitsave.repo_top(path.parent)
        if top is not None:
            saved.commit = gitsave.commit_file(top, path, f"{name}: {kind}.yaml borttagen\n\nI iopdocs serve.\n", author)
    return saved


def _loaded(source: str, display: str) -> Any:
    return plain(RoundTrip(source, display).data) if source.strip() else {}


def commit_message(prefix: str, changes: list[Change]) -> str:
    fields = []
    for change in changes:
        if change.path not in fields:
            fields.append(change.path)
    subject = f"{prefix}: {', '.join(fields)}"
    if len(subject) > 100:
        subject = f"{prefix}: {len(fields)} fält ändrade"
    body = "\n".join(f"- {change}" for change in changes)
    return f"{subject}\n\nÄndrat i iopdocs serve.\n\n{body}\n"


def validate_with(project: Project, folder: Path, kind: str, text: str | None) -> list[Problem]:
    """Every problem `check` would report if the case's `kind` file held `text` (None:
    without the file), located by file name and field."""
    with tempfile.TemporaryDirectory(prefix="iopdocs-web-") as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy, symlinks=True)
        if text is None:
            (copy / f"{kind}.yaml").unlink(missing_ok=True)
        else:
            (copy / f"{kind}.yaml").write_text(text, encoding="utf-8")
        try:
            load_case(project, copy)
        except CaseError as exc:
            return [replace(p, file=Path(p.file).name) for p in exc.problems]
    return []


def _conflict(path: Path, kind: str, base: str, current_text: str) -> Saved:
    top = gitsave.repo_top(path.parent)
    who = gitsave.last_change(top, path) if top else ""
    saved = Saved(conflict=who or "någon annan")
    before = gitsave.stored_blob(top, base) if top else None
    if before is not None:
        display = path.name
        saved.conflict_changes = diff(
            raw_data({kind: _loaded(before.decode("utf-8", "replace"), display)}),
            raw_data({kind: _loaded(current_text, display)}),
        )
    return saved
