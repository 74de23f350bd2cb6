"""What every iopdocs command shares: Swedish help layout, and every UserError turned into
a Swedish message and a non-zero exit, never a traceback."""

from __future__ import annotations

import os

import click

from ..errors import UserError, os_error_message
from .terminal import SafeConsole

__all__ = ["CONTEXT", "Command", "Group", "err", "out", "report"]

CONTEXT = {"help_option_names": ["-h", "--help"]}

err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)
out = SafeConsole(highlight=False, soft_wrap=True)


def report(error: UserError) -> None:
    err.print(f"[bold red]Fel:[/] {error.message}", markup=True) if err.is_terminal else err.print(
        f"Fel: {error.message}", markup=False
    )
    for problem in error.problems:
        err.print(f"  {problem}", markup=False)


class Command(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        super().__init__(*args, **kwargs)


class Group(click.Group):
    """Turns every UserError into a Swedish message and exit 1, never a traceback."""

    command_class = Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[FLAGGOR]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENT]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            report(exc)
            ctx.exit(1)
        except KeyboardInterrupt:
            err.print("Avbrutet. Tidigare byggda filer är orörda.", markup=False)
            ctx.exit(130)
        except OSError as exc:
            report(UserError(os_error_message(exc)))
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug in iopdocs: still no traceback for the user
            if os.environ.get("IOPDOCS_DEBUG"):
                raise
            report(
                UserError(
                    f"Internt fel i iopdocs ({type(exc).__name__}: {exc}). Ingen fil har skadats. "
                    "Kör igen med IOPDOCS_DEBUG=1 för detaljer och rapportera felet."
                )
            )
            ctx.exit(2)
