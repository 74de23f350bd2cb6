"""The template lint: catch a clerk's typo in a Word template before a build does.

For each template in templates/, and each profile's own in templates/<profil>/
(profilefolders.py, which also reports the files and folders there that nothing reads),
it reports, as Problems:
- a tag opened and never closed in its paragraph ('{{' without '}}'), or a tag split
  over several paragraphs or table cells, or split by Word (tracked changes, a link)
  in a way docxtpl cannot rejoin; a tag split into several runs of one paragraph, as
  Word often does, is rejoined by docxtpl and is not a problem;
- block tags that do not pair up ('{% if %}' without '{% endif %}', an 'endfor' with
  no 'for', 'else' outside an 'if' or 'for');
- any other Jinja syntax error;
- every variable, attribute and filter that does not exist: names are checked against
  the template's context type in TEMPLATE_CONTEXTS below (StatementContext, …, and the
  agenda's AgendaContext) and attributes
  against the types of its fields, dataclasses and pydantic models alike, so
  '{{ case.titel }}' is reported even inside an '{% if %}' that a test case never takes;
- prose (Paragraphs) printed inside a line of text instead of as '{{p name }}'.
- data the document must show that the template no longer prints, and styles the renderer
  needs that the template lacks (required.py, with what each template needs in essentials.py).

The tags are checked in the Word XML (tags.py), the names in the parsed Jinja code
(names.py); this module reads the templates and runs both on each part.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import jinja2
from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree

from ..documents.agreement import AgreementContext
from ..documents.assessment import AssessmentContext
from ..documents.followup import FollowUpContext
from ..documents.render import AGREEMENT, ASSESSMENT, FOLLOW_UP, STATEMENT, make_env
from ..documents.statement import StatementContext
from ..errors import Problem
from ..fsutil import not_regular
from ..meeting.agenda import AGENDA_TEMPLATE, AgendaContext
from ..meeting.minutes import EXTRACT_TEMPLATE, MINUTES_TEMPLATE, ExtractContext, MinutesContext
from .names import NameChecker
from .profilefolders import profile_templates
from .required import required_problems
from .tags import W, block_problems, first_tag, scan_tags

__all__ = ["TEMPLATE_CONTEXTS", "W", "lint_template", "template_problems"]

# The context type of each template: the contract the lint checks a template against.
TEMPLATE_CONTEXTS: dict[str, type] = {
    STATEMENT: StatementContext,
    ASSESSMENT: AssessmentContext,
    FOLLOW_UP: FollowUpContext,
    AGREEMENT: AgreementContext,
    AGENDA_TEMPLATE: AgendaContext,
    MINUTES_TEMPLATE: MinutesContext,
    EXTRACT_TEMPLATE: ExtractContext,
}

_HEADER_FOOTER = ("/header", "/footer")


def template_problems(templates_dir: Path) -> list[Problem]:
    """Problems in every template of templates_dir and of its profiles' folders (files
    named relative to the project)."""
    problems: list[Problem] = []
    for name, context in TEMPLATE_CONTEXTS.items():
        path = templates_dir / name
        display = f"{templates_dir.name}/{name}"
        wrong = not_regular(path, templates_dir.parent)  # the project root: a link may not lead out
        if wrong == "finns inte":
            problems.append(Problem(display, None, "", f"mallen saknas; skapa den med 'iopdocs mallar ny {Path(name).stem}'"))
            continue
        if wrong is not None:
            problems.append(Problem(display, None, "", f"filen {wrong}"))
            continue
        problems.extend(lint_template(path, display, context))
    own, unread = profile_templates(templates_dir, list(TEMPLATE_CONTEXTS))
    for template in own:  # each against its template's context, as the shared one
        wrong = not_regular(template.path, templates_dir.parent)
        if wrong is not None:
            problems.append(Problem(template.display, None, "", f"filen {wrong}"))
        else:
            problems.extend(lint_template(template.path, template.display, TEMPLATE_CONTEXTS[template.name]))
    return problems + unread


def lint_template(path: Path, display: str, context: type) -> list[Problem]:
    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        return [Problem(display, None, "", "filen är ingen giltig Word-fil (.docx)")]
    parts = [document.part] + [
        rel.target_part for rel in document.part.rels.values()
        if rel.reltype.endswith(_HEADER_FOOTER) and not rel.is_external
    ]
    problems: list[Problem] = []
    seen: set[tuple] = set()
    patcher = DocxTemplate(str(path))
    env = make_env()
    roots, asts = [], []
    for part in parts:
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        roots.append(root)
        for problem in _part_problems(root, display, patcher, env, context, asts):
            key = (problem.field, problem.message)
            if key not in seen:
                seen.add(key)
                problems.append(problem)
    # What the template must still show is judged once its code reads without problems.
    template = next((name for name, kind in TEMPLATE_CONTEXTS.items() if kind is context), "")
    return problems + required_problems(template, display, document, roots, None if problems else asts)


def _part_problems(root, display: str, patcher: DocxTemplate, env: jinja2.Environment,
                   context: type, asts: list) -> list[Problem]:
    problems, tags = scan_tags(root, display)
    if problems:
        return problems  # the Jinja parser would only repeat them less clearly
    problems = block_problems(tags, display)
    if problems:
        return problems
    source = patcher.patch_xml(etree.tostring(root, encoding="unicode"))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
    try:
        ast = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line = source.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(source.splitlines()) else ""
        return [Problem(display, None, first_tag(line), f"mallkoden kan inte läsas: {exc.message}")]
    asts.append(ast)
    checker = NameChecker(display, env, context, source.splitlines())
    checker.visit_template(ast)
    return checker.problems
