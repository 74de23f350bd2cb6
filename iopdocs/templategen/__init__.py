"""The starting templates: the Word templates iopdocs ships with, built from code.

The .docx files in templates/ are the source of truth: clerks open, restyle and save
them in Word, and nothing regenerates them. This package only writes a template where
none exists (`iopdocs mallar ny`, bootstrap.py), or over one when asked to (`--force`).
One builder module per template (statement, assessment, followup, agreement, agenda,
minutes, extract) on the shared parts (styles, page, letterhead, paragraphs, tables).
They use real Word styles (Title, Heading 1–3, List Bullet, List Number, Caption, a table
style), A4 and Liberation Sans, the Stockholm layout (page 1 carries the sender, the
document block and the address footer; later pages repeat the reference and Sida X (N))
and the document language sv-SE in styles.xml's docDefaults. Each builder's output is
byte-identical from run to run."""

from __future__ import annotations

from . import agenda, agreement, assessment, extract, followup, minutes, statement

__all__ = ["BUILDERS", "build"]

# Template file name → builder, in the order a listing shows them.
BUILDERS = {module.NAME: module.build
            for module in (statement, assessment, followup, agreement, agenda, minutes, extract)}


def build(name: str) -> bytes:
    """The starting template called `name` (a key of BUILDERS), as .docx bytes."""
    return BUILDERS[name]()
