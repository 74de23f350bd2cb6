"""The `iopdocs` command: Swedish help, check on real folders, the skeleton of `new`, no tracebacks."""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from casefolder import (
    ROOT,
    check,
    edit,
    garbage,
    line_of,
    make_project,
    problems,
    run,
    write,
)
from click.testing import CliRunner
from templatefiles import TEMPLATES

from iopdocs import __version__, model
from iopdocs.cli import main

# --- Help and version ---------------------------------------------------------------


def _commands() -> list[list[str]]:
    return [[]] + [[name] for name in sorted(main.commands)]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "iopdocs")
def test_help_is_swedish(command: list[str]):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="iopdocs")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Användning: iopdocs")
    assert "Flaggor:" in result.stdout
    assert "Visa den här hjälpen och avsluta." in result.stdout
    for english in ("Usage:", "Options:", "Show this message", "Commands:", "[default:", "Arguments:"):
        assert english not in result.stdout, f"'{english}' in the help of {' '.join(command) or 'iopdocs'}"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_a_one_line_help(name: str):
    command = main.commands[name]
    assert command.help and command.get_short_help_str(limit=200)
    assert not re.search(r"\b(the|and|of|to|with)\b", command.help), command.help


def test_short_help_option():
    assert CliRunner().invoke(main, ["-h"], prog_name="iopdocs").stdout.startswith("Användning: iopdocs")


def test_version():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"iopdocs {__version__}\n"


def test_unknown_command_is_refused_in_swedish():
    result = CliRunner().invoke(main, ["kontrollera"])
    assert result.exit_code == 2
    assert "Fel: Kommandot 'kontrollera' finns inte." in result.stderr


def test_unknown_option_is_refused_in_swedish():
    result = CliRunner().invoke(main, ["check", "--snabbt"])
    assert result.exit_code == 2
    assert "Fel: Flaggan '--snabbt' finns inte." in result.stderr


# --- check --------------------------------------------------------------------------


def test_check_passes_on_the_shipped_cases():
    result = CliRunner().invoke(main, ["--root", str(ROOT), "check"])
    assert result.exit_code == 0, result.output
    for folder in sorted((ROOT / "cases").iterdir()):
        assert f"OK  {folder.name}" in result.stdout


def test_check_of_a_copied_project_lists_every_case(tmp_path: Path):
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"OK  {p.name}" for p in sorted((ROOT / "cases").iterdir())] + [
        "OK  mallarna i templates/"
    ]


def test_check_reports_a_clerks_typo_in_a_template(tmp_path: Path):
    import docx

    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    path = tmp_path / "templates" / "tjansteutlatande.docx"
    document = docx.Document(path)
    document.add_paragraph("{{ case.titel }}")
    document.save(path)
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert "Mallarna har 1 fel:" in result.stderr
    assert "templates/tjansteutlatande.docx" in result.stderr and "case.titel" in result.stderr


def test_check_reports_a_missing_template(tmp_path: Path):
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    (tmp_path / "templates" / "bedomning.docx").unlink()
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert "templates/bedomning.docx: mallen saknas" in result.stderr


def test_check_by_name(tmp_path: Path):
    root = make_project(tmp_path)
    assert check(root, "x").stdout == "OK  x\n"


def test_check_by_absolute_path(tmp_path: Path):
    root = make_project(tmp_path)
    assert check(root, str(root / "cases" / "x")).stdout == "OK  x\n"


def test_check_by_path_relative_to_the_root(tmp_path: Path):
    root = make_project(tmp_path)
    assert check(root, "cases/x").stdout == "OK  x\n"


def test_check_by_path_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root / "cases")
    assert check(root, "x").stdout == "OK  x\n"
    assert check(root, "./x").stdout == "OK  x\n"


def test_check_from_the_project_root_without_root_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0
    assert result.stdout == "OK  x\nOK  mallarna i templates/\n"


def test_check_of_an_unknown_case(tmp_path: Path):
    root = make_project(tmp_path)
    result = check(root, "finns-inte")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == "Fel: Ärendet 'finns-inte' finns inte: ingen case.yaml i cases/finns-inte.\n"


def test_check_without_a_cases_folder(tmp_path: Path):
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Fel: Mappen cases finns inte i {tmp_path.resolve()}. "
        "Kör iopdocs i projektets rotmapp eller ange den med --root MAPP.\n"
    )


def test_check_reports_errors_on_stderr_and_exits_1(tmp_path: Path):
    root = make_project(tmp_path)
    edit(root, "cases/x/case.yaml", "date: 2023-11-09", "date: 2023-02-30")
    result = check(root)
    assert result.exit_code == 1
    assert result.stdout == "OK  mallarna i templates/\n"
    assert result.stderr == "Fel: Ärendet x har 1 fel:\n  cases/x/case.yaml:5: date: datumet 2023-02-30 finns inte\n"


def test_hidden_folders_in_cases_are_not_cases(tmp_path: Path):
    root = make_project(tmp_path)
    write(root, "cases/.utkast/case.yaml", "trasig: [\n")
    assert check(root).stdout == "OK  x\nOK  mallarna i templates/\n"


def test_a_case_folder_without_case_yaml_is_not_skipped(tmp_path: Path):
    root = make_project(tmp_path)
    shutil.copytree(root / "cases" / "x", root / "cases" / "y")
    (root / "cases" / "y" / "case.yaml").unlink()
    result = check(root)
    assert result.exit_code == 1
    assert "OK  x" in result.stdout
    assert problems(result) == ["cases/y/case.yaml: filen saknas"]


# --- new ----------------------------------------------------------------------------

# What an officer writes in the blanks, in the order they appear in each file.
FILLED = {
    "case.yaml": ["RK 2024/15", "2024-03-01", "Idéburet offentligt partnerskap med Föreningen Ny",
                  "Stadsutveckling, medborgarservice och fritid", "Anna Andersson", "utvecklingsledare",
                  "08 508 00 000", "anna.andersson@example.se",
                  "Nämnden ingår en överenskommelse med Föreningen Ny.", "Föreningen Ny vill samverka."],
    "background.yaml": ["Nämnden har prioriterade områden.", "Partnerskapet avser barn och unga.",
                        "Många barn saknar stöd.", "Ärendet har beretts på avdelningen.",
                        "Förvaltningen föreslår att nämnden ingår överenskommelsen."],
    "partners.yaml": ["foreningen-ny", "Föreningen Ny", "802500-1234", "Sara Svensson", "ordförande",
                      "Omar Omarsson", "omar@example.org", "barn-och-unga", "Partnerskapet ger läxhjälp.",
                      "2024-07-01", "2026-06-30", "Läxhjälp", "Elever i årskurs 4–9", "Varje vecka", "Föreningen",
                      "300000", "1200",
                      "Färre elever blir behöriga till gymnasiet.", "Budget 2024: goda uppväxtvillkor",
                      "Läxhjälp i närområdet når fler elever."]
                     + ["met", "Granskat underlag", "2024-02-01"] * 7
                     + ["Ingen upphandling: ingen ersättning mot motprestation.", "Inget statsstöd.",
                        "Kommunal angelägenhet.", "Inget föreningsbidrag.", "Föreningen uppfyller kraven.",
                        "enter", "2024-02-15", "Anna Andersson", "Adrian Göransson"],
    "goals.yaml": ["barn-och-unga", "förebyggande stöd för barn och unga", "behorighet",
                   "Fler elever blir behöriga", "barn-och-unga", "Goda uppväxtvillkor", "laxhjalp",
                   "Fler elever deltar i läxhjälp"],
    "indicators.yaml": ["deltagare", "Elever som deltar i läxhjälp", "laxhjalp"],
}


def _fill(text: str, values: list[str]) -> str:
    assert text.count('""') == len(values), f"{text.count(chr(34) * 2)} blanks, {len(values)} values"
    for value in values:
        text = text.replace('""', f'"{value}"' if not value.isdigit() else value, 1)
    return text


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "templates" / "profiles", tmp_path / "templates" / "profiles")
    return tmp_path


def test_new_writes_a_commented_skeleton(project: Path):
    result = run(project, "new", "rk-2024-15")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Skapade cases/rk-2024-15/ – fyll i tomma fält och kör 'iopdocs check rk-2024-15'.\n"
    folder = project / "cases" / "rk-2024-15"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILLED)
    case = (folder / "case.yaml").read_text(encoding="utf-8")
    assert "# Fyll i alla tomma värden" in case
    assert "iopdocs check rk-2024-15" in case
    assert "profile: rinkeby-kista" in case  # the only profile is filled in


def test_new_skeleton_files_point_at_the_committed_schemas(project: Path):
    run(project, "new", "ny")
    for path in sorted((project / "cases" / "ny").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../schemas/{path.stem}.schema.json"


def test_every_blank_of_the_skeleton_is_reported_on_its_line(project: Path):
    run(project, "new", "ny")
    result = check(project, "ny")
    assert result.exit_code == 1
    reported: dict[str, set[int]] = {}
    for problem in problems(result):
        file, line = problem.split(":")[:2]
        assert "får inte vara tomt" in problem, problem
        reported.setdefault(Path(file).name, set()).add(int(line))
    for name in FILLED:
        text = (project / "cases" / "ny" / name).read_text(encoding="utf-8").splitlines()
        assert reported[name] == {i for i, line in enumerate(text, 1) if '""' in line}, name


def test_a_blank_says_what_to_write(project: Path):
    run(project, "new", "ny")
    found = problems(check(project, "ny"))
    case = project / "cases" / "ny"
    assert f"cases/ny/case.yaml:{line_of(case, 'case.yaml', 'dnr:')}: dnr: får inte vara tomt; fyll i värdet" in found
    assert (f"cases/ny/case.yaml:{line_of(case, 'case.yaml', 'date:')}: date: får inte vara tomt; "
            "skriv ett datum, ÅÅÅÅ-MM-DD") in found
    line = line_of(case, "partners.yaml", "recommendation:")
    assert (f"cases/ny/partners.yaml:{line}: partners[0].assessment.recommendation: får inte vara tomt; "
            "skriv ett av: enter, do_not_enter, eller ta bort raden") in found


def test_the_filled_skeleton_passes_check(project: Path):
    run(project, "new", "ny")
    folder = project / "cases" / "ny"
    for name, values in FILLED.items():
        path = folder / name
        path.write_text(_fill(path.read_text(encoding="utf-8"), values), encoding="utf-8")
    result = check(project, "ny")
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK  ny\n"


def test_new_never_overwrites_a_case(project: Path):
    run(project, "new", "ny")
    case = project / "cases" / "ny" / "case.yaml"
    case.write_text("dnr: RK 2024/1\n", encoding="utf-8")
    result = run(project, "new", "ny")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == (
        "Fel: cases/ny finns redan; välj ett annat namn. iopdocs new skriver aldrig över ett befintligt ärende.\n"
    )
    assert case.read_text(encoding="utf-8") == "dnr: RK 2024/1\n"


def test_new_refuses_an_existing_empty_folder(project: Path):
    (project / "cases" / "ny").mkdir(parents=True)
    assert run(project, "new", "ny").exit_code == 1
    assert list((project / "cases" / "ny").iterdir()) == []


@pytest.mark.parametrize("name", [".dold", "_privat", "två ord", "a/../b", ""])
def test_new_refuses_a_bad_name(project: Path, name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    result = run(project, "new", name)
    assert result.exit_code == 1
    assert result.stderr.startswith("Fel: Ogiltigt ärendenamn")
    assert sorted(p.name for p in project.iterdir()) == ["templates"]


def test_new_with_several_profiles_leaves_profile_blank(project: Path):
    shutil.copy(project / "templates/profiles/rinkeby-kista.yaml", project / "templates/profiles/spanga-tensta.yaml")
    run(project, "new", "ny")
    found = problems(check(project, "ny"))
    line = line_of(project / "cases" / "ny", "case.yaml", "profile:")
    assert f"cases/ny/case.yaml:{line}: profile: får inte vara tomt; fyll i värdet" in found


def test_new_at_a_path(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    result = run(project, "new", "arkiv/2024/ny")
    assert result.exit_code == 0, result.output
    first = (project / "arkiv/2024/ny/case.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/case.schema.json"


def test_new_leaves_no_temporary_files(project: Path):
    run(project, "new", "ny")
    assert [p.name for p in (project / "cases").iterdir()] == ["ny"]


# --- Never a traceback --------------------------------------------------------------


def test_no_garbage_in_a_case_file_makes_check_print_a_traceback(tmp_path: Path):
    root = make_project(tmp_path)
    folder = root / "cases" / "x"
    originals = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}
    rng = random.Random(1937)
    for _ in range(60):
        name, content = garbage(rng, originals)
        (folder / name).write_bytes(content)
        result = check(root)
        assert result.exception is None or isinstance(result.exception, SystemExit), (result.exception, content[:300])
        assert result.exit_code in (0, 1)
        assert "Traceback" not in result.output
        (folder / name).write_text(originals[name], encoding="utf-8")


def test_a_profile_file_of_garbage_is_a_located_error(tmp_path: Path):
    root = make_project(tmp_path)
    write(root, "templates/profiles/rinkeby-kista.yaml", b"\xff\xfe garbage: [")
    result = check(root)
    assert result.exit_code == 1
    assert problems(result) == ["templates/profiles/rinkeby-kista.yaml:1: filen är inte UTF-8; spara den som UTF-8"]


def test_click_is_swedish_for_missing_arguments(tmp_path: Path):
    result = CliRunner().invoke(main, ["--root", str(tmp_path), "new"])
    assert result.exit_code == 2
    assert "Fel: Argument saknas" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["packet", "2023-13-07"], "'2023-13-07' är inget datum; skriv sammanträdets datum som ÅÅÅÅ-MM-DD"),
        (["packet", "7 december"], "'7 december' är inget datum"),
        (["status", "--today", "2026-02-30"], "--today ska vara ett datum som finns, ÅÅÅÅ-MM-DD (inte '2026-02-30')."),
    ],
)
def test_a_date_on_the_command_line_is_read_by_one_parser_with_a_swedish_error(tmp_path: Path, args, message):
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    result = CliRunner().invoke(main, ["--root", str(tmp_path), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_command_modules_return_and_only_cli_prints():
    """A module below cli/ hands its result back; printing (click.echo, rich) is cli/'s job."""
    package = ROOT / "iopdocs"
    printing = []
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] in ("cli", "web"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bclick\.echo\(|\bConsole\(|\bprint\(", text):
            printing.append(str(path.relative_to(package)))
    assert printing == []


@pytest.mark.parametrize(
    "kind, files",
    [
        ("new_agreement", sorted(FILLED)),
        ("extension", sorted(FILLED)),
        ("consultation", ["background.yaml", "case.yaml"]),
        ("routine", ["background.yaml", "case.yaml"]),
        ("other", ["background.yaml", "case.yaml"]),
    ],
)
def test_new_kind_writes_only_the_files_that_kind_uses(project: Path, kind: str, files: list[str]):
    result = run(project, "new", "--kind", kind, "ny")
    assert result.exit_code == 0, result.output
    folder = project / "cases" / "ny"
    assert sorted(p.name for p in folder.iterdir()) == files
    case = (folder / "case.yaml").read_text(encoding="utf-8")
    assert f"\nkind: {kind}\n" in case
    assert "#   background.yaml  frivillig:" in case
    if "partners.yaml" not in files:
        assert "#   partners.yaml    finns inte: lägg till den om ärendet nämner partner" in case
    else:
        assert "#   partners.yaml    krävs:" in case and "#   goals.yaml       frivillig:" in case
    # Every problem of the fresh skeleton is a blank to fill in: none comes from the kind.
    found = problems(check(project, "ny"))
    assert found and all("får inte vara tomt" in p for p in found), found


def test_a_filled_consultation_skeleton_passes_check(project: Path):
    run(project, "new", "--kind", "consultation", "ny")
    folder = project / "cases" / "ny"
    values = {
        "case.yaml": ["KS 2024/100", "2024-03-01", "Yttrande över remiss om IOP",
                      "Stadsutveckling, medborgarservice och fritid", "Anna Andersson", "utvecklingsledare",
                      "08 508 00 000", "anna.andersson@example.se", "Nämnden godkänner yttrandet.",
                      "Förvaltningen är positiv till förslaget."],
        "background.yaml": ["Remissen kom i januari.", "Remissen gäller riktlinjer.", "Remissens innehåll",
                            "Riktlinjerna ändras.", "Ärendet har beretts på avdelningen.", "Förvaltningen tillstyrker."],
    }
    for name, filled in values.items():
        path = folder / name
        path.write_text(_fill(path.read_text(encoding="utf-8"), filled), encoding="utf-8")
    result = check(project, "ny")
    assert result.exit_code == 0, result.output


def test_new_profile_chooses_among_several(project: Path):
    shutil.copy(project / "templates/profiles/rinkeby-kista.yaml", project / "templates/profiles/spanga-tensta.yaml")
    result = run(project, "new", "--profile", "spanga-tensta", "ny")
    assert result.exit_code == 0, result.output
    case = (project / "cases" / "ny" / "case.yaml").read_text(encoding="utf-8")
    assert "\nprofile: spanga-tensta " in case
    assert "# Avdelningar i profilen: Stadsutveckling, medborgarservice och fritid; Barn och ungdom" in case


def test_new_refuses_an_unknown_profile_and_writes_nothing(project: Path):
    result = run(project, "new", "--profile", "rinkeby", "ny")
    assert result.exit_code == 1
    assert result.stderr == ("Fel: Profilen 'rinkeby' finns inte. Menade du 'rinkeby-kista'? "
                             "Profiler i templates/profiles: rinkeby-kista.\n")
    assert not (project / "cases" / "ny").exists()


def test_new_refuses_an_unknown_kind_in_swedish(project: Path):
    result = run(project, "new", "--kind", "avtal", "ny")
    assert result.exit_code == 2
    assert "new_agreement" in result.stderr and "Traceback" not in result.output


# --- Shell completion, as the README turns it on ------------------------------------


def _complete(env: dict[str, str], cwd: Path) -> str:
    iopdocs = Path(sys.executable).with_name("iopdocs")
    result = subprocess.run([str(iopdocs)], env={**os.environ, **env}, cwd=cwd, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_readme_turns_on_completion_for_each_shell(shell: str, tmp_path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"_IOPDOCS_COMPLETE={shell}_source iopdocs" in readme
    script = _complete({"_IOPDOCS_COMPLETE": f"{shell}_source"}, tmp_path)
    assert "_IOPDOCS_COMPLETE" in script and "iopdocs" in script


def test_completion_offers_commands_and_kinds_as_powershell_asks_for_them(tmp_path: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Register-ArgumentCompleter -Native -CommandName iopdocs" in readme
    assert "$env:_IOPDOCS_COMPLETE = 'bash_complete'" in readme
    kinds = _complete({"_IOPDOCS_COMPLETE": "bash_complete", "COMP_WORDS": "iopdocs new --kind ",
                       "COMP_CWORD": "3"}, tmp_path)
    assert [line.split(",", 1)[1] for line in kinds.splitlines()] == [kind.value for kind in model.Kind]
    commands = _complete({"_IOPDOCS_COMPLETE": "bash_complete", "COMP_WORDS": "iopdocs sta", "COMP_CWORD": "1"},
                         tmp_path)
    assert commands.splitlines() == ["plain,status"]
