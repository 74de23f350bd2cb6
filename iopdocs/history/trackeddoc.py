"""A Word document whose differences from an older version are Word tracked changes.

Each building block takes the old and the new version of its content: what is only in
the new one is inserted (w:ins), what is only in the old one deleted (w:del with
w:delText), with the author and date of the newer version, as Word itself writes them.
A paragraph added or removed whole has its paragraph mark marked too, so that accepting
the change leaves no empty paragraph behind.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from ..documents.docxfile import normalise
from ..documents.styles import find_style
from ..pdf.meta import DocumentMeta
from .trackedxml import Revision
from .worddiff import Token, join_runs, plain_tokens, word_diff

Blocks = list[tuple[str, tuple[Token, ...]]]  # (kind, tokens) per paragraph or list item

_STYLES = {"paragraph": "Normal", "bullet": "List Bullet", "number": "List Number"}
# Every style a comparison asks its base template for (here, tracked.py, trackedagreement.py):
# the template lint requires them of the templates used as a base (lint/essentials.py).
STYLE_NAMES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", *_STYLES.values())


def _emptied(template: Path) -> Any:
    """The template as a document with its styles, numbering and page size but no content:
    its body, header and footer hold template tags that mean nothing here."""
    document = docx.Document(template)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = body.find(qn("w:sectPr"))
    if section is not None:
        for reference in section.findall(qn("w:headerReference")) + section.findall(qn("w:footerReference")):
            section.remove(reference)
            document.part.drop_rel(reference.get(qn("r:id")))
        for title_page in section.findall(qn("w:titlePg")):
            section.remove(title_page)
    return document


class TrackedDocument:
    """The document being written, paragraph by paragraph, old and new side by side."""

    def __init__(self, revision: Revision, base: Path | None = None):
        """`base`: a .docx whose styles and page setup to use (the statement's template),
        emptied of its content, headers and footers; without it python-docx's default."""
        self.revision = revision
        self.doc = _emptied(base) if base is not None and base.is_file() else docx.Document()
        self.next_id = 1
        self.last_numbered = False
        self.num_id = 0
        self._set_language()

    def note(self, content: str) -> None:
        """An italic paragraph that is no change: what the document compares."""
        intro = self.doc.add_paragraph(style="Normal")
        intro.add_run(content).italic = True

    def new_list(self) -> None:
        """The next numbered paragraph starts a list of its own, at 1."""
        self.last_numbered = False

    def section(self, heading: str, old: Blocks, new: Blocks) -> None:
        self.heading(heading if old else None, heading if new else None)
        self.blocks(old, new)

    def heading(self, old: str | None, new: str | None, level: int = 1) -> None:
        self.paragraph(f"Heading {level}", plain_tokens(old), plain_tokens(new))

    def field(self, label: str, old: str | None, new: str | None, style: str = "Normal") -> None:
        """A labelled value: the label stays, a changed value is deleted and inserted whole."""
        if old is None and new is None:
            return
        p = self._new_paragraph(style)
        if old is None or new is None:
            self._mark_paragraph(p, "ins" if old is None else "del")
            self._tracked(p, "ins" if old is None else "del", [(label + (new or old), False, False)])
            return
        if label:
            _append_run(p._p, label, False, False, deleted=False)
        if " ".join(old.split()) == " ".join(new.split()):
            if new:
                _append_run(p._p, new, False, False, deleted=False)
        else:
            self._tracked(p, "del", [(old, False, False)])
            self._tracked(p, "ins", [(new, False, False)])

    def blocks(self, old: Blocks, new: Blocks) -> None:
        """Paragraphs and list items, aligned; a pair that differs is compared word by word."""
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            paired = (i2 - i1) if tag == "equal" else min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(paired):
                kind, tokens = new[j1 + k]
                self.paragraph(_STYLES[kind], old[i1 + k][1], tokens)
            for kind, tokens in old[i1 + paired : i2]:
                self.paragraph(_STYLES[kind], tokens, None)
            for kind, tokens in new[j1 + paired : j2]:
                self.paragraph(_STYLES[kind], None, tokens)

    def paragraph(self, style: str, old: tuple[Token, ...] | None, new: tuple[Token, ...] | None) -> None:
        if not old and not new:
            return
        p = self._new_paragraph(style)
        if not old or not new:
            kind = "ins" if not old else "del"
            self._mark_paragraph(p, kind)
            self._tracked(p, kind, list(new or old or ()))
            return
        for op, tokens in word_diff(old, new):
            if op == "equal":
                for chunk in join_runs(tokens):
                    _append_run(p._p, *chunk, deleted=False)
            else:
                self._tracked(p, op, tokens)

    def _new_paragraph(self, style: str) -> Paragraph:
        p = self.doc.add_paragraph(style=self._style(style))
        numbered = style == "List Number" and self._style(style) is not None
        if numbered and not self.last_numbered:
            self.num_id = self._restart_numbering()
        if numbered:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = self.num_id
        self.last_numbered = numbered
        return p

    def _style(self, name: str) -> Any:
        """The style called `name` (documents/styles.py); None (the default paragraph
        style) when the template has none."""
        return find_style(self.doc, name)

    def _restart_numbering(self) -> int:
        """A fresh numbering instance, so that each numbered list starts at 1."""
        numbering = self.doc.part.numbering_part.element
        style_num = self._style("List Number").element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(style_num).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _change(self, tag: str) -> Any:
        element = OxmlElement(f"w:{tag}")
        element.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        element.set(qn("w:author"), self.revision.author)
        if self.revision.stamp:
            element.set(qn("w:date"), self.revision.stamp)
        return element

    def _tracked(self, p: Paragraph, op: str, tokens: list[Token]) -> None:
        """Runs wrapped in w:ins, or in w:del with w:delText, as Word writes them."""
        wrapper = self._change(op)
        for chunk in join_runs(tokens):
            _append_run(wrapper, *chunk, deleted=op == "del")
        p._p.append(wrapper)

    def _mark_paragraph(self, p: Paragraph, op: str) -> None:
        """Mark the paragraph mark itself, so accepting a deletion leaves no empty paragraph."""
        ppr = p._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._change(op))

    def _set_language(self) -> None:
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "sv-SE")

    def save(self) -> bytes:
        stamp = (self.revision.date or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        props = DocumentMeta(title="Jämförelse av tjänsteutlåtande", date=stamp.date(), author=self.revision.author)
        return normalise(buffer.getvalue(), props)


def _append_run(parent: Any, content: str, bold: bool, italic: bool, *, deleted: bool) -> None:
    run = OxmlElement("w:r")
    if bold or italic:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        run.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = content
    run.append(t)
    parent.append(run)
