"""How `iopdocs status` is printed: running agreements, then ended ones, each a table
that fits the terminal's width (or COLUMNS, or 80 columns when piped)."""

from __future__ import annotations

import shutil

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..case.status import Row, StatusReport
from .terminal import SafeConsole


def print_status(report: StatusReport, display_cases_dir: str, out: Console, err: Console) -> None:
    for error in report.errors:
        err.print(f"Varning: ärendet {error.case} har fel och saknas i tabellen; kör 'iopdocs check {error.case}'.",
                  markup=False)
    for problem in report.conflicts:
        err.print(f"Varning: {problem}", markup=False)
    print_open_cases(report, out)
    if not report.rows:
        out.print(f"Inga överenskommelser i {display_cases_dir}.", markup=False)
        return
    if not out.is_terminal:
        # Piped or redirected: the width the shell says (COLUMNS), else 80 columns, no colour.
        out = SafeConsole(file=out.file, width=shutil.get_terminal_size().columns, highlight=False, color_system=None)
    today = report.today.isoformat()
    layout = status_table if out.width >= WIDE_ENOUGH else status_blocks
    if report.running:
        out.print(layout(report.running, f"Överenskommelser som löper per {today}"))
    if report.ended:
        if report.running:
            out.print()
        out.print(layout(report.ended, f"Avslutade överenskommelser per {today}"))


# Below this width five columns break names and words: each agreement is a block instead.
WIDE_ENOUGH = 110


def print_open_cases(report: StatusReport, out: Console) -> None:
    """Cases the board referred back or postponed: they come back to a later meeting."""
    for decision in report.open_cases:
        out.print(f"Öppet ärende: {decision.case} – {decision.resolution.label.lower()} "
                  f"vid sammanträdet {decision.meeting.isoformat()} (§ {decision.paragraph})", markup=False)


def _period(row: Row) -> str:
    period = f"{row.start.isoformat()}–\n{row.end.isoformat()}"
    if row.ended:
        return f"{period}\nupphört"
    return f"{period}\n{row.days_to_end} dagar kvar"


def _follow_up(row: Row) -> str:
    if row.source != "decision" and row.last_follow_up is None:
        return "följs upp i ärendet som beslutade den"
    last = f"senaste: {row.last_follow_up} (möte {row.last_meeting.isoformat()})" if row.last_follow_up else "senaste: –"
    upcoming = f"nästa: {row.next_follow_up}, senast {row.next_due.isoformat()}" if row.next_due else "nästa: alla gjorda"
    return f"{last}\n{upcoming}"


def status_table(rows: list[Row], title: str) -> Table:
    table = Table(title=title, title_justify="left", highlight=False)
    table.add_column("Partner", ratio=2)
    table.add_column("Ärende och källa", ratio=2)
    table.add_column("Period", no_wrap=True)
    table.add_column("Uppföljning", ratio=2)
    table.add_column("Problem", ratio=3)
    for row in rows:
        style = {3: "red", 2: "yellow", 1: ""}.get(max((p.severity for p in row.problems), default=0), "")
        where = "\n".join(x for x in (row.dnr, row.source_text) if x)
        table.add_row(
            row.partner,
            where,
            _period(row),
            _follow_up(row),
            "\n".join(f"• {p.message}" for p in row.problems) or "–",
            style=style or None,
        )
    return table


def status_blocks(rows: list[Row], title: str) -> Group:
    """The narrow layout: per agreement the partner's name, and labelled lines under it."""
    parts: list = [Text(title)]
    for row in rows:
        style = {3: "red", 2: "yellow"}.get(max((p.severity for p in row.problems), default=0))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row("  Period", _period(row).replace("–\n", "–").replace("\n", ", "))
        grid.add_row("  Källa", ", ".join(x for x in (row.dnr, row.source_text) if x))
        grid.add_row("  Uppföljning", _follow_up(row).replace("\n", "; "))
        for problem in row.problems:
            grid.add_row("  Problem", problem.message, style=style)
        parts += [Text(""), Text(row.partner, style="bold"), grid]
    return Group(*parts)
