"""`make bench`, the warm path: edit → fresh PDF through `iopdocs watch`, against a cold build.

    .venv/bin/python tools/bench_watch.py [--edits 5] [--memory-edits 200]

For one statement (rk-2023-17: background.yaml) and one follow-up form with three
charts (exempel-iop: the 2024 follow-up's lessons), each edit is saved and timed until
watch reports the rebuilt PDF; then the same edit is made again and timed through a cold
`iopdocs build CASE` (a new Python and a new LibreOffice, as an officer runs it).
Medians of `--edits` edits each. Then `iopdocs watch` runs as its own process for
`--memory-edits` edits, and the memory of it and its LibreOffice instances (PSS, so
shared libraries count once) is sampled: the peak, and the growth from the first edits to
the last, each a median over a whole cycle of the engine's recycling.
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iopdocs.cores import available_cores  # noqa: E402
from iopdocs.documents.watch import Failed, Rebuilt, watch  # noqa: E402
from iopdocs.pdf.engine import RECYCLE_AFTER, Engine  # noqa: E402
from iopdocs.project import Project  # noqa: E402

IOPDOCS = [sys.executable, "-m", "iopdocs.cli"]
# (case, file, text before the edit, document that must come out anew)
STATEMENT = ("rk-2023-17", "background.yaml", "background: |\n", "tjansteutlatande")
FOLLOW_UP = ("exempel-iop", "indicators.yaml", "    lessons: Information i skolorna", "uppfoljning-2024")


def make_project(folder: Path) -> Path:
    shutil.copytree(ROOT / "templates", folder / "templates")
    for case in (STATEMENT[0], FOLLOW_UP[0]):
        shutil.copytree(ROOT / "cases" / case, folder / "cases" / case)
    return folder


def save(root: Path, spec: tuple, n: int) -> None:
    """The n-th edit: a new first word where the edit goes (atomic, as editors save)."""
    case, name, anchor, _ = spec
    path = root / "cases" / case / name
    text = path.read_text(encoding="utf-8")
    if anchor.endswith("|\n"):  # a block: a line of its own at its start
        marker = f"{anchor}  Ändring {n - 1}.\n" if n else anchor
        new = text.replace(marker, f"{anchor}  Ändring {n}.\n", 1)
    else:
        new = text.replace(f"{anchor} (ändring {n - 1})" if n else anchor, f"{anchor} (ändring {n})", 1)
    assert new != text, f"the edit of {name} found nothing to change"
    tmp = path.with_name(f".{name}.tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


class Watcher:
    def __init__(self, root: Path, engine: Engine):
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        threading.Thread(target=self._run, args=(Project(root), engine), daemon=True).start()

    def _run(self, project: Project, engine: Engine) -> None:
        for event in watch(project, engine=engine, stop=self.stop):
            self.events.put(event)

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()

    def until(self, case: str, document: str, timeout: float = 120) -> float:
        """Seconds until watch reports `document` of `case` rebuilt."""
        while True:
            event = self.events.get(timeout=timeout)
            if isinstance(event, Failed):
                raise SystemExit(f"watch failed: {event.error.message} {event.error.problems}")
            if isinstance(event, Rebuilt) and event.case == case and document in event.documents:
                return time.perf_counter()


def warm_edits(root: Path, spec: tuple, edits: int, watcher: Watcher, start: int) -> list[float]:
    times = []
    for n in range(start, start + edits):
        time.sleep(0.3)  # the previous round's events are over
        watcher.drain()
        saved = time.perf_counter()
        save(root, spec, n)
        times.append(watcher.until(spec[0], spec[3]) - saved)
    return times


def cold_edits(root: Path, spec: tuple, edits: int, start: int) -> list[float]:
    times = []
    for n in range(start, start + edits):
        save(root, spec, n)
        started = time.perf_counter()
        subprocess.run([*IOPDOCS, "--root", str(root), "build", spec[0]], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def bench_edits(tmp: Path, edits: int) -> None:
    root = make_project(tmp / "watch")
    with Engine() as engine:
        watcher = Watcher(root, engine)
        watcher.until(FOLLOW_UP[0], FOLLOW_UP[3], timeout=300)  # the first build
        time.sleep(1.0)
        warm = {spec: warm_edits(root, spec, edits, watcher, 0) for spec in (STATEMENT, FOLLOW_UP)}
        watcher.stop.set()
    for spec, goal in ((STATEMENT, 0.5), (FOLLOW_UP, 1.0)):
        cold = statistics.median(cold_edits(root, spec, edits, edits))
        median = statistics.median(warm[spec])
        label = "tjänsteutlåtande" if spec is STATEMENT else "uppföljning (3 diagram)"
        print(f"watch:   {label}: ändring → ny PDF {_s(median)} s (median av {edits}, "
              f"{_s(min(warm[spec]))}–{_s(max(warm[spec]))}; mål ≤ {_s(goal, 1)} s); "
              f"kall 'iopdocs build {spec[0]}' {_s(cold)} s; {cold / median:.1f} gånger snabbare (mål ≥ 4)")


def tree_pss(pid: int) -> int:
    """PSS in bytes of the process and every descendant (shared pages counted once)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def bench_memory(tmp: Path, edits: int) -> None:
    root = make_project(tmp / "memory")
    proc = subprocess.Popen([*IOPDOCS, "--root", str(root), "watch", FOLLOW_UP[0]], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    samples: list[int] = []
    try:
        _wait_line(proc)  # the first build
        for n in range(edits):
            time.sleep(0.05)
            save(root, FOLLOW_UP, n)
            _wait_line(proc)
            samples.append(tree_pss(proc.pid))
    finally:
        proc.terminate()
        proc.wait(60)
    # The engine replaces an instance after RECYCLE_AFTER documents, so memory is a saw-tooth:
    # growth is compared over whole cycles (one per instance), not a fresh start against a full one.
    window = max(1, min(len(samples) // 2, RECYCLE_AFTER * available_cores()))
    early, late = statistics.median(samples[:window]), statistics.median(samples[-window:])
    print(f"watch:   minne (PSS, watch och dess LibreOffice): topp {max(samples) / 2**20:.0f} MB (mål ≤ 500 MB); "
          f"median över de sista {window} av {edits} ändringar {late / 2**20:.0f} MB mot {early / 2**20:.0f} MB "
          f"över de första {window} ({(late / early - 1) * 100:+.1f} %; mål ≤ +10 %)")


def _wait_line(proc: subprocess.Popen) -> None:
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("watch ended")
        if line.startswith("Byggt "):
            return
        if line.startswith("Fel"):
            raise SystemExit(line)


def _s(seconds: float, decimals: int = 2) -> str:
    return f"{seconds:.{decimals}f}".replace(".", ",")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Mät iopdocs watch: ändring → PDF, och minnet.")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--memory-edits", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="iopdocs-bench-watch-") as name:
        bench_edits(Path(name), args.edits)
        if args.memory_edits:
            bench_memory(Path(name), args.memory_edits)


if __name__ == "__main__":
    main()
