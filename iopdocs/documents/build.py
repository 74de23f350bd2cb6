"""`iopdocs build`: cases → .docx (and PDF) in build/<case>/, skipping unchanged cases.

The flow: find cases → skip those whose inputs hash as in the last build → load and
validate → render every document → write the .docx files → convert all PDFs of the
whole build in one LibreOffice run → record what was built.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection

from ..case.load import load_profile
from ..errors import UserError
from ..fsutil import write_atomic, write_if_changed
from ..project import Project
from .fingerprint import build_key, environment_key, profile_template_items
from .renderpool import Outcome, render_folders

MANIFEST = ".iopdocs-build.json"
BLANK_DIR = "mallar"
ENGINE_ENV = "IOPDOCS_ENGINE"  # "0": convert with one soffice --convert-to run per build, as before


@dataclass
class BuildResult:
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    converted: list[Path] = field(default_factory=list)  # PDFs made by this build (not kept as they were)
    changed: list[Path] = field(default_factory=list)  # .docx files whose bytes this build changed
    errors: list[UserError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Planned:
    folder: Path
    out_dir: Path
    key: str
    files: list[str]
    environment: str = ""


Progress = Callable[[str, int, int], None]
Converter = Callable[[list], None]  # export.convert, or a warm pdf.engine.Engine's convert


def build(
    project: Project,
    names: tuple[str, ...] = (),
    *,
    pdf: bool = True,
    force: bool = False,
    progress: Progress | None = None,
    convert: Converter | None = None,
    skip: Collection[str] = (),
) -> BuildResult:
    """Build the named cases (all when none); a failing case never stops the others.

    `convert` turns PdfJobs into PDFs (`iopdocs watch` passes its warm engine's). By
    default LibreOffice is started (pdf.engine) while the cases render, so its start-up
    is hidden behind the rendering; without python3-uno, or with IOPDOCS_ENGINE=0,
    export.convert starts it after. A document whose .docx came out as in the last
    complete build keeps its PDF.
    """
    if pdf:
        _require_soffice()
    result = BuildResult()
    folders = [f for f in project.case_dirs(list(names)) if f.name not in skip]  # skip: stopped by the caller
    keys: dict[Path, str] = {}
    environment = environment_key(project.templates_dir)
    for index, folder in enumerate(folders, start=1):
        key = build_key(folder, project.profiles_dir, project.templates_dir, environment)
        if not force and _up_to_date(_out_dir(project, folder), key, pdf):
            result.skipped.append(folder.name)
            _tick(progress, f"oförändrat: {folder.name}", index, len(folders))
        else:
            keys[folder] = key
    engine = _early_engine(len(keys)) if pdf and convert is None and keys else None
    try:
        _build_cases(project, keys, environment, result, pdf, force, progress, engine.convert if engine else convert)
    finally:
        if engine is not None:
            engine.close()
    return result


def _early_engine(cases: int):
    """A warm engine started now, for the PDFs of `cases` cases, or None to convert the old way."""
    import os

    from ..pdf.engine import Engine, engine_available
    from ..pdf.export import default_workers

    if os.environ.get(ENGINE_ENV, "1") == "0" or not engine_available():
        return None
    return Engine(instances=default_workers(4 * cases))


def _build_cases(project, keys, environment, result, pdf, force, progress, convert) -> None:
    """Render the cases in `keys`, write their files, convert the PDFs, record the manifests."""
    folders_total = len(result.skipped) + len(keys)
    planned: list[_Planned] = []
    jobs: list = []
    done = len(result.skipped)

    def tick(folder: Path) -> None:
        nonlocal done
        done += 1
        _tick(progress, f"bygger {folder.name}", done, folders_total)

    for outcome in render_folders(project, list(keys), tick):
        if outcome.error is not None:
            result.errors.append(outcome.user_error())
            continue
        out_dir = _out_dir(project, outcome.folder)
        reuse = pdf and not force and _reusable_pdfs(out_dir, environment)
        _write_documents(outcome, out_dir, pdf, result, jobs, reuse)
        files = [d.name for d in outcome.documents]
        planned.append(_Planned(outcome.folder, out_dir, keys[outcome.folder], files, environment))
    failed_pdfs = _convert(jobs, result, progress, convert) if jobs else set()
    for plan in planned:
        case_failed = any(p.parent == plan.out_dir for p in failed_pdfs)
        _record(plan, pdf, complete=not case_failed)
        result.built.append(plan.folder.name)


def _out_dir(project: Project, folder: Path) -> Path:
    return project.build_dir / folder.resolve().name


def _write_documents(outcome: Outcome, out_dir: Path, pdf: bool, result: BuildResult, jobs: list,
                     reuse: bool = False) -> None:
    """Write one case's .docx files and queue the PDFs that must be made anew."""
    from ..pdf.export import PdfJob

    for document in outcome.documents:
        target = out_dir / f"{document.name}.docx"
        changed = write_if_changed(target, document.data)
        result.written.append(target)
        if changed:
            result.changed.append(target)
        if pdf and (changed or not reuse or not target.with_suffix(".pdf").is_file()):
            jobs.append(PdfJob(docx=target, pdf=target.with_suffix(".pdf"), meta=document.meta))
        elif pdf:
            result.written.append(target.with_suffix(".pdf"))


def _reusable_pdfs(out_dir: Path, environment: str) -> bool:
    """Whether the PDFs beside unchanged .docx files are still right: the last build of the
    case finished every PDF with the same templates, code and libraries."""
    manifest = _read_manifest(out_dir)
    return bool(manifest.get("complete") and manifest.get("pdf") and manifest.get("environment") == environment)


@dataclass
class BlankResult:
    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # folders whose forms had not changed


def build_blank_forms(project: Project, *, pdf: bool = True, profile: str | None = None,
                      force: bool = False, skip: Collection[str | None] = ()) -> BlankResult:
    """The empty assessment and follow-up forms (mallar) of every profile, or of `profile`,
    each in build/mallar/<profil>/ with that administration's name and address, through
    the profile's own templates where it has them (neutral forms in build/mallar/ when the
    project has no profile). Unchanged forms are not rebuilt."""
    from ..pdf.export import PdfJob
    from .render import render_blank_forms

    if pdf:
        _require_soffice()
    result = BlankResult()
    environment = environment_key(project.templates_dir)
    planned, jobs = [], []
    for name in [n for n in blank_profiles(project, profile) if n not in skip]:
        out_dir = project.build_dir / BLANK_DIR / (name or "")
        key = _blank_key(project, name, environment)
        if not force and _up_to_date(out_dir, key, pdf):
            result.skipped.append(out_dir)
            continue
        chosen = load_profile(project, name) if name else None
        documents = render_blank_forms(project.templates_dir, chosen, name)
        for document in documents:
            target = out_dir / f"{document.name}.docx"
            write_if_changed(target, document.data)
            result.written.append(target)
            if pdf:
                jobs.append(PdfJob(docx=target, pdf=target.with_suffix(".pdf"), meta=document.meta))
        planned.append(_Planned(out_dir, out_dir, key, [d.name for d in documents]))
    build_result = BuildResult()
    failed = _convert(jobs, build_result, None) if jobs else set()
    result.written += build_result.written
    for plan in planned:
        _record(plan, pdf, complete=not any(p.parent == plan.out_dir for p in failed))
    if build_result.errors:
        raise build_result.errors[0]
    return result


def blank_profiles(project: Project, name: str | None) -> list[str | None]:
    """The profiles to make blank forms for: the named one, else all of them (None: no profile)."""
    if name is not None:
        return [name]  # an unknown one is a Swedish error when it is loaded
    folder = project.profiles_dir
    names = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
    return names or [None]


def _blank_key(project: Project, name: str | None, environment: str) -> str:
    """What a profile's blank forms depend on: the profile file, its own templates, the
    shared templates and iopdocs."""
    digest = hashlib.sha256(f"blank\0{name or ''}\0{environment}\0".encode("utf-8"))
    path = project.profiles_dir / f"{name}.yaml"
    if name and path.is_file():
        digest.update(path.read_bytes())
    for file, data in profile_template_items(project.templates_dir, name):
        digest.update(f"\0{file}\0{len(data)}\0".encode("utf-8") + data)
    return digest.hexdigest()


def _require_soffice() -> None:
    from ..pdf.export import soffice_available

    if not soffice_available():
        raise UserError(
            "LibreOffice saknas, så PDF kan inte skapas. Kör 'make' (som installerar det), "
            "installera paketen libreoffice-writer-nogui och fonts-liberation, "
            "eller bygg bara Word-filer med 'iopdocs build --no-pdf'."
        )


def _convert(jobs: list, result: BuildResult, progress: Progress | None, convert: Converter | None = None) -> set[Path]:
    """Convert every PDF of the build at once; returns the PDFs that failed."""
    from ..pdf import export

    def tick(done: int, total: int) -> None:
        _tick(progress, "PDF", done, total)

    started = time.time_ns()
    try:
        if convert is None:
            export.convert(jobs, progress=tick)
        else:
            convert(jobs)
    except UserError as exc:
        result.errors.append(exc)
        failed = {job.pdf for job in jobs if not _written_since(job.pdf, started)}
        made = [job.pdf for job in jobs if job.pdf not in failed]
        result.written += made
        result.converted += made
        return failed
    result.written += [job.pdf for job in jobs]
    result.converted += [job.pdf for job in jobs]
    return set()


def _written_since(path: Path, started_ns: int) -> bool:
    return path.is_file() and path.stat().st_mtime_ns >= started_ns


def _up_to_date(out_dir: Path, key: str, pdf: bool) -> bool:
    manifest = _read_manifest(out_dir)
    if manifest.get("key") != key or not manifest.get("complete") or (pdf and not manifest.get("pdf")):
        return False
    suffixes = (".docx", ".pdf") if pdf else (".docx",)
    return all((out_dir / f"{name}{s}").is_file() for name in manifest.get("files", []) for s in suffixes)


def _read_manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _record(plan: _Planned, pdf: bool, complete: bool) -> None:
    """Write the manifest and remove documents an earlier build made that are gone now."""
    old = _read_manifest(plan.out_dir)
    for name in set(old.get("files", [])) - set(plan.files):
        for suffix in (".docx", ".pdf"):
            (plan.out_dir / f"{name}{suffix}").unlink(missing_ok=True)
    manifest = {"key": plan.key, "pdf": pdf, "complete": complete, "files": sorted(plan.files),
                "environment": plan.environment}
    write_atomic(plan.out_dir / MANIFEST, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


def _tick(progress: Progress | None, label: str, done: int, total: int) -> None:
    if progress is not None:
        progress(label, done, total)
