"""jamforelse.docx: the statement of the newer version, with the changes as Word tracked changes.

Word's Review pane lists every w:ins and w:del with its author and date, and a clerk can
accept or reject them one by one. Prose is compared word by word, so a reworded
paragraph shows the words that went and the words that came; a changed value (an amount,
a date) shows the old value deleted and the new one inserted. The document follows the
statement's order and headings but not its template: it is a reading copy for review.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from . import text
from .docxfile import CoreProperties, normalise
from .semdiff import attachment_key, format_value, prose_blocks, section_key

Token = tuple[str, bool, bool]  # a word or a space, bold, italic
Blocks = list[tuple[str, tuple[Token, ...]]]  # (kind, tokens) per paragraph or list item

_WORD = re.compile(r"\w+|\s+|[^\w\s]")


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


def comparison_docx(old: dict[str, Any], new: dict[str, Any], revision: Revision, note: str) -> bytes:
    """The .docx bytes: `new` (plain case data) with the changes from `old` tracked."""
    writer = _Writer(revision)
    writer.document(old, new, note)
    return writer.save()


class _Writer:
    def __init__(self, revision: Revision):
        self.revision = revision
        self.doc = docx.Document()
        self.next_id = 1
        self.last_numbered = False
        self.num_id = 0
        self._set_language()

    # --- the statement's order -------------------------------------------------------

    def document(self, old: dict[str, Any], new: dict[str, Any], note: str) -> None:
        oc, nc = old.get("case") or {}, new.get("case") or {}
        ob, nb = old.get("background") or {}, new.get("background") or {}
        intro = self.doc.add_paragraph(style="Normal")
        intro.add_run(note).italic = True
        self.field("Tjänsteutlåtande", "", "", style="Normal")
        self.field("Dnr ", oc.get("dnr"), nc.get("dnr"))
        self.field("", _date(oc.get("date")), _date(nc.get("date")))
        officer_old, officer_new = oc.get("officer") or {}, nc.get("officer") or {}
        self.field("Handläggare: ", officer_old.get("name"), officer_new.get("name"))
        self.field("Telefon: ", officer_old.get("phone"), officer_new.get("phone"))
        self.field("Till: ", oc.get("to"), nc.get("to"))
        self.paragraph("Title", _plain_tokens(oc.get("title")), _plain_tokens(nc.get("title")))
        self.paragraph("Subtitle", _plain_tokens(oc.get("subtitle")), _plain_tokens(nc.get("subtitle")))

        self.section("Förvaltningens förslag till beslut", _proposal(oc), _proposal(nc))
        self.section("Sammanfattning", _prose(oc.get("summary")), _prose(nc.get("summary")))
        self.section("Bakgrund", _prose(ob.get("background")), _prose(nb.get("background")))
        self.matter(old, new)
        self.section("Ärendets beredning", _prose(ob.get("preparation")), _prose(nb.get("preparation")))
        heading = "Förvaltningens synpunkter och förslag"
        self.heading(ob.get("opinion_heading", heading) if ob.get("opinion") else None,
                     nb.get("opinion_heading", heading) if nb.get("opinion") else None)
        self.blocks(_prose(ob.get("opinion")), _prose(nb.get("opinion")))
        self.signatories(oc.get("signatories") or [], nc.get("signatories") or [])
        self.attachments(oc.get("attachments") or [], nc.get("attachments") or [])

    def matter(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        om, nm = (old.get("background") or {}).get("matter"), (new.get("background") or {}).get("matter")
        self.heading("Ärendet" if om else None, "Ärendet" if nm else None)
        om, nm = om or {}, nm or {}
        self.blocks(_prose(om.get("intro")), _prose(nm.get("intro")))
        for os_, ns in align(om.get("sections") or [], nm.get("sections") or [], section_key):
            os_, ns = os_ or {}, ns or {}
            self.heading(os_.get("heading"), ns.get("heading"), level=2)
            self.blocks(_prose(os_.get("text")), _prose(ns.get("text")))
            if os_.get("partners") or ns.get("partners"):
                self.partners(old if os_.get("partners") else {}, new if ns.get("partners") else {})

    def partners(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        for op, np_ in align(old.get("partners") or [], new.get("partners") or [], lambda p: p.get("id")):
            o, n = op or {}, np_ or {}
            self.heading(o.get("name") if op else None, n.get("name") if np_ else None, level=3)
            self.field("Organisationsnummer: ", o.get("orgnr"), n.get("orgnr"))
            self.field("Prioriterat område: ", _areas(old, o), _areas(new, n))
            self.field("Överenskommelsen gäller: ", _period(o), _period(n))
            oc, nc = _contributions(o), _contributions(n)
            for label in dict.fromkeys(list(oc) + list(nc)):
                self.field(f"{label}: ", oc.get(label), nc.get(label))
            self.blocks(_prose(o.get("description")), _prose(n.get("description")))
            for og, ng in align(_goals(old, o), _goals(new, n), lambda g: g.get("id")):
                og, ng = og or {}, ng or {}
                self.field("Mål: ", og.get("title"), ng.get("title"))
                for osg, nsg in align(og.get("subgoals") or [], ng.get("subgoals") or [], lambda s: s.get("id")):
                    self.paragraph("List Bullet", _plain_tokens((osg or {}).get("title")),
                                   _plain_tokens((nsg or {}).get("title")))

    def signatories(self, old: list, new: list) -> None:
        for os_, ns in align(old, new, lambda s: s.get("name")):
            os_, ns = os_ or {}, ns or {}
            self.paragraph("Normal", _plain_tokens(os_.get("name")), _plain_tokens(ns.get("name")))
            self.paragraph("Normal", _plain_tokens(_title(os_)), _plain_tokens(_title(ns)))

    def attachments(self, old: list, new: list) -> None:
        self.heading("Bilagor" if old else None, "Bilagor" if new else None)
        self.last_numbered = False
        for oa, na in align(old, new, attachment_key):
            self.paragraph("List Number", _plain_tokens(_attachment(oa)), _plain_tokens(_attachment(na)))

    # --- building blocks --------------------------------------------------------------

    def section(self, heading: str, old: Blocks, new: Blocks) -> None:
        self.heading(heading if old else None, heading if new else None)
        self.blocks(old, new)

    def heading(self, old: str | None, new: str | None, level: int = 1) -> None:
        self.paragraph(f"Heading {level}", _plain_tokens(old), _plain_tokens(new))

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
                for chunk in _runs(tokens):
                    _append_run(p._p, *chunk, deleted=False)
            else:
                self._tracked(p, op, tokens)

    def _new_paragraph(self, style: str) -> Paragraph:
        p = self.doc.add_paragraph(style=style)
        numbered = style == "List Number"
        if numbered and not self.last_numbered:
            self.num_id = self._restart_numbering()
        if numbered:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = self.num_id
        self.last_numbered = numbered
        return p

    def _restart_numbering(self) -> int:
        """A fresh numbering instance, so that each numbered list starts at 1."""
        numbering = self.doc.part.numbering_part.element
        style_num = self.doc.styles["List Number"].element.pPr.numPr.numId.val
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
        for chunk in _runs(tokens):
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
        props = CoreProperties(title="Jämförelse av tjänsteutlåtande", date=stamp.date(), creator=self.revision.author)
        return normalise(buffer.getvalue(), props)


_STYLES = {"paragraph": "Normal", "bullet": "List Bullet", "number": "List Number"}


# --- word diff --------------------------------------------------------------------------


def tokens(runs: Iterable[text.Run]) -> tuple[Token, ...]:
    return tuple((word, run.bold, run.italic) for run in runs for word in _WORD.findall(run.text))


def word_diff(old: tuple[Token, ...], new: tuple[Token, ...]) -> list[tuple[str, list[Token]]]:
    """('equal'|'del'|'ins', tokens) in reading order; a lone space between two changes joins them."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []  # [tag, old tokens, new tokens]
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        a, b = list(old[i1:i2]), list(new[j1:j2])
        glue = (
            tag == "equal"
            and 0 < index < len(ops) - 1
            and all(t[0].isspace() or len(t[0]) == 1 and not t[0].isalnum() for t in a)
        )
        if tag != "equal" or glue:
            if merged and merged[-1][0] == "change":
                merged[-1][1] += a
                merged[-1][2] += b
            else:
                merged.append(["change", a, b])
        else:
            merged.append(["equal", a, b])
    out: list[tuple[str, list[Token]]] = []
    for tag, a, b in merged:
        if tag == "equal":
            out.append(("equal", b))
            continue
        if a:
            out.append(("del", a))
        if b:
            out.append(("ins", b))
    return out


def _runs(tokens: Iterable[Token]) -> list[tuple[str, bool, bool]]:
    """Adjacent tokens with the same formatting joined into one run."""
    runs: list[list] = []
    for word, bold, italic in tokens:
        if runs and runs[-1][1] == bold and runs[-1][2] == italic:
            runs[-1][0] += word
        else:
            runs.append([word, bold, italic])
    return [tuple(r) for r in runs]  # type: ignore[misc]


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


# --- plain data → the statement's pieces ---------------------------------------------


def align(old: list, new: list, key: Callable[[Any], Any]) -> list[tuple[Any, Any]]:
    """Items of two lists paired by key, in the new order; removed ones where they stood."""
    def safe(item: Any) -> Any:
        try:
            return key(item) if isinstance(item, dict) else item
        except (KeyError, TypeError):
            return None

    old_keys, new_keys = [safe(x) for x in old], [safe(x) for x in new]
    if None in old_keys + new_keys or len(set(old_keys)) < len(old_keys) or len(set(new_keys)) < len(new_keys):
        old_keys, new_keys = list(range(len(old))), list(range(len(new)))  # no identity: by position
    old_by = dict(zip(old_keys, old))
    new_set = set(new_keys)
    pairs: list[tuple[Any, Any]] = []
    ops = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes()
    for _tag, i1, i2, j1, j2 in ops:
        for k, item in zip(old_keys[i1:i2], old[i1:i2]):
            if k not in new_set:
                pairs.append((item, None))
        for k, item in zip(new_keys[j1:j2], new[j1:j2]):
            pairs.append((old_by.get(k), item))
    return pairs


def _prose(source: Any) -> Blocks:
    if not isinstance(source, str) or not source:
        return []
    try:
        return [(b.kind, tokens(b.runs)) for b in text.parse(source).blocks]
    except text.MarkupError:
        return [(kind, _plain_tokens(content)) for kind, content in prose_blocks(source)]  # type: ignore[misc]


def _proposal(case: dict[str, Any]) -> Blocks:
    items = [b for item in case.get("proposal") or [] for b in _prose(item)]
    return [("number", t) for _, t in items] if len(items) > 1 else items


def _plain_tokens(value: Any) -> tuple[Token, ...]:
    if value is None or value == "":
        return ()
    return tuple((w, False, False) for w in _WORD.findall(str(value)))


def _date(value: Any) -> str | None:
    return None if value is None else str(value)


def _title(signatory: dict[str, Any]) -> str | None:
    title = signatory.get("title")
    return f"tf. {title}" if title and signatory.get("acting") else title


def _attachment(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    return f"{item.get('title', '')}" + (f" ({item['dnr']})" if item.get("dnr") else "")


def _areas(data: dict[str, Any], partner: dict[str, Any]) -> str | None:
    titles = {a.get("id"): a.get("title") for a in data.get("priority_areas") or [] if isinstance(a, dict)}
    ids = partner.get("priority_areas") or []
    return ", ".join(str(titles.get(i) or i) for i in ids) or None


def _period(partner: dict[str, Any]) -> str | None:
    agreement = partner.get("agreement") or {}
    if not agreement.get("start") and not agreement.get("end"):
        return None
    return f"{agreement.get('start', '')} – {agreement.get('end', '')}"


def _contributions(partner: dict[str, Any]) -> dict[str, str]:
    contributions = partner.get("contributions") or {}
    city, org = contributions.get("city") or {}, contributions.get("organisation") or {}
    out: dict[str, str] = {}
    if city.get("amount_per_year") is not None:
        out["Stadens medel"] = f"{format_value('amount_per_year', city['amount_per_year'])} per år"
    for key, label in (("premises", "Stadens lokaler"), ("staff", "Stadens personal"), ("other", "Stadens övriga bidrag")):
        if city.get(key):
            out[label] = str(city[key])
    if org.get("volunteer_hours_per_year") is not None:
        out["Ideella timmar"] = f"{format_value('', org['volunteer_hours_per_year'])} per år"
    if org.get("own_funding") is not None:
        out["Organisationens egen finansiering"] = f"{format_value('own_funding', org['own_funding'])} per år"
    for key, label in (("premises", "Organisationens lokaler"), ("other", "Organisationens övriga bidrag")):
        if org.get(key):
            out[label] = str(org[key])
    return out


def _goals(data: dict[str, Any], partner: dict[str, Any]) -> list[dict[str, Any]]:
    if not partner:
        return []
    goals = [g for g in data.get("goals") or [] if isinstance(g, dict)]
    single = len(data.get("partners") or []) == 1
    return [g for g in goals if g.get("partner") == partner.get("id") or (single and not g.get("partner"))]
