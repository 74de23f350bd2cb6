"""The `iopdocs` command: click commands only; each calls the module that owns the job."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from .. import __version__, model
from ..model.schema import KINDS
from ..project import Project
from . import swedish as clisv
from .dates import MEETING_DATE, TODAY
from .group import CONTEXT, Group, err, out, report
from .templates import templates

clisv.install()

@click.group(cls=Group, context_settings=CONTEXT, help="Nämndhandlingar om idéburet offentligt partnerskap (IOP).")
@click.version_option(__version__, "--version", message="iopdocs %(version)s", help="Visa versionen och avsluta.")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="MAPP",
    default=".",
    show_default=True,
    help="Projektets rotmapp (med cases/ och templates/).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    ctx.obj = Project(root)


@main.command(
    context_settings=CONTEXT,
    short_help="Kontrollera ärenden och sammanträdesfiler.",
    help="Kontrollera ärenden (om inget anges: alla i cases/ och sammanträdesfilerna i meetings/).",
)
@click.argument("cases", nargs=-1, metavar="[ÄRENDE]...")
@click.option("--publish", is_flag=True,
              help="Sök också efter personuppgifter som packet --publish inte publicerar (utan att bygga).")
@click.pass_obj
def check(project: Project, cases: tuple[str, ...], publish: bool) -> None:
    from ..lint.check import check_project

    result = check_project(project, cases, publish=publish)
    for error in result.errors:
        report(error)
    for note in result.notes:
        err.print(f"Obs: {note}", markup=False)
    for name in [case.id for case in result.cases] + result.meetings:
        out.print(f"OK  {name}", markup=False)
    if result.templates_ok:
        out.print("OK  mallarna i templates/", markup=False)
    if not result.ok:
        sys.exit(1)


@main.command(context_settings=CONTEXT, help="Skriv ut JSON Schema för en filtyp (alla om ingen anges).")
@click.argument(
    "kind",
    required=False,
    metavar="[FILTYP]",
    type=click.Choice(list(KINDS)),
)
def schema(kind: str | None) -> None:
    from ..model.schema import schema_json

    click.echo(schema_json(kind), nl=False)


@main.command(
    context_settings=CONTEXT,
    short_help="Skapa ett nytt ärende med kommenterade mallfiler.",
    help="Skapa ett nytt ärende med kommenterade mallfiler: bara de filer som ärendets slag "
    "använder. Slag: new_agreement (ny överenskommelse, standard), extension (förlängning), "
    "consultation (yttrande över remiss), routine (rutin), other (övrigt).",
)
@click.argument("case", metavar="ÄRENDE")
@click.option("--kind", type=click.Choice([kind.value for kind in model.Kind]), default=model.Kind.new_agreement.value,
              show_default=True, help="Ärendets slag (kind i case.yaml).")
@click.option("--profile", metavar="NAMN", help="Profilen i templates/profiles/ (standard: den enda som finns).")
@click.pass_obj
def new(project: Project, case: str, kind: str, profile: str | None) -> None:
    from ..case.skeleton import write_skeleton

    folder = write_skeleton(project, case, model.Kind(kind), profile)
    out.print(f"Skapade {project.display(folder)}/ – fyll i tomma fält och kör 'iopdocs check {case}'.", markup=False)


@main.command(context_settings=CONTEXT, help="Bygg Word- och PDF-filer till build/<ärende>/ (alla ärenden om inget anges).")
@click.argument("cases", nargs=-1, metavar="[ÄRENDE]...")
@click.option("--no-pdf", is_flag=True, help="Skapa bara Word-filer, inga PDF.")
@click.option("--blank", is_flag=True, help="Skapa också tomma blanketter (mallar) i build/mallar/<profil>/.")
@click.option("--force", is_flag=True, help="Bygg om även ärenden som inte har ändrats.")
@click.option(
    "--profile",
    metavar="NAMN",
    help="Profil för de tomma blanketterna (standard: varje profil i templates/profiles/).",
)
@click.pass_obj
def build(project: Project, cases: tuple[str, ...], no_pdf: bool, blank: bool, force: bool, profile: str | None) -> None:
    from ..documents.build import build as build_cases
    from ..documents.build import blank_profiles, build_blank_forms
    from ..lint.guard import gate_cases
    from .progress import progress_bar

    gate = gate_cases(project, project.case_dirs(list(cases)))  # templates the lint faults build nothing
    if gate.problems:
        report(gate.error())
    with progress_bar(err) as progress:
        result = build_cases(project, cases, pdf=not no_pdf, force=force, progress=progress, skip=gate.blocked)
    gate.record()
    for error in result.errors:
        report(error)
    for name in result.built:
        out.print(f"Byggt      {name}", markup=False)
    for name in result.skipped:
        out.print(f"Oförändrat {name}", markup=False)
    if blank:
        stopped = [name for name in blank_profiles(project, profile) if gate.stops(name)]
        blanks = build_blank_forms(project, pdf=not no_pdf, profile=profile, force=force, skip=stopped)
        for path in blanks.written:
            out.print(f"Mall       {project.display(path)}", markup=False)
        for folder in blanks.skipped:
            out.print(f"Oförändrat {project.display(folder)}/", markup=False)
    if not result.ok or gate.problems:
        sys.exit(1)


@main.command(context_settings=CONTEXT, help="Bygg och bygg sedan om direkt när ärenden, mallar eller profiler ändras.")
@click.argument("cases", nargs=-1, metavar="[ÄRENDE]...")
@click.option("--no-pdf", is_flag=True, help="Skapa bara Word-filer, inga PDF.")
@click.pass_obj
def watch(project: Project, cases: tuple[str, ...], no_pdf: bool) -> None:
    import signal

    from ..documents.watch import Failed, Recovered
    from ..documents.watch import watch as watch_cases
    from ..lint.guard import gate_cases
    from ..pdf.engine import Engine

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # SIGTERM ends as Ctrl-C does: engine closed
    engine = None if no_pdf else Engine()
    try:
        out.print("Bevakar ändringar (avsluta med Ctrl-C) …", markup=False)
        for event in watch_cases(project, cases, engine=engine, pdf=not no_pdf, guard=gate_cases):
            if isinstance(event, Failed):
                report(event.error)
            elif isinstance(event, Recovered):
                out.print(f"Utan fel igen: {event.case} (som vid senaste bygget)", markup=False)
            else:
                seconds = f"{event.seconds:.2f}".replace(".", ",")
                out.print(f"Byggt {event.case}: {', '.join(event.documents)} på {seconds} s", markup=False)
    finally:
        if engine is not None:
            engine.close()


@main.command(
    context_settings=CONTEXT,
    short_help="Visa alla överenskommelser: slutdatum, uppföljningar och problem.",
    help="Visa alla överenskommelser i cases/: slutdatum, uppföljningar och problem, värst först.\n\n"
    "Uppföljningen av ett år ska vara klar 60 dagar efter årets (eller överenskommelsens) slut. "
    "En överenskommelse som löper ut inom sex månader flaggas om inget beslut finns: en senare "
    "överenskommelse med samma partner i cases/, beslutet 'end' vid en uppföljning, eller nämndens "
    "beslut i en sammanträdesfil (agreement: extended eller ended). Ett ärende som har återremitterats "
    "eller bordlagts visas som öppet.",
)
@click.option("--json", "as_json", is_flag=True, help="Skriv ut JSON för andra verktyg.")
@click.option("--today", metavar="DATUM", type=TODAY, help="Räkna från detta datum (ÅÅÅÅ-MM-DD) i stället för i dag.")
@click.pass_obj
def status(project: Project, as_json: bool, today: dt.date | None) -> None:
    from ..case.status import status_report
    from .status import print_status

    overview = status_report(project, today)
    if as_json:
        click.echo(json.dumps(overview.to_json(), ensure_ascii=False, indent=2))
    else:
        print_status(overview, project.display(project.cases_dir), out, err)


@main.command(context_settings=CONTEXT, help="Visa ärendets historik i git: vad som ändrats, när och av vem.")
@click.argument("case", metavar="ÄRENDE")
@click.pass_obj
def history(project: Project, case: str) -> None:
    from ..history.log import history_report
    from .marks import print_marked

    print_marked(history_report(project, case))


@main.command(
    context_settings=CONTEXT,
    short_help="Jämför två versioner av ett ärende (standard: senaste incheckningen mot arbetskopian).",
    help="Jämför två versioner av ett ärende: REV1 och REV2 är incheckningar i git, "
    "eller 'arbetskopian' för filerna som de ligger nu. Utan REV1 jämförs senaste "
    "incheckningen (HEAD), utan REV2 arbetskopian.",
)
@click.argument("case", metavar="ÄRENDE")
@click.argument("rev1", required=False, metavar="[REV1")
@click.argument("rev2", required=False, metavar="[REV2]]")
@click.option("--docx", is_flag=True, help="Skriv build/<ärende>/jamforelse.docx med ändringarna som spårade ändringar.")
@click.pass_obj
def diff(project: Project, case: str, rev1: str | None, rev2: str | None, docx: bool) -> None:
    from ..history.log import diff_report
    from .marks import print_marked

    print_marked(diff_report(project, case, rev1, rev2, docx))


@main.command(
    context_settings=CONTEXT,
    short_help="Sätt ihop föredragningslista och handlingar till ett sammanträde.",
    help="Sätt ihop föredragningslistan och handlingarna till sammanträdet DATUM (ÅÅÅÅ-MM-DD) i "
    "build/meetings/DATUM/: alla ärenden med meeting: DATUM i case.yaml, och det som "
    "meetings/DATUM.yaml lägger till. Ärenden som har ändrats byggs först.",
)
@click.argument("date", metavar="DATUM", type=MEETING_DATE)
@click.option("--publish", is_flag=True, help="Gör också en PDF per ärende för webben, utan personuppgifter och aktivt innehåll (se README).")
@click.pass_obj
def packet(project: Project, date: dt.date, publish: bool) -> None:
    from ..meeting.packet import build_packet
    from .progress import progress_bar

    def note(text: str) -> None:
        err.print(f"Obs: {text}", markup=False)

    with progress_bar(err) as progress:
        written = build_packet(project, date, publish=publish, notes=note, progress=progress)
    for path in written:
        out.print(f"Skrev {project.display(path)}", markup=False)


@main.command(
    context_settings=CONTEXT,
    short_help="Skriv protokollet och protokollsutdragen till ett sammanträde.",
    help="Skriv protokollet till sammanträdet DATUM (ÅÅÅÅ-MM-DD) i build/meetings/DATUM/ med besluten "
    "i meetings/DATUM.yaml: ett förslag till protokoll tills adjusted anger justeringsdagen, sedan "
    "protokollet och ett protokollsutdrag per paragraf.",
)
@click.argument("date", metavar="DATUM", type=MEETING_DATE)
@click.option("--publish", is_flag=True, help="Gör också en webbversion av protokollet, utan tjänstepersonernas namn.")
@click.pass_obj
def protokoll(project: Project, date: dt.date, publish: bool) -> None:
    from ..meeting.record import build_minutes

    result = build_minutes(project, date, publish=publish)
    for note in result.notes:
        err.print(f"Obs: {note}", markup=False)
    for path in result.written:
        out.print(f"Skrev {project.display(path)}", markup=False)


@main.command(
    context_settings=CONTEXT,
    short_help="Öppna ärendena i webbläsaren: formulär, förhandsvisning, historik, sammanträden.",
    help="Starta en webbtjänst över projektet: ärendena som formulär, förhandsvisning av dokumenten, "
    "historik och sammanträden. Lyssnar bara på den här datorn (127.0.0.1) om inte --trusted-header "
    "anges; avsluta med Ctrl+C.",
)
@click.option("--port", type=int, default=8000, show_default=True, metavar="PORT", help="Porten att lyssna på.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRESS", help="Adressen att lyssna på.")
@click.option("--open", "open_browser", is_flag=True, help="Öppna webbläsaren när tjänsten har startat.")
@click.option(
    "--trusted-header",
    metavar="HUVUD",
    help="HTTP-huvudet där en omvänd proxy med inloggning anger användaren (t.ex. X-Remote-User); "
    "krävs för att lyssna på en annan adress än 127.0.0.1. Användaren blir författare i git.",
)
@click.pass_obj
def serve(project: Project, port: int, host: str, open_browser: bool, trusted_header: str | None) -> None:
    from ..web.serve import check_listen
    from ..web.serve import serve as run_server

    check_listen(host, trusted_header)
    out.print(f"iopdocs serve: http://{host}:{port}/ (avsluta med Ctrl+C)", markup=False)
    run_server(project, host, port, open_browser, trusted_header)


main.add_command(templates)


def run() -> None:
    main(prog_name="iopdocs")


if __name__ == "__main__":
    run()
