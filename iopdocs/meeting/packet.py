"""`iopdocs packet DATE`: the board's papers (handlingar) for one meeting.

The flow, each step in the module that owns it: collect the meeting's items
(collect.py) → check external PDFs (papers.py) → build the cases that are out of date
→ gather each item's documents in the order of its Bilagor list (papers.py) → render
the agenda with the page where each item starts, again if its length changed
(agenda.py, and the fitting here) → merge agenda and documents into handlingar.pdf with
bookmarks, page labels, the parts' structure trees, a "Sida X av Y" stamp and metadata
(merge.py, pdf/structure.py) → with --publish, one PDF per item for the web, rendered
without the officer's phone and e-mail (publish.py). Everything is written to a
temporary folder and moved into build/meetings/DATE/ only when all of it succeeded.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable

from pypdf import PdfReader

from ..errors import UserError
from ..project import Project
from .agenda import agenda_meta, estimate_agenda_pages, render_agenda
from .attachments import pypdf_warnings
from .collect import Meeting, collect_meeting
from .merge import assemble
from .papers import Notes, Papers, check_external_files, gather_papers
from .privacy import allowed_notes, refuse, scan_meeting
from .publish import public_jobs, write_web_copies
from .record import is_minutes_file

OUT_DIR = "meetings"
PACKET = "handlingar.pdf"
AGENDA = "foredragningslista"
WEB_DIR = "webb"
MAX_AGENDA_PASSES = 4

Progress = Callable[[str, int, int], None]


def build_packet(
    project: Project,
    date: dt.date,
    publish: bool = False,
    *,
    notes: Notes | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write build/meetings/DATE/ (agenda, handlingar.pdf, web copies); return the files written."""
    meeting = collect_meeting(project, date)
    if notes is not None:
        for text in dated_after(meeting):
            notes(text)
    externals = check_external_files(project, meeting)
    if publish:
        guard_publishing(project, meeting, externals, notes)
    _build_cases(project, meeting, progress)
    papers = [gather_papers(project, item, externals, notes) for item in meeting.items]

    out_dir = project.build_dir / OUT_DIR / date.isoformat()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{date.isoformat()}-", dir=out_dir.parent) as name:
        work = Path(name)
        stage = work / "out"
        stage.mkdir()
        public = public_jobs(project, meeting, work) if publish else []
        agenda_pdf = _agenda(project, meeting, papers, stage, work, [job for _, _, job in public if job])
        with pypdf_warnings():  # the external PDFs said theirs when they were checked
            packet = assemble(meeting, agenda_pdf, papers)
            (stage / PACKET).write_bytes(packet)
            if publish:
                write_web_copies(meeting, papers, public, stage / WEB_DIR)
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
        if not publish:
            _keep_web_copies(out_dir, stage, packet, notes)
        keep_minutes(out_dir, stage)
        _swap_into_place(stage, out_dir)
    return [out_dir / p for p in written]


def guard_publishing(project: Project, meeting: Meeting, externals: dict, notes: Notes | None) -> None:
    """Stop before anything is built when a web copy would publish personal data."""
    scan = scan_meeting(project, meeting, externals)
    refuse(scan, f"Webbkopiorna till sammanträdet {meeting.date.isoformat()}")
    for note in allowed_notes(scan):
        if notes is not None:
            notes(note)


def dated_after(meeting: Meeting) -> list[str]:
    """Notes on items whose statement is dated after the meeting. check refuses that for a
    case whose `meeting:` is this date; a case the meeting file lists without one slips by."""
    return [
        f"{item.label}: tjänsteutlåtandet är daterat {item.case.meta.date.isoformat()}, efter "
        f"sammanträdet {meeting.date.isoformat()}"
        for item in meeting.items
        if item.case is not None and item.case.meta.date > meeting.date
    ]


def _keep_web_copies(out_dir: Path, stage: Path, packet: bytes, notes: Notes | None) -> None:
    """A run without --publish keeps the web copies of an earlier --publish run, and says
    so when the papers have changed since (the copies are then out of date)."""
    previous = out_dir / WEB_DIR
    if not previous.is_dir():
        return
    try:
        unchanged = (out_dir / PACKET).read_bytes() == packet
    except OSError:
        unchanged = False
    shutil.copytree(previous, stage / WEB_DIR)
    if not unchanged and notes is not None:
        notes(f"{WEB_DIR}/ är från en tidigare körning med --publish och stämmer inte längre med "
              f"handlingarna; kör 'iopdocs packet {out_dir.name} --publish' för att uppdatera den.")


def _build_cases(project: Project, meeting: Meeting, progress: Progress | None) -> None:
    from ..documents.build import build

    folders = tuple(item.case.folder for item in meeting.items if item.case is not None)
    if not folders:
        return
    result = build(project, folders, pdf=True, progress=progress)
    if result.errors:
        raise UserError(
            f"Handlingarna till sammanträdet {meeting.date.isoformat()} kan inte sättas ihop: "
            + " ".join(error.message for error in result.errors),
            [problem for error in result.errors for problem in error.problems],
        )


# --- The agenda's page numbers ----------------------------------------------------------


def item_pages(papers: list[Papers], agenda_pages: int) -> dict[int, tuple[int, int]]:
    """Each item's first and last page in the packet, the agenda taking the first pages."""
    pages: dict[int, tuple[int, int]] = {}
    page = agenda_pages + 1
    for entry in papers:
        pages[entry.item.number] = (page, page + entry.pages - 1)
        page += entry.pages
    return pages


def _agenda(project: Project, meeting: Meeting, papers: list[Papers], stage: Path, work: Path, extra: list) -> bytes:
    """Render and convert the agenda until the page numbers in it fit its own length.

    The agenda's length moves every page number after it, so it is rendered for a few
    lengths around a guess, all converted in the same LibreOffice run as the web
    copies; the first rendering whose length is the one it assumed wins.
    """
    from ..pdf.export import PdfJob, convert

    guess = estimate_agenda_pages(meeting)
    candidates = sorted({max(1, guess - 1), guess, guess + 1})
    for attempt in range(MAX_AGENDA_PASSES):
        jobs = {}
        for assumed in candidates:
            docx = work / f"{AGENDA}-{assumed}.docx"
            docx.write_bytes(render_agenda(meeting, project.templates_dir, item_pages(papers, assumed)))
            jobs[assumed] = PdfJob(docx=docx, pdf=docx.with_suffix(".pdf"), meta=agenda_meta(meeting))
        convert([*jobs.values(), *(extra if attempt == 0 else [])])
        lengths = {assumed: len(PdfReader(io.BytesIO(job.pdf.read_bytes())).pages) for assumed, job in jobs.items()}
        fitting = [assumed for assumed in candidates if lengths[assumed] == assumed]
        if fitting:
            chosen = jobs[fitting[0]]
            shutil.copyfile(chosen.docx, stage / f"{AGENDA}.docx")
            shutil.copyfile(chosen.pdf, stage / f"{AGENDA}.pdf")
            return chosen.pdf.read_bytes()
        candidates = sorted(set(lengths.values()))
    raise UserError(f"Föredragningslistans sidnummer blev inte stabila efter {MAX_AGENDA_PASSES} försök.")


# --- Writing ----------------------------------------------------------------------------


def keep_minutes(out_dir: Path, stage: Path) -> None:
    """The minutes and extracts (`iopdocs protokoll`) share the folder: the packet keeps them."""
    if not out_dir.is_dir():
        return
    for old in sorted(out_dir.rglob("*")):
        relative = old.relative_to(out_dir)
        if old.is_file() and is_minutes_file(PurePosixPath(relative.as_posix())) and not (stage / relative).exists():
            (stage / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(old, stage / relative)


def _swap_into_place(stage: Path, out_dir: Path) -> None:
    """Replace out_dir by stage with renames only, so a reader never sees half of it."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
    try:
        os.replace(stage, out_dir)
    except OSError:
        if old is not None:
            os.replace(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
