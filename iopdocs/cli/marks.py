"""A word diff on a terminal: `[-gammalt-]` in red and struck through, `{+nytt+}` in green.

Piped or redirected, the markers stay as they are (as git's --word-diff=plain writes
them), so the output can be read, searched and pasted anywhere.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

from ..text import terminal_safe
from .terminal import echo

_MARK = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.S)
REMOVED = "red strike"
ADDED = "green"


def marked_text(report: str) -> Text:
    """The report with its word-diff markers turned into styles."""
    text = Text()
    position = 0
    for match in _MARK.finditer(report):
        text.append(report[position : match.start()])
        if match.group(1) is not None:
            text.append(match.group(1), style=REMOVED)
        else:
            text.append(match.group(2), style=ADDED)
        position = match.end()
    text.append(report[position:])
    return text


def print_marked(report: str) -> None:
    """Print a history or diff report: in colour on a terminal, with markers otherwise.
    Either way its text (from git and case files) passes through terminal_safe."""
    console = Console(highlight=False, soft_wrap=True)
    if console.is_terminal and console.color_system is not None:
        console.print(marked_text(terminal_safe(report)), end="")
    else:
        echo(report, nl=False)
