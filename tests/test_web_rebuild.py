"""`iopdocs serve` rebuilds a saved case through one warm engine kept for the app's life."""

from __future__ import annotations

from pathlib import Path

import pytest
from casefolder import make_project
from test_engine import living_in_groups
from webclient import TestClient  # imported there without httpx's deprecation notice

from iopdocs.documents.build import build
from iopdocs.pdf.engine import engine_available
from iopdocs.project import Project
from iopdocs.web.app import create_app
from iopdocs.web.rebuild import Rebuilder

pytestmark = pytest.mark.skipif(not engine_available(), reason="LibreOffice or python3-uno is missing")


def edit_title(root: Path, title: str) -> None:
    path = root / "cases" / "x" / "case.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle: ") + 1
    path.write_text(text[:start] + f"title: {title}\n" + text[text.index("\n", start) + 1:], encoding="utf-8")


def test_a_warm_rebuild_gives_the_bytes_of_an_ordinary_build_and_leaves_nothing_running(tmp_path: Path):
    warm_root = make_project(tmp_path / "warm", "rk-2023-17")
    cold_root = make_project(tmp_path / "cold", "rk-2023-17")
    rebuilder = Rebuilder(warm=True)
    try:
        for title in ("Första rubriken", "Andra rubriken"):  # the second save finds the engine warm
            edit_title(warm_root, title)
            result = rebuilder.rebuild(Project(warm_root), "x")
            assert result.ok, result.errors
        groups = [i.pid for i in rebuilder.engine.instances]
    finally:
        rebuilder.close()
    assert not living_in_groups(groups)
    edit_title(cold_root, "Andra rubriken")
    assert build(Project(cold_root), ("x",), pdf=True).ok
    for name in ("tjansteutlatande.docx", "tjansteutlatande.pdf"):
        assert (warm_root / "build/x" / name).read_bytes() == (cold_root / "build/x" / name).read_bytes(), name


def test_the_app_starts_its_engine_with_itself_and_stops_it_with_itself(tmp_path: Path, monkeypatch):
    made: list[Rebuilder] = []

    class Recorded(Rebuilder):
        def __init__(self, warm: bool = False):
            super().__init__(warm)
            made.append(self)

    monkeypatch.setattr("iopdocs.web.app.Rebuilder", Recorded)
    root = make_project(tmp_path, "rk-2023-17")
    with TestClient(create_app(Project(root), warm=True)) as client:
        assert client.get("/").status_code == 200
        [rebuilder] = made
        assert rebuilder.rebuild(Project(root), "x").ok
        groups = [i.pid for i in rebuilder.engine.instances]
    assert rebuilder.engine is None
    assert not living_in_groups(groups)


def test_the_route_tests_app_builds_the_ordinary_way(tmp_path: Path):
    root = make_project(tmp_path, "rk-2023-17")
    rebuilder = Rebuilder()
    assert rebuilder.rebuild(Project(root), "x").ok
    assert rebuilder.engine is None
