"""Writing files so that a failed or interrupted build never leaves a half-written one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import os_reason


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` under a temporary name beside `path`, then rename it into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp makes the file private; give it the permissions a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # name the file the user asked for, not the temporary one
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly `data` (keeps mtimes stable)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data)
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def not_regular(path: Path, root: Path | None = None) -> str | None:
    """Why `path` cannot be read as an input file, in Swedish; None when it is a regular
    file (after following symbolic links that stay inside `root`).

    Only stat() is used: opening a FIFO to look at it would block until someone writes.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "finns inte"
    except OSError as exc:
        return f"kan inte läsas ({os_reason(exc)})"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = path.resolve(strict=True)
            info = target.stat()
        except FileNotFoundError:
            return "är en symbolisk länk till en fil som inte finns"
        except (OSError, RuntimeError) as exc:  # RuntimeError: a link loop on older Pythons
            reason = os_reason(exc) if isinstance(exc, OSError) else "en slinga av länkar"
            return f"är en symbolisk länk som inte kan följas ({reason})"
        if root is not None and not target.is_relative_to(root.resolve()):
            return "är en symbolisk länk som pekar utanför projektet"
    elif root is not None and not path.resolve().is_relative_to(root.resolve()):
        return "ligger utanför projektet (genom en symbolisk länk till mappen)"
    return _kind_problem(info.st_mode)


def _kind_problem(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "är en mapp, inte en fil"
    if stat.S_ISFIFO(mode):
        return "är en namngiven rörledning (FIFO), inte en vanlig fil"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "är en enhetsfil, inte en vanlig fil"
    if stat.S_ISSOCK(mode):
        return "är en socket, inte en vanlig fil"
    return "är ingen vanlig fil"
