"""The CLI's printing: everything shown goes through text.terminal_safe.

Rich turns every string it prints (messages, table cells) into text through
Console.render_str, so that one method is where control characters are made visible;
plain text (history, diff) goes through echo().
"""

from __future__ import annotations

import click
from rich.console import Console
from rich.text import Text

from ..text import terminal_safe


class SafeConsole(Console):
    """A rich Console that never passes a control character or escape sequence through."""

    def render_str(self, text: str, **kwargs) -> Text:  # noqa: ANN003 - rich's keywords
        return super().render_str(terminal_safe(text), **kwargs)


def echo(text: str, nl: bool = True) -> None:
    """click.echo for text from git or case files."""
    click.echo(terminal_safe(text), nl=nl)
