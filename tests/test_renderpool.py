"""Rendering many cases in parallel gives what rendering them one by one gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from templatefiles import TEMPLATES

from iopdocs.documents import renderpool
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent


def project_with(tmp_path: Path, broken: bool = False) -> Project:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    if broken:
        path = tmp_path / "cases" / "rk-2023-17" / "case.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("date: 2023-02-16", "date: 2023-02-30"), encoding="utf-8")
    return Project(tmp_path)


def test_parallel_rendering_gives_the_same_documents_in_the_same_order(tmp_path: Path, monkeypatch):
    project = project_with(tmp_path)
    folders = project.case_dirs()
    parallel = list(renderpool.render_folders(project, folders))
    monkeypatch.setattr(renderpool, "available_cores", lambda: 1)
    sequential = list(renderpool.render_folders(project, folders))
    assert [o.folder for o in parallel] == folders
    assert [[(d.name, d.data) for d in o.documents] for o in parallel] == [
        [(d.name, d.data) for d in o.documents] for o in sequential
    ]


def test_an_invalid_case_comes_back_as_its_located_problems(tmp_path: Path):
    project = project_with(tmp_path, broken=True)
    outcomes = {o.folder.name: o for o in renderpool.render_folders(project, project.case_dirs())}
    assert outcomes["exempel-iop"].error is None and outcomes["exempel-iop"].documents
    error = outcomes["rk-2023-17"].user_error()
    assert "cases/rk-2023-17/case.yaml:5: date: datumet 2023-02-30 finns inte" in str(error)
