"""The generator of the Word templates in templates/: one builder module per template
(statement, assessment, followup, agreement, agenda, minutes, extract) on the shared parts (styles, page,
letterhead, paragraphs, tables). Each builder's output is byte-identical from run to run."""

from __future__ import annotations

from pathlib import Path

from . import agenda, agreement, assessment, extract, followup, minutes, statement

BUILDERS = {module.NAME: module.build
            for module in (statement, assessment, followup, agreement, agenda, minutes, extract)}


def write(out_dir: Path, names: list[str] | None = None) -> None:
    """Build the templates called `names` (all of them by default) into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names or list(BUILDERS):
        (out_dir / name).write_bytes(BUILDERS[name]())
        print(f"skrev {out_dir / name}")
