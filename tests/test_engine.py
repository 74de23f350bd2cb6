"""The warm engine: the same PDF bytes as the batch path, and a hung or dead instance replaced."""

from __future__ import annotations

import os
import signal
import shutil
import time
from pathlib import Path

import pytest
from casefolder import make_project

from iopdocs.documents.build import build
from iopdocs.pdf.engine import Engine, engine_available
from iopdocs.pdf.export import PdfJob, convert
from iopdocs.project import Project

pytestmark = pytest.mark.skipif(not engine_available(), reason="LibreOffice or python3-uno is missing")


@pytest.fixture(scope="module")
def docx_jobs(tmp_path_factory) -> list[PdfJob]:
    """The example case's four documents as .docx, with the jobs the build would convert them by."""
    root = make_project(tmp_path_factory.mktemp("engine"))
    project = Project(root)
    jobs: list[PdfJob] = []
    result = build(project, pdf=True, convert=jobs.extend)  # collect the jobs, convert nothing
    assert result.ok and len(jobs) >= 4  # statement, assessment, follow-ups (and what else the case has)
    return jobs


def retarget(jobs: list[PdfJob], folder: Path) -> list[PdfJob]:
    folder.mkdir(parents=True, exist_ok=True)
    return [PdfJob(job.docx, folder / job.pdf.name, job.meta) for job in jobs]


def test_engine_output_is_byte_identical_to_the_batch_path(docx_jobs, tmp_path):
    batch, warm = retarget(docx_jobs, tmp_path / "batch"), retarget(docx_jobs, tmp_path / "warm")
    convert(batch)
    with Engine(instances=2) as engine:
        engine.convert(warm)
        engine.convert(warm[:1])  # a second round on the same, now warm, instance
    for a, b in zip(batch, warm):
        assert a.pdf.read_bytes() == b.pdf.read_bytes(), a.pdf.name


def test_a_hung_instance_is_replaced_before_work(docx_jobs, tmp_path):
    jobs = retarget(docx_jobs[:1], tmp_path)
    with Engine(instances=1, ping_timeout=3) as engine:
        engine.convert(jobs)
        os.killpg(engine.instances[0].pid, signal.SIGSTOP)  # LibreOffice and its worker stop answering
        jobs[0].pdf.unlink()
        engine.convert(jobs)
        assert engine.replaced == 1
    assert jobs[0].pdf.read_bytes().startswith(b"%PDF-")


def test_a_killed_instance_is_replaced(docx_jobs, tmp_path):
    jobs = retarget(docx_jobs[:1], tmp_path)
    with Engine(instances=1) as engine:
        engine.convert(jobs)
        os.killpg(engine.instances[0].pid, signal.SIGKILL)
        jobs[0].pdf.unlink()
        engine.convert(jobs)
        assert engine.replaced == 1
    assert jobs[0].pdf.read_bytes().startswith(b"%PDF-")


def test_a_document_whose_instance_hangs_mid_conversion_is_retried_once(docx_jobs, tmp_path, monkeypatch):
    jobs = retarget(docx_jobs[:1], tmp_path)
    with Engine(instances=1, timeout=3) as engine:
        engine.convert(jobs)
        monkeypatch.setattr(engine, "_healthy", lambda slot: None)  # no ping: the hang shows in the conversion
        os.killpg(engine.instances[0].pid, signal.SIGSTOP)
        jobs[0].pdf.unlink()
        engine.convert(jobs)
        assert engine.replaced == 1
    assert jobs[0].pdf.read_bytes().startswith(b"%PDF-")


def test_a_broken_docx_is_reported_and_the_rest_converted(docx_jobs, tmp_path):
    from iopdocs.errors import UserError

    broken = tmp_path / "trasig.docx"
    broken.write_bytes(b"not a zip")
    jobs = retarget(docx_jobs[:1], tmp_path / "out") + [PdfJob(broken, tmp_path / "trasig.pdf", docx_jobs[0].meta)]
    with Engine(instances=1) as engine, pytest.raises(UserError) as raised:
        engine.convert(jobs)
    assert "trasig.docx" in raised.value.message
    assert jobs[0].pdf.is_file() and not jobs[1].pdf.exists()


def test_close_leaves_no_process_and_no_profile():
    engine = Engine(instances=2)
    pids = [i.pid for i in engine.instances]
    engine.instances[0].wait_ready(120)
    folders = [i.dir for i in engine.instances]
    engine.close()
    assert not living_in_groups(pids)
    assert not any(f.exists() for f in folders)
    shutil.rmtree(folders[0].parent, ignore_errors=True)


def living_in_groups(groups: list[int], patience: float = 10.0) -> list[int]:
    """Processes (not zombies) still in the process groups, after waiting up to `patience` s for them to go."""
    deadline = time.monotonic() + patience
    while True:
        alive = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if fields[0] != "Z" and int(fields[2]) in groups:
                    alive.append(int(entry.name))
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def test_an_instance_is_recycled_after_its_quota_of_documents(docx_jobs, tmp_path):
    jobs = retarget(docx_jobs[:1], tmp_path)
    with Engine(instances=1, recycle_after=2) as engine:
        first = engine.instances[0].pid
        engine.convert(jobs)
        assert engine.instances[0].pid == first and engine.recycled == 0
        engine.convert(jobs)
        assert engine.instances[0].pid != first and engine.recycled == 1
        assert not living_in_groups([first])
        jobs[0].pdf.unlink()
        engine.convert(jobs)  # the fresh instance converts
    assert jobs[0].pdf.read_bytes().startswith(b"%PDF-")
