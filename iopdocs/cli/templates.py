"""`iopdocs mallar`: the Word templates, for whoever edits them."""

from __future__ import annotations

import json

import click

from ..project import Project
from .group import CONTEXT, Group, err, out


@click.group(cls=Group, context_settings=CONTEXT, name="mallar",
             help="Word-mallarna i templates/: skapa nya och se vad de kan visa.")
def templates() -> None:
    pass


@templates.command(
    "ny",
    context_settings=CONTEXT,
    short_help="Skapa mallar som saknas.",
    help="Skriv de mallar som saknas i templates/ (alla om ingen MALL anges). Med --profile skrivs "
    "templates/<profil>/<mall>.docx, en kopia av den gemensamma mallen att göra om för profilen. "
    "En mall som redan finns skrivs inte över utan --force.",
)
@click.argument("names", nargs=-1, metavar="[MALL]...")
@click.option("--profile", metavar="NAMN", help="Skapa profilens egna mallar i templates/<NAMN>/.")
@click.option("--force", is_flag=True, help="Skriv över mallar som redan finns (ändringar i dem går förlorade).")
@click.pass_obj
def new(project: Project, names: tuple[str, ...], profile: str | None, force: bool) -> None:
    from ..templategen.bootstrap import new_templates, template_names

    result = new_templates(project, template_names(names), profile, force)
    for path in result.written:
        out.print(f"Skrev      {project.display(path)}", markup=False)
    for shared, path in result.copied:
        out.print(f"Kopierade  {project.display(shared)} till {project.display(path)}", markup=False)
    for path in result.kept:
        out.print(f"Finns redan {project.display(path)} (skrivs inte över utan --force)", markup=False)
    if result.written or result.copied:
        out.print("Öppna mallarna i Word och kör 'iopdocs check' när du har sparat.", markup=False)


@templates.command(
    "fält",
    context_settings=CONTEXT,
    short_help="Visa namnen som en mall kan använda.",
    help="Visa varje namn som mallen MALL kan använda (alla mallar om ingen anges): hur det skrivs "
    "i mallen, vad det är och ett exempel ur projektets ärenden och sammanträden. MALL är mallens "
    "namn i templates/, med eller utan .docx, t.ex. tjansteutlatande.",
)
@click.argument("name", required=False, metavar="[MALL]")
@click.option("--json", "as_json", is_flag=True, help="Skriv ut JSON för andra verktyg.")
@click.pass_obj
def fields(project: Project, name: str | None, as_json: bool) -> None:
    from ..lint.reference import template_reference
    from ..templategen.bootstrap import template_names
    from .fields import print_reference

    reference = template_reference(project, template_names((name,)) if name else None)
    if as_json:
        click.echo(json.dumps(reference.to_json(), ensure_ascii=False, indent=2))
    else:
        print_reference(reference, out, err)
