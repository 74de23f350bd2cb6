"""WordprocessingML tracked changes on elements of a rendered document, as Word writes them.

A run inserted sits in w:ins, a run deleted in w:del with its w:t turned into w:delText
(and w:instrText into w:delInstrText); a paragraph added or removed whole has its
paragraph mark marked too (pPr/rPr/w:ins or w:del), so accepting the change leaves no
empty paragraph; a table row has trPr/w:ins or w:del. Every mark carries the author and
date of the newer version and an id of its own.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Element = Any  # an lxml element (lxml names its type privately)


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# pPr children that come after rPr in the schema; rPr goes before the first of them.
_AFTER_PARA_RPR = {w("sectPr"), w("pPrChange")}
# trPr children after which w:ins/w:del go, i.e. only trPrChange follows them.
_AFTER_ROW_MARK = {w("trPrChange")}
# Deleted content may not bring what points outside itself: ids and relationships of the old file.
_DROPPED_FROM_DELETED = {w("bookmarkStart"), w("bookmarkEnd"), w("commentRangeStart"), w("commentRangeEnd"),
                         w("commentReference"), w("proofErr"), w("permStart"), w("permEnd")}
_DROPPED_RUN_CHILDREN = {w("drawing"), w("pict"), w("object"), w("footnoteReference"), w("endnoteReference")}


@dataclass(frozen=True)
class Revision:
    """Who made the newer version and when: the author and date of every change mark."""

    author: str
    date: dt.datetime | None

    @property
    def stamp(self) -> str | None:
        if self.date is None:
            return None
        return self.date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Marker:
    """Makes the change marks of one document, numbering them across all its parts."""

    def __init__(self, revision: Revision, first_id: int = 1):
        self.revision = revision
        self.next_id = first_id

    def change(self, op: str) -> Element:
        element = etree.Element(w(op))
        element.set(w("id"), str(self.next_id))
        self.next_id += 1
        element.set(w("author"), self.revision.author)
        if self.revision.stamp:
            element.set(w("date"), self.revision.stamp)
        return element

    def wrap(self, op: str, runs: list[Element]) -> Element:
        """Runs in one w:ins or w:del; deleted text becomes w:delText."""
        wrapper = self.change(op)
        for run in runs:
            if op == "del":
                as_deleted(run)
            wrapper.append(run)
        return wrapper

    def mark_paragraph(self, p: Element, op: str) -> Element:
        """A whole paragraph inserted or deleted: every run and the paragraph mark."""
        if op == "del":
            strip_for_deletion(p)
        self.mark_runs(p, op)
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = etree.Element(w("rPr"))
            later = [i for i, child in enumerate(ppr) if child.tag in _AFTER_PARA_RPR]
            ppr.insert(later[0] if later else len(ppr), rpr)
        rpr.insert(0, self.change(op))  # CT_ParaRPr: ins/del before the formatting
        return p

    def mark_runs(self, parent: Element, op: str) -> None:
        """Every run under `parent` (in a hyperlink too) wrapped, consecutive runs together."""
        children = list(parent)
        i = 0
        while i < len(children):
            child = children[i]
            if child.tag == w("r"):
                group = [child]
                while i + 1 < len(children) and children[i + 1].tag == w("r"):
                    i += 1
                    group.append(children[i])
                position = parent.index(group[0])
                for run in group:
                    parent.remove(run)
                parent.insert(position, self.wrap(op, group))
            elif child.tag in (w("hyperlink"), w("smartTag"), w("fldSimple"), w("customXml")):
                self.mark_runs(child, op)
            i += 1

    def mark_row(self, tr: Element, op: str) -> Element:
        """A whole table row inserted or deleted: the row itself and every paragraph in it."""
        trpr = tr.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            after = tr.find(w("tblPrEx"))
            tr.insert(0 if after is None else tr.index(after) + 1, trpr)
        later = [i for i, child in enumerate(trpr) if child.tag in _AFTER_ROW_MARK]
        trpr.insert(later[0] if later else len(trpr), self.change(op))
        for p in list(tr.iter(w("p"))):
            self.mark_paragraph(p, op)
        return tr


def as_deleted(run: Element) -> None:
    for child in list(run):
        if child.tag == w("t"):
            child.tag = w("delText")
        elif child.tag == w("instrText"):
            child.tag = w("delInstrText")
        elif child.tag in _DROPPED_RUN_CHILDREN:
            run.remove(child)


def strip_for_deletion(element: Element) -> None:
    """Old content kept as deleted text: without bookmarks, comments, pictures or links of
    the old file, whose ids and relationships the new file does not have."""
    for child in list(element.iter()):
        if child.tag in _DROPPED_FROM_DELETED and child.getparent() is not None:
            child.getparent().remove(child)
    for link in list(element.iter(w("hyperlink"))):
        parent = link.getparent()
        position = parent.index(link)
        for i, inner in enumerate(list(link)):
            parent.insert(position + i, inner)
        parent.remove(link)


def deep(element: Element) -> Element:
    return copy.deepcopy(element)
