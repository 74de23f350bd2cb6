"""The personal-data guard: nothing goes on the web that names a person by number or address.

Before a web copy is written (and in `iopdocs check --publish`), every text that the
copy is made of is read: every field of the case's files and of its profile, and the
text of every attached PDF, page by page. The fields that hold a person's phone and
e-mail by definition are left out, because the web copy is rendered without them; the
profile's own switchboard and functional mailbox may be published. Whatever else is
found stops the publishing with its file, line and field (or attachment and page),
the match masked, unless the case lists it in `publish_allow`.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader

from .. import model
from ..case.yamlfile import YamlDocument, YamlError, format_path, read
from ..errors import Problem, UserError
from ..personaldata import Finding, allow_key, find_personal_data, phone_key
from ..project import Project
from .attachments import AttachmentError, open_external, pypdf_warnings, resolve_inside
from .collect import Meeting, gather_meeting
from .file import MEETINGS_DIR, meeting_path
from .papers import Externals

# Fields that hold a person's contact details by definition: the web copy is rendered
# without them (publish.without_contact_details), and the profile's own are public.
_CONTACT = ("phone", "email")
_PERSON_PARENTS = {("officer",), ("overrides",)}
_PARTNER_PEOPLE = ("signatory", "contact")


@dataclass
class Scan:
    """What the guard found: hits that stop publishing, hits allowed on purpose (and their
    keys), and what the report adds: pages it could not read, allowances no longer used."""

    blocked: list[Problem] = field(default_factory=list)
    allowed: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def extend(self, other: "Scan") -> None:
        self.blocked += other.blocked
        self.allowed += other.allowed
        self.notes += other.notes
        self.used |= other.used

    def add(self, problem: Problem, finding: Finding, allowed: bool) -> None:
        if allowed:
            self.allowed.append(problem)
            self.used.add(finding.key)
        else:
            self.blocked.append(problem)


@dataclass(frozen=True)
class Allowance:
    """What may be published: the profile's own number and mailbox, and `publish_allow`."""

    public: frozenset[str]
    chosen: frozenset[str]

    def allows(self, finding: Finding) -> bool | None:
        """True: allowed in publish_allow; None: the profile's own, said nothing about."""
        if finding.key in self.public:
            return None
        return finding.key in self.chosen


def allowance(profiles: list[model.Profile | None], publish_allow: list[str] | tuple[str, ...]) -> Allowance:
    public = set()
    for profile in filter(None, profiles):
        if profile.phone:
            public.add(phone_key(profile.phone))
        if profile.email:
            public.add(profile.email.strip().lower())
    chosen = {key for key in map(allow_key, publish_allow) if key is not None}
    return Allowance(frozenset(public), frozenset(chosen))


def scan_case(project: Project, case: model.Case, attachments: dict[int, bytes]) -> Scan:
    """Every case file, the profile, and the attachments' PDFs (by attachment index) of one case."""
    allow = allowance([case.profile], case.meta.publish_allow)
    scan = Scan()
    folder = Path(case.folder)
    for kind in model.CASE_FILES:
        path = folder / f"{kind}.yaml"
        if path.is_file():
            scan.extend(scan_yaml(project, path, allow, _skip_case_field))
    profile = project.profiles_dir / f"{case.meta.profile}.yaml"
    if profile.is_file():
        scan.extend(scan_yaml(project, profile, allow, _skip_profile_field))
    for index, attachment in enumerate(case.meta.attachments):
        if index in attachments and attachment.publish:
            label = f"bilaga {index + 1} '{attachment.title}'"
            scan.extend(scan_pdf(project.display(folder / str(attachment.file)), label, attachments[index], allow))
    scan.notes += _unused(project, case, scan.used)
    return scan


def _unused(project: Project, case: model.Case, used: set[str]) -> list[str]:
    """publish_allow entries that nothing published holds any more: an allowance left
    behind would let the number through again, unnoticed, if it came back."""
    path = Path(case.folder) / "case.yaml"
    display = project.display(path)
    try:
        doc = read(path, display, within=project.root)
    except YamlError:
        return []
    return [
        f"{display}:{doc.line(('publish_allow', index))}: publish_allow[{index}]: '{entry}' förekommer inte "
        "i det som publiceras; ta bort raden"
        for index, entry in enumerate(case.meta.publish_allow) if allow_key(entry) not in used
    ]


def scan_meeting(project: Project, meeting: Meeting, externals: Externals) -> Scan:
    """Everything the meeting's web copies are made of: each case item's files and
    attachments, each external item's text in the meeting file and its PDF."""
    scan = Scan()
    profiles = [item.case.profile for item in meeting.items if item.case is not None]
    for item in meeting.items:
        if item.case is not None:
            pdfs = {index: pdf.data for (number, index), pdf in externals.items() if number == item.number and index >= 0}
            scan.extend(scan_case(project, item.case, pdfs))
            continue
        allow = allowance(profiles, item.publish_allow)
        path = meeting_path(project, meeting.date)
        if os.path.lexists(path) and item.index is not None:
            scan.extend(scan_yaml(project, path, allow, _not_item(item.index)))
        if item.publish and (item.number, -1) in externals:
            display = project.display(project.root / MEETINGS_DIR / str(item.file))
            scan.extend(scan_pdf(display, item.label, externals[(item.number, -1)].data, allow))
    return scan


def scan_for_check(project: Project, cases: list[model.Case], dates: list) -> Scan:
    """`iopdocs check --publish`: the same scan for the cases and meetings named, without
    building; an attachment that cannot be opened is a problem of its own."""
    scan = Scan()
    for case in cases:
        pdfs: dict[int, bytes] = {}
        for index, attachment in enumerate(case.meta.attachments):
            if attachment.file is None or not attachment.publish:
                continue
            try:
                pdfs[index] = open_external(resolve_inside(Path(case.folder), attachment.file)).data
            except AttachmentError as exc:
                display = project.display(Path(case.folder) / "case.yaml")
                scan.blocked.append(Problem(display, None, f"attachments[{index}].file", f"bilagan '{attachment.file}' {exc}"))
        scan.extend(scan_case(project, case, pdfs))
    for date in dates:
        gathered = gather_meeting(project, date)
        external = [item for item in gathered.items if item.case is None]
        meeting = Meeting(date, "", tuple(external))
        found: Externals = {}
        for item in external:
            try:
                path = resolve_inside(project.root / MEETINGS_DIR, str(item.file), "mappen meetings/")
                found[(item.number, -1)] = open_external(path)
            except AttachmentError:
                pass  # the meeting file's own check names it
        scan.extend(scan_meeting(project, meeting, found))
    return scan


def scan_yaml(project: Project, path: Path, allow: Allowance, skip) -> Scan:  # noqa: ANN001 - a predicate
    """Every text value of one YAML file, except the fields `skip` says are not published."""
    display = project.display(path)
    try:
        doc = read(path, display, within=project.root)
    except YamlError as exc:  # load_case has already refused such a file; say it again here
        return Scan(blocked=[exc.problem])
    scan = Scan()
    for where, text in _strings(doc.data, ()):
        if skip(where):
            continue
        for finding in find_personal_data(text):
            verdict = allow.allows(finding)
            if verdict is None:
                continue
            scan.add(Problem(display, _line(doc, where, text, finding), format_path(where), _say(finding)), finding, verdict)
    return scan


def scan_pdf(display: str, label: str, data: bytes, allow: Allowance) -> Scan:
    """The text of every page of an attached PDF."""
    scan = Scan()
    with pypdf_warnings():
        reader = PdfReader(io.BytesIO(data), strict=False)
        for number, page in enumerate(reader.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception:  # pypdf fails in many ways on odd fonts; the page is then unread
                text = ""
            if not text.strip():
                scan.notes.append(f"{display}: sidan {number} ({label}) har ingen text som kan läsas "
                                   "(inskannad?) och har inte granskats; använd publish: false om den "
                                   "innehåller personuppgifter")
                continue
            for finding in find_personal_data(text):
                verdict = allow.allows(finding)
                if verdict is not None:
                    scan.add(Problem(display, None, f"sidan {number}", f"{label}: {_say(finding)}"), finding, verdict)
    return scan


def refuse(scan: Scan, what: str) -> None:
    """Raise the guard's error when anything would be published that may not be."""
    if scan.blocked:
        raise UserError(
            f"{what} innehåller personuppgifter som inte får publiceras; ingen webbkopia har skrivits. "
            "Ta bort uppgiften, markera bilagan publish: false, eller godkänn just den uppgiften "
            "i publish_allow i case.yaml:",
            sorted(set(scan.blocked), key=_order),
        )


def allowed_notes(scan: Scan) -> list[str]:
    """What the report repeats: each hit published because publish_allow says so, and each
    page that could not be read."""
    notes = [f"publiceras enligt publish_allow: {p}" for p in sorted(set(scan.allowed), key=_order)]
    return notes + scan.notes


def _say(finding: Finding) -> str:
    return f"{finding.kind} {finding.masked}"


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.field, problem.message)


def _skip_case_field(where: tuple) -> bool:
    """Contact fields of people (rendered away), the profile's own, and publish_allow itself."""
    if where[:1] == ("publish_allow",):
        return True
    if len(where) == 2 and where[:1] in _PERSON_PARENTS and where[1] in _CONTACT:
        return True
    return len(where) == 4 and where[0] == "partners" and where[2] in _PARTNER_PEOPLE and where[3] in _CONTACT


def _skip_profile_field(where: tuple) -> bool:
    return where in (("phone",), ("email",))  # the switchboard and the functional mailbox


def _not_item(index: int):  # noqa: ANN202 - a predicate
    """Of the meeting file, only the item's own text (not its file name or publish_allow)."""

    def skip(where: tuple) -> bool:
        return where[:2] != ("items", index) or where[2:3] in (("file",), ("publish_allow",))

    return skip


def _strings(data: Any, where: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, where + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, where + (index,))


def _line(doc: YamlDocument, where: tuple, text: str, finding: Finding) -> int | None:
    """The line the finding stands on: inside a literal block (`|`), its own line."""
    if where in doc.literal:
        return doc.literal[where] + text[: finding.start].count("\n") + 1
    return doc.line(where)
