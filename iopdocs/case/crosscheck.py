"""Rules that span files: references between files, and periods inside the agreement."""

from __future__ import annotations

from pathlib import Path

from .. import model
from ..errors import Problem
from ..project import Project
from .yamlfile import YamlDocument, YamlError, format_path, read


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

    if ok("case"):
        _statement_rules(case, report)
    if ok("partners"):
        _same_orgnr_rules(case, report)

    attachments = case.meta.attachments if ok("case", "partners", "indicators") else []
    for i, attachment in enumerate(attachments):
        path = ("attachments", i)
        if attachment.form is None or attachment.blank:  # a blank form needs no partner or period
            continue
        if not partners:
            report.add("case", path + ("form",), f"ärendet har inga partner i partners.yaml, så det finns ingen "
                       f"ifylld {_FORM_NOUNS[attachment.form]} att bifoga; skriv blank: true för den tomma blanketten")
            continue
        partner = partner_ref("case", path, attachment.partner)
        if attachment.form is model.GeneratedForm.assessment and partner and partner.assessment is None:
            report.add("case", path, f"partnern '{partner.id}' har ingen bedömning i partners.yaml")
        if attachment.form is model.GeneratedForm.agreement and partner and partner.agreement is None:
            report.add("case", path, f"partnern '{partner.id}' har ingen överenskommelse (agreement) i partners.yaml")
        if attachment.form is model.GeneratedForm.follow_up:
            followed = {(partner.id if partner else None, attachment.period), (None, attachment.period)}
            if partner and not followed & seen:
                report.add("case", path + ("period",), f"det finns ingen uppföljning för {attachment.period}")
    return report.problems


_FORM_NOUNS = {
    model.GeneratedForm.assessment: "bedömning",
    model.GeneratedForm.follow_up: "uppföljning",
    model.GeneratedForm.agreement: "överenskommelse",
}


def _statement_rules(case: model.Case, report: _Reporter) -> None:
    """case.yaml against its meeting and its profile."""
    meta = case.meta
    if meta.meeting is not None and meta.date > meta.meeting:
        report.add("case", ("date",), f"tjänsteutlåtandet är daterat {meta.date.isoformat()}, efter sammanträdet "
                                      f"det ska upp på ({meta.meeting.isoformat()}, meeting)")
    departments = case.profile.departments if case.profile is not None else []
    if meta.department is not None and departments and meta.department not in departments:
        close = [d for d in departments if d.casefold() == meta.department.casefold()]
        hint = f"menade du '{close[0]}'?" if close else f"profilens avdelningar: {'; '.join(departments)}"
        report.add("case", ("department",), f"avdelningen '{meta.department}' finns inte i profilen {meta.profile}; {hint}")


def same_name(a: str, b: str) -> bool:
    """Two spellings of one organisation's name: case and spacing do not count."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _same_orgnr_rules(case: model.Case, report: _Reporter) -> None:
    """One organisation number under two names in partners.yaml: one of them is wrong."""
    first: dict[str, int] = {}
    for i, partner in enumerate(case.partners):
        if partner.orgnr is None:
            continue
        j = first.setdefault(partner.orgnr, i)
        other = case.partners[j]
        if j != i and not same_name(other.name, partner.name):
            line = report.docs["partners"].line(("partners", j, "orgnr"))
            report.add("partners", ("partners", i, "orgnr"),
                       f"organisationsnumret {partner.orgnr} står också för '{other.name}' "
                       f"(partners[{j}], rad {line}); samma organisation kan inte heta både "
                       f"'{other.name}' och '{partner.name}'")


def names_of_one_orgnr(project: Project, cases: list[model.Case]) -> list[Problem]:
    """Partners in different cases with one organisation number and different names, each
    located in its partners.yaml and naming the other place."""
    places: dict[str, list[tuple[model.Case, int, model.Partner]]] = {}
    for case in cases:
        for i, partner in enumerate(case.partners):
            if partner.orgnr is not None:
                places.setdefault(partner.orgnr, []).append((case, i, partner))
    problems = []
    for orgnr, found in places.items():
        for case, i, partner in found:
            others = [(c, j, p) for c, j, p in found if c.id != case.id and not same_name(p.name, partner.name)]
            if not others:
                continue
            here = _partners_place(project, case, i)
            there = "; ".join(f"i {_where(_partners_place(project, c, j))} heter det '{p.name}'" for c, j, p in others)
            problems.append(Problem(here[0], here[1], f"partners[{i}].orgnr",
                                    f"organisationsnumret {orgnr} heter här '{partner.name}', men {there}; "
                                    "rätta namnet eller numret så att de stämmer"))
    return problems


def _partners_place(project: Project, case: model.Case, index: int) -> tuple[str, int | None]:
    """partners.yaml of the case and the line of partner `index`'s orgnr."""
    path = Path(case.folder) / "partners.yaml"
    display = project.display(path)
    try:
        return display, read(path, display).line(("partners", index, "orgnr"))
    except YamlError:
        return display, None


def _where(place: tuple[str, int | None]) -> str:
    return place[0] if place[1] is None else f"{place[0]}:{place[1]}"
