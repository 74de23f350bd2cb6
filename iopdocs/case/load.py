"""Case folder → validated Case, with every problem located by file, line and field."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model
from ..errors import CaseError, Problem, UserError
from ..project import Project, is_yaml
from ..text import did_you_mean
from .agreementfacts import agreement_problems  # the facts a proposed agreement must state
from .crosscheck import cross_problems
from .gate import (
    gate_problems,  # no proposal to enter an agreement on an incomplete assessment
)
from .messages import pydantic_problems
from .yamlfile import YamlDocument, YamlError, format_path, read

MAX_PROBLEMS_PER_FILE = 50  # beyond this a file is garbage, and the rest is noise


def load_case(project: Project, folder: Path) -> model.Case:
    """Read and validate one case folder; raises CaseError with all its problems.

    Every file's problems come in one run: a file that fails does not hide the problems of
    the others, nor the rules that only need the files that did validate (the profile is
    looked up from case.yaml's `profile:` even when another field of case.yaml is wrong)."""
    case_id = folder.resolve().name
    problems: list[Problem] = []
    parts: dict[str, BaseModel] = {}
    docs: dict[str, YamlDocument] = {}
    failed: set[str] = set()
    for kind in model.CASE_FILES:
        path = folder / f"{kind}.yaml"
        if not os.path.lexists(path):  # a dangling link or a FIFO is there: read() says what it is
            if kind == "case":
                failed.add(kind)
                problems.append(Problem(project.display(path), None, "", "filen saknas" + _misnamed(folder, kind)))
            continue
        boundary = _boundary(project, folder)
        doc, part = _validate(path, project.display(path), model.FILE_MODELS[kind], problems, boundary)
        if doc is not None:
            docs[kind] = doc
        if part is None:
            failed.add(kind)
        else:
            parts[kind] = part
    unknown, guessed = _unknown_files(project, folder)
    problems += unknown
    failed |= guessed  # partners.yml is there: its partners are not missing, they are misfiled
    profile = _load_profile(project, docs["case"], parts.get("case"), problems) if "case" in docs else None
    if problems:
        # Report the cross-file problems that the files which did validate already show.
        partial = _case(case_id, folder, parts, profile, complete=False)
        problems += cross_problems(partial, docs, skip=frozenset(failed))
        if profile is not None and not failed.intersection(("case", "partners")):
            problems += gate_problems(partial, docs)
        raise CaseError(case_id, problems)
    case = _case(case_id, folder, parts, profile, complete=True)
    problems = cross_problems(case, docs) + gate_problems(case, docs) + agreement_problems(case, docs)
    if problems:
        raise CaseError(case_id, problems)
    return case


def _boundary(project: Project, folder: Path) -> Path:
    """Where a case file's symbolic link may lead: the project, or for a case folder given
    by a path outside it (or linked in from elsewhere as a whole), the folder itself."""
    own = folder.resolve()
    return project.root if own.is_relative_to(project.root) else own


def _case(
    case_id: str, folder: Path, parts: dict[str, BaseModel], profile: model.Profile | None, complete: bool
) -> model.Case:
    """The Case that joins the file models; a file that is absent contributes its defaults.
    When a file failed (not `complete`) the case is assembled without validation, so that
    the cross-file rules can still read the parts that did validate."""
    goals = parts.get("goals", model.GoalsFile())
    indicators = parts.get("indicators", model.IndicatorsFile())
    fields = dict(
        id=case_id,
        folder=str(folder.resolve()),
        meta=parts.get("case"),
        profile=profile,
        background=parts.get("background", model.BackgroundFile()),
        partners=parts.get("partners", model.PartnersFile()).partners,
        priority_areas=goals.priority_areas,
        goals=goals.goals,
        indicators=indicators.indicators,
        follow_ups=indicators.follow_ups,
    )
    return model.Case(**fields) if complete else model.Case.model_construct(**fields)


def _validate(
    path: Path, display: str, schema: type[BaseModel], problems: list[Problem], root: Path
) -> tuple[YamlDocument | None, BaseModel | None]:
    """The file's document (None when it is not a YAML mapping) and model (None when it
    does not validate)."""
    try:
        doc = read(path, display, within=root)
    except YamlError as exc:
        problems.append(exc.problem)
        return None, None
    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "", "filen ska innehålla nycklar och värden (en YAML-mappning)"))
        return None, None
    try:
        return doc, schema.model_validate(data)
    except ValidationError as exc:
        found = pydantic_problems(exc, doc, schema)
        if len(found) > MAX_PROBLEMS_PER_FILE:
            found = sorted(found, key=lambda p: (p.line or 0, p.field))
            rest = found[MAX_PROBLEMS_PER_FILE:]
            found = found[:MAX_PROBLEMS_PER_FILE]
            found.append(Problem(display, rest[0].line, "", f"och {len(rest)} fel till från den här raden"))
        problems.extend(found)
        return doc, None


def _misnamed(folder: Path, kind: str) -> str:
    """A hint when the file is there under a near name (case.yml, Case.yaml)."""
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if is_yaml(path) and path.stem.lower() == kind and path.name != f"{kind}.yaml":
            return f" (det finns {path.name}; byt namn till {kind}.yaml)"
    return ""


def _unknown_files(project: Project, folder: Path) -> tuple[list[Problem], set[str]]:
    """YAML files that no one reads (most likely a misspelt name, whose content would be
    lost), and the kinds they were probably meant to be."""
    known = list(model.CASE_FILE_NAMES)
    problems, guessed = [], set()
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not is_yaml(path) or path.name in known:
            continue
        close = difflib.get_close_matches(path.name.lower(), known, n=1, cutoff=0.6)
        if path.stem.lower() in model.CASE_FILES:
            close = [f"{path.stem.lower()}.yaml"]
        if close:
            guessed.add(close[0].removesuffix(".yaml"))
        if path.stem.lower() == "case":
            continue  # load_case says so where case.yaml is missing
        hint = f"byt namn till {close[0]}" if close else f"ärendets filer heter {', '.join(known)}"
        problems.append(Problem(project.display(path), None, "", f"okänd fil som inte läses; {hint}"))
    return problems, guessed


def _load_profile(
    project: Project, case_doc: YamlDocument, meta: model.CaseFile | None, problems: list[Problem]
) -> model.Profile | None:
    """The case's profile with its overrides. When case.yaml did not validate (`meta` is
    None) the profile it names is still looked up and checked, without the overrides, so
    that a wrong profile name is reported together with the other errors."""
    raw = case_doc.data if isinstance(case_doc.data, dict) else {}
    name = meta.profile if meta is not None else raw.get("profile")
    if not isinstance(name, str) or not name.strip():
        return None  # case.yaml's own validation has said so
    name = name.strip()
    path = project.profiles_dir / f"{name}.yaml"
    if "/" in name or "\\" in name or name.startswith(".") or not os.path.lexists(path):
        known = sorted(p.stem for p in project.profiles_dir.glob("*.yaml")) if project.profiles_dir.is_dir() else []
        close = did_you_mean(name, known, cutoff=0.5)
        hint = f"; {close}" if close else ""
        hint += f" Profiler i {project.display(project.profiles_dir)}: {', '.join(known)}." if known else ""
        problems.append(
            Problem(case_doc.file, case_doc.line(("profile",)), "profile", f"profilen '{name}' finns inte{hint}")
        )
        return None
    display = project.display(path)
    try:
        doc = read(path, display, within=project.root)
    except YamlError as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, "", "filen ska innehålla nycklar och värden (en YAML-mappning)"))
        return None
    overridden = meta.overrides.model_dump(exclude_none=True) if meta is not None else {}
    merged = {**doc.data, **overridden}
    clauses = doc.data.get("agreement_clauses")
    if isinstance(clauses, dict) and "agreement_clauses" in overridden:
        # One clause overridden in case.yaml leaves the profile's other clauses in place.
        merged["agreement_clauses"] = {**clauses, **overridden["agreement_clauses"]}
    try:
        return model.Profile.model_validate(merged)
    except ValidationError as exc:
        # An overridden field's error belongs to case.yaml's overrides, not to the profile.
        in_profile = pydantic_problems(exc, doc, model.Profile)
        in_case = pydantic_problems(exc, case_doc, model.Profile, prefix=("overrides",))
        for error, here, there in zip(exc.errors(), in_profile, in_case):
            problems.append(there if error["loc"] and error["loc"][0] in overridden else here)
        return None


def load_profile(project: Project, name: str) -> model.Profile:
    """A profile on its own (for blank forms and lint)."""
    path = project.profiles_dir / f"{name}.yaml"
    problems: list[Problem] = []
    if not os.path.lexists(path):
        known = sorted(p.stem for p in project.profiles_dir.glob("*.yaml")) if project.profiles_dir.is_dir() else []
        hint = f" Finns: {', '.join(known)}." if known else ""
        raise UserError(f"Profilen '{name}' finns inte ({project.display(path)}).{hint}")
    try:
        doc = read(path, project.display(path), within=project.root)
        profile = model.Profile.model_validate(doc.data)
    except YamlError as exc:
        raise UserError("Profilen kan inte läsas:", [exc.problem]) from None
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, model.Profile))
        raise UserError(f"Profilen {name} har fel:", problems) from None
    return profile


__all__ = ["Project", "load_case", "load_profile", "format_path"]
