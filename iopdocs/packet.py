"""`iopdocs packet DATE`: the board's papers (handlingar) for one meeting.

The flow: collect the meeting's items → check external PDFs → build the cases that
are out of date → gather each item's documents in the order of its Bilagor list →
render the agenda with the page where each item starts (again if its length changed)
→ merge agenda and documents into handlingar.pdf with bookmarks, page labels, the
structure trees of the parts, a "Sida X av Y" stamp and metadata → with --publish,
one PDF per item for the web, rendered without the officer's phone and e-mail.
Everything is written to a temporary folder and moved into build/meetings/DATE/ only
when all of it succeeded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, ByteStringObject, DictionaryObject, NameObject, TextStringObject

from . import model
from .attachments import AttachmentError, ExternalPdf, open_external, resolve_inside
from .errors import Problem, UserError
from .load import Project
from .agenda import agenda_title, render_agenda
from .meeting import MEETINGS_DIR, AgendaItem, Meeting, collect_meeting, parse_date
from .stamp import Stamper, find_spot
from .structure import StructureMerger
from .yamlfile import YamlError, read

OUT_DIR = "meetings"
PACKET = "handlingar.pdf"
AGENDA = "foredragningslista"
WEB_DIR = "webb"
LANGUAGE = "sv-SE"
PRODUCER = "iopdocs"
MAX_AGENDA_PASSES = 4

Notes = Callable[[str], None]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Part:
    """One document of an item: its bookmark title and its PDF."""

    title: str
    data: bytes
    pages: int


@dataclass
class Papers:
    """An agenda item with its documents, statement first."""

    item: AgendaItem
    parts: list[Part] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return sum(p.pages for p in self.parts)

    @property
    def bookmark(self) -> str:
        return f"{self.item.number}. {self.item.title}"


def build_packet(
    project: Project,
    date: dt.date | str,
    publish: bool = False,
    *,
    notes: Notes | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write build/meetings/DATE/ (agenda, handlingar.pdf, web copies); return the files written."""
    if isinstance(date, str):
        date = parse_date(date)
    meeting = collect_meeting(project, date)
    externals = check_external_files(project, meeting)
    _build_cases(project, meeting, progress)
    papers = [_gather(project, item, externals, notes) for item in meeting.items]

    out_dir = project.build_dir / OUT_DIR / date.isoformat()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{date.isoformat()}-", dir=out_dir.parent) as name:
        work = Path(name)
        stage = work / "out"
        stage.mkdir()
        public = _public_jobs(project, meeting, work) if publish else []
        agenda_pdf = _agenda(project, meeting, papers, stage, work, [job for _, _, job in public if job])
        packet = assemble(meeting, agenda_pdf, papers)
        (stage / PACKET).write_bytes(packet)
        if publish:
            _write_web_copies(meeting, papers, public, stage / WEB_DIR)
        written = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
        _swap_into_place(stage, out_dir)
    return [out_dir / p for p in written]


# --- Collecting -------------------------------------------------------------------------


def check_external_files(project: Project, meeting: Meeting) -> dict[tuple[int, int], ExternalPdf]:
    """Every external PDF of the meeting, checked; raises one UserError naming each bad one.

    Keys are (item number, attachment index); an external item's own file has index -1.
    """
    found: dict[tuple[int, int], ExternalPdf] = {}
    problems: list[Problem] = []
    for item in meeting.items:
        if item.case is not None:
            folder = Path(item.case.folder)
            for index, attachment in enumerate(item.case.meta.attachments):
                if attachment.file is None:
                    continue
                try:
                    found[(item.number, index)] = open_external(resolve_inside(folder, attachment.file))
                except AttachmentError as exc:
                    problems.append(_attachment_problem(project, item, index, attachment.file, str(exc)))
        elif item.file is not None:
            folder = project.root / MEETINGS_DIR
            try:
                path = resolve_inside(folder, str(item.file), "mappen meetings/")
                found[(item.number, -1)] = open_external(path)
            except AttachmentError as exc:
                problems.append(item.file_source.problem(f"{item.label}: filen '{item.file}' {exc}"))
    if problems:
        raise UserError(
            f"Handlingarna till sammanträdet {meeting.date.isoformat()} kan inte sättas ihop; "
            "ingenting har skrivits. Bilagor som inte går att använda:",
            problems,
        )
    return found


def _attachment_problem(project: Project, item: AgendaItem, index: int, path: str, message: str) -> Problem:
    case_yaml = Path(item.case.folder) / "case.yaml"
    display = project.display(case_yaml)
    try:
        line = read(case_yaml, display).line(("attachments", index, "file"))
    except YamlError:
        line = None
    return Problem(display, line, f"attachments[{index}].file", f"{item.label}: bilagan '{path}' {message}")


def _build_cases(project: Project, meeting: Meeting, progress: Progress | None) -> None:
    from .build import build

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


def _gather(
    project: Project, item: AgendaItem, externals: dict[tuple[int, int], ExternalPdf], notes: Notes | None
) -> Papers:
    papers = Papers(item)
    if item.case is None:
        external = externals[(item.number, -1)]
        papers.parts.append(Part(item.title, external.data, external.pages))
        return papers
    out_dir = project.build_dir / item.case.id
    papers.parts.append(_built_part(out_dir, "tjansteutlatande", "Tjänsteutlåtande", item))
    for index, attachment in enumerate(item.case.meta.attachments):
        title = f"Bilaga {index + 1}. {attachment.title}"
        if attachment.file is not None:
            external = externals[(item.number, index)]
            papers.parts.append(Part(title, external.data, external.pages))
        elif attachment.form is not None:
            papers.parts.append(_built_part(out_dir, form_document(item.case, attachment), title, item))
        elif notes is not None:
            notes(
                f"{item.label}: bilaga {index + 1} '{attachment.title}' har varken form eller file "
                "och finns därför inte med i handlingarna."
            )
    return papers


def form_document(case: model.Case, attachment: model.Attachment) -> str:
    """The name (as render_case gives it) of the generated form an attachment refers to."""
    if attachment.form is model.GeneratedForm.assessment:
        assessed = [p for p in case.partners if p.assessment is not None]
        if len(assessed) == 1:
            return "bedomning"
        return f"bedomning-{attachment.partner}"
    owners = {f.partner or (case.partners[0].id if len(case.partners) == 1 else "") for f in case.follow_ups}
    if len(owners) == 1:
        return f"uppfoljning-{attachment.period}"
    return f"uppfoljning-{attachment.partner}-{attachment.period}"


def _built_part(out_dir: Path, name: str, title: str, item: AgendaItem) -> Part:
    path = out_dir / f"{name}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"{item.label}: dokumentet {path.name} finns inte i {out_dir}; bygg ärendet först.") from None
    return Part(title, data, len(PdfReader(io.BytesIO(data)).pages))


# --- The agenda -------------------------------------------------------------------------


def item_pages(papers: list[Papers], agenda_pages: int) -> dict[int, tuple[int, int]]:
    """Each item's first and last page in the packet, the agenda taking the first pages."""
    pages: dict[int, tuple[int, int]] = {}
    page = agenda_pages + 1
    for entry in papers:
        pages[entry.item.number] = (page, page + entry.pages - 1)
        page += entry.pages
    return pages


def estimate_agenda_pages(meeting: Meeting) -> int:
    """A first guess, so that the agenda usually needs one LibreOffice run, not two."""
    lines = 22.0  # header, title, time and place, "Ärenden"
    for item in meeting.items:
        lines += 2 + math.ceil(len(item.title) / 60) + 1
        if item.summary:
            lines += sum(math.ceil(len(block.text) / 92) + 0.6 for block in item.summary.blocks)
    return max(1, math.ceil(lines / 46))


def _agenda(project: Project, meeting: Meeting, papers: list[Papers], stage: Path, work: Path, extra: list) -> bytes:
    """Render and convert the agenda until the page numbers in it fit its own length.

    The agenda's length moves every page number after it, so it is rendered for a few
    lengths around a guess, all converted in the same LibreOffice run as the web
    copies; the first rendering whose length is the one it assumed wins.
    """
    from .pdf import PdfJob, convert

    guess = estimate_agenda_pages(meeting)
    candidates = sorted({max(1, guess - 1), guess, guess + 1})
    for attempt in range(MAX_AGENDA_PASSES):
        jobs = {}
        for assumed in candidates:
            docx = work / f"{AGENDA}-{assumed}.docx"
            docx.write_bytes(render_agenda(meeting, project.templates_dir, item_pages(papers, assumed)))
            jobs[assumed] = PdfJob(docx=docx, pdf=docx.with_suffix(".pdf"), title=agenda_title(meeting),
                                   date=meeting.date, subject=f"Sammanträde {meeting.date.isoformat()}",
                                   author=meeting.board)
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


# --- Merging ----------------------------------------------------------------------------


def assemble(meeting: Meeting, agenda_pdf: bytes, papers: list[Papers]) -> bytes:
    """handlingar.pdf: the agenda, then every item's documents, as one tagged, stamped PDF."""
    writer = PdfWriter()
    structure = StructureMerger(writer, LANGUAGE)
    labels: list[tuple[int, int, str]] = []

    agenda_pages = _append(writer, structure, agenda_pdf, "Föredragningslista", None)
    writer.add_outline_item(title="Föredragningslista", page_number=0)
    labels.append((0, agenda_pages, "FL-"))
    for entry in papers:
        start = len(writer.pages)
        group = structure.group(entry.bookmark)
        firsts = [_append(writer, structure, part.data, part.title, group, count=False) for part in entry.parts]
        parent = writer.add_outline_item(title=entry.bookmark, page_number=start, is_open=False)
        if entry.item.case is not None:
            for part, first in zip(entry.parts, firsts):
                writer.add_outline_item(title=part.title, page_number=first, parent=parent)
        labels.append((start, len(writer.pages) - start, f"{entry.item.number}-"))
    structure.finish()

    for start, count, prefix in labels:
        writer.set_page_label(start, start + count - 1, style="/D", prefix=prefix, start=1)
    _stamp_all(writer)
    title = f"Handlingar {meeting.board} {meeting.date.isoformat()}"
    subject = f"Föredragningslista och handlingar till sammanträdet {meeting.date.isoformat()}"
    return finish(writer, title, subject, meeting.board, meeting.date, [agenda_pdf, *(p.data for e in papers for p in e.parts)])


def _append(writer: PdfWriter, structure: StructureMerger, data: bytes, title: str, group, count: bool = True) -> int:
    """Append one PDF's pages (without its own bookmarks) and carry its structure tree over."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    start = len(writer.pages)
    writer.append(reader, import_outline=False)
    structure.add(reader, start, title, group)
    return len(writer.pages) - start if count else start


def _stamp_all(writer: PdfWriter) -> None:
    stamper = Stamper(writer)
    total = len(writer.pages)
    for index, page in enumerate(writer.pages):
        text = f"Sida {index + 1} av {total}"
        stamper.stamp(page, text, find_spot(page, text))


def finish(writer: PdfWriter, title: str, subject: str, author: str, date: dt.date, sources: list[bytes]) -> bytes:
    """Metadata (Info and XMP agreeing), language, viewer preferences, a content-derived /ID."""
    from .pdfmeta import pdf_date

    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(LANGUAGE)
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.metadata = {
        "/Title": title,
        "/Subject": subject,
        "/Author": author,
        "/Creator": PRODUCER,
        "/Producer": PRODUCER,
        "/CreationDate": pdf_date(date),
        "/ModDate": pdf_date(date),
    }
    writer.xmp_metadata = _xmp(title, subject, author, date)
    stream = root["/Metadata"].get_object()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    digest = hashlib.sha256()
    for data in sources:
        digest.update(hashlib.sha256(data).digest())
    digest.update(title.encode())
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _xmp(title: str, subject: str, author: str, date: dt.date) -> bytes:
    from xml.sax.saxutils import escape

    stamp = f"{date.isoformat()}T00:00:00Z"
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        "   <dc:format>application/pdf</dc:format>\n"
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>\n'
        f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>\n"
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>\n'
        f"   <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>\n"
        f"   <pdf:Producer>{PRODUCER}</pdf:Producer>\n"
        f"   <xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>\n"
        f"   <xmp:CreateDate>{stamp}</xmp:CreateDate>\n"
        f"   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


# --- Web copies -------------------------------------------------------------------------


def without_contact_details(case: model.Case) -> model.Case:
    """The case as it may be published: no phone or e-mail of the officer or of partners' people."""

    def strip(person: model.Person | None) -> model.Person | None:
        return None if person is None else person.model_copy(update={"phone": None, "email": None})

    meta = case.meta.model_copy(update={"officer": strip(case.meta.officer)})
    partners = [p.model_copy(update={"signatory": strip(p.signatory), "contact": strip(p.contact)})
                for p in case.partners]
    return case.model_copy(update={"meta": meta, "partners": partners})


def _public_jobs(project: Project, meeting: Meeting, work: Path) -> list[tuple[AgendaItem, str, object]]:
    """(item, document name, PdfJob or None) for every generated document of every case item.

    A document whose public rendering is byte-identical to the built one reuses the built
    PDF (job None); the others are converted together with the agenda.
    """
    from .pdf import PdfJob
    from .render import render_case

    jobs = []
    for item in meeting.items:
        if item.case is None:
            continue
        case = without_contact_details(item.case)
        built = project.build_dir / item.case.id
        for document in render_case(case, project.templates_dir):
            try:
                same = (built / f"{document.name}.docx").read_bytes() == document.data
            except OSError:
                same = False
            job = None
            if not same:
                docx = work / "webb-docx" / item.case.id / f"{document.name}.docx"
                docx.parent.mkdir(parents=True, exist_ok=True)
                docx.write_bytes(document.data)
                job = PdfJob(docx=docx, pdf=docx.with_suffix(".pdf"), title=document.title, date=case.meta.date,
                             subject=case.meta.dnr, author=case.profile.administration)
            jobs.append((item, document.name, job))
    return jobs


def _write_web_copies(meeting: Meeting, papers: list[Papers], public: list, out_dir: Path) -> None:
    """One PDF per item: its documents as the packet has them, the generated ones without contact details."""
    out_dir.mkdir(parents=True, exist_ok=True)
    public_pdf = {(item.number, name): job.pdf for item, name, job in public if job is not None}
    for entry in papers:
        item = entry.item
        writer = PdfWriter()
        structure = StructureMerger(writer, LANGUAGE)
        group = structure.group(entry.bookmark)
        names = _part_names(entry)
        for part, name in zip(entry.parts, names):
            data = part.data
            if name is not None and (item.number, name) in public_pdf:
                data = public_pdf[(item.number, name)].read_bytes()
            start = _append(writer, structure, data, part.title, group, count=False)
            writer.add_outline_item(title=part.title, page_number=start)
        structure.finish()
        title = f"{item.number}. {item.title}"
        subject = f"Ärende {item.number} till {meeting.board} {meeting.date.isoformat()}" + (
            f", dnr {item.dnr}" if item.dnr else "")
        data = finish(writer, title, subject, meeting.board, meeting.date, [p.data for p in entry.parts])
        (out_dir / web_name(item)).write_bytes(data)


def _part_names(entry: Papers) -> list[str | None]:
    """The generated document behind each part (None for an external PDF)."""
    case = entry.item.case
    if case is None:
        return [None]
    names: list[str | None] = ["tjansteutlatande"]
    for attachment in case.meta.attachments:
        if attachment.file is not None:
            names.append(None)
        elif attachment.form is not None:
            names.append(form_document(case, attachment))
    return names


def web_name(item: AgendaItem) -> str:
    """'08-exempel-iop.pdf': sorts in agenda order, says which case it is."""
    slug = item.case.id if item.case is not None else _slug(item.title)
    return f"{item.number:02d}-{slug}.pdf"


def _slug(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuaaoeu")
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:60].rstrip("-") or "arende"


# --- Writing ----------------------------------------------------------------------------


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
