"""One warm LibreOffice of the engine: a unoworker.py process and the soffice it runs.

The worker runs under the Python that has Debian's python3-uno (not iopdocs' own
Python), in its own process group with its own profile and TMPDIR, and answers one
JSON line per request. `Instance` adds what the engine needs on top: a deadline on
every answer (a hung LibreOffice is a timeout, not a wait forever), and `kill`, which
takes the whole group down (worker, soffice launcher and soffice.bin).
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from .soffice import EXPORT_OPTIONS

WORKER = Path(__file__).with_name("unoworker.py")
UNO_PYTHON_ENV = "IOPDOCS_UNO_PYTHON"  # optional path to a Python that can `import uno`
_CANDIDATES = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")


class InstanceFailure(Exception):
    """The instance hung (no answer in time) or died; it must be killed and replaced."""


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """A Python interpreter that can import LibreOffice's `uno` module, or None."""
    override = os.environ.get(UNO_PYTHON_ENV)
    candidates = (override,) if override else _CANDIDATES
    for exe in candidates:
        if exe and shutil.which(exe):
            try:
                found = subprocess.run([exe, "-c", "import uno"], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if found.returncode == 0:
                return exe
    return None


class Instance:
    """One worker process; `request` sends a line and waits (with a deadline) for the answer."""

    def __init__(self, python: str, soffice: str, work: Path, number: int, start_timeout: float = 120.0):
        self.number = number
        self.start_timeout = start_timeout  # how long LibreOffice may take to start
        self.dir = Path(tempfile.mkdtemp(prefix=f"engine-{number}-", dir=work))
        (self.dir / "tmp").mkdir()
        self.outbox = self.dir / "out"
        self.outbox.mkdir()
        self.conversions = 0
        pipe = f"iopdocs-{os.getpid()}-{self.dir.name}"
        command = [python, str(WORKER), soffice, (self.dir / "profile").as_uri(), pipe]
        env = dict(os.environ, TMPDIR=str(self.dir / "tmp"))
        with open(self.dir / "stderr", "wb") as err:
            self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err,
                                         cwd=self.dir, env=env, start_new_session=True)
        self._buffer = b""
        self._ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float | None = None) -> None:
        if not self._ready:
            self._answer(timeout or self.start_timeout, "startade inte")
            self._ready = True

    def convert(self, source: Path, target: Path, timeout: float) -> dict:
        self.conversions += 1
        return self.request({"op": "convert", "in": str(source), "out": str(target), "filter": EXPORT_OPTIONS},
                            timeout)

    def ping(self, timeout: float) -> None:
        answer = self.request({"op": "ping"}, timeout)
        if not answer.get("ok"):
            raise InstanceFailure(f"svarar fel: {answer.get('error')}")

    def request(self, message: dict, timeout: float) -> dict:
        self.wait_ready()
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise InstanceFailure(f"har avslutats ({exc})") from None
        return self._answer(timeout, "svarade inte")

    def _answer(self, timeout: float, hung: str) -> dict:
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise InstanceFailure(f"{hung} på {timeout:g} s")
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise InstanceFailure(f"har avslutats ({self._exit_text()})")
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            raise InstanceFailure(f"svarade obegripligt: {line[:200]!r}") from None

    def _exit_text(self) -> str:
        code = self.proc.poll()
        if code is None:
            return "utdata stängd"
        return f"signal {-code}" if code < 0 else f"kod {code}"

    def kill(self) -> None:
        """Kill the whole group, reap the worker and remove the profile."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)
