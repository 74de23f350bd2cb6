"""How long `iopdocs check` takes on 1,000 cases (goal: under 10 s).

The cases are copies of the two shipped cases, varied so that no two are alike: their own
dnr, title and dates, a different number of partners, indicators and follow-ups, and
prose of different lengths. Every copy must validate, so the time is that of the whole
path: reading, YAML, models, cross-file rules and the assessment gate.

    .venv/bin/python tools/bench_check.py [--cases 1000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iopdocs.case.yamlfile import parse  # noqa: E402
from iopdocs.lint.check import check_cases  # noqa: E402
from iopdocs.project import Project  # noqa: E402

SOURCES = ("exempel-iop", "rk-2023-17")


def orgnr(rng: random.Random) -> str:
    """A random organisationsnummer (802… as non-profits have) with a correct check digit."""
    digits = [8, 0, 2] + [rng.randrange(10) for _ in range(6)]
    weighted = [d * 2 if i % 2 == 0 else d for i, d in enumerate(digits)]
    total = sum(w - 9 if w > 9 else w for w in weighted)
    number = "".join(map(str, digits)) + str((10 - total % 10) % 10)
    return f"{number[:6]}-{number[6:]}"


def _dump(path: Path, data: dict) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]  # keep the $schema line
    path.write_text(header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _load(path: Path) -> dict:
    return parse(path.read_text(encoding="utf-8"), path.name).data


def _vary_example(folder: Path, i: int, rng: random.Random) -> None:
    """exempel-iop: more indicators, a new orgnr, longer prose, fewer follow-ups."""
    partners = _load(folder / "partners.yaml")
    partners["partners"][0]["orgnr"] = orgnr(rng)
    partners["partners"][0]["description"] += "\n" + "Partnerskapet utvecklas vidare. " * rng.randrange(20) + "\n"
    _dump(folder / "partners.yaml", partners)
    indicators = _load(folder / "indicators.yaml")
    base = indicators["indicators"][0]
    for n in range(rng.randrange(6)):
        extra = dict(base, id=f"extra-{n}", name=f"Extra indikator {n + 1}")
        extra["targets"] = {year: rng.randrange(200) for year in (2024, 2025, 2026)}
        indicators["indicators"].append(extra)
    indicators["follow_ups"] = indicators["follow_ups"][: rng.randrange(1, 3)]
    _dump(folder / "indicators.yaml", indicators)


def _vary_consultation(folder: Path, i: int, rng: random.Random) -> None:
    """rk-2023-17: a different number of the six partners, longer background."""
    partners = _load(folder / "partners.yaml")
    partners["partners"] = partners["partners"][: rng.randrange(1, 7)]
    _dump(folder / "partners.yaml", partners)
    background = _load(folder / "background.yaml")
    background["background"] += "\n" + "Nämnden följer utvecklingen noga. " * rng.randrange(30) + "\n"
    _dump(folder / "background.yaml", background)


def make_project(folder: Path, count: int, seed: int = 1000) -> Project:
    """A project with `count` varied, valid cases."""
    rng = random.Random(seed)
    shutil.copytree(ROOT / "templates" / "profiles", folder / "templates" / "profiles")
    for i in range(count):
        source = SOURCES[i % len(SOURCES)]
        case_dir = folder / "cases" / f"{source}-{i:04d}"
        shutil.copytree(ROOT / "cases" / source, case_dir)
        case_file = case_dir / "case.yaml"
        text = case_file.read_text(encoding="utf-8")
        text = text.replace("dnr: RK 2023/412\n", f"dnr: RK 2023/{1000 + i}\n")
        text = text.replace("dnr: RK 2023/17\n", f"dnr: RK 2023/{1000 + i}\n")
        text = text.replace("agenda_item: 8", f"agenda_item: {1 + i % 40}")
        text = text.replace("agenda_item: 12", f"agenda_item: {1 + i % 40}")
        case_file.write_text(text, encoding="utf-8")
        (_vary_example if source == "exempel-iop" else _vary_consultation)(case_dir, i, rng)
    return Project(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description="Mät hur lång tid iopdocs check tar.")
    parser.add_argument("--cases", type=int, default=1000, help="antal ärenden (standard 1000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iopdocs-bench-check-") as name:
        project = make_project(Path(name), args.cases)
        start = time.perf_counter()
        result = check_cases(project)
        seconds = time.perf_counter() - start
    if not result.ok or len(result.cases) != args.cases:
        for error in result.errors[:5]:
            print(error, file=sys.stderr)
        sys.exit("bench_check: ärendena ska vara giltiga")
    print(f"check: {args.cases} ärenden på {seconds:.2f} s ({seconds / args.cases * 1000:.2f} ms/ärende; mål < 10 s)")


if __name__ == "__main__":
    main()
