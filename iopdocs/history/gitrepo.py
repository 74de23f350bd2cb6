"""A thin wrapper over the `git` command line: the few questions the case history asks.

Git is called as a program, not a library, so iopdocs needs nothing beyond an installed
git. Every failure becomes a Swedish UserError; git's own (English) words, where they
help, follow as a detail.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import UserError

# Options that keep git's output parseable whatever the user's configuration says.
_CONFIG = ("-c", "core.quotepath=false", "-c", "log.showSignature=false", "-c", "color.ui=false")
_RECORD, _FIELD = "\x1e", "\x1f"
_LOG_FORMAT = _RECORD + _FIELD.join(["%H", "%P", "%an", "%ae", "%aI", "%cI", "%s"])


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True)
class FileChange:
    """One line of `git log --name-status`: A/M/D/R/C/T and the path(s), repository-relative."""

    status: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class LogEntry:
    commit: Commit
    changes: tuple[FileChange, ...]


class Repo:
    """The git repository that holds a folder."""

    def __init__(self, top: Path):
        self.top = top

    @classmethod
    def find(cls, folder: Path) -> "Repo":
        """The repository holding `folder`; a Swedish error when there is none."""
        folder = folder.resolve()
        if not folder.is_dir():
            raise UserError(f"Mappen {folder} finns inte.")
        out = _git(folder, ["rev-parse", "--show-toplevel"], check=False)
        if out.returncode != 0:
            if b"not a git repository" not in out.stderr:  # a repository git will not open
                raise UserError(f"Git kan inte läsa förrådet som mappen {folder} ligger i.", _details(out.stderr))
            raise UserError(
                f"Mappen {folder} ligger inte i ett git-förråd. Historik och jämförelser kräver att "
                "ärendena är incheckade i git (börja med 'git init' och 'git commit')."
            )
        return cls(Path(out.stdout.decode("utf-8").strip()).resolve())

    # --- paths ------------------------------------------------------------------

    def relpath(self, path: Path) -> str:
        """A working-tree path as git names it: relative to the top, with forward slashes."""
        try:
            rel = path.resolve().relative_to(self.top)
        except ValueError:
            raise UserError(f"{path} ligger utanför git-förrådet {self.top}.") from None
        return PurePosixPath(*rel.parts).as_posix() if rel.parts else "."

    # --- revisions --------------------------------------------------------------

    def resolve(self, rev: str) -> str:
        """The full commit id of `rev`; a Swedish error when no such commit exists."""
        if not rev or rev.startswith("-"):
            raise UserError(f"Revisionen '{rev}' finns inte i git-förrådet.")
        out = self._run(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], check=False)
        if out.returncode != 0:
            if rev == "HEAD":
                raise UserError("Git-förrådet har inga incheckningar ännu; checka in ärendet först.")
            raise UserError(
                f"Revisionen '{rev}' finns inte i git-förrådet. Ange en incheckning (t.ex. 'HEAD~1' "
                "eller de första tecknen i ett id från 'iopdocs history') eller en gren eller tagg."
            )
        return out.stdout.decode("ascii").strip()

    def commit(self, rev: str) -> Commit:
        sha = self.resolve(rev)
        out = self._run(["show", "-s", "--no-patch", f"--format={_LOG_FORMAT}", sha, "--"])
        return _parse_commit(out.stdout.decode("utf-8", "replace").lstrip(_RECORD).rstrip("\n"))

    # --- history ----------------------------------------------------------------

    def log(self, paths: list[str], *, follow: bool = False) -> list[LogEntry]:
        """Commits touching `paths`, newest first, with the files each changed (renames found).

        `follow` is git's --follow: it works for one file only, across its renames.
        """
        args = ["log", "-z", "-M", "--name-status", f"--format={_LOG_FORMAT}"]
        if follow:
            args.append("--follow")
        out = self._run(args + ["--"] + paths, check=False)
        if out.returncode != 0:
            if self._run(["rev-parse", "--verify", "--quiet", "HEAD"], check=False).returncode != 0:
                return []  # an empty repository has no history
            raise UserError("Git kunde inte visa historiken.", _details(out.stderr))
        return _parse_log(out.stdout.decode("utf-8", "replace"))

    # --- content ----------------------------------------------------------------

    def files(self, rev: str, folder: str) -> dict[str, bytes]:
        """The files directly in `folder` at commit `rev` (name → bytes); {} when it doesn't exist."""
        out = self._run(["ls-tree", "-z", rev, "--", folder.rstrip("/") + "/"])
        result: dict[str, bytes] = {}
        for entry in out.stdout.decode("utf-8", "replace").split("\0"):  # a name may be any bytes
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, sha = meta.split()
            if kind == "blob" and mode != "120000":
                result[PurePosixPath(path).name] = self.blob(sha)
        return result

    def blob(self, sha: str) -> bytes:
        return self._run(["cat-file", "blob", sha]).stdout

    def show(self, rev: str, path: str) -> bytes | None:
        """The content of `path` at commit `rev`, or None when it isn't there."""
        out = self._run(["cat-file", "blob", f"{rev}:{path}"], check=False)
        return out.stdout if out.returncode == 0 else None

    def exists(self, rev: str, path: str) -> bool:
        return self._run(["cat-file", "-e", f"{rev}:{path}"], check=False).returncode == 0

    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        out = _git(self.top, args, check=False)
        if check and out.returncode != 0:
            raise UserError(f"Git misslyckades ({' '.join(args[:2])}).", _details(out.stderr))
        return out


def _git(cwd: Path, args: list[str], check: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["LC_ALL"] = "C"  # stable messages; paths and text stay UTF-8 bytes
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        return subprocess.run(
            ["git", *_CONFIG, *args], cwd=cwd, env=env, capture_output=True, check=check, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise UserError("Programmet git finns inte. Installera git för att se ärendets historik.") from None


def _details(stderr: bytes):
    from ..errors import Problem

    text = stderr.decode("utf-8", "replace").strip()
    return [Problem("git", None, "", line.strip()) for line in text.splitlines()[:3] if line.strip()]


def _parse_commit(header: str) -> Commit:
    sha, parents, author, email, authored, committed, subject = header.split(_FIELD, 6)
    return Commit(
        sha=sha,
        parents=tuple(parents.split()),
        author=author,
        email=email,
        authored=dt.datetime.fromisoformat(authored),
        committed=dt.datetime.fromisoformat(committed),
        subject=subject,
    )


def _parse_log(raw: str) -> list[LogEntry]:
    entries: list[LogEntry] = []
    for record in raw.split(_RECORD):
        if not record.strip("\0\n"):
            continue
        header, _, rest = record.partition("\0")
        tokens = [t for t in rest.lstrip("\n").split("\0")]
        changes: list[FileChange] = []
        i = 0
        while i < len(tokens):
            status = tokens[i].strip("\n")
            if not status:
                i += 1
                continue
            if status[0] in "RC" and i + 2 < len(tokens):
                changes.append(FileChange(status[0], tokens[i + 2], tokens[i + 1]))
                i += 3
            elif i + 1 < len(tokens):
                changes.append(FileChange(status[0], tokens[i + 1]))
                i += 2
            else:
                break
        entries.append(LogEntry(_parse_commit(header.rstrip("\n")), tuple(changes)))
    return entries
