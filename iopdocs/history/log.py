"""`iopdocs history` and `iopdocs diff`: what changed in a case, when and by whom, from git.

A version of a case is its folder's YAML at one commit (or in the working tree). Each
version is validated like any case; one that doesn't validate is still compared, as the
data stands in its files, and the output says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

from .. import model
from ..case.decisions import CaseDecision, case_decisions
from ..case.load import load_case
from ..case.yamlfile import YamlError, parse
from ..documents.fingerprint import case_files, case_mark
from ..documents.templatefiles import named_profile, template_path
from ..errors import UserError
from ..fsutil import write_atomic
from ..model import CASE_FILE_NAMES
from ..project import Project
from .gitrepo import Commit, Repo
from .semdiff import Change, case_data, diff, raw_data

WORKTREE = "arbetskopian"  # the revision name of the working tree (uncommitted files)
COMPARISON_FILE = "jamforelse.docx"
AGREEMENT_COMPARISON_FILE = "jamforelse-overenskommelse.docx"


@dataclass
class Version:
    """One version of a case: its folder (repository-relative) and YAML files at a revision."""

    label: str
    folder: str
    files: dict[str, bytes]
    commit: Commit | None = None
    profiles: dict[str, bytes] = field(default_factory=dict)

    @property
    def mark(self) -> str:
        return case_mark(self.files)

    @property
    def exists(self) -> bool:
        return "case.yaml" in self.files


@dataclass
class Loaded:
    """A version read: the model where it validates, the data as written, what went wrong."""

    case: model.Case | None
    raw: dict[str, Any]
    problems: list[str]


@dataclass
class Comparison:
    changes: list[Change]
    notes: list[str]


# --- the commands -------------------------------------------------------------------


def history_report(project: Project, name: str) -> str:
    """The case's commits, newest first, each with its mark and what it changed."""
    history = _CaseHistory(project, name)
    entries = history.repo.log(history.lineage)
    lines = [f"Historik för ärendet {history.case_id} ({history.rel}), nyast först:", ""]
    worktree = history.worktree()
    current = history.rel
    shown: list[str] = []
    decisions = _decisions(project, history.folder)
    for entry in entries:
        touched = [c for c in entry.changes if _under(c.path, current) or (c.old_path and _under(c.old_path, current))]
        if not touched:
            continue  # the old folder name, reused after the case moved away
        before = _renamed_from(touched, current) or current
        after_version = history.at(entry.commit.sha, current, entry.commit)
        parent = entry.commit.parents[0] if entry.commit.parents else None
        before_version = history.at(parent, before) if parent else Version("", before, {})
        if not shown and (worktree.mark != after_version.mark or worktree.folder != current):
            changes = history.compare(after_version, worktree, note_old=False)
            lines += _block(f"{WORKTREE} (ej incheckad)", worktree.mark, None, changes)
        if before_version.exists:
            summary = history.compare(before_version, after_version, note_old=False)
        else:
            summary = Comparison([], ["ärendet skapat"])
        commit = entry.commit
        lines += _decision_blocks(decisions, after=commit.authored.date())
        heading = f"{_when(commit)}  {commit.author}  {commit.short}"
        lines += _block(heading, after_version.mark, commit.subject, summary)
        shown.append(commit.sha)
        current = before
    lines += _decision_blocks(decisions, after=dt.date.min)
    if not shown:
        lines.append(f"Ärendet {history.case_id} har inga incheckningar ännu.")
    return "\n".join(lines).rstrip() + "\n"


def _decisions(project: Project, folder: Path) -> list[CaseDecision]:
    """The board's decisions on the case as it stands now, newest first (none when it does not load)."""
    try:
        case = load_case(project, folder)
    except UserError:
        return []
    return sorted(case_decisions(project, [case]).get(case.id, []), key=lambda d: d.meeting, reverse=True)


def _decision_blocks(decisions: list[CaseDecision], after: dt.date) -> list[str]:
    """The decisions taken after `after`, taken off the list: each a block among the commits."""
    lines: list[str] = []
    while decisions and decisions[0].meeting > after:
        decision = decisions.pop(0)
        lines += [f"{decision.meeting.isoformat()}  beslut i {decision.board}  § {decision.paragraph}",
                  f"  {decision.outcome}", ""]
    return lines


def diff_report(project: Project, name: str, rev1: str | None, rev2: str | None, docx: bool = False) -> str:
    """The semantic diff between two revisions (default: the last commit and the working tree)."""
    history = _CaseHistory(project, name)
    old = history.version(rev1 or "HEAD")
    new = history.version(rev2 or WORKTREE)
    comparison = history.compare(old, new)
    lines = [
        f"Jämförelse av ärendet {history.case_id}",
        f"  från: {_describe(old)}",
        f"  till: {_describe(new)}",
        "",
    ]
    lines += [f"  ({note})" for note in comparison.notes]
    lines += _changes(comparison.changes, "")
    if not comparison.changes:
        lines.append("Inga ändringar i ärendets innehåll.")
    if docx:
        paths = history.write_comparison(old, new)
        lines += [""] + [f"Skrev {project.display(path)}" for path in paths]
    return "\n".join(lines).rstrip() + "\n"


def compare_revisions(
    project: Project, name: str, rev1: str | None, rev2: str | None, docx: bool = False
) -> tuple[str, str, Comparison, list[Path]]:
    """diff_report's content as data (for the web page): both versions described, the
    changes, and the comparison files (jamforelse.docx first) when asked for."""
    history = _CaseHistory(project, name)
    old = history.version(rev1 or "HEAD")
    new = history.version(rev2 or WORKTREE)
    paths = history.write_comparison(old, new) if docx else []
    return _describe(old), _describe(new), history.compare(old, new), paths


# --- reading versions ---------------------------------------------------------------


class _CaseHistory:
    def __init__(self, project: Project, name: str):
        self.project = project
        self.folder = project.case_dirs([name])[0]
        self.case_id = self.folder.resolve().name
        self.repo = Repo.find(self.folder)
        self.rel = self.repo.relpath(self.folder)
        self.profiles_rel = self.repo.relpath(project.profiles_dir)
        self._loaded: dict[tuple, Loaded] = {}
        self._files: dict[tuple[str, str], dict[str, bytes]] = {}
        self._profiles_at: dict[str, dict[str, bytes]] = {}
        self._lineage: list[str] | None = None

    @property
    def lineage(self) -> list[str]:
        """The folder's names over time, newest first (followed through case.yaml's renames)."""
        if self._lineage is None:
            names = [self.rel]
            for entry in self.repo.log([f"{self.rel}/case.yaml"], follow=True):
                for change in entry.changes:
                    for path in (change.path, change.old_path):
                        if path and PurePosixPath(path).name == "case.yaml":
                            parent = PurePosixPath(path).parent.as_posix()
                            if parent not in names:
                                names.append(parent)
            self._lineage = names
        return self._lineage

    def worktree(self) -> Version:
        profiles = {p.name: p.read_bytes() for p in sorted(self.project.profiles_dir.glob("*.yaml"))}
        return Version(WORKTREE, self.rel, case_files(self.folder), None, profiles)

    def version(self, rev: str) -> Version:
        if rev == WORKTREE:
            return self.worktree()
        commit = self.repo.commit(rev)
        for folder in self.lineage:
            if self.repo.exists(commit.sha, f"{folder}/case.yaml"):
                return self.at(commit.sha, folder, commit, label=rev)
        raise UserError(f"Ärendet {self.case_id} finns inte i revision {rev} ({commit.short}).")

    def at(self, sha: str, folder: str, commit: Commit | None = None, label: str | None = None) -> Version:
        # history reads each commit twice (as a version and as its child's parent): read git once
        if (sha, folder) not in self._files:
            self._files[(sha, folder)] = {
                k: v for k, v in self.repo.files(sha, folder).items() if k in CASE_FILE_NAMES
            }
        return Version(label or sha[:7], folder, self._files[(sha, folder)], commit, self._profiles(sha))

    def _profiles(self, sha: str) -> dict[str, bytes]:
        """Profiles at the revision, and the working tree's for any it lacks."""
        if sha not in self._profiles_at:
            profiles = {p.name: p.read_bytes() for p in sorted(self.project.profiles_dir.glob("*.yaml"))}
            if self.profiles_rel != ".":
                profiles.update(
                    {k: v for k, v in self.repo.files(sha, self.profiles_rel).items() if k.endswith(".yaml")}
                )
            self._profiles_at[sha] = profiles
        return self._profiles_at[sha]

    def load(self, version: Version) -> Loaded:
        key = (version.mark, tuple(sorted(version.profiles.items())))
        if key not in self._loaded:
            self._loaded[key] = _load(version, self.case_id)
        return self._loaded[key]

    def compare(self, old: Version, new: Version, *, note_old: bool = True) -> Comparison:
        """The changes from `old` to `new`; notes say where a version had to be read as written.

        `note_old=False` leaves out the note about the older version (history prints it
        with that version's own commit).
        """
        a, b = self.load(old), self.load(new)
        notes: list[str] = []
        if old.exists and new.exists and old.folder != new.folder:
            notes.append(f"mappen bytte namn: {old.folder} → {new.folder}")
        if old.exists and new.exists and a.case is not None and b.case is not None:
            return Comparison(diff(case_data(a.case), case_data(b.case)), notes)
        for version, loaded in ((old, a), (new, b)) if note_old else ((new, b),):
            if version.exists and loaded.case is None:
                notes.append(
                    f"{version.label} klarar inte kontrollen ({'; '.join(loaded.problems[:2])}); "
                    "uppgifterna jämförs som de står i filerna"
                )
        return Comparison(diff(a.raw, b.raw), notes)

    def write_comparison(self, old: Version, new: Version) -> list[Path]:
        """jamforelse.docx, and jamforelse-overenskommelse.docx when either version has an agreement."""
        from .trackedagreement import agreement_comparison_docx, has_agreement
        from .tracked import Revision, comparison_docx, statement_comparison

        a, b = self.load(old), self.load(new)
        if a.case is not None and b.case is not None:
            old_data, new_data = case_data(a.case), case_data(b.case)
        else:
            old_data, new_data = a.raw, b.raw
        if new.commit is not None:
            revision = Revision(new.commit.author, new.commit.committed)
        else:
            revision = Revision("iopdocs", _worktree_time(self.folder))
        note = (
            f"Jämförelse av ärendet {self.case_id}: {old.label} (märke {old.mark}) → {new.label} "
            f"(märke {new.mark}). Ändringarna är markerade som spårade ändringar."
        )
        path = self.project.build_dir / self.case_id / COMPARISON_FILE
        profile = named_profile(b.raw.get("case")) or named_profile(a.raw.get("case"))  # its templates' styles
        if a.case is not None and b.case is not None:  # the statement itself, both versions rendered
            data = statement_comparison(self._statement(old), self._statement(new), revision,
                                        [note, *_unprinted_changes(a.case, b.case)])
        else:
            base = template_path(self.project.templates_dir, "tjansteutlatande.docx", profile)
            data = comparison_docx(old_data, new_data, revision, note, base)
        write_atomic(path, data)
        if not (has_agreement(old_data) or has_agreement(new_data)):
            return [path]
        agreement = path.with_name(AGREEMENT_COMPARISON_FILE)
        base = template_path(self.project.templates_dir, "overenskommelse.docx", profile)
        write_atomic(agreement, agreement_comparison_docx(old_data, new_data, revision, note, base))
        return [path, agreement]

    def _statement(self, version: Version) -> bytes:
        """The version's statement rendered through today's template of its profile (so
        that only the case's changes differ), from its files in a folder of their own."""
        from ..documents.render import render_statement

        with _materialized(version, self.case_id) as (project, folder):
            return render_statement(load_case(project, folder), self.project.templates_dir).data


def _unprinted_changes(old: model.Case, new: model.Case) -> list[str]:
    """What changed that the statement does not print: the meeting and the agenda item."""
    def shown(value: object) -> str:
        return "inget" if value is None else str(value)

    lines = []
    if old.meta.meeting != new.meta.meeting:
        lines.append(f"Sammanträde: {shown(old.meta.meeting)} → {shown(new.meta.meeting)}.")
    if old.meta.agenda_item != new.meta.agenda_item:
        lines.append(f"Punkt på föredragningslistan: {shown(old.meta.agenda_item)} → {shown(new.meta.agenda_item)}.")
    return lines


@contextlib.contextmanager
def _materialized(version: Version, case_id: str) -> Iterator[tuple[Project, Path]]:
    """The version's case files and profiles in a temporary project of their own."""
    with tempfile.TemporaryDirectory(prefix="iopdocs-") as tmp:
        root = Path(tmp)
        folder = root / "cases" / case_id
        folder.mkdir(parents=True)
        for name, content in version.files.items():
            (folder / name).write_bytes(content)
        profiles = root / "templates" / "profiles"
        profiles.mkdir(parents=True)
        for name, content in version.profiles.items():
            (profiles / name).write_bytes(content)
        yield Project(root), folder


def _load(version: Version, case_id: str) -> Loaded:
    raw_files: dict[str, Any] = {}
    problems: list[str] = []
    for name, content in sorted(version.files.items()):
        try:
            raw_files[name.removesuffix(".yaml")] = parse(content.decode("utf-8-sig"), name).data
        except UnicodeDecodeError:
            problems.append(f"{name} är inte UTF-8")
        except YamlError as exc:
            problems.append(str(exc.problem))
    raw = raw_data(raw_files)
    if not version.exists:
        return Loaded(None, raw, problems)
    with _materialized(version, case_id) as (project, folder):
        try:
            case = load_case(project, folder)
        except UserError as exc:
            count = len(exc.problems)
            problems.append(f"{count} fel" if count != 1 else str(exc.problems[0]))
            return Loaded(None, raw, problems)
    return Loaded(case, raw, problems)


# --- output -------------------------------------------------------------------------


def _block(heading: str, mark: str, subject: str | None, comparison: Comparison) -> list[str]:
    lines = [f"{heading}  märke {mark}"]
    if subject:
        lines.append(f"  ”{subject}”")
    lines += [f"  ({note})" for note in comparison.notes]
    lines += _changes(comparison.changes, "  ")
    if not comparison.changes and "ärendet skapat" not in comparison.notes:
        lines.append("  (inga ändringar i ärendets innehåll)")
    return lines + [""]


def _changes(changes: list[Change], indent: str) -> list[str]:
    """Each change as '- where: what', its changed paragraphs indented under it."""
    lines = []
    for change in changes:
        first, *details = change.lines()
        lines.append(f"{indent}- {first}")
        lines += [f"{indent}    {detail}" for detail in details]
    return lines


def _describe(version: Version) -> str:
    if version.commit is None:
        return f"{WORKTREE}  märke {version.mark}"
    commit = version.commit
    named = "" if commit.sha.startswith(version.label) else f"{version.label} = "
    return f"{named}{commit.short}  {_when(commit)}  {commit.author}  ”{commit.subject}”  märke {version.mark}"


def _when(commit: Commit) -> str:
    return commit.authored.strftime("%Y-%m-%d %H:%M")


def _under(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip("/") + "/")


def _renamed_from(changes: list, folder: str) -> str | None:
    """The folder's name before this commit, if the commit moved case.yaml into it."""
    for change in changes:
        if change.status == "R" and change.path == f"{folder}/case.yaml" and change.old_path:
            return PurePosixPath(change.old_path).parent.as_posix()
    return None


def _worktree_time(folder: Path) -> dt.datetime | None:
    """When the working copy last changed: the newest of the case's YAML files."""
    times = [(folder / n).stat().st_mtime for n in CASE_FILE_NAMES if (folder / n).is_file()]
    if not times:
        return None
    return dt.datetime.fromtimestamp(int(max(times)), dt.timezone.utc)
