"""Rules that span files: references between files, and periods inside the agreement."""

from __future__ import annotations

from .. import model
from ..errors import Problem
from .yamlfile import YamlDocument, format_path


class _Reporter:
    def __init__(self, docs: dict[str, YamlDocument]):
        self.docs = docs
        self.problems: list[Problem] = []

    def add(self, kind: str, path: tuple, message: str) -> None:
        doc = self.docs[kind]
        self.problems.append(Problem(doc.file, doc.line(path), format_path(path), message))


def cross_problems(
    case: model.Case, docs: dict[str, YamlDocument], skip: frozenset[str] = frozenset()
) -> list[Problem]:
    """The cross-file problems; a rule that reads a file kind in `skip` (it failed) is not run."""
    report = _Reporter(docs)

    def ok(*kinds: str) -> bool:
        return not skip.intersection(kinds)

    partners = {p.id: p for p in case.partners}
    areas = {a.id for a in case.priority_areas}
    goal_ids = {g.id for g in case.goals} | {s.id for g in case.goals for s in g.subgoals}

    def partner_ref(kind: str, path: tuple, partner_id: str | None) -> model.Partner | None:
        if partner_id is None:
            if len(partners) == 1:
                return next(iter(partners.values()))
            if len(partners) > 1:
                report.add(kind, path, f"ange partner ({', '.join(partners)}) när ärendet har flera partner")
            return None
        if partner_id not in partners:
            known = ", ".join(partners) or "inga partner i partners.yaml"
            report.add(kind, path + ("partner",), f"partnern '{partner_id}' finns inte ({known})")
            return None
        return partners[partner_id]

    for i, partner in enumerate(case.partners if ok("partners", "goals") else []):
        for j, area in enumerate(partner.priority_areas):
            if area not in areas:
                report.add("partners", ("partners", i, "priority_areas", j),
                           f"det prioriterade området '{area}' finns inte i goals.yaml")

    for i, goal in enumerate(case.goals):
        if goal.partner is not None and goal.partner not in partners and ok("partners"):
            report.add("goals", ("goals", i, "partner"), f"partnern '{goal.partner}' finns inte i partners.yaml")
        if goal.priority_area is not None and goal.priority_area not in areas:
            report.add("goals", ("goals", i, "priority_area"),
                       f"det prioriterade området '{goal.priority_area}' finns inte")

    for i, indicator in enumerate(case.indicators):
        path = ("indicators", i)
        if indicator.goal not in goal_ids and ok("goals"):
            report.add("indicators", path + ("goal",), f"målet '{indicator.goal}' finns inte i goals.yaml")
        if not ok("partners"):
            continue
        partner = partner_ref("indicators", path, indicator.partner)
        agreement = partner.agreement if partner else None
        if agreement is None:
            continue
        for field in ("targets", "outcomes"):
            for period in getattr(indicator, field):
                if period not in agreement.periods:
                    report.add("indicators", path + (field, period),
                               f"perioden {period} ligger utanför överenskommelsen "
                               f"({agreement.start.isoformat()}–{agreement.end.isoformat()})")

    seen: set[tuple] = set()
    for i, follow_up in enumerate(case.follow_ups if ok("partners") else []):
        path = ("follow_ups", i)
        partner = partner_ref("indicators", path, follow_up.partner)
        key = (partner.id if partner else follow_up.partner, follow_up.period)
        if key in seen:
            report.add("indicators", path + ("period",), f"perioden {follow_up.period} följs upp två gånger")
        seen.add(key)
        if partner and partner.agreement and follow_up.period not in partner.agreement.periods:
            report.add("indicators", path + ("period",),
                       f"perioden {follow_up.period} ligger utanför överenskommelsen "
                       f"({partner.agreement.start.isoformat()}–{partner.agreement.end.isoformat()})")

    attachments = case.meta.attachments if ok("case", "partners", "indicators") else []
    for i, attachment in enumerate(attachments):
        path = ("attachments", i)
        if attachment.form is None:
            continue
        partner = partner_ref("case", path, attachment.partner)
        if attachment.form is model.GeneratedForm.assessment and partner and partner.assessment is None:
            report.add("case", path, f"partnern '{partner.id}' har ingen bedömning i partners.yaml")
        if attachment.form is model.GeneratedForm.follow_up:
            if attachment.period is None:
                report.add("case", path, "ange period för uppföljningsblanketten")
            elif partner and (partner.id, attachment.period) not in seen and (None, attachment.period) not in seen:
                report.add("case", path + ("period",), f"det finns ingen uppföljning för {attachment.period}")
    return report.problems
