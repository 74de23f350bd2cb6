"""`make bench`, iopdocs serve: a save from the form (validate as check, write only what
changed, commit) and the rebuild that refreshes the preview, for a statement-only case,
through the warm engine that `iopdocs serve` keeps (as the app does)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path

from iopdocs.project import Project
from iopdocs.web.rebuild import Rebuilder
from iopdocs.web.save import read_version, save_file
from iopdocs.web.yamledit import RoundTrip, plain

ROOT = Path(__file__).resolve().parent.parent


def bench_web(tmp: Path, rounds: int) -> None:
    root = tmp / "web"
    shutil.copytree(ROOT / "templates", root / "templates")
    shutil.copytree(ROOT / "cases" / "rk-2023-17", root / "cases" / "x")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.se"]
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "."], cwd=root, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "start"], cwd=root, check=True)
    project = Project(root)
    rebuilder = Rebuilder(warm=True)
    try:
        _rounds(root, project, rebuilder, rounds)
    finally:
        rebuilder.close()


def _rounds(root: Path, project: Project, rebuilder: Rebuilder, rounds: int) -> None:
    rebuilder.rebuild(project, "x")  # the engine starts with the app, before the first save
    saves, rebuilds = [], []
    for i in range(rounds):
        path = root / "cases" / "x" / "case.yaml"
        version, raw = read_version(path)
        data = plain(RoundTrip(raw.decode("utf-8"), "case.yaml").data)
        data["title"] = f"Yttrande, version {i}"
        start = time.perf_counter()
        saved = save_file(project, "x", "case", version, data, None)
        middle = time.perf_counter()
        result = rebuilder.rebuild(project, "x")
        end = time.perf_counter()
        assert saved.written and result.ok, (saved, result.errors)
        saves.append(middle - start)
        rebuilds.append(end - middle)
    print(f"serve:   spara från formuläret {statistics.median(saves):.2f} s, bygga om tjänsteutlåtandet "
          f"{statistics.median(rebuilds):.2f} s (median av {rounds}; mål för båda tillsammans ≤ 1 s)")
