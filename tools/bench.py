"""`make bench`: how fast checking, rendering, PDF conversion and the packet are.

Every number is measured in one run on generated copies of the example case, in a
temporary project, so that the ratios compare like with like on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import bench_watch  # noqa: E402
from iopdocs.case.load import load_case  # noqa: E402
from iopdocs.documents.build import ENGINE_ENV, build  # noqa: E402
from iopdocs.lint.check import check_cases  # noqa: E402
from iopdocs.project import Project  # noqa: E402

from bench_web import bench_web  # noqa: E402  (tools/, on the path above)

EXAMPLE = ROOT / "cases" / "exempel-iop"


def make_project(folder: Path, copies: int, meeting: dt.date | None = None, example: Path = EXAMPLE) -> Project:
    """A project with `copies` variants of an example case (distinct dnr and title)."""
    shutil.copytree(ROOT / "templates", folder / "templates")
    source = (example / "case.yaml").read_text(encoding="utf-8")
    for i in range(copies):
        case_dir = folder / "cases" / f"{example.name}-{i:04d}"
        shutil.copytree(example, case_dir)
        text = re.sub(r"^dnr: .*$", f"dnr: RK 2023/{1000 + i}", source, count=1, flags=re.M)
        text = text.replace("Exempelärende:", f"Exempelärende {i + 1}:")
        if meeting is not None:
            text = text.replace("meeting: 2023-12-07", f"meeting: {meeting.isoformat()}")
            text = text.replace("agenda_item: 8", f"agenda_item: {i + 4}")  # 1–3 open the meeting
        (case_dir / "case.yaml").write_text(text, encoding="utf-8")
    return Project(folder)


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def bench_check(tmp: Path, cases: int) -> None:
    from bench_check import (
        make_project as make_varied_project,  # varied copies of both cases
    )

    project = make_varied_project(tmp / "check", cases)
    seconds, result = timed(lambda: check_cases(project))
    assert result.ok and len(result.cases) == cases, "bench cases must validate"
    print(f"check:   {cases} ärenden på {seconds:.2f} s ({seconds / cases * 1000:.2f} ms/ärende; mål < 10 s)")


def bench_render(tmp: Path, rounds: int) -> None:
    from iopdocs.documents import render

    project = make_project(tmp / "render", 1)
    case = load_case(project, project.case_dirs()[0])
    documents = render.render_case(case, project.templates_dir)  # warm-up: imports, templates
    seconds, _ = timed(lambda: [render.render_case(case, project.templates_dir) for _ in range(rounds)])
    count = rounds * len(documents)
    print(f"render:  {count} dokument på {seconds:.2f} s ({seconds / count:.3f} s/dokument i snitt; mål < 0,05 s)")
    # Per kind: the follow-up form draws a chart per indicator, the others draw none.
    real_render = render.fill_template
    per_kind: dict[str, list[float]] = {}

    def timed_render(template, *args, **kwargs):
        start = time.perf_counter()
        data = real_render(template, *args, **kwargs)
        per_kind.setdefault(args[0] if args else "?", []).append(time.perf_counter() - start)
        return data

    render.fill_template = timed_render
    try:
        for _ in range(rounds):
            render.render_case(case, project.templates_dir)
    finally:
        render.fill_template = real_render
    charts = len(case.indicators)
    for name, times in sorted(per_kind.items()):
        note = f" (med {charts} diagram)" if name.startswith("uppfoljning") else ""
        print(f"render:    {name}: {sum(times) / len(times):.3f} s/dokument{note}")


def bench_pdf(tmp: Path, cases: int, example: Path = EXAMPLE, label: str = "pdf") -> None:
    project = make_project(tmp / label, cases, example=example)
    fulls, batches = [], []
    for _ in range(3):  # alternating, so both meet the same load; medians
        seconds, result = timed(lambda: build(project, force=True))
        assert result.ok, [str(e) for e in result.errors]
        fulls.append(seconds)
        os.environ[ENGINE_ENV] = "0"
        try:
            batches.append(timed(lambda: build(project, force=True))[0])
        finally:
            del os.environ[ENGINE_ENV]
    full, batch = statistics.median(fulls), statistics.median(batches)
    docx = sorted(project.build_dir.rglob("*.docx"))
    noop, again = timed(lambda: build(project))
    assert not again.built, "an unchanged rebuild must skip every case"
    loop_dir = tmp / f"{label}-loop"
    loop_dir.mkdir()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (tmp / f"{label}-loop-profile").as_uri()

    def per_file_loop() -> None:
        for path in docx:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(loop_dir), str(path)],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )

    loop, _ = timed(per_file_loop)
    n = len(docx)
    print(f"{label}: {n} dokument ur {cases} kopior av {example.name}")
    print(f"{label}:   en soffice per fil: {loop / n:.3f} s/dokument ({loop:.1f} s, bara konvertering)")
    print(f"{label}:   iopdocs build:      {full / n:.3f} s/dokument ({full:.1f} s, rendering inräknad; mål ≤ 0,10 s)")
    print(f"{label}:   build är {loop / full:.1f} gånger snabbare än en soffice per fil (mål ≥ 8)")
    print(f"{label}:   (build med varm motor, median av 3; med {ENGINE_ENV}=0, en soffice --convert-to per "
          f"bygge: {batch / n:.3f} s/dokument)")
    print(f"{label}:   oförändrad ombyggnad: {noop:.3f} s = {noop / full * 100:.1f} % av full byggnad (mål ≤ 5 %)")


def bench_packet(tmp: Path, items: int) -> None:
    try:
        from iopdocs.meeting.packet import build_packet
    except ImportError:
        print("packet:  (saknas ännu)")
        return
    meeting = dt.date(2023, 12, 7)
    project = make_project(tmp / "packet", items, meeting=meeting)
    _, result = timed(lambda: build(project))
    assert result.ok, [str(e) for e in result.errors]
    documents = len(list(project.build_dir.rglob("*.pdf")))
    seconds, _ = timed(lambda: build_packet(project, meeting))
    print(f"packet:  {items} punkter, {documents} dokument: {seconds:.2f} s utöver byggena (mål < 10 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Mät iopdocs prestanda.")
    parser.add_argument("--check-cases", type=int, default=1000)
    parser.add_argument("--render-rounds", type=int, default=10)
    parser.add_argument("--pdf-cases", type=int, default=8, help="exempel-iop: fyra dokument per ärende, sex diagram")
    parser.add_argument("--statements", type=int, default=30, help="rk-2023-17: ett tjänsteutlåtande per ärende")
    parser.add_argument("--packet-items", type=int, default=20)
    parser.add_argument("--web-saves", type=int, default=5)
    parser.add_argument("--watch-edits", type=int, default=5, help="ändringar per dokument genom watch och kallt")
    parser.add_argument("--memory-edits", type=int, default=200, help="ändringar medan watchs minne mäts")
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}".replace(".", ",") for x in os.getloadavg())
    print(f"iopdocs bench, {os.cpu_count()} kärnor, belastning {load} (1, 5, 15 min)")
    with tempfile.TemporaryDirectory(prefix="iopdocs-bench-") as name:
        tmp = Path(name)
        bench_check(tmp, args.check_cases)
        bench_render(tmp, args.render_rounds)
        bench_pdf(tmp, args.statements, ROOT / "cases" / "rk-2023-17", "pdf (tjänsteutlåtanden)")
        bench_pdf(tmp, args.pdf_cases, EXAMPLE, "pdf (alla blanketter)")
        bench_packet(tmp, args.packet_items)
        bench_web(tmp, args.web_saves)
        bench_watch.bench_edits(tmp, args.watch_edits)
        if args.memory_edits:
            bench_watch.bench_memory(tmp, args.memory_edits)


if __name__ == "__main__":
    main()
