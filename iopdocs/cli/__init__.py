"""The command line: click commands that call one function each and print what it returns."""

from .commands import main, run

__all__ = ["main", "run"]
