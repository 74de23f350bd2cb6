"""Convert .docx files to archival, accessible PDF (PDF/A-2b, tagged) with LibreOffice.

All documents go to a few `soffice` processes (one batch per worker), never one
process per file: starting LibreOffice costs about a second, converting a
document a tenth of that. Each process gets its own temporary profile, so
parallel processes and parallel `iopdocs build` runs do not disturb each other.

Success is decided by the output, not by the exit code (soffice exits 0 when a
file cannot be loaded). A process that makes no progress for `timeout` seconds
is killed with its whole process group and the document it was on is reported;
after a crash the documents without output get a fresh process. Every PDF is
then made reproducible by `pdfmeta.finalize` and written atomically.

This module holds the policy (input checks, batching, what a hang or a crash
means, delivery); one LibreOffice process is a `soffice.Run`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zipfile
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ..cores import available_cores
from ..errors import Problem, UserError, os_reason
from ..fsutil import write_atomic
from .meta import DocumentMeta, finalize
from .soffice import (
    EXPORT_FILTER,
    EXPORT_OPTIONS,
    IMPORT_FILTER,
    INSTALL_HINT,
    SOFFICE_ENV,
    Run,
    exit_text,
    find_soffice,
    soffice_available,
)

# LibreOffice's names stay importable from here: tests, tools and documents/build.py use them.
__all__ = [
    "EXPORT_FILTER", "EXPORT_OPTIONS", "IMPORT_FILTER", "INSTALL_HINT", "SOFFICE_ENV", "PdfJob", "Progress",
    "convert", "default_workers", "deliver", "docx_problem", "failure_error", "find_soffice", "soffice_available",
]

_POLL_SECONDS = 0.03
_MAX_BARREN_RUNS = 3  # processes in a row that crashed or hung without output: LibreOffice is broken

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PdfJob:
    """One document to convert."""

    docx: Path  # input .docx (already written)
    pdf: Path  # final output path (written via a temporary name and os.replace)
    meta: DocumentMeta  # what the document says about itself, as its .docx says it


def default_workers(count: int) -> int:
    """soffice processes for `count` documents: one per core, at most 4, each with 4+ documents.

    A start costs about a second and a 1-3 page document a twentieth of that,
    so a second process only pays off when it saves several conversions, and
    more processes than cores only slow each other down.
    """
    return max(1, min(available_cores(), 4, -(-count // 4)))


def convert(
    jobs: list[PdfJob],
    *,
    workers: int | None = None,
    timeout: float = 120.0,
    progress: Progress | None = None,
) -> None:
    """Convert every job; raise UserError naming each document that failed.

    Documents that succeed are written even when others fail. `workers` is the
    number of soffice processes (default: `default_workers`). `timeout` is the
    longest a process may go without finishing a document before it is killed
    and that document is reported. `progress` is called with (done, total)
    each time a document is finished, well or not.
    """
    if not jobs:
        return
    exe = find_soffice()
    if exe is None:
        raise UserError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="iopdocs-pdf-", ignore_cleanup_errors=True) as work:
        batch = _Batch(exe, list(jobs), Path(work), timeout, progress)
        runnable = batch.stage_inputs()
        batch.run(split_batches(runnable, batch.sizes, workers or default_workers(len(runnable))))
    if batch.failures:
        raise failure_error(jobs, batch.failures)


def failure_error(jobs: list[PdfJob], failures: dict[int, str]) -> UserError:
    """One error naming every document (by index into `jobs`) that got no PDF, and why."""
    problems = [Problem(str(jobs[i].docx), None, "", failures[i]) for i in sorted(failures)]
    names = ", ".join(jobs[i].docx.name for i in sorted(failures))
    return UserError(f"PDF kunde inte skapas för {len(failures)} av {len(jobs)} dokument ({names}):", problems)


def split_batches(indices: list[int], sizes: dict[int, int], workers: int) -> list[list[int]]:
    """Spread documents over `workers` batches of similar total size; each batch in job order."""
    batches: list[list[int]] = [[] for _ in range(max(1, min(workers, len(indices))))]
    loads = [0] * len(batches)
    for i in sorted(indices, key=lambda i: (-sizes[i], i)):
        lightest = loads.index(min(loads))
        batches[lightest].append(i)
        loads[lightest] += sizes[i]
    return [sorted(b) for b in batches if b]


def deliver(job: PdfJob, output: Path) -> str | None:
    """Finalize LibreOffice's export `output` (then removed) and write it to the job's path.

    Returns why that failed, or None. The warm engine (engine.py) delivers the same way,
    so both paths give byte-identical files.
    """
    try:
        data = output.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise ValueError("filen är ingen PDF")
        meta = job.meta
        if not meta.title.strip():
            meta = replace(meta, title=job.docx.stem)
        pdf = finalize(data, meta)
    except Exception as exc:  # a broken export must not stop the other documents
        return f"LibreOffice skapade ingen giltig PDF ({exc})"
    finally:
        output.unlink(missing_ok=True)
    try:
        write_atomic(job.pdf, pdf)
    except OSError as exc:
        return f"PDF-filen {job.pdf} kunde inte skrivas: {os_reason(exc)}"
    return None


def docx_problem(path: Path) -> str | None:
    """Why `path` is not a convertible .docx, or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                return "filen är inte ett Word-dokument (.docx): word/document.xml saknas"
    except FileNotFoundError:
        return "filen finns inte"
    except (zipfile.BadZipFile, OSError):
        return "filen är inte ett giltigt Word-dokument (.docx)"
    return None


class _Batch:
    """All jobs of one convert() call: staging, scheduling of soffice runs, delivery."""

    def __init__(self, exe: str, jobs: list[PdfJob], work: Path, timeout: float, progress: Progress | None):
        self.exe = exe
        self.jobs = jobs
        self.work = work
        self.timeout = timeout
        self.progress = progress
        self.inbox = work / "in"
        self.sizes: dict[int, int] = {}
        self.failures: dict[int, str] = {}
        self.crashes: dict[int, int] = {}
        self.barren_runs = 0  # runs in a row that crashed or hung without any output
        self.done = 0

    def stage_inputs(self) -> list[int]:
        """Copy each input under a unique name (same basenames would collide); return the good ones."""
        self.inbox.mkdir()
        good = []
        for i, job in enumerate(self.jobs):
            staged = self.input(i)
            try:
                shutil.copyfile(job.docx, staged)
            except FileNotFoundError:
                self.fail(i, "filen finns inte")
                continue
            except OSError as exc:
                self.fail(i, f"filen kunde inte läsas: {os_reason(exc)}")
                continue
            problem = docx_problem(staged)
            if problem:
                self.fail(i, problem)
                continue
            self.sizes[i] = staged.stat().st_size
            good.append(i)
        return good

    def input(self, i: int) -> Path:
        return self.inbox / f"{i:05d}.docx"

    def run(self, batches: list[list[int]]) -> None:
        """Run soffice processes (at most as many at once as there are batches) until all are done."""
        slots = len(batches)
        queue = deque(batches)
        active: list[Run] = []
        try:
            while queue or active:
                while queue and len(active) < slots:
                    self.start(queue.popleft(), active)
                for run in list(active):
                    if self.step(run, queue):
                        active.remove(run)
                if active:
                    time.sleep(_POLL_SECONDS)
        finally:
            for run in active:
                run.stop()

    def start(self, indices: list[int], active: list[Run]) -> None:
        try:
            active.append(Run(self.exe, self.work, [(i, self.input(i)) for i in indices]))
        except OSError as exc:
            for i in indices:
                self.fail(i, f"LibreOffice ({self.exe}) kunde inte startas: {os_reason(exc)}")

    def step(self, run: Run, queue: deque) -> bool:
        """Deliver what `run` has finished; return True when the run is over."""
        for i, path in run.collect():
            self.deliver(i, path)
        exited = run.exited()
        stalled = not exited and run.idle_seconds() > self.timeout
        if not (exited or stalled):
            return False
        run.stop()
        for i, path in run.collect():
            self.deliver(i, path)
        self.settle(run, stalled, queue)
        run.remove()
        return True

    def settle(self, run: Run, stalled: bool, queue: deque) -> None:
        """Decide the fate of the documents an ended run left without output."""
        missing = run.missing()
        abnormal = stalled or run.returncode != 0
        if run.produced or not abnormal:
            self.barren_runs = 0
        elif missing:
            self.barren_runs += 1
        if not missing:
            return
        if abnormal and self.barren_runs >= _MAX_BARREN_RUNS:
            self.give_up(missing, queue, self.broken_reason(run, stalled))
        elif stalled:
            self.fail(missing[0], f"konverteringen tog mer än {self.timeout:g} s och avbröts")
            self.requeue(missing[1:], queue)
        elif run.returncode == 0:
            for i in missing:
                self.fail(i, "LibreOffice kunde inte öppna dokumentet (skadad .docx?)")
        else:
            self.after_crash(run, missing, queue)

    def broken_reason(self, run: Run, stalled: bool) -> str:
        if stalled:
            return f"LibreOffice svarar inte (inget dokument blev klart på {self.timeout:g} s, flera försök)"
        how = exit_text(run.returncode)
        return f"LibreOffice avslutades oväntat ({how}) utan att konvertera något, flera försök"

    def give_up(self, missing: list[int], queue: deque, reason: str) -> None:
        """LibreOffice itself is broken: fail what is left instead of trying each document."""
        for i in missing + [i for batch in queue for i in batch]:
            self.fail(i, reason)
        queue.clear()

    def after_crash(self, run: Run, missing: list[int], queue: deque) -> None:
        """Retry once: the document the process died on alone, the rest together."""
        suspect, rest = missing[0], missing[1:]
        self.crashes[suspect] = self.crashes.get(suspect, 0) + 1
        if self.crashes[suspect] > 1:
            how = exit_text(run.returncode)
            self.fail(suspect, f"LibreOffice kraschade på dokumentet ({how}), även vid nytt försök")
        else:
            queue.append([suspect])
        self.requeue(rest, queue)

    @staticmethod
    def requeue(indices: list[int], queue: deque) -> None:
        if indices:
            queue.append(indices)

    def deliver(self, i: int, output: Path) -> None:
        """Finalize one exported PDF and write it to the job's path."""
        problem = deliver(self.jobs[i], output)
        if problem:
            self.fail(i, problem)
        else:
            self.finished()

    def fail(self, i: int, reason: str) -> None:
        if i not in self.failures:
            self.failures[i] = reason
            self.finished()

    def finished(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.jobs))
