"""jamforelse.docx: the statement of the newer version, with the changes as Word tracked changes.

Word's Review pane lists every w:ins and w:del with its author and date, and a clerk can
accept or reject them one by one. Prose is compared word by word, so a reworded
paragraph shows the words that went and the words that came; a changed value (an amount,
a date) shows the old value deleted and the new one inserted.

When both versions validate, both statements are rendered through the same template and
compared (statement_comparison, docxcompare.py): the result is the statement itself,
letterhead, header, footer, tables and signatures, with nothing added to it; what the
statement does not print (which meeting, which agenda item) and what is compared are
Word comments on its title. A version that does not validate cannot be rendered; then
comparison_docx writes a reading copy in the statement's order and styles from the plain
data (statementparts.py, trackeddoc.py).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from lxml import etree

from ..documents.docxfile import normalise
from ..pdf.meta import DocumentMeta
from .docxcompare import compare_packages

from .itemkeys import attachment_key, section_key
from .statementparts import (
    agreement_period,
    align,
    area_titles,
    attachment_line,
    contributions,
    date_text,
    partner_goals,
    proposal,
    prose,
    signatory_title,
)
from .trackeddoc import Blocks, TrackedDocument
from .trackedxml import W as W_NS, Marker, Revision, w
from .worddiff import Token, plain_tokens, tokens, word_diff

__all__ = ["Blocks", "Revision", "Token", "align", "comparison_docx", "statement_comparison", "tokens",
           "word_diff"]

COMMENT_AUTHOR = "iopdocs"
_FIRST_CHANGE_ID = 100  # change marks after the comments' ids, so no two annotations share one


def statement_comparison(old: bytes, new: bytes, revision: Revision, comments: list[str]) -> bytes:
    """The .docx bytes: the rendered statement `new` with its differences from the rendered
    statement `old` as tracked changes, and `comments` (one paragraph each) on its title."""
    members = compare_packages(old, new, Marker(revision, _FIRST_CHANGE_ID))
    document = docx.Document(io.BytesIO(_zip(members)))
    anchor = _anchor(document)
    if comments and anchor is not None:
        document.add_comment(anchor, "\n".join(comments), author=COMMENT_AUTHOR, initials="IOP")
    buffer = io.BytesIO()
    document.save(buffer)
    stamp = (revision.date or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)).astimezone(dt.timezone.utc)
    members = _comment_styles(_dated_comments(_unzip(buffer.getvalue()), revision))
    props = DocumentMeta(title="Jämförelse av tjänsteutlåtande", date=stamp.date(), author=revision.author,
                         description=" ".join(comments[:1]))
    return normalise(_zip(members), props)


def _anchor(document) -> list | None:  # noqa: ANN001 - a python-docx Document
    """The runs a comment goes on: the title's, else the first paragraph's that has runs."""
    paragraphs = [p for p in document.paragraphs if p.runs]
    titles = [p for p in paragraphs if p.style is not None and p.style.name == "Title"]
    chosen = (titles or paragraphs or [None])[0]
    return chosen.runs if chosen is not None else None


def _dated_comments(members: dict[str, bytes], revision: Revision) -> dict[str, bytes]:
    """python-docx dates a comment now; it gets the newer version's date, or none."""
    if "word/comments.xml" not in members:
        return members
    root = etree.fromstring(members["word/comments.xml"])
    for comment in root.iter(w("comment")):
        if revision.stamp:
            comment.set(w("date"), revision.stamp)
        else:
            comment.attrib.pop(w("date"), None)
    members["word/comments.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return members


# The styles python-docx gives a comment, as Word defines them; the statement's template has none.
_COMMENT_STYLES = {
    "CommentText": '<w:style xmlns:w="{w}" w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/>'
                   '<w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
                   '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>',
    "CommentReference": '<w:style xmlns:w="{w}" w:type="character" w:styleId="CommentReference">'
                        '<w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
                        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
                        '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>',
}


def _comment_styles(members: dict[str, bytes]) -> dict[str, bytes]:
    """The comment styles in styles.xml when there is a comment and the template lacks them."""
    if "word/comments.xml" not in members or "word/styles.xml" not in members:
        return members
    root = etree.fromstring(members["word/styles.xml"])
    have = {style.get(w("styleId")) for style in root.iter(w("style"))}
    for style_id, xml in _COMMENT_STYLES.items():
        if style_id not in have:
            root.append(etree.fromstring(xml.replace("{w}", W_NS)))
    members["word/styles.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return members


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info.filename) for info in package.infolist()}


def comparison_docx(
    old: dict[str, Any], new: dict[str, Any], revision: Revision, note: str, base: Path | None = None
) -> bytes:
    """The .docx bytes: `new` (plain case data) with the changes from `old` tracked,
    in the styles of `base` (the statement's template) when given."""
    out = TrackedDocument(revision, base)
    out.note(note)
    oc, nc = old.get("case") or {}, new.get("case") or {}
    ob, nb = old.get("background") or {}, new.get("background") or {}
    _head(out, oc, nc)
    out.section("Förvaltningens förslag till beslut", proposal(oc), proposal(nc))
    out.section("Sammanfattning", prose(oc.get("summary")), prose(nc.get("summary")))
    out.section("Bakgrund", prose(ob.get("background")), prose(nb.get("background")))
    _matter(out, old, new)
    out.section("Ärendets beredning", prose(ob.get("preparation")), prose(nb.get("preparation")))
    heading = "Förvaltningens synpunkter och förslag"
    out.heading(ob.get("opinion_heading", heading) if ob.get("opinion") else None,
                nb.get("opinion_heading", heading) if nb.get("opinion") else None)
    out.blocks(prose(ob.get("opinion")), prose(nb.get("opinion")))
    _signatories(out, oc.get("signatories") or [], nc.get("signatories") or [])
    _attachments(out, oc.get("attachments") or [], nc.get("attachments") or [])
    return out.save()


def _head(out: TrackedDocument, oc: dict[str, Any], nc: dict[str, Any]) -> None:
    """The statement's head: its number, date, officer and addressee, title and subtitle."""
    out.field("Tjänsteutlåtande", "", "", style="Normal")
    out.field("Dnr ", oc.get("dnr"), nc.get("dnr"))
    out.field("", date_text(oc.get("date")), date_text(nc.get("date")))
    officer_old, officer_new = oc.get("officer") or {}, nc.get("officer") or {}
    out.field("Handläggare: ", officer_old.get("name"), officer_new.get("name"))
    out.field("Telefon: ", officer_old.get("phone"), officer_new.get("phone"))
    out.field("Till: ", oc.get("to"), nc.get("to"))
    out.paragraph("Title", plain_tokens(oc.get("title")), plain_tokens(nc.get("title")))
    out.paragraph("Subtitle", plain_tokens(oc.get("subtitle")), plain_tokens(nc.get("subtitle")))


def _matter(out: TrackedDocument, old: dict[str, Any], new: dict[str, Any]) -> None:
    om, nm = (old.get("background") or {}).get("matter"), (new.get("background") or {}).get("matter")
    out.heading("Ärendet" if om else None, "Ärendet" if nm else None)
    om, nm = om or {}, nm or {}
    out.blocks(prose(om.get("intro")), prose(nm.get("intro")))
    for os_, ns in align(om.get("sections") or [], nm.get("sections") or [], section_key):
        os_, ns = os_ or {}, ns or {}
        out.heading(os_.get("heading"), ns.get("heading"), level=2)
        out.blocks(prose(os_.get("text")), prose(ns.get("text")))
        if os_.get("partners") or ns.get("partners"):
            _partners(out, old if os_.get("partners") else {}, new if ns.get("partners") else {})


def _partners(out: TrackedDocument, old: dict[str, Any], new: dict[str, Any]) -> None:
    for op, np_ in align(old.get("partners") or [], new.get("partners") or [], lambda p: p.get("id")):
        o, n = op or {}, np_ or {}
        out.heading(o.get("name") if op else None, n.get("name") if np_ else None, level=3)
        out.field("Organisationsnummer: ", o.get("orgnr"), n.get("orgnr"))
        out.field("Prioriterat område: ", area_titles(old, o), area_titles(new, n))
        out.field("Överenskommelsen gäller: ", agreement_period(o), agreement_period(n))
        oc, nc = contributions(o), contributions(n)
        for label in dict.fromkeys(list(oc) + list(nc)):
            out.field(f"{label}: ", oc.get(label), nc.get(label))
        out.blocks(prose(o.get("description")), prose(n.get("description")))
        _goals(out, partner_goals(old, o), partner_goals(new, n))


def _goals(out: TrackedDocument, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> None:
    for og, ng in align(old, new, lambda g: g.get("id")):
        og, ng = og or {}, ng or {}
        out.field("Mål: ", og.get("title"), ng.get("title"))
        for osg, nsg in align(og.get("subgoals") or [], ng.get("subgoals") or [], lambda s: s.get("id")):
            out.paragraph("List Bullet", plain_tokens((osg or {}).get("title")),
                          plain_tokens((nsg or {}).get("title")))


def _signatories(out: TrackedDocument, old: list, new: list) -> None:
    for os_, ns in align(old, new, lambda s: s.get("name")):
        os_, ns = os_ or {}, ns or {}
        out.paragraph("Normal", plain_tokens(os_.get("name")), plain_tokens(ns.get("name")))
        out.paragraph("Normal", plain_tokens(signatory_title(os_)), plain_tokens(signatory_title(ns)))


def _attachments(out: TrackedDocument, old: list, new: list) -> None:
    out.heading("Bilagor" if old else None, "Bilagor" if new else None)
    out.new_list()
    for oa, na in align(old, new, attachment_key):
        out.paragraph("List Number", plain_tokens(attachment_line(oa)), plain_tokens(attachment_line(na)))
