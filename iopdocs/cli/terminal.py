"""The CLI's printing: everything shown goes through text.terminal_safe.

Rich turns every string it prints (messages, table cells) into text through
Console.render_str, where control characters are made visible before rich measures
the text; a Text object made elsewhere is caught where rich renders it into segments
(the safety net: its width was measured before, so a table may shift by the escape's
length, but nothing reaches the terminal raw). Plain text (history, diff) goes
through echo().
"""

from __future__ import annotations

from typing import Iterable

import click
from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from ..text import terminal_safe


class SafeConsole(Console):
    """A rich Console that never passes a control character or escape sequence through."""

    def render_str(self, text: str, **kwargs) -> Text:  # noqa: ANN003 - rich's keywords
        return super().render_str(terminal_safe(text), **kwargs)

    def render(self, renderable, options=None) -> Iterable[Segment]:  # noqa: ANN001 - rich's signature
        # terminal_safe is idempotent, so the nested calls rich makes do no harm.
        for segment in super().render(renderable, options):
            if segment.control is None and segment.text:
                yield Segment(terminal_safe(segment.text), segment.style)
            else:
                yield segment


def echo(text: str, nl: bool = True) -> None:
    """click.echo for text from git or case files."""
    click.echo(terminal_safe(text), nl=nl)
