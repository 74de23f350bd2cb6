"""Each agenda item's documents for the packet: the statement, then the attachments in
the order of its Bilagor list, generated forms from build/<case>/ and external PDFs
checked before anything is built or written."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from pypdf import PdfReader

from .. import model
from ..case.yamlfile import YamlError, read
from ..documents.render import agreement_name, assessment_name, blank_form_name, document_names, follow_up_name
from ..errors import Problem, UserError
from ..pdf.sanitize import clean_pdf
from ..project import Project
from .attachments import AttachmentError, ExternalPdf, open_external, resolve_inside
from .collect import AgendaItem, Meeting
from .file import MEETINGS_DIR

Notes = Callable[[str], None]
Externals = dict[tuple[int, int], ExternalPdf]


@dataclass(frozen=True)
class Part:
    """One document of an item: its bookmark title and its PDF, and for a generated
    document its name in build/<case>/ (the web copy renders it again)."""

    title: str
    data: bytes
    pages: int
    document: str | None = None
    withheld: str | None = None  # not on the web: the name of the notice that replaces it there
    attachment: int | None = None  # N of "Bilaga N", marked on the part's first page


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


def check_external_files(project: Project, meeting: Meeting) -> Externals:
    """Every external PDF of the meeting, checked; raises one UserError naming each bad one.

    Keys are (item number, attachment index); an external item's own file has index -1.
    """
    found: Externals = {}
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


def gather_papers(
    project: Project, item: AgendaItem, externals: Externals, notes: Notes | None
) -> Papers:
    """The item's documents; `externals` as check_external_files found them."""
    papers = Papers(item)
    if item.case is None:
        external = externals[(item.number, -1)]
        data = _cleaned(project.display(external.path), item.label, external.data, notes)
        papers.parts.append(Part(item.title, data, external.pages, withheld=None if item.publish else WITHHELD_ITEM))
        return papers
    out_dir = project.build_dir / item.case.id
    papers.parts.append(_built_part(out_dir, "tjansteutlatande", "Tjänsteutlåtande", item))
    for index, attachment in enumerate(item.case.meta.attachments):
        title = f"Bilaga {index + 1}. {attachment.title}"
        withheld = None if attachment.publish else withheld_name(index)
        if attachment.file is not None:
            external = externals[(item.number, index)]
            label = f"{item.label}: bilaga {index + 1} '{attachment.title}'"
            data = _cleaned(project.display(external.path), label, external.data, notes)
            papers.parts.append(Part(title, data, external.pages, withheld=withheld, attachment=index + 1))
        elif attachment.form is not None:
            document = form_document(item.case, attachment)
            if document not in document_names(item.case):
                raise UserError(
                    f"{item.label}: bilaga {index + 1} '{attachment.title}' (form: {attachment.form.value}) "
                    "är ingen blankett som ärendet har: ange partner (med bedömning eller uppföljning), "
                    "eller blank: true för den tomma blanketten."
                )
            part = _built_part(out_dir, document, title, item)
            papers.parts.append(replace(part, withheld=withheld, attachment=index + 1))
        elif notes is not None:
            notes(
                f"{item.label}: bilaga {index + 1} '{attachment.title}' har varken form eller file "
                "och finns därför inte med i handlingarna."
            )
    return papers


WITHHELD_ITEM = "publiceras-inte"


def withheld_name(index: int) -> str:
    """The name of the notice that stands in the web copy for attachment `index`."""
    return f"bilaga-{index + 1}-publiceras-inte"


def _cleaned(display: str, label: str, data: bytes, notes: Notes | None) -> bytes:
    """An external PDF without active content; the clerk is told what was taken out."""
    try:
        cleaned = clean_pdf(data)
    except Exception:  # pypdf read the pages, yet cannot copy the document: never publish it uncleaned
        raise UserError(f"{label} ({display}): PDF-filen kan inte rensas från aktivt innehåll och kan inte "
                        "tas med; spara den på nytt (skriv ut till PDF) och försök igen.") from None
    if cleaned.removed and notes is not None:
        notes(f"{label} ({display}): borttaget ur PDF-filen: {cleaned.summary()}")
    return cleaned.data


def form_document(case: model.Case, attachment: model.Attachment) -> str:
    """The name (as render_case gives it) of the generated form an attachment refers to."""
    if attachment.blank:
        return blank_form_name(attachment.form)
    if attachment.form is model.GeneratedForm.assessment:
        return assessment_name(case, attachment.partner)
    if attachment.form is model.GeneratedForm.agreement:
        return agreement_name(case, attachment.partner)
    return follow_up_name(case, attachment.partner, attachment.period)


def _built_part(out_dir: Path, name: str, title: str, item: AgendaItem) -> Part:
    path = out_dir / f"{name}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError(f"{item.label}: dokumentet {path.name} finns inte i {out_dir}; bygg ärendet först.") from None
    data = clean_pdf(data).data  # LibreOffice writes no scripts, but nothing active enters a packet
    return Part(title, data, len(PdfReader(io.BytesIO(data)).pages), name)
