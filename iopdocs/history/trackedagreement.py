"""jamforelse-overenskommelse.docx: the agreements of the newer version, with the changes
from the older one as Word tracked changes, in the agreement's order (parties, background,
goals, contributions, period, follow-up, the agreement's own clauses, activity plan).

A reading copy for review like jamforelse.docx: the facts come from the case's plain
data; the profile's standard clauses are the same in both versions unless the agreement
overrides them, so only the overrides are compared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .statementparts import agreement_period, align, contributions, partner_goals, prose
from .trackeddoc import Revision, TrackedDocument
from .wording import format_value
from .worddiff import plain_tokens

# The agreement's own clauses (model.AgreementClauses), by their headings in the agreement.
CLAUSE_HEADINGS = {
    "payment": "Utbetalning", "extension": "Förlängning", "termination": "Uppsägning", "breach": "Hävning",
    "repayment": "Återbetalning", "reports": "Rapporter", "personal_data": "Personuppgifter",
    "confidentiality": "Sekretess och tystnadsplikt", "insurance": "Försäkringar",
    "changes": "Ändringar och tillägg", "disputes": "Tvister",
}


def has_agreement(data: dict[str, Any]) -> bool:
    return any(isinstance(p, dict) and p.get("agreement") for p in data.get("partners") or [])


def agreement_comparison_docx(
    old: dict[str, Any], new: dict[str, Any], revision: Revision, note: str, base: Path | None = None
) -> bytes:
    """The .docx bytes: every partner's agreement in `new`, with the changes from `old` tracked."""
    out = TrackedDocument(revision, base)
    out.note(note)
    agreed = [p for p in (old.get("partners") or []) + (new.get("partners") or []) if p.get("agreement")]
    ids = {p.get("id") for p in agreed}
    pairs = align([p for p in old.get("partners") or [] if p.get("id") in ids],
                  [p for p in new.get("partners") or [] if p.get("id") in ids], lambda p: p.get("id"))
    for op, np_ in pairs:
        _agreement(out, old, new, op or {}, np_ or {})
    return out.save()


def _name(partner: dict[str, Any]) -> str | None:
    return f"Överenskommelse med {partner['name']}" if partner.get("name") else None


def _agreement(out: TrackedDocument, old: dict, new: dict, o: dict[str, Any], n: dict[str, Any]) -> None:
    oa, na = o.get("agreement") or {}, n.get("agreement") or {}
    out.heading(_name(o) if o else None, _name(n) if n else None)
    out.heading("Parter", "Parter", level=2)
    out.field("Organisation: ", o.get("name"), n.get("name"))
    out.field("Organisationsnummer: ", o.get("orgnr"), n.get("orgnr"))
    out.field("Firmatecknare: ", _person(o.get("signatory")), _person(n.get("signatory")))
    out.field("Överenskommelsens dnr: ", oa.get("dnr"), na.get("dnr"))
    out.heading("Bakgrund och syfte", "Bakgrund och syfte", level=2)
    out.blocks(prose((o.get("assessment") or {}).get("challenge")), prose((n.get("assessment") or {}).get("challenge")))
    out.blocks(prose(o.get("description")), prose(n.get("description")))
    out.heading("Mål och delmål", "Mål och delmål", level=2)
    for og, ng in align(partner_goals(old, o), partner_goals(new, n), lambda g: g.get("id")):
        og, ng = og or {}, ng or {}
        out.field("Mål: ", og.get("title"), ng.get("title"))
        for osg, nsg in align(og.get("subgoals") or [], ng.get("subgoals") or [], lambda s: s.get("id")):
            out.paragraph("List Bullet", plain_tokens((osg or {}).get("title")), plain_tokens((nsg or {}).get("title")))
    out.heading("Parternas åtaganden och bidrag", "Parternas åtaganden och bidrag", level=2)
    oc, nc = contributions(o), contributions(n)
    for label in dict.fromkeys(list(oc) + list(nc)):
        out.field(f"{label}: ", oc.get(label), nc.get(label))
    out.heading("Avtalsperiod och uppföljning", "Avtalsperiod och uppföljning", level=2)
    out.field("Avtalsperiod: ", agreement_period(o), agreement_period(n))
    out.field("Uppsägningstid: ", _months(oa), _months(na))
    out.field("Dialogmöten: ", oa.get("dialogue_meetings"), na.get("dialogue_meetings"))
    out.field("Uppföljning: ", oa.get("follow_up"), na.get("follow_up"))
    _indicators(out, old, new, o, n)
    _clauses(out, oa.get("clauses") or {}, na.get("clauses") or {})
    _activities(out, oa.get("activities") or [], na.get("activities") or [])


def _person(who: Any) -> str | None:
    if not isinstance(who, dict):
        return None
    return ", ".join(str(x) for x in (who.get("name"), who.get("title")) if x) or None


def _months(agreement: dict[str, Any]) -> str | None:
    months = agreement.get("notice_months")
    return None if months is None else f"{months} {'månad' if months == 1 else 'månader'}"


def _indicators(out: TrackedDocument, old: dict, new: dict, o: dict, n: dict) -> None:
    def of(data: dict, partner: dict) -> list[dict[str, Any]]:
        single = len(data.get("partners") or []) == 1
        return [i for i in data.get("indicators") or [] if isinstance(i, dict) and partner
                and (i.get("partner") == partner.get("id") or (single and not i.get("partner")))]

    for oi, ni in align(of(old, o), of(new, n), lambda i: i.get("id")):
        oi, ni = oi or {}, ni or {}
        out.field("Indikator: ", oi.get("name"), ni.get("name"))
        out.field("Utgångsvärde: ", _baseline(oi), _baseline(ni))
        out.field("Målvärden: ", _targets(oi), _targets(ni))


def _baseline(indicator: dict[str, Any]) -> str | None:
    b = indicator.get("baseline")
    return f"{format_value('', b.get('value'))} ({b.get('year')})" if isinstance(b, dict) else None


def _targets(indicator: dict[str, Any]) -> str | None:
    targets = indicator.get("targets") or {}
    return ", ".join(f"{year}: {format_value('', value)}" for year, value in sorted(targets.items())) or None


def _clauses(out: TrackedDocument, old: dict[str, Any], new: dict[str, Any]) -> None:
    for name, heading in CLAUSE_HEADINGS.items():
        if old.get(name) or new.get(name):
            out.heading(heading if old.get(name) else None, heading if new.get(name) else None, level=2)
            out.blocks(prose(old.get(name)), prose(new.get(name)))


def _activities(out: TrackedDocument, old: list, new: list) -> None:
    out.heading("Verksamhetsplan" if old else None, "Verksamhetsplan" if new else None, level=2)
    for oa, na in align(old, new, lambda a: a.get("activity")):
        oa, na = oa or {}, na or {}
        out.field("Aktivitet: ", oa.get("activity"), na.get("activity"))
        for key, label in (("target_group", "För vem"), ("when", "När"), ("responsible", "Ansvarig")):
            out.field(f"{label}: ", oa.get(key), na.get(key))
