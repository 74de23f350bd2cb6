"""Generate the Word templates in templates/: tjansteutlatande, bedomning, uppfoljning,
overenskommelse, foredragningslista, protokoll and protokollsutdrag.

The templates are source files: clerks open and edit them in Word. They use real Word
styles (Title, Heading 1–3, List Bullet, List Number, Caption, a table style), A4 and
Liberation Sans, and the Stockholm layout: page 1 carries the sender, the document
block (kind, Dnr or the meeting's date, Sida 1 (N)) and the address footer; later pages
repeat the reference and Sida X (N). The document language sv-SE sits in styles.xml's
docDefaults. The builders live in tools/templategen/, one module per template.

Run from the project root:  .venv/bin/python tools/make_templates.py [OUT_DIR]
The output is byte-identical from run to run, so regenerating shows up in git only when
the generator changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import templategen  # noqa: E402


def main(argv: list[str]) -> int:
    templategen.write(Path(argv[1]) if len(argv) > 1 else ROOT / "templates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
