"""Rebuild one case after a save, as `iopdocs build CASE` would.

`iopdocs serve` keeps one warm LibreOffice engine (pdf/engine.py) for the app's whole life,
started when the app starts, so a save is followed by fresh PDFs in a fraction of a second
instead of a LibreOffice start-up. Without the engine (no python3-uno, or the app made
without `warm`, as in the route tests) each rebuild starts LibreOffice the ordinary way.
"""

from __future__ import annotations

import threading

from ..documents.build import BuildResult, build
from ..errors import UserError
from ..lint.guard import gate_cases
from ..pdf.engine import Engine, engine_available
from ..pdf.export import soffice_available
from ..project import Project


class Rebuilder:
    """Rebuilds cases for the pages; owns the warm engine when `warm` is set."""

    def __init__(self, warm: bool = False):
        self.warm = warm
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    @property
    def engine(self) -> Engine | None:
        """The warm engine, once started (None before, after close, or when not warm)."""
        return self._engine

    def start(self) -> None:
        """Start the engine now, in the background, so that the first save is warm too."""
        if self.warm:
            threading.Thread(target=self._converter, daemon=True).start()

    def rebuild(self, project: Project, name: str) -> BuildResult:
        """Build the case's documents (PDF too, when LibreOffice is there); errors in the result."""
        pdf = soffice_available()
        try:
            gate = gate_cases(project, project.case_dirs([name]))  # a faulted template builds no paper
            if gate.blocked:
                return BuildResult(errors=[gate.error()])
            result = build(project, (name,), pdf=pdf, convert=self._converter() if pdf else None)
            gate.record()
            return result
        except UserError as exc:
            return BuildResult(errors=[exc])

    def close(self) -> None:
        """Stop the engine: no LibreOffice outlives the app."""
        with self._lock:
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.close()

    def _converter(self):
        if not self.warm:
            return None
        with self._lock:
            if self._engine is None and engine_available():
                try:
                    self._engine = Engine()
                except UserError:
                    self.warm = False  # convert the ordinary way from now on
            return self._engine.convert if self._engine else None
