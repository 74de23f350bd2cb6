"""Generate only templates/protokoll.docx and templates/protokollsutdrag.docx, the
minutes of a board meeting and the extract of one paragraph (tools/make_templates.py
writes them together with the other templates).

Run from the project root:  .venv/bin/python tools/make_minutes_template.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import templategen  # noqa: E402
from templategen import extract, minutes  # noqa: E402


def main(argv: list[str]) -> int:
    templategen.write(Path(argv[1]) if len(argv) > 1 else ROOT / "templates", [minutes.NAME, extract.NAME])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
