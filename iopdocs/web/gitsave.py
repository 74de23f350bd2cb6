"""Git for the web's saves: a file's version id, the version a form was based on, and the
commit of one file with the officer as author."""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError


def version_of(data: bytes | None) -> str:
    """The id git gives these bytes as a blob ('' for a file that does not exist), so that
    the version a form was based on can be read back from the repository."""
    if data is None:
        return ""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Author:
    name: str
    email: str

    @classmethod
    def from_header(cls, user: str) -> "Author":
        """A single sign-on user ('anna.svensson' or 'anna.svensson@stad.se') as a git author."""
        user = " ".join(user.split())[:200].replace("<", "").replace(">", "")
        email = user if "@" in user else f"{user.replace(' ', '.')}@iopdocs.invalid"
        return cls(user, email)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


def _git(top: Path, args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "LC_ALL": "C", **(env or {})}
    full.pop("GIT_DIR", None)
    full.pop("GIT_WORK_TREE", None)
    try:
        return subprocess.run(["git", *args], cwd=top, env=full, capture_output=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise UserError("Programmet git finns inte; ändringen sparades men checkades inte in.") from None


def repo_top(folder: Path) -> Path | None:
    out = _git(folder, ["rev-parse", "--show-toplevel"])
    return Path(out.stdout.decode().strip()).resolve() if out.returncode == 0 else None


def stored_blob(top: Path, version: str) -> bytes | None:
    """The bytes of an earlier version, when git has them."""
    if not version or not all(c in "0123456789abcdef" for c in version):
        return None
    out = _git(top, ["cat-file", "blob", version])
    return out.stdout if out.returncode == 0 else None


def last_change(top: Path, path: Path) -> str:
    """'Anna Svensson, 2026-11-30 14:02' for the last commit of `path`, or ''."""
    out = _git(top, ["log", "-1", "--format=%an, %ad", "--date=format:%Y-%m-%d %H:%M", "--", str(path)])
    return out.stdout.decode("utf-8", "replace").strip() if out.returncode == 0 else ""


def commit_file(top: Path, path: Path, message: str, author: Author | None) -> str:
    """Commit `path` alone (whatever else is staged stays staged); the new commit's id."""
    env = {}
    if not _git(top, ["config", "user.email"]).stdout.strip():
        env = {"GIT_COMMITTER_NAME": "iopdocs", "GIT_COMMITTER_EMAIL": "iopdocs@localhost"}
        if author is None:
            env |= {"GIT_AUTHOR_NAME": "iopdocs", "GIT_AUTHOR_EMAIL": "iopdocs@localhost"}
    rel = str(path.resolve().relative_to(top))
    args = ["commit", "--quiet", "--no-verify", "-m", message]
    if author is not None:
        args.append(f"--author={author}")
    for step in (["add", "--", rel], args + ["--only", "--", rel]):
        out = _git(top, step, env)
        if out.returncode != 0:
            detail = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise UserError(f"Ändringen sparades men kunde inte checkas in i git ({detail[0]}).")
    return _git(top, ["rev-parse", "HEAD"]).stdout.decode().strip()
