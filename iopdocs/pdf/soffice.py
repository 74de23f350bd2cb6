"""LibreOffice itself: finding `soffice`, and one process converting a list of documents.

A `Run` is one `soffice --convert-to` process over a batch of staged .docx files,
with its own profile and TMPDIR (so parallel processes and parallel builds do not
disturb each other) and its own process group (so a kill takes soffice.bin along).
It reports which outputs are complete and how long it has gone without progress;
what to do about a hang or a crash is decided by the caller (export.py).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

INSTALL_HINT = (
    "LibreOffice (soffice) hittades inte, men behövs för att skapa PDF. "
    "Installera det med `sudo apt-get install libreoffice-writer-nogui fonts-liberation` "
    "eller kör `make`."
)

EXPORT_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},  # PDF/A-2b
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},  # headings become the outline
    # Charts and logos are line art: JPEG (LibreOffice's default) would smear them.
    "UseLosslessCompression": {"type": "boolean", "value": "true"},
}
EXPORT_FILTER = "pdf:writer_pdf_Export:" + json.dumps(EXPORT_OPTIONS, separators=(",", ":"))
IMPORT_FILTER = "MS Word 2007 XML"  # never fall back to importing a broken file as plain text
SOFFICE_ENV = "IOPDOCS_SOFFICE"  # optional path to the soffice executable


def find_soffice() -> str | None:
    """Path of the LibreOffice executable, or None."""
    override = os.environ.get(SOFFICE_ENV)
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_available() -> bool:
    return find_soffice() is not None


class Run:
    """One soffice process with its own profile, converting documents in order."""

    def __init__(self, exe: str, work: Path, inputs: list[tuple[int, Path]]):
        self.inputs = inputs
        self.dir = Path(tempfile.mkdtemp(prefix="run-", dir=work))
        self.outbox = self.dir / "out"
        self.outbox.mkdir()
        (self.dir / "tmp").mkdir()
        self.collected: set[int] = set()
        self.produced = 0
        self.returncode: int | None = None
        self._signature: tuple = ()
        self._changed = time.monotonic()
        try:
            self.proc = self._start(exe)
        except BaseException:
            self.remove()
            raise

    def _start(self, exe: str) -> subprocess.Popen:
        profile = (self.dir / "profile").as_uri()
        command = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--norestore",
            f"--infilter={IMPORT_FILTER}",
            "--convert-to",
            EXPORT_FILTER,
            "--outdir",
            str(self.outbox),
            *(str(path) for _, path in self.inputs),
        ]
        env = dict(os.environ, TMPDIR=str(self.dir / "tmp"))
        with open(self.dir / "stdout", "wb") as out, open(self.dir / "stderr", "wb") as err:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                cwd=self.dir,
                env=env,
                start_new_session=True,
            )

    def output(self, i: int) -> Path:
        return self.outbox / f"{i:05d}.pdf"

    def exited(self) -> bool:
        if self.returncode is None:
            self.returncode = self.proc.poll()
        return self.returncode is not None

    def collect(self) -> list[tuple[int, Path]]:
        """Outputs that are complete and not yet handed out, in input order."""
        final = self.exited()
        ready = []
        for i, _ in self.inputs:
            path = self.output(i)
            if i not in self.collected and path.exists() and (final or _ends_with_eof(path)):
                self.collected.add(i)
                ready.append((i, path))
        self.produced += len(ready)
        return ready

    def missing(self) -> list[int]:
        return [i for i, _ in self.inputs if i not in self.collected]

    def idle_seconds(self) -> float:
        """Seconds since the process last showed progress (console output or files in outdir)."""
        signature = self._progress_signature()
        now = time.monotonic()
        if signature != self._signature:
            self._signature, self._changed = signature, now
        return now - self._changed

    def _progress_signature(self) -> tuple:
        sizes = []
        for name in ("stdout", "stderr"):
            try:
                sizes.append((self.dir / name).stat().st_size)
            except OSError:
                sizes.append(-1)
        try:
            with os.scandir(self.outbox) as entries:
                files = sorted((e.name, e.stat().st_size) for e in entries)
        except OSError:
            files = []
        return (*sizes, *files)

    def stop(self) -> None:
        """Kill the process group (soffice leaves soffice.bin behind otherwise) and reap it."""
        if self.returncode is None and self.proc.poll() is None:
            self._kill_group()
            self.proc.wait()
            self.returncode = self.proc.returncode
        else:
            self.returncode = self.proc.returncode
            self._kill_group()  # orphans of a crashed launcher; usually no process is left

    def _kill_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def exit_text(returncode: int | None) -> str:
    """How a process ended, in Swedish: "signal SIGABRT" or "kod 1"."""
    if returncode is not None and returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"kod {returncode}"


def _ends_with_eof(path: Path) -> bool:
    """LibreOffice writes a temporary file and renames it, but be sure the PDF is complete."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64))
            return b"%%EOF" in handle.read()
    except OSError:
        return False
