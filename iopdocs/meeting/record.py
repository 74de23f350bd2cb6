"""`iopdocs protokoll DATE`: the minutes of a meeting and the extracts of its paragraphs.

The flow: collect the meeting's items (collect.py) and its decisions (the meeting file,
proceedings.py) → render protokoll.docx (minutes.py), once the minutes are checked one
extract per paragraph, and with --publish the web copy, once the personal-data guard of the packet (privacy.py) has
read what it prints → convert all of them in one
LibreOffice run into archival PDF (pdf/export.py) → move the files into
build/meetings/DATE/ one by one, beside the packet, only when all of them succeeded.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..project import Project
from .collect import Meeting, collect_meeting
from .file import load_meeting_file, meeting_path
from .minutes import extract_meta, minutes_meta, render_extract, render_minutes
from .proceedings import paragraphs

OUT_DIR = "meetings"
MINUTES = "protokoll"
WEB_DIR = "webb"
EXTRACT_PREFIX = "protokollsutdrag-§"


@dataclass
class MinutesResult:
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_minutes_file(relative: PurePosixPath) -> bool:
    """Whether a file of build/meetings/DATE/ is this command's (the packet keeps them)."""
    name = relative.name
    return name.startswith((f"{MINUTES}.", EXTRACT_PREFIX)) and len(relative.parts) <= 2


def extract_name(number: int) -> str:
    return f"{EXTRACT_PREFIX}{number}.pdf"


def build_minutes(project: Project, date: dt.date, publish: bool = False) -> MinutesResult:
    """Write the minutes (and extracts, web copy) of the meeting on `date`; return what was written."""
    from ..pdf.export import PdfJob, convert

    meeting = collect_meeting(project, date)
    loaded = load_meeting_file(project, date)
    if loaded is None:
        raise UserError(f"Protokollet kan inte skrivas: {project.display(meeting_path(project, date))} finns inte; "
                        "besluten skrivs under decisions i sammanträdesfilen.")
    meeting_file, _doc = loaded
    found = paragraphs(meeting, meeting_file)
    result = MinutesResult()
    if publish:
        result.notes += guard_minutes(project, meeting)
    out_dir = project.build_dir / OUT_DIR / date.isoformat()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{date.isoformat()}-protokoll-", dir=out_dir.parent) as name:
        work, stage = Path(name) / "docx", Path(name) / "out"
        (stage / WEB_DIR).mkdir(parents=True) if publish else stage.mkdir(parents=True)
        work.mkdir()
        minutes_docx = stage / f"{MINUTES}.docx"
        minutes_docx.write_bytes(render_minutes(meeting, meeting_file, found, project.templates_dir))
        meta = minutes_meta(meeting, meeting_file)
        jobs = [PdfJob(minutes_docx, stage / f"{MINUTES}.pdf", meta)]
        if publish:
            web_docx = work / f"{MINUTES}-webb.docx"
            web_docx.write_bytes(render_minutes(meeting, meeting_file, found, project.templates_dir, public=True))
            jobs.append(PdfJob(web_docx, stage / WEB_DIR / f"{MINUTES}.pdf", meta))
        if meeting_file.adjusted is not None:
            for paragraph in found:
                docx = work / f"utdrag-{paragraph.number}.docx"
                docx.write_bytes(render_extract(meeting, meeting_file, paragraph, project.templates_dir))
                jobs.append(PdfJob(docx, stage / extract_name(paragraph.number),
                                   extract_meta(meeting, meeting_file, paragraph)))
        else:
            result.notes.append("protokollet är ett förslag tills det är justerat (adjusted: ÅÅÅÅ-MM-DD i "
                                "sammanträdesfilen); protokollsutdragen görs när det är justerat")
        convert(jobs)
        result.written = _move_into_place(stage, out_dir)
    return result


def guard_minutes(project: Project, meeting: Meeting) -> list[str]:
    """The personal-data guard of `packet --publish` (privacy.py) over what the minutes' web
    copy prints: the meeting file (its external items aside: the packet scans those) and each
    case's title and proposal. Raises UserError on a hit; returns the notes on allowed ones."""
    from .privacy import allowance, allowed_notes, refuse, scan_yaml

    profiles = [item.case.profile for item in meeting.items if item.case is not None]
    scan = scan_yaml(project, meeting_path(project, meeting.date), allowance(profiles, ()), _not_printed_items)
    for item in meeting.items:
        if item.case is not None:
            allow = allowance([item.case.profile], item.case.meta.publish_allow)
            scan.extend(scan_yaml(project, Path(item.case.folder) / "case.yaml", allow, _not_in_minutes))
    refuse(scan, f"Webbversionen av protokollet {meeting.date.isoformat()}")
    return allowed_notes(scan)


def _not_printed_items(where: tuple) -> bool:
    return where[:1] == ("items",)


def _not_in_minutes(where: tuple) -> bool:
    return where[:1] not in (("title",), ("proposal",))


def _move_into_place(stage: Path, out_dir: Path) -> list[Path]:
    """Replace this command's files in out_dir by the staged ones (the packet's stay);
    an extract of a paragraph that is no longer in the minutes goes."""
    staged = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    for old in sorted(out_dir.rglob("*")):
        relative = old.relative_to(out_dir)
        if old.is_file() and is_minutes_file(PurePosixPath(relative.as_posix())) and relative not in staged:
            old.unlink()
    for relative in staged:
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, target)
    shutil.rmtree(stage, ignore_errors=True)
    return [out_dir / relative for relative in staged]
