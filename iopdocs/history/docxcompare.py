"""Two renderings of the statement → the newer one, with what differs as tracked changes.

Both versions are rendered through the same template, so the letterhead, header, footer,
tables and signatures are the statement's own and every line is one the statement has.
The body and each header and footer are compared block by block (paragraphs and tables,
in order); blocks that changed are paired by likeness and compared within: a paragraph
word by word, keeping each run's formatting, a table row by row and cell by cell. What is
only in the old version comes back as deleted content, cleaned of what belongs to the old
file alone (bookmarks, pictures, links); its list numbering is carried over.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile

from lxml import etree

from .trackedxml import Element, Marker, deep, strip_for_deletion, w
from .worddiff import word_diff

_PARTS = re.compile(r"word/(document|header\d+|footer\d+)\.xml")
# A date and a number with its thousands separators are one word each: a changed amount
# shows whole, deleted and inserted, as a reader sees it.
_WORD = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:[ \u00a0\u202f]\d{3}(?!\d))+(?:,\d+)?|\w+|\s+|[^\w\s]")
_PAIR_AT = 0.5  # paragraphs this alike (0..1) are one paragraph changed, not one gone and one new


def compare_packages(old: bytes, new: bytes, marker: Marker) -> dict[str, bytes]:
    """The members of `new` with the differences from `old` tracked in body, headers, footers."""
    old_members, members = _read(old), _read(new)
    for name in sorted(members):
        if not _PARTS.fullmatch(name) or name not in old_members:
            continue
        old_root, new_root = etree.fromstring(old_members[name]), etree.fromstring(members[name])
        old_box, new_box = _container(old_root), _container(new_root)
        merged = merge_blocks(list(old_box), list(new_box), marker)
        for child in list(new_box):
            new_box.remove(child)
        new_box.extend(merged)
        if name == "word/document.xml" and "word/numbering.xml" in members:
            members["word/numbering.xml"] = _carry_numbering(
                old_members.get("word/numbering.xml"), members["word/numbering.xml"], new_root)
        members[name] = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return members


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info.filename) for info in package.infolist()}


def _container(root: Element) -> Element:
    body = root.find(w("body"))
    return root if body is None else body


def text_of(element: Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def _signature(element: Element) -> bytes:
    return etree.tostring(element)


# --- blocks: paragraphs and tables -----------------------------------------------------


def merge_blocks(old: list, new: list, marker: Marker) -> list:
    """The new blocks, with changed ones compared and old ones no longer there deleted."""
    matcher = difflib.SequenceMatcher(None, [_signature(o) for o in old], [_signature(n) for n in new],
                                      autojunk=False)
    out: list = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += new[j1:j2]
            continue
        for a, b in pair_up(old[i1:i2], new[j1:j2], _likeness):
            if a is None:
                out.append(_inserted(b, marker))
            elif b is None:
                out.append(_deleted(a, marker))
            else:
                out.append(_merge_pair(a, b, marker))
    return out


def _likeness(a: Element, b: Element) -> float:
    """0..1, how alike two blocks are; 0 when they cannot be one block changed."""
    if a.tag != b.tag:
        return 0.0
    if a.tag not in (w("p"), w("tbl")):
        return 1.0  # section properties and the like: the new one stands
    ta, tb = text_of(a), text_of(b)
    if not ta and not tb:
        return 1.0
    ratio = difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio()
    return ratio if a.tag == w("tbl") or ratio >= _PAIR_AT else 0.0


def pair_up(old: list, new: list, likeness) -> list[tuple]:  # noqa: ANN001 - a scoring function
    """Old and new items paired where alike, keeping both orders, the most likeness in all;
    (old, None) for one gone, (None, new) for one come, gone before come."""
    n, m = len(old), len(new)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    like = [[likeness(old[i], new[j]) for j in range(m)] for i in range(n)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = like[i][j] + score[i + 1][j + 1] if like[i][j] > 0 else -1.0
            score[i][j] = max(paired, score[i + 1][j], score[i][j + 1])
    pairs: list[tuple] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and like[i][j] > 0 and score[i][j] == like[i][j] + score[i + 1][j + 1]:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or score[i][j] == score[i + 1][j]):
            pairs.append((old[i], None))
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    return pairs


def _merge_pair(old: Element, new: Element, marker: Marker) -> Element:
    if new.tag == w("p"):
        return merge_paragraph(old, new, marker)
    if new.tag == w("tbl"):
        return merge_table(old, new, marker)
    return new


def _inserted(element: Element, marker: Marker) -> Element:
    if element.tag == w("p"):
        return marker.mark_paragraph(element, "ins")
    if element.tag == w("tbl"):
        for tr in element.findall(w("tr")):
            marker.mark_row(tr, "ins")
    return element


def _deleted(element: Element, marker: Marker) -> Element:
    element = deep(element)
    if element.tag == w("p"):
        return marker.mark_paragraph(element, "del")
    if element.tag == w("tbl"):
        for tr in element.findall(w("tr")):
            marker.mark_row(tr, "del")
    return element


# --- a table, row by row ---------------------------------------------------------------


def _cells(tr: Element) -> list[Element]:
    return tr.findall(w("tc"))


def _row_likeness(a: Element, b: Element) -> float:
    if len(_cells(a)) != len(_cells(b)):
        return 0.0
    return max(difflib.SequenceMatcher(None, text_of(a), text_of(b), autojunk=False).ratio(), 0.01)


def merge_table(old: Element, new: Element, marker: Marker) -> Element:
    old_rows, new_rows = old.findall(w("tr")), new.findall(w("tr"))
    matcher = difflib.SequenceMatcher(None, [_signature(r) for r in old_rows], [_signature(r) for r in new_rows],
                                      autojunk=False)
    rows: list = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += new_rows[j1:j2]
            continue
        for a, b in pair_up(old_rows[i1:i2], new_rows[j1:j2], _row_likeness):
            if a is None:
                rows.append(marker.mark_row(b, "ins"))
            elif b is None:
                rows.append(marker.mark_row(deep(a), "del"))
            else:
                rows.append(_merge_row(a, b, marker))
    for tr in new_rows:
        new.remove(tr)
    new.extend(rows)
    _grid_for_all_rows(old, new)
    return new


def _grid_for_all_rows(old: Element, new: Element) -> None:
    """A deleted row with more cells than the new table has columns (a signatory gone from
    the signatures' row) keeps the old grid, so that every deleted cell is shown."""
    old_grid, new_grid = old.find(w("tblGrid")), new.find(w("tblGrid"))
    if old_grid is None or new_grid is None:
        return
    widest = max((len(_cells(tr)) for tr in new.findall(w("tr"))), default=0)
    if len(new_grid) < widest <= len(old_grid):
        new.replace(new_grid, deep(old_grid))


def _merge_row(old: Element, new: Element, marker: Marker) -> Element:
    for old_cell, new_cell in zip(_cells(old), _cells(new)):
        keep = [c for c in new_cell if c.tag == w("tcPr")]
        merged = merge_blocks([c for c in old_cell if c.tag != w("tcPr")],
                              [c for c in new_cell if c.tag != w("tcPr")], marker)
        for child in list(new_cell):
            new_cell.remove(child)
        new_cell.extend(keep + merged)
    return new


# --- a paragraph, word by word -----------------------------------------------------------


class Piece(tuple):
    """(text, formatting): what compares; `run` is the run it came from (None for an element
    of the paragraph that is no run), `element` a run's child that is no text, or that element."""

    run: Element | None
    element: Element | None


def _piece(text: str, fmt: bytes, run: Element | None, element: Element | None) -> Piece:
    piece = Piece((text, fmt))
    piece.run, piece.element = run, element
    return piece


def pieces(p: Element) -> list[Piece]:
    out: list[Piece] = []
    for child in p:
        if child.tag == w("pPr"):
            continue
        if child.tag != w("r"):
            out.append(_piece("\x01" + etree.tostring(child).decode(), b"", None, child))
            continue
        rpr = child.find(w("rPr"))
        fmt = etree.tostring(rpr) if rpr is not None else b""
        for part in child:
            if part.tag == w("t"):
                out += [_piece(word, fmt, child, None) for word in _WORD.findall(part.text or "")]
            elif part.tag != w("rPr"):
                out.append(_piece("\x00" + etree.tostring(part).decode(), fmt, child, part))
    return out


def merge_paragraph(old: Element, new: Element, marker: Marker) -> Element:
    out = etree.Element(new.tag, attrib=dict(new.attrib))
    ppr = new.find(w("pPr"))
    if ppr is not None:
        out.append(deep(ppr))
    for op, group in word_diff(pieces(old), pieces(new)):
        nodes = _nodes(group, deleted=op == "del")
        if op == "equal":
            out.extend(nodes)
            continue
        runs: list = []
        for node in nodes + [None]:
            if node is not None and node.tag == w("r"):
                runs.append(node)
                continue
            if runs:
                out.append(marker.wrap(op, runs))
                runs = []
            if node is not None:
                holder = etree.Element(w("p"))
                holder.append(node)
                if op == "del":
                    strip_for_deletion(holder)
                marker.mark_runs(holder, op)
                out.extend(list(holder))
    return out


def _nodes(group: list[Piece], deleted: bool) -> list[Element]:
    """Pieces as elements again: a run per stretch of text in one formatting."""
    nodes: list[Element] = []
    text_run: tuple | None = None  # (fmt, w:t element)
    for piece in group:
        text, fmt = piece
        if piece.run is not None and piece.element is None:
            if text_run is not None and text_run[0] == fmt:
                text_run[1].text += text
                continue
            run = _new_run(piece.run)
            t = etree.SubElement(run, w("t"))
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = text
            nodes.append(run)
            text_run = (fmt, t)
            continue
        text_run = None
        if piece.run is not None:
            run = _new_run(piece.run)
            run.append(deep(piece.element))
            nodes.append(run)
        elif not deleted or piece.element.tag not in (w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")):
            nodes.append(deep(piece.element))
    return nodes


def _new_run(source: Element) -> Element:
    run = etree.Element(w("r"))
    rpr = source.find(w("rPr"))
    if rpr is not None:
        run.append(deep(rpr))
    return run


# --- numbering of deleted list items ---------------------------------------------------------


def _carry_numbering(old: bytes | None, new: bytes, document: Element) -> bytes:
    """numbering.xml with the w:num (and w:abstractNum) of the old file that deleted list
    items still refer to."""
    if old is None:
        return new
    old_root, root = etree.fromstring(old), etree.fromstring(new)
    have = {n.get(w("numId")) for n in root.findall(w("num"))}
    used = {n.get(w("val")) for n in document.iter(w("numId"))}
    missing = sorted(used - have - {None, "0"}, key=int)
    if not missing:
        return new
    abstracts = {a.get(w("abstractNumId")) for a in root.findall(w("abstractNum"))}
    old_nums = {n.get(w("numId")): n for n in old_root.findall(w("num"))}
    old_abstracts = {a.get(w("abstractNumId")): a for a in old_root.findall(w("abstractNum"))}
    for num_id in missing:
        num = old_nums.get(num_id)
        if num is None:
            continue
        abstract_id = num.find(w("abstractNumId")).get(w("val"))
        if abstract_id not in abstracts and abstract_id in old_abstracts:
            first_num = root.find(w("num"))
            position = root.index(first_num) if first_num is not None else len(root)
            root.insert(position, deep(old_abstracts[abstract_id]))
            abstracts.add(abstract_id)
        cleanup = root.find(w("numIdMacAtCleanup"))
        root.insert(root.index(cleanup) if cleanup is not None else len(root), deep(num))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
