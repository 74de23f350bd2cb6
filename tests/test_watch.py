"""`iopdocs watch`: rebuilds what an edit changed, the same bytes as build, through hangs and
half-saved files, and leaves no LibreOffice behind however it ends."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from casefolder import edit, make_project
from test_engine import living_in_groups

from iopdocs.documents.build import ENGINE_ENV, build
from iopdocs.documents.watch import Failed, Rebuilt, Recovered, watch
from iopdocs.pdf.engine import Engine, engine_available
from iopdocs.project import Project

needs_engine = pytest.mark.skipif(not engine_available(), reason="LibreOffice or python3-uno is missing")
BACKGROUND = "cases/x/background.yaml"
START = "  Nämnden har sedan 2022"  # the first line of the background text


class Watching:
    """watch() running in a thread; its events in a queue."""

    def __init__(self, root: Path, **kwargs):
        self.events: queue.Queue = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(Project(root),), kwargs=kwargs, daemon=True)
        self.thread.start()

    def _run(self, project, **kwargs):
        for event in watch(project, stop=self.stop, **kwargs):
            self.events.put(event)

    def next(self, timeout: float = 120.0):
        return self.events.get(timeout=timeout)

    def quiet_for(self, seconds: float) -> list:
        """Every event that comes within `seconds`."""
        found, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                found.append(self.events.get(timeout=left))
            except queue.Empty:
                break
        return found

    def close(self):
        self.stop.set()
        self.thread.join(30)


def started(root: Path, **kwargs) -> Watching:
    watching = Watching(root, **kwargs)
    first = watching.next()
    assert isinstance(first, Rebuilt) and first.case == "x", first
    time.sleep(0.5)  # the watcher is set up once the first build is reported and it goes on
    return watching


@needs_engine
def test_output_of_watch_is_byte_identical_to_build(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    with Engine(instances=2) as engine:
        watching = started(root, engine=engine)
        try:
            edit(root, BACKGROUND, START, "  Nytt stycke." + START[1:])
            event = watching.next()
        finally:
            watching.close()
    assert isinstance(event, Rebuilt) and "tjansteutlatande" in event.documents, event
    watched = {p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*.*")}
    assert len([p for p in watched if p.suffix == ".pdf"]) >= 4  # every document of the case has its PDF
    shutil.rmtree(root / "build")
    monkeypatch.setenv(ENGINE_ENV, "0")
    assert build(Project(root)).ok  # one cold `soffice --convert-to` run, everything anew
    built = {p.relative_to(root / "build"): p.read_bytes() for p in (root / "build").rglob("*.*")}
    assert watched == built


@needs_engine
def test_a_hung_and_a_killed_instance_are_replaced_during_watch(tmp_path):
    root = make_project(tmp_path)
    with Engine(instances=1, ping_timeout=3) as engine:
        watching = started(root, engine=engine)
        try:
            os.killpg(engine.instances[0].pid, signal.SIGSTOP)
            edit(root, BACKGROUND, START, "  Ett." + START[1:])
            hung = watching.next()
            os.killpg(engine.instances[0].pid, signal.SIGKILL)
            edit(root, BACKGROUND, "  Ett.", "  Två.")
            killed = watching.next()
        finally:
            watching.close()
        assert engine.replaced == 2
    assert isinstance(hung, Rebuilt) and "tjansteutlatande" in hung.documents, hung
    assert isinstance(killed, Rebuilt) and "tjansteutlatande" in killed.documents, killed


def test_a_half_written_yaml_file_is_waited_for(tmp_path):
    root = make_project(tmp_path)
    watching = started(root, pdf=False)
    try:
        path = root / BACKGROUND
        text = path.read_text(encoding="utf-8").replace(START, "  Nytt." + START[1:], 1)
        cut = text.index("background: |") + 5  # inside the key: the half does not parse
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text[:cut])
            handle.flush()
            early = watching.quiet_for(1.2)  # the editor pauses half-way
            handle.write(text[cut:])
        later = watching.quiet_for(3.0)
    finally:
        watching.close()
    assert early == []
    assert [type(e) for e in later] == [Rebuilt], later


def test_a_broken_file_is_reported_with_its_place_and_watch_goes_on(tmp_path):
    root = make_project(tmp_path)
    watching = started(root, pdf=False, patience=0.5)
    try:
        edit(root, "cases/x/case.yaml", "agenda_item: 8", "agenda_item: åtta")
        broken = watching.next()
        edit(root, "cases/x/case.yaml", "agenda_item: åtta", "agenda_item: 8")
        fixed = watching.next()
    finally:
        watching.close()
    assert isinstance(broken, Failed), broken
    assert any("case.yaml" in str(p) and "agenda_item" in str(p) for p in broken.error.problems), broken.error.problems
    assert fixed == Recovered("x")  # back as it was built: nothing to convert, but said


def test_a_burst_of_saves_is_one_rebuild(tmp_path):
    root = make_project(tmp_path)
    watching = started(root, pdf=False)
    try:
        for n in range(5):
            old = START if n == 0 else f"  Sparning {n - 1}."
            edit(root, BACKGROUND, old, f"  Sparning {n}." + (START[1:] if n == 0 else ""))
        events = watching.quiet_for(3.0)
    finally:
        watching.close()
    assert [type(e) for e in events] == [Rebuilt], events


def test_only_the_documents_whose_docx_changed_get_a_new_pdf(tmp_path):
    root = make_project(tmp_path)
    watching = started(root, pdf=False)
    try:
        edit(root, BACKGROUND, START, "  Nytt." + START[1:])
        event = watching.next()
    finally:
        watching.close()
    assert "tjansteutlatande" in event.documents
    assert not any(name.startswith("uppfoljning") for name in event.documents), event


@needs_engine
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
def test_no_libreoffice_is_left_when_watch_ends(tmp_path, how):
    root = make_project(tmp_path)
    (tmp_path / "tmp").mkdir()
    env = dict(os.environ, TMPDIR=str(tmp_path / "tmp"))
    proc = subprocess.Popen([sys.executable, "-m", "iopdocs.cli", "--root", str(root), "watch"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        lines = []
        while not any(line.startswith("Byggt x:") for line in lines):
            line = proc.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        groups = engine_groups(tmp_path / "tmp")
        assert groups, "the engine runs under the test's TMPDIR"
        proc.send_signal(how)
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not living_in_groups(groups)
    assert not any(p.name.startswith("iopdocs-engine-") for p in (tmp_path / "tmp").iterdir())


def engine_groups(tmp: Path) -> list[int]:
    """Process groups of the engine's instances: the workers run with their folder under `tmp` as cwd."""
    groups = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(tmp) in os.readlink(entry / "cwd"):
                groups.append(os.getpgid(int(entry.name)))
        except OSError:
            continue
    return sorted(set(groups))
