"""The warm conversion engine: LibreOffice kept running between documents.

`export.convert` starts soffice for every build, about a second before the first
page; `Engine` starts one LibreOffice per core once and then converts each .docx in
about a tenth of a second. For `iopdocs watch` and the web app's preview:

    with Engine() as engine:          # starts the instances (in the background)
        engine.convert(jobs)          # list[PdfJob]; raises UserError like export.convert
        engine.convert(more_jobs)     # warm: no start-up

One case through it, as `iopdocs build CASE` would build it (only the documents whose
.docx changed get a new PDF; errors are in the result, never raised):

    from iopdocs.documents.build import build
    result = build(project, ("exempel-iop",), convert=engine.convert)
    result.converted, result.errors    # the new PDFs; UserErrors with file, line, field

`convert` may be called from several threads; the calls take turns.

Each instance (engineinstance.Instance) is health-checked (a ping) before a round of
work; one that hangs (no answer within `timeout`) or dies is killed with its whole
process group, replaced, and the document retried once; one that has converted
`recycle_after` documents is replaced after the round, so memory does not grow. The
PDF goes through the same `export.deliver` (finalize with the job's DocumentMeta) and
the same export options as the batch path, so the bytes are identical. Nothing
outlives the engine: `close` (or leaving the `with`) kills every instance, and each
worker kills its LibreOffice itself when iopdocs is gone, however it ended.
"""

from __future__ import annotations

import queue
import shutil
import tempfile
import threading
from pathlib import Path

from ..cores import available_cores
from ..errors import UserError, os_reason
from .engineinstance import Instance, InstanceFailure, uno_python
from .export import PdfJob, deliver, docx_problem, failure_error
from .soffice import INSTALL_HINT, find_soffice

__all__ = ["Engine", "engine_available"]

RECYCLE_AFTER = 40  # documents an instance converts before it is replaced by a fresh one

UNO_HINT = (
    "Den varma konverteringen behöver LibreOffices Python-brygga (python3-uno). "
    "Installera den med `sudo apt-get install python3-uno` eller kör `make`."
)


def engine_available() -> bool:
    """Whether an Engine can start here: soffice and a Python with `uno`."""
    return find_soffice() is not None and uno_python() is not None


class Engine:
    """A pool of warm LibreOffice instances; thread-safe `convert`, one round at a time."""

    def __init__(self, instances: int | None = None, *, timeout: float = 60.0, start_timeout: float = 120.0,
                 ping_timeout: float = 10.0, recycle_after: int = RECYCLE_AFTER):
        soffice, python = find_soffice(), uno_python()
        if soffice is None:
            raise UserError(INSTALL_HINT)
        if python is None:
            raise UserError(UNO_HINT)
        self._command = (python, soffice)
        self.timeout, self.start_timeout, self.ping_timeout = timeout, start_timeout, ping_timeout
        self._work = Path(tempfile.mkdtemp(prefix="iopdocs-engine-"))
        self._lock = threading.Lock()
        self._started = 0
        self.replaced = 0  # instances killed and replaced because they hung or died
        self.recycle_after = recycle_after
        self.recycled = 0  # instances replaced after `recycle_after` documents
        count = instances or available_cores()
        self._slots: list[Instance | None] = [self._start() for _ in range(count)]

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def instances(self) -> list[Instance]:
        """The running instances (for health reports and tests)."""
        return [i for i in self._slots if i is not None]

    def _start(self) -> Instance:
        self._started += 1
        return Instance(*self._command, self._work, self._started, self.start_timeout)

    def close(self) -> None:
        """Kill every instance and remove the profiles. Safe to call twice."""
        slots, self._slots = self._slots, []
        for instance in slots:
            if instance is not None:
                instance.kill()
        shutil.rmtree(self._work, ignore_errors=True)

    def convert(self, jobs: list[PdfJob]) -> None:
        """Convert every job on the warm instances; raise UserError naming each that failed."""
        if not jobs:
            return
        with self._lock:
            if not self._slots:
                raise RuntimeError("the engine is closed")
            failures: dict[int, str] = {}
            work: queue.SimpleQueue = queue.SimpleQueue()
            for i, job in enumerate(jobs):
                problem = docx_problem(job.docx)
                if problem:
                    failures[i] = problem
                else:
                    work.put(i)
            threads = [threading.Thread(target=self._serve, args=(slot, jobs, work, failures))
                       for slot in range(min(len(self._slots), len(jobs)))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            reason = failures.pop(-1, None)
            while reason is not None and not work.empty():  # every slot failed to start
                failures[work.get_nowait()] = reason
            self._recycle()
        if failures:
            raise failure_error(jobs, failures)

    def _serve(self, slot: int, jobs: list[PdfJob], work: queue.SimpleQueue, failures: dict[int, str]) -> None:
        """One instance's share of the round: check it, then convert until the queue is empty."""
        try:
            self._healthy(slot)
        except OSError as exc:  # no new instance could be started: the other slots take the work
            failures.setdefault(-1, f"LibreOffice kunde inte startas: {os_reason(exc)}")
            return
        while True:
            try:
                i = work.get_nowait()
            except queue.Empty:
                return
            try:
                problem = self._convert_one(slot, jobs[i], i)
            except OSError as exc:
                problem = f"LibreOffice kunde inte startas: {os_reason(exc)}"
            if problem:
                failures[i] = problem

    def _recycle(self) -> None:
        """Replace the instances that have converted `recycle_after` documents: LibreOffice's
        memory grows with every document it has opened. The new one starts while the engine
        waits for the next round."""
        for slot, instance in enumerate(self._slots):
            if instance is not None and instance.conversions >= self.recycle_after:
                instance.kill()
                self._slots[slot] = self._start()
                self.recycled += 1

    def _healthy(self, slot: int) -> None:
        instance = self._slots[slot]
        try:
            instance.wait_ready()
            instance.ping(self.ping_timeout)
        except InstanceFailure:
            self._replace(slot)

    def _replace(self, slot: int) -> Instance:
        self._slots[slot].kill()
        self.replaced += 1
        self._slots[slot] = self._start()
        return self._slots[slot]

    def _convert_one(self, slot: int, job: PdfJob, index: int) -> str | None:
        """Convert one job, retrying once on a fresh instance when this one hangs or dies."""
        for attempt in (1, 2):
            instance = self._slots[slot]
            source = instance.dir / f"{index:05d}.docx"
            target = instance.outbox / f"{index:05d}.pdf"
            try:
                shutil.copyfile(job.docx, source)
                answer = instance.convert(source, target, self.timeout)
            except OSError as exc:
                return f"filen kunde inte läsas: {os_reason(exc)}"
            except InstanceFailure as exc:
                self._replace(slot)
                if attempt == 2:
                    return f"LibreOffice {exc}, även vid nytt försök"
                continue
            finally:
                source.unlink(missing_ok=True)
            if not answer.get("ok") or not target.is_file():
                target.unlink(missing_ok=True)
                return "LibreOffice kunde inte öppna dokumentet (skadad .docx?)"
            return deliver(job, target)
        return None  # not reached: the second attempt returns
