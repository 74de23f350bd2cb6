"""How `iopdocs mallar fält` is printed: per template a table of its names that fits the
terminal's width (or COLUMNS, or 80 columns when piped); below WIDE_ENOUGH each name is a
block of lines instead."""

from __future__ import annotations

import shutil
import textwrap

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..lint.reference import Name, Reference, TemplateReference
from .terminal import SafeConsole

# Below this width four columns break the names and descriptions: each name is a block instead.
WIDE_ENOUGH = 110

HOW_TO = (
    "Stycken skrivs ensamma i ett eget stycke: {{p namn }}. En lista gås igenom i en tabellrad med "
    "{%tr for a in lista %} … {%tr endfor %}, över stycken med {%p for … %} … {%p endfor %}; "
    "namnen under loopen gäller varje rad. Ett datum skrivs med |datum. Det som krävs måste mallen "
    "visa (ett av namnen när det står 'eller'); 'iopdocs check' säger till när det saknas."
)


def print_reference(reference: Reference, out: Console, err: Console) -> None:
    for note in reference.notes:
        err.print(f"Obs: {note}", markup=False)
    if not out.is_terminal:
        # Piped or redirected: the width the shell says (COLUMNS), else 80 columns, no colour.
        out = SafeConsole(file=out.file, width=shutil.get_terminal_size().columns, highlight=False, color_system=None)
    for template in reference.templates:
        out.print(reference_table(template) if out.width >= WIDE_ENOUGH else reference_blocks(template, out.width))
        out.print()
    out.print(HOW_TO, markup=False)


def _title(template: TemplateReference) -> str:
    return f"{template.template} – {template.document} ({len(template.names)} namn)"


def _name(name: Name) -> Text:
    return Text("  " * name.level + name.usage, style="bold" if name.kind == "grupp" else "")


def _kind(name: Name, between: str) -> Text:
    """The kind, and whether `iopdocs check` requires the template to show the name."""
    kind = Text(name.kind)
    if name.required:
        kind.append(between).append(name.required, style="bold")
    return kind


def reference_table(template: TemplateReference) -> Table:
    table = Table(title=_title(template), title_justify="left", highlight=False)
    table.add_column("Namn i mallen", no_wrap=True)
    table.add_column("Slag", max_width=18)
    table.add_column("Beskrivning", ratio=3)
    table.add_column("Exempel", ratio=2)
    for name in template.names:
        table.add_row(_name(name), _kind(name, "\n"), Text(name.description), Text(name.example))
    return table


def reference_blocks(template: TemplateReference, width: int) -> Group:
    """The narrow layout: per name its usage and kind, the description and example under it,
    wrapped to `width` without padding the lines out."""
    parts: list = [Text(_title(template), style="bold")]
    for name in template.names:
        head = _name(name)
        head.append(f"  ({_kind(name, '; ')})")
        parts.append(head)
        indent = " " * (2 * name.level + 4)
        lines = [name.description] if name.description else []
        lines += [] if name.kind == "grupp" else [f"Exempel: {name.example}"]
        for line in lines:
            wrapped = textwrap.fill(line, max(width, 40), initial_indent=indent, subsequent_indent=indent,
                                    break_on_hyphens=False)
            parts.append(Text(wrapped))
    return Group(*parts)
