"""A profile's own templates: templates/<profil>/<mall>.docx for its cases and blank forms,
the shared templates/<mall>.docx for every template it lacks; only its cases are rebuilt
when one changes, and the lint checks them and what no profile reads."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from casefolder import edit, make_project, problems, run
from iopdocs.case.load import load_case
from iopdocs.documents.render import render_statement
from iopdocs.documents.templatefiles import template_path
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
OWN = "Särskild text för profilen annan"
SHARED = "Gemensam text i den delade mallen"


def add_paragraph(path: Path, text: str, source: Path | None = None) -> None:
    """`text` as a paragraph at the end of the template (a copy of `source` when given), as a clerk adds one in Word."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document(str(source or path))
    document.add_paragraph(text)
    document.save(str(path))


def text_of(path_or_data: Path | bytes) -> str:
    data = path_or_data if isinstance(path_or_data, bytes) else path_or_data.read_bytes()
    body = docx.Document(io.BytesIO(data)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Case x of the profile rinkeby-kista, case y (a copy) of the profile annan (a copy of
    rinkeby-kista), and annan's own statement template with a paragraph of its own."""
    root = make_project(tmp_path)
    shutil.copytree(ROOT / "cases" / "exempel-iop", root / "cases" / "y")
    profiles = root / "templates" / "profiles"
    shutil.copy(profiles / "rinkeby-kista.yaml", profiles / "annan.yaml")
    edit(root, "cases/y/case.yaml", "profile: rinkeby-kista", "profile: annan")
    templates = root / "templates"
    add_paragraph(templates / "annan" / "tjansteutlatande.docx", OWN, source=templates / "tjansteutlatande.docx")
    return root


def build(root: Path, *args: str):
    result = run(root, "build", "--no-pdf", *args)
    assert result.exit_code == 0, result.output
    return result


# --- Which template a document is rendered through ------------------------------------------


def test_a_profiles_own_statement_template_is_used_for_its_cases_and_not_for_others(root: Path):
    build(root)
    assert OWN in text_of(root / "build" / "y" / "tjansteutlatande.docx")
    assert OWN not in text_of(root / "build" / "x" / "tjansteutlatande.docx")


def test_each_template_the_profile_lacks_comes_from_templates(root: Path):
    templates = root / "templates"
    add_paragraph(templates / "tjansteutlatande.docx", SHARED)
    add_paragraph(templates / "bedomning.docx", SHARED)
    build(root)
    assert SHARED not in text_of(root / "build" / "y" / "tjansteutlatande.docx")  # its own statement
    assert SHARED in text_of(root / "build" / "y" / "bedomning.docx")  # the shared assessment
    assert SHARED in text_of(root / "build" / "x" / "tjansteutlatande.docx")


def test_a_profiles_blank_forms_use_its_own_templates(root: Path):
    templates = root / "templates"
    add_paragraph(templates / "annan" / "bedomning.docx", OWN, source=templates / "bedomning.docx")
    add_paragraph(templates / "uppfoljning.docx", SHARED)
    build(root, "--blank")
    blank = root / "build" / "mallar"
    assert OWN in text_of(blank / "annan" / "bedomning-mall.docx")
    assert OWN not in text_of(blank / "rinkeby-kista" / "bedomning-mall.docx")
    assert SHARED in text_of(blank / "annan" / "uppfoljning-mall.docx")  # the one annan lacks


def test_a_build_error_in_a_profiles_template_names_that_template(root: Path):
    add_paragraph(root / "templates" / "annan" / "tjansteutlatande.docx", "{{ title|kr }}")  # beyond the lint
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "Mallen annan/tjansteutlatande.docx kunde inte fyllas i" in result.output, result.output
    assert "Byggt      x" in result.stdout  # the other profile's case is built all the same


def test_a_cases_blank_form_attachment_uses_its_profiles_template(root: Path):
    templates = root / "templates"
    add_paragraph(templates / "annan" / "uppfoljning.docx", OWN, source=templates / "uppfoljning.docx")
    for case in ("x", "y"):
        with (root / "cases" / case / "case.yaml").open("a", encoding="utf-8") as handle:
            handle.write("  - title: Uppföljning av överenskommelse (blankett)\n    form: follow_up\n    blank: true\n")
    build(root)
    assert OWN in text_of(root / "build" / "y" / "uppfoljning-mall.docx")
    assert OWN not in text_of(root / "build" / "x" / "uppfoljning-mall.docx")


def test_the_template_is_resolved_per_template_and_profile_name(root: Path):
    templates = root / "templates"
    own, shared = templates / "annan" / "tjansteutlatande.docx", templates / "tjansteutlatande.docx"
    assert template_path(templates, "tjansteutlatande.docx", "annan") == own
    assert template_path(templates, "bedomning.docx", "annan") == templates / "bedomning.docx"
    for name in (None, "", "rinkeby-kista", "profiles", "../templates/annan", ".", "annan/"):
        assert template_path(templates, "tjansteutlatande.docx", name) == shared, name


def test_a_profile_named_profiles_uses_the_shared_templates(root: Path):
    profiles = root / "templates" / "profiles"
    shutil.copy(profiles / "rinkeby-kista.yaml", profiles / "profiles.yaml")
    edit(root, "cases/y/case.yaml", "profile: annan", "profile: profiles")
    build(root)
    build(root, "--blank")
    assert (root / "build" / "mallar" / "profiles" / "bedomning-mall.docx").is_file()
    add_paragraph(profiles / "tjansteutlatande.docx", OWN, source=root / "templates" / "tjansteutlatande.docx")
    case = load_case(Project(root), root / "cases" / "y")
    assert OWN not in text_of(render_statement(case, root / "templates").data)
    assert problems(run(root, "check")) == [
        "templates/profiles/tjansteutlatande.docx: mallar i profilernas mapp används inte; en profils egna mallar "
        "ligger i templates/<profilens namn>/"]
    refused = run(root, "mallar", "ny", "--profile", "profiles")
    assert refused.exit_code == 1
    assert "Profilen 'profiles' kan inte ha egna mallar: templates/profiles/ är profilernas mapp." in refused.output
    assert sorted(p.name for p in profiles.glob("*.docx")) == ["tjansteutlatande.docx"]


# --- Fingerprints: one profile's template rebuilds only its cases -------------------------------


def test_editing_one_profiles_template_rebuilds_only_its_cases(root: Path):
    build(root)
    assert "Oförändrat x" in build(root).stdout and "Oförändrat y" in build(root).stdout
    add_paragraph(root / "templates" / "annan" / "tjansteutlatande.docx", "Ännu en rad")
    second = build(root)
    assert "Byggt      y" in second.stdout
    assert "Oförändrat x" in second.stdout
    assert "Ännu en rad" in text_of(root / "build" / "y" / "tjansteutlatande.docx")


def test_adding_a_profiles_first_own_template_rebuilds_its_cases(root: Path):
    build(root)
    add_paragraph(root / "templates" / "annan" / "bedomning.docx", OWN, source=root / "templates" / "bedomning.docx")
    second = build(root)
    assert "Byggt      y" in second.stdout and "Oförändrat x" in second.stdout
    assert OWN in text_of(root / "build" / "y" / "bedomning.docx")


def test_editing_a_shared_template_rebuilds_every_case(root: Path):
    build(root)
    add_paragraph(root / "templates" / "bedomning.docx", SHARED)
    second = build(root)
    assert "Byggt      x" in second.stdout and "Byggt      y" in second.stdout


def test_editing_one_profiles_template_rebuilds_only_its_blank_forms(root: Path):
    build(root, "--blank")
    add_paragraph(root / "templates" / "annan" / "tjansteutlatande.docx", "Ännu en rad")
    add_paragraph(root / "templates" / "annan" / "bedomning.docx", OWN, source=root / "templates" / "bedomning.docx")
    before = (root / "build" / "mallar" / "rinkeby-kista" / "bedomning-mall.docx").stat().st_mtime_ns
    result = build(root, "--blank")
    assert "Oförändrat build/mallar/rinkeby-kista" in result.stdout, result.stdout
    assert "Oförändrat build/mallar/annan" not in result.stdout
    assert (root / "build" / "mallar" / "rinkeby-kista" / "bedomning-mall.docx").stat().st_mtime_ns == before
    assert OWN in text_of(root / "build" / "mallar" / "annan" / "bedomning-mall.docx")


def test_watch_rebuilds_only_the_cases_of_the_profile_whose_template_changed(root: Path):
    from test_watch import Watching

    from iopdocs.documents.watch import Rebuilt

    watching = Watching(root, pdf=False)
    try:
        assert {watching.next().case, watching.next().case} == {"x", "y"}  # the first build
        time.sleep(0.5)  # the watcher is set up once the first build is reported
        add_paragraph(root / "templates" / "annan" / "tjansteutlatande.docx", "Ännu en rad")
        event = watching.next()
        rest = watching.quiet_for(2.0)
    finally:
        watching.close()
    assert isinstance(event, Rebuilt) and (event.case, event.documents) == ("y", ("tjansteutlatande",)), event
    assert rest == []


def test_a_build_after_a_profile_is_renamed_checks_its_template_folder_again(root: Path):
    build(root)
    profiles = root / "templates" / "profiles"
    (profiles / "annan.yaml").rename(profiles / "annat.yaml")  # templates/annan/ is no profile's now
    edit(root, "cases/y/case.yaml", "profile: annan", "profile: annat")
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "templates/annan/: mappen hör inte till någon profil" in result.output, result.output


# --- The meeting's templates follow the profile of its cases ------------------------------------


def test_the_agenda_and_minutes_follow_the_meetings_profile(root: Path):
    from iopdocs.meeting.agenda import render_agenda
    from iopdocs.meeting.collect import collect_meeting
    from iopdocs.meeting.file import load_meeting_file
    from iopdocs.meeting.minutes import render_minutes
    from iopdocs.meeting.proceedings import paragraphs

    templates = root / "templates"
    shutil.rmtree(root / "cases" / "x")  # y (profile annan) alone is item 8 of the meeting
    add_paragraph(templates / "annan" / "foredragningslista.docx", OWN, source=templates / "foredragningslista.docx")
    add_paragraph(templates / "annan" / "protokoll.docx", OWN, source=templates / "protokoll.docx")
    (root / "meetings").mkdir()
    (root / "meetings" / "2023-12-07.yaml").write_text(
        "chair: Anna Ordförande\nclerk: Gun Sekreterare\nattendance:\n  members:\n    - {name: Anna Ordförande}\n"
        "decisions:\n  - {item: 8, paragraph: 112, decision: adopted}\n", encoding="utf-8")
    project, date = Project(root), dt.date(2023, 12, 7)
    meeting = collect_meeting(project, date)
    assert OWN in text_of(render_agenda(meeting, templates, {8: (2, 4)}))
    meeting_file, _ = load_meeting_file(project, date)
    assert OWN in text_of(render_minutes(meeting, meeting_file, paragraphs(meeting, meeting_file), templates))
    edit(root, "cases/y/case.yaml", "profile: annan", "profile: rinkeby-kista")
    assert OWN not in text_of(render_agenda(collect_meeting(project, date), templates, {8: (2, 4)}))


# --- diff --docx renders both versions through the profile's template ---------------------------


def git(root: Path, *args: str) -> None:
    who = {"GIT_AUTHOR_NAME": "Cecilia Clerk", "GIT_AUTHOR_EMAIL": "c@example.org",
           "GIT_COMMITTER_NAME": "Cecilia Clerk", "GIT_COMMITTER_EMAIL": "c@example.org",
           "GIT_AUTHOR_DATE": "2024-03-01T09:00:00Z", "GIT_COMMITTER_DATE": "2024-03-01T09:00:00Z"}
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env={**os.environ, **who})


def test_diff_docx_renders_the_statement_through_the_profiles_template(root: Path):
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Första versionen")
    for case in ("x", "y"):
        edit(root, f"cases/{case}/case.yaml", "subtitle: Förslag till ny överenskommelse", "subtitle: Ändrat förslag")
        result = run(root, "diff", case, "--docx")
        assert result.exit_code == 0, result.output
    assert OWN in text_of(root / "build" / "y" / "jamforelse.docx")
    assert OWN not in text_of(root / "build" / "x" / "jamforelse.docx")


# --- The lint checks each profile's templates and what no profile reads -------------------------


@pytest.mark.parametrize("tag, where", [("{{ case.titel }}", "case.titel: "), ("{{ title", "{{ title: ")])
def test_check_reports_a_broken_tag_in_a_profiles_template_by_its_path(root: Path, tag: str, where: str):
    add_paragraph(root / "templates" / "annan" / "tjansteutlatande.docx", tag)
    found = problems(run(root, "check"))
    assert len(found) == 1, found
    assert found[0].startswith(f"templates/annan/tjansteutlatande.docx: {where}"), found


def test_check_reports_a_profiles_template_that_no_longer_shows_the_proposal(root: Path):
    own = root / "templates" / "annan" / "tjansteutlatande.docx"
    document = docx.Document(str(own))
    proposal = next(p for p in document.paragraphs if p.text == "{{p proposal }}")
    proposal._p.getparent().remove(proposal._p)
    document.save(str(own))
    found = problems(run(root, "check"))
    assert len(found) == 1, found
    assert found[0].startswith("templates/annan/tjansteutlatande.docx: {{p proposal }}: mallen visar inte förslaget"), found


def test_check_passes_a_profiles_good_template(root: Path):
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert "OK  mallarna i templates/" in result.stdout


def test_check_reports_a_profiles_template_that_cannot_be_read(root: Path):
    (root / "templates" / "annan" / "bedomning.docx").mkdir()
    (root / "templates" / "annan" / "uppfoljning.docx").symlink_to(root / "templates" / "saknas.docx")
    assert problems(run(root, "check")) == [
        "templates/annan/bedomning.docx: filen är en mapp, inte en fil",
        "templates/annan/uppfoljning.docx: filen är en symbolisk länk till en fil som inte finns"]
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Mallarna har 2 fel, så ärendet y byggs inte" in result.output, result.output
    assert "Byggt      x" in result.output  # the other profile's case


def test_check_reports_a_misspelt_template_in_a_profile_folder(root: Path):
    shutil.copy(root / "templates" / "tjansteutlatande.docx", root / "templates" / "annan" / "tjanstutlatande.docx")
    (root / "templates" / "annan" / "~$anstutlatande.docx").write_bytes(b"Word's lock file")
    assert problems(run(root, "check")) == [
        "templates/annan/tjanstutlatande.docx: okänd mall som inte används; menade du 'tjansteutlatande.docx'? "
        "(mallarna heter bedomning.docx, foredragningslista.docx, overenskommelse.docx, protokoll.docx, "
        "protokollsutdrag.docx, tjansteutlatande.docx, uppfoljning.docx)"]


def test_check_reports_a_folder_that_is_no_profile(root: Path):
    shutil.copytree(root / "templates" / "annan", root / "templates" / "anan")
    assert problems(run(root, "check")) == [
        "templates/anan/: mappen hör inte till någon profil (det finns ingen profiles/anan.yaml), så mallarna i "
        "den används inte; menade du 'annan'? (profilerna heter annan, rinkeby-kista)"]
