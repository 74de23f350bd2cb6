"""`iopdocs packet --publish`: one PDF per item for the web, its generated documents
rendered again without the officer's and the partners' people's phone and e-mail."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfWriter

from .. import model
from ..pdf.sanitize import clean_pdf
from ..pdf.structure import StructureMerger
from ..project import Project
from .collect import AgendaItem, Meeting
from .merge import LANGUAGE, append_part, finish
from .papers import WITHHELD_ITEM, Papers, withheld_name
from .withheld import notice_docx, notice_meta

if TYPE_CHECKING:
    from ..pdf.export import PdfJob

# (item, document name, its public rendering's PdfJob, or None where the built PDF will do)
PublicJob = tuple[AgendaItem, str, "PdfJob | None"]


def without_contact_details(case: model.Case) -> model.Case:
    """The case as it may be published: no phone or e-mail of the officer or of partners' people."""

    def strip(person: model.Person | None) -> model.Person | None:
        return None if person is None else person.model_copy(update={"phone": None, "email": None})

    meta = case.meta.model_copy(update={"officer": strip(case.meta.officer)})
    partners = [p.model_copy(update={"signatory": strip(p.signatory), "contact": strip(p.contact)})
                for p in case.partners]
    return case.model_copy(update={"meta": meta, "partners": partners})


def public_jobs(project: Project, meeting: Meeting, work: Path) -> list[PublicJob]:
    """(item, document name, PdfJob or None) for every generated document of every case item.

    A document whose public rendering is byte-identical to the built one reuses the built
    PDF (job None); the others are converted together with the agenda.
    """
    from ..documents.render import render_case
    from ..pdf.export import PdfJob

    jobs: list[PublicJob] = []
    for item in meeting.items:
        jobs += _withheld_jobs(meeting, item, work)
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
                job = PdfJob(docx=docx, pdf=docx.with_suffix(".pdf"), meta=document.meta)
            jobs.append((item, document.name, job))
    return jobs


def _withheld_jobs(meeting: Meeting, item: AgendaItem, work: Path) -> list[PublicJob]:
    """The notice page for each of the item's attachments (or its own PDF) marked publish: false."""
    from ..pdf.export import PdfJob

    if item.case is None:
        wanted = [] if item.publish else [(WITHHELD_ITEM, item.title, item.dnr)]
        administration, date = meeting.administration, meeting.date
    else:
        wanted = [(withheld_name(index), attachment.title, attachment.dnr or item.case.meta.dnr)
                  for index, attachment in enumerate(item.case.meta.attachments) if not attachment.publish]
        administration, date = item.case.profile.administration, item.case.meta.date
    jobs: list[PublicJob] = []
    for name, title, dnr in wanted:
        docx = work / "webb-docx" / f"{item.number}" / f"{name}.docx"
        docx.parent.mkdir(parents=True, exist_ok=True)
        meta = notice_meta(title, dnr, administration, date)
        docx.write_bytes(notice_docx(title, dnr, administration, meta))
        jobs.append((item, name, PdfJob(docx=docx, pdf=docx.with_suffix(".pdf"), meta=meta)))
    return jobs


def write_web_copies(meeting: Meeting, papers: list[Papers], public: list[PublicJob], out_dir: Path) -> None:
    """One PDF per item: its documents as the packet has them, the generated ones without contact details."""
    out_dir.mkdir(parents=True, exist_ok=True)
    public_pdf = {(item.number, name): job.pdf for item, name, job in public if job is not None}
    for entry in papers:
        item = entry.item
        writer = PdfWriter()
        structure = StructureMerger(writer, LANGUAGE)
        group = structure.group(entry.bookmark)
        for part in entry.parts:
            data = part.data
            if part.withheld is not None:
                data = public_pdf[(item.number, part.withheld)].read_bytes()
            elif (item.number, part.document) in public_pdf:
                data = clean_pdf(public_pdf[(item.number, part.document)].read_bytes()).data
            start = append_part(writer, structure, data, part.title, group)
            writer.add_outline_item(title=part.title, page_number=start)
        structure.finish()
        title = f"{item.number}. {item.title}"
        subject = f"Ärende {item.number} till {meeting.board} {meeting.date.isoformat()}" + (
            f", dnr {item.dnr}" if item.dnr else "")
        data = finish(writer, title, subject, meeting.board, meeting.date, [p.data for p in entry.parts])
        (out_dir / web_name(item)).write_bytes(data)


def web_name(item: AgendaItem) -> str:
    """'08-exempel-iop.pdf': sorts in agenda order, says which case it is."""
    slug = item.case.id if item.case is not None else _slug(item.title)
    return f"{item.number:02d}-{slug}.pdf"


def _slug(text: str) -> str:
    table = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuaaoeu")
    slug = re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")
    return slug[:60].rstrip("-") or "arende"
