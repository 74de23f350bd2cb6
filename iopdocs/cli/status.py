"""How `iopdocs status` is printed: a table on a terminal (rich), plain and wide when piped."""

from __future__ import annotations

import os

from rich.console import Console
from rich.table import Table

from ..case.status import Row, StatusReport

WIDE = 160


def print_status(report: StatusReport, display_cases_dir: str, out: Console, err: Console) -> None:
    for error in report.errors:
        err.print(f"Varning: ärendet {error.case} har fel och saknas i tabellen; kör 'iopdocs check {error.case}'.",
                  markup=False)
    if not report.rows:
        out.print(f"Inga överenskommelser i {display_cases_dir}.", markup=False)
        return
    if not out.is_terminal and "COLUMNS" not in os.environ:
        # Piped or redirected: a wide plain table rather than rich's default 80 columns.
        out = Console(file=out.file, width=WIDE, highlight=False, color_system=None)
    out.print(status_table(report))


def _days_text(row: Row) -> str:
    return "upphört" if row.ended else str(row.days_to_end)


def status_table(report: StatusReport) -> Table:
    table = Table(title=f"Överenskommelser per {report.today.isoformat()}", title_justify="left", highlight=False)
    for header, justify in [("Partner", "left"), ("Ärende", "left"), ("Period", "left"), ("Dagar kvar", "right"),
                            ("Senaste uppföljning", "left"), ("Nästa uppföljning", "left"), ("Problem", "left")]:
        table.add_column(header, justify=justify, overflow="fold")
    for row in report.rows:
        last = f"{row.last_follow_up} (möte {row.last_meeting.isoformat()})" if row.last_follow_up else "–"
        upcoming = f"{row.next_follow_up}, senast {row.next_due.isoformat()}" if row.next_due else "alla gjorda"
        style = {3: "red", 2: "yellow", 1: ""}.get(max((p.severity for p in row.problems), default=0), "")
        table.add_row(
            row.partner,
            f"{row.case}\n{row.dnr}",
            f"{row.start.isoformat()}–{row.end.isoformat()}",
            _days_text(row),
            last,
            upcoming,
            "\n".join(f"• {p.message}" for p in row.problems) or "–",
            style=style or None,
        )
    return table
