"""Case folder → validated Case, with every problem located by file, line and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .errors import CaseError, Problem, UserError
from .messages import pydantic_problems
from .yamlfile import YamlDocument, YamlError, format_path, read

CASE_FILES = ("case", "background", "partners", "goals", "indicators")


class Project:
    """Where cases, templates and profiles live: the project root."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.cases_dir = self.root / "cases"
        self.templates_dir = self.root / "templates"
        self.profiles_dir = self.templates_dir / "profiles"
        self.build_dir = self.root / "build"

    def display(self, path: Path) -> str:
        """A path as the user should read it: relative to the root where possible."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def case_dirs(self, names: list[str] | tuple[str, ...] = ()) -> list[Path]:
        """The case folders named (a path or a name under cases/), or all of them."""
        if not names:
            if not self.cases_dir.is_dir():
                raise UserError(f"Mappen {self.display(self.cases_dir)} finns inte.")
            return sorted(p for p in self.cases_dir.iterdir() if (p / "case.yaml").is_file())
        folders = []
        for name in names:
            candidate = Path(name)
            folder = candidate if (candidate / "case.yaml").is_file() else self.cases_dir / name
            if not (folder / "case.yaml").is_file():
                raise UserError(f"Ärendet '{name}' finns inte: ingen case.yaml i {self.display(folder)}.")
            folders.append(folder)
        return folders


def load_case(project: Project, folder: Path) -> model.Case:
    """Read and validate one case folder; raises CaseError with all its problems."""
    case_id = folder.resolve().name
    problems: list[Problem] = []
    parts: dict[str, BaseModel] = {}
    docs: dict[str, YamlDocument] = {}
    for kind in CASE_FILES:
        path = folder / f"{kind}.yaml"
        if not path.is_file():
            if kind == "case":
                problems.append(Problem(project.display(path), None, "", "filen saknas"))
            continue
        parsed = _validate(path, project.display(path), model.FILE_MODELS[kind], problems)
        if parsed is not None:
            docs[kind], parts[kind] = parsed
    profile = None
    if "case" in parts:
        profile = _load_profile(project, parts["case"], docs["case"], problems)
    if problems:
        raise CaseError(case_id, problems)
    meta: model.CaseFile = parts["case"]  # type: ignore[assignment]
    partners_file = parts.get("partners", model.PartnersFile())
    goals_file = parts.get("goals", model.GoalsFile())
    indicators_file = parts.get("indicators", model.IndicatorsFile())
    case = model.Case(
        id=case_id,
        folder=str(folder.resolve()),
        meta=meta,
        profile=profile,
        background=parts.get("background", model.BackgroundFile()),
        partners=partners_file.partners,
        priority_areas=goals_file.priority_areas,
        goals=goals_file.goals,
        indicators=indicators_file.indicators,
        follow_ups=indicators_file.follow_ups,
    )
    from .crosscheck import cross_problems  # cross-file rules need the whole case

    problems = cross_problems(case, docs)
    from .gate import gate_problems  # no proposal to enter an agreement on an incomplete assessment

    problems += gate_problems(case, docs)
    if problems:
        raise CaseError(case_id, problems)
    return case


def _validate(
    path: Path, display: str, schema: type[BaseModel], problems: list[Problem]
) -> tuple[YamlDocument, BaseModel] | None:
    try:
        doc = read(path, display)
    except YamlError as exc:
        problems.append(exc.problem)
        return None
    data: Any = doc.data if doc.data is not None else {}
    if not isinstance(data, dict):
        problems.append(Problem(display, 1, "", "filen ska innehålla nycklar och värden (en YAML-mappning)"))
        return None
    try:
        return doc, schema.model_validate(data)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, schema))
        return None


def _load_profile(
    project: Project, meta: model.CaseFile, case_doc: YamlDocument, problems: list[Problem]
) -> model.Profile | None:
    path = project.profiles_dir / f"{meta.profile}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in project.profiles_dir.glob("*.yaml")) if project.profiles_dir.is_dir() else []
        hint = f" Finns: {', '.join(known)}." if known else ""
        problems.append(
            Problem(case_doc.file, case_doc.line(("profile",)), "profile", f"profilen '{meta.profile}' finns inte.{hint}")
        )
        return None
    display = project.display(path)
    try:
        doc = read(path, display)
    except YamlError as exc:
        problems.append(exc.problem)
        return None
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, "", "filen ska innehålla nycklar och värden (en YAML-mappning)"))
        return None
    merged = dict(doc.data)
    merged.update(meta.overrides.model_dump(exclude_none=True))
    try:
        return model.Profile.model_validate(merged)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, model.Profile))
        return None


def load_profile(project: Project, name: str) -> model.Profile:
    """A profile on its own (for blank forms and lint)."""
    path = project.profiles_dir / f"{name}.yaml"
    problems: list[Problem] = []
    try:
        doc = read(path, project.display(path))
        profile = model.Profile.model_validate(doc.data)
    except YamlError as exc:
        raise UserError("Profilen kan inte läsas:", [exc.problem]) from None
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, doc, model.Profile))
        raise UserError(f"Profilen {name} har fel:", problems) from None
    return profile


__all__ = ["Project", "load_case", "load_profile", "format_path"]
