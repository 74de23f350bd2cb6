"""A progress display for long builds: shown on a terminal, silent otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)


@contextmanager
def progress_bar(console: Console) -> Iterator[Callable[[str, int, int], None]]:
    """Yields a callback (label, done, total); a no-op when the console is not a terminal."""
    if not console.is_terminal:
        yield lambda label, done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(label: str, done: int, total: int) -> None:
            stage = "PDF" if label == "PDF" else "Ärenden"
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total, description=f"{stage}: {label}" if stage != "PDF" else "PDF")

        yield update
