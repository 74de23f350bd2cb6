"""What an edited template must keep: the data its document must show, and the styles.

Three checks, each a located Swedish Problem naming the template:
- a datum of ESSENTIAL_DATA (lint/essentials.py) the template no longer prints: the tag
  to put back, and where it usually sits (after a heading the template still has, by its
  text and paragraph number);
- a style of ESSENTIAL_STYLES the template lacks, found by name or by its usual id as
  the renderer finds it (documents/styles.py);
- a style a paragraph, run or table of the template itself uses (a heading, the table
  style "Tabell" …) that the template does not define: Word would show it unstyled.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from jinja2 import nodes

from ..documents.styles import find_style, style_id_of
from ..errors import Problem
from .essentials import ESSENTIAL_DATA, ESSENTIAL_STYLES, Datum
from .shown import printed_names, shows
from .tags import W, shorten

_STYLE_REFERENCES = (f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle")
# What Word in Swedish calls the built-in styles (the file keeps the English names).
_SWEDISH_WORD = {"Normal": "Normal", "Title": "Rubrik", "Subtitle": "Underrubrik", "Heading 1": "Rubrik 1",
                 "Heading 2": "Rubrik 2", "Heading 3": "Rubrik 3", "List Bullet": "Punktlista",
                 "List Number": "Numrerad lista", "Caption": "Beskrivning"}


def required_problems(template: str, display: str, document: Any, roots: list[Any],
                      asts: list[nodes.Template] | None) -> list[Problem]:
    """The styles' problems, and with the parts' parsed code (`asts`) the data's."""
    problems = style_problems(template, display, document, roots)
    if asts is not None:
        problems = data_problems(template, display, document, asts) + problems
    return problems


def data_problems(template: str, display: str, document: Any, asts: Iterable[nodes.Template]) -> list[Problem]:
    """A Problem for each essential datum that the parsed parts of the template never print."""
    printed = printed_names(asts)
    problems = []
    for datum in ESSENTIAL_DATA.get(template, ()):
        if not any(shows(p, name) for p in printed for name in datum.names):
            problems.append(Problem(display, None, datum.tag, f"mallen visar inte {datum.label}; "
                                    f"lägg tillbaka taggen {_where(datum, document)}"))
    return problems


def _where(datum: Datum, document: Any) -> str:
    own = "i ett eget stycke " if datum.tag.startswith(("{{p", "{%p")) else ""
    if not datum.after:
        return f"{own}{datum.where}".strip()
    found = _find_paragraph(document, datum.after)
    if found is None:
        return f"{own}efter rubriken '{datum.after}' (som inte heller finns kvar i mallen)"
    number, paragraph = found
    what = "rubriken" if _is_heading(paragraph) else "texten"
    return f"{own}efter {what} '{datum.after}' (stycke {number})"


def _find_paragraph(document: Any, heading: str) -> tuple[int, Any] | None:
    """The first paragraph whose text is `heading`, a leading '1. ' aside, and its number
    (from 1, in the body's order, table cells included); None when there is none."""
    wanted = _normal(heading)
    for number, paragraph in enumerate(_paragraphs(document.element.body), start=1):
        if _normal(_text(paragraph)) == wanted:
            return number, paragraph
    return None


def _is_heading(paragraph: Any) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and re.match(r"(?i)heading|rubrik|title", style.get(f"{W}val") or "") is not None


def _normal(text: str) -> str:
    return re.sub(r"^\d+\.\s*", "", " ".join(text.split())).casefold()


def style_problems(template: str, display: str, document: Any, roots: Iterable[Any]) -> list[Problem]:
    """Styles the renderer needs that the template lacks, and styles its own paragraphs,
    runs and tables use that it does not define."""
    problems = []
    for name, use in ESSENTIAL_STYLES.get(template, {}).items():
        if find_style(document, name) is None:
            problems.append(Problem(
                display, None, name,
                f"mallen saknar formatmallen '{name}' ({_known_as(name)}), som {use} "
                "skrivs med; lägg tillbaka den, t.ex. genom att kopiera den från en annan mall i Word "
                "(Formatmallar › Hantera formatmallar › Importera/exportera)"))
    defined = {style.get(f"{W}styleId") for style in document.styles.element.iter(f"{W}style")}
    seen: set[str] = set()
    for root in roots:
        for reference in root.iter(*_STYLE_REFERENCES):
            style_id = reference.get(f"{W}val")
            if style_id in defined or style_id in seen:
                continue
            seen.add(style_id)
            problems.append(Problem(
                display, None, shorten(_owner_text(_owner(reference))) or style_id,
                f"{_what(reference)} har formatmallen '{style_id}', som inte finns i mallen; "
                "välj en formatmall som finns eller lägg tillbaka den"))
    return problems


def _known_as(name: str) -> str:
    swedish = _SWEDISH_WORD.get(name)
    return f"i svenska Word '{swedish}', id {style_id_of(name)}" if swedish else f"id {style_id_of(name)}"


def _owner(reference: Any) -> Any:
    """The paragraph (or, for a table style, the table) a style reference belongs to."""
    wanted = f"{W}tbl" if reference.tag == f"{W}tblStyle" else f"{W}p"
    element = reference
    while element is not None and element.tag != wanted:
        element = element.getparent()
    return element if element is not None else reference


def _owner_text(owner: Any) -> str:
    """A paragraph's text; a table's, its paragraphs' texts one after the other."""
    return " ".join(_text(p) for p in _paragraphs(owner)) if owner.tag == f"{W}tbl" else _text(owner)


def _what(reference: Any) -> str:
    return {f"{W}pStyle": "stycket", f"{W}rStyle": "texten", f"{W}tblStyle": "tabellen"}[reference.tag]


def _paragraphs(root: Any) -> Iterable[Any]:
    return (p for p in root.iter(f"{W}p") if p.find(f".//{W}p") is None)


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))
