"""The templates in templates/ are the clerks' files: the suite never compares their bytes
or fixed wording (it renders through the starting templates, tests/templatefiles.py). What
it does ask of them is what `iopdocs check` asks: that they pass the lint, and that every
example case, blank form and meeting document builds through them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from casefolder import run
from templatefiles import ROOT

from iopdocs.lint.templates import template_problems


def test_the_shipped_templates_pass_the_lint():
    assert template_problems(ROOT / "templates") == []


def test_every_example_case_and_meeting_builds_through_the_shipped_templates(tmp_path: Path):
    root = tmp_path / "projekt"
    for folder in ("cases", "templates", "meetings"):
        shutil.copytree(ROOT / folder, root / folder)
    built = run(root, "build", "--no-pdf", "--blank")
    assert built.exit_code == 0, built.output
    names = {p.relative_to(root / "build").as_posix() for p in (root / "build").rglob("*.docx")}
    assert {"exempel-iop/tjansteutlatande.docx", "rk-2023-17/tjansteutlatande.docx",
            "exempel-iop/bedomning.docx", "exempel-iop/overenskommelse.docx"} <= names
    assert any(name.startswith("mallar/") for name in names)


def test_no_other_test_reads_the_shipped_templates():
    """A clerk's edit to templates/ can only fail the two tests above: every other test
    renders through tests/templatefiles.py (the shipped profiles may be read)."""
    allowed = {"templatefiles.py", Path(__file__).name}
    reads = re.compile(r'ROOT\s*/\s*"templates"(?!\s*/\s*"profiles")|Project\(ROOT\)|"templates",\s*"|"templates"\)\s*:')
    found = [f"{path.name}:{number}" for path in sorted(Path(__file__).parent.glob("*.py")) if path.name not in allowed
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if reads.search(line)]
    assert found == []
