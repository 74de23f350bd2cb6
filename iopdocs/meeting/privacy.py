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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pypdf import PdfReader

from .. import model
from ..case.load import CASE_FILES
from ..case.yamlfile import YamlDocument, YamlError, format_path, read
from ..errors import Problem, UserError
from ..personaldata import Finding, allow_key, find_personal_data, phone_key
from ..project import Project
from .attachments import pypdf_warnings

# Fields that hold a person's contact details by definition: the web copy is rendered
# without them (publish.without_contact_details), and the profile's own are public.
_CONTACT = ("phone", "email")
_PERSON_PARENTS = {("officer",), ("overrides",)}
_PARTNER_PEOPLE = ("signatory", "contact")


@dataclass
class Scan:
    """What the guard found: hits that stop publishing, hits allowed on purpose, and
    pages it could not read (no text: a scanned image)."""

    blocked: list[Problem] = field(default_factory=list)
    allowed: list[Problem] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    def extend(self, other: "Scan") -> None:
        self.blocked += other.blocked
        self.allowed += other.allowed
        self.unread += other.unread


@dataclass(frozen=True)
class Allowance:
    """What may be published: the profile's own number and mailbox, and `publish_allow`."""

    public: frozenset[str]
    chosen: frozenset[str]

    def allows(self, finding: Finding) -> bool | None:
        """True: allowed in publish_allow; None: the profile's own, said nothing about."""
        if finding.key in self.public:
            return None
        return True if finding.key in self.chosen else False


def allowance(profile: model.Profile | None, publish_allow: list[str]) -> Allowance:
    public = set()
    if profile is not None and profile.phone:
        public.add(phone_key(profile.phone))
    if profile is not None and profile.email:
        public.add(profile.email.strip().lower())
    chosen = {key for key in map(allow_key, publish_allow) if key is not None}
    return Allowance(frozenset(public), frozenset(chosen))


def scan_case(project: Project, case: model.Case, attachments: dict[int, bytes]) -> Scan:
    """Every case file, the profile, and the attachments' PDFs (by attachment index) of one case."""
    allow = allowance(case.profile, case.meta.publish_allow)
    scan = Scan()
    folder = Path(case.folder)
    for kind in CASE_FILES:
        path = folder / f"{kind}.yaml"
        if path.is_file():
            scan.extend(scan_yaml(project, path, allow, _skip_case_field))
    profile = project.profiles_dir / f"{case.meta.profile}.yaml"
    if profile.is_file():
        scan.extend(scan_yaml(project, profile, allow, lambda p: p[-1:] in (("phone",), ("email",)) and len(p) == 1))
    for index, attachment in enumerate(case.meta.attachments):
        if index in attachments and attachment.publish:
            path = (folder / attachment.file).resolve() if attachment.file else folder
            label = f"bilaga {index + 1} '{attachment.title}'"
            scan.extend(scan_pdf(project.display(path), label, attachments[index], allow))
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
            problem = Problem(display, _line(doc, where, text, finding), format_path(where), _say(finding))
            (scan.allowed if verdict else scan.blocked).append(problem)
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
                scan.unread.append(f"{display}: sidan {number} ({label}) har ingen text som kan läsas "
                                   "(inskannad?) och har inte granskats; använd publish: false om den "
                                   "innehåller personuppgifter")
                continue
            for finding in find_personal_data(text):
                verdict = allow.allows(finding)
                if verdict is not None:
                    problem = Problem(display, None, f"sidan {number}", f"{label}: {_say(finding)}")
                    (scan.allowed if verdict else scan.blocked).append(problem)
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
    return notes + scan.unread


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
