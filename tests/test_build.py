"""`iopdocs build`: what it writes, what it skips, and what it never destroys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from templatefiles import TEMPLATES

from iopdocs.cli import main
from iopdocs.errors import UserError
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    return tmp_path


def run(project: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(project), *args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_every_document_of_every_case(project: Path):
    result = run(project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build" / "exempel-iop").glob("*.docx")) == [
        "bedomning.docx",
        "overenskommelse.docx",
        "tjansteutlatande.docx",
        "uppfoljning-2024.docx",
        "uppfoljning-2025.docx",
    ]
    assert [p.name for p in (project / "build" / "rk-2023-17").glob("*.docx")] == ["tjansteutlatande.docx"]
    assert "Byggt      exempel-iop" in result.output


def test_unchanged_rebuild_skips_and_touches_nothing(project: Path):
    run(project, "build", "--no-pdf")
    before = {p: p.stat().st_mtime_ns for p in (project / "build").rglob("*") if p.is_file()}
    result = run(project, "build", "--no-pdf")
    assert result.exit_code == 0
    assert "Oförändrat exempel-iop" in result.output and "Oförändrat rk-2023-17" in result.output
    assert {p: p.stat().st_mtime_ns for p in (project / "build").rglob("*") if p.is_file()} == before


def test_forced_rebuild_is_byte_identical(project: Path):
    run(project, "build", "--no-pdf")
    first = snapshot(project / "build")
    shutil.rmtree(project / "build")
    run(project, "build", "--no-pdf", "--force")
    assert snapshot(project / "build") == first


def test_changed_case_is_rebuilt_and_others_skipped(project: Path):
    run(project, "build", "--no-pdf")
    case_yaml = project / "cases" / "exempel-iop" / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace("agenda_item: 8", "agenda_item: 9"), encoding="utf-8")
    result = run(project, "build", "--no-pdf")
    assert "Byggt      exempel-iop" in result.output
    assert "Oförändrat rk-2023-17" in result.output


def test_case_with_errors_builds_nothing_but_others_build(project: Path):
    run(project, "build", "--no-pdf")
    old = snapshot(project / "build" / "exempel-iop")
    partners = project / "cases" / "exempel-iop" / "partners.yaml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("802500-1234", "802500-1235"), encoding="utf-8")
    (project / "cases" / "rk-2023-17" / "case.yaml").write_text(
        (project / "cases" / "rk-2023-17" / "case.yaml").read_text(encoding="utf-8").replace("agenda_item: 12", "agenda_item: 13"),
        encoding="utf-8",
    )
    result = run(project, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "cases/exempel-iop/partners.yaml:6: partners[0].orgnr: kontrollsiffran stämmer inte (802500-1235)" in result.output
    assert "Byggt      rk-2023-17" in result.output
    assert snapshot(project / "build" / "exempel-iop") == old


def test_failed_render_leaves_previous_files_intact(project: Path, monkeypatch):
    run(project, "build", "--no-pdf")
    old = snapshot(project / "build")

    def broken(case, templates_dir):
        raise UserError("mallen kunde inte läsas")

    monkeypatch.setattr("iopdocs.documents.render.render_case", broken)
    result = run(project, "build", "--no-pdf", "--force")
    assert result.exit_code == 1
    assert "Ärendet exempel-iop kunde inte byggas: mallen kunde inte läsas" in result.output
    assert snapshot(project / "build") == old


def test_interrupted_write_leaves_previous_file_and_no_temporary_file(project: Path, monkeypatch):
    run(project, "build", "--no-pdf")
    old = snapshot(project / "build")
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("iopdocs.fsutil.os.replace", interrupted)
    case_yaml = project / "cases" / "exempel-iop" / "case.yaml"
    case_yaml.write_text(case_yaml.read_text(encoding="utf-8").replace("Anna Exempelsson", "Anna Exempelsdotter"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--no-pdf"])
    assert result.exit_code != 0
    assert snapshot(project / "build") == old  # no .tmp files either: the snapshot would show them


def test_documents_that_are_no_longer_produced_are_removed(project: Path):
    run(project, "build", "--no-pdf")
    indicators = project / "cases" / "exempel-iop" / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(text[: text.index("  - period: 2025")], encoding="utf-8")
    result = run(project, "build", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert not (project / "build" / "exempel-iop" / "uppfoljning-2025.docx").exists()
    assert (project / "build" / "exempel-iop" / "uppfoljning-2024.docx").exists()


def test_unknown_case_is_a_swedish_error(project: Path):
    result = run(project, "build", "--no-pdf", "finns-inte")
    assert result.exit_code == 1
    assert "Ärendet 'finns-inte' finns inte" in result.output


def test_blank_forms_are_written_to_mallar_per_profile(project: Path):
    result = run(project, "build", "--no-pdf", "--blank")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "build" / "mallar" / "rinkeby-kista").glob("*.docx")) == [
        "bedomning-mall.docx",
        "overenskommelse-mall.docx",
        "uppfoljning-mall.docx",
    ]
    assert not list((project / "build" / "mallar").glob("*.docx"))


def second_profile(project: Path) -> None:
    """templates/profiles/spanga-tensta.yaml beside rinkeby-kista.yaml."""
    profiles = project / "templates" / "profiles"
    text = (profiles / "rinkeby-kista.yaml").read_text(encoding="utf-8")
    (profiles / "spanga-tensta.yaml").write_text(
        text.replace("Rinkeby-Kista", "Spånga-Tensta").replace("rinkeby-kista@", "spanga-tensta@"), encoding="utf-8")


def test_every_profile_gets_its_own_blank_forms(project: Path):
    import docx

    second_profile(project)
    assert run(project, "build", "--no-pdf", "--blank").exit_code == 0
    for name, administration in (("rinkeby-kista", "Rinkeby-Kista"), ("spanga-tensta", "Spånga-Tensta")):
        form = docx.Document(project / "build" / "mallar" / name / "bedomning-mall.docx")
        assert form.core_properties.author == f"{administration} stadsdelsförvaltning"
        header = form.sections[0].first_page_header
        assert f"{administration} stadsdelsförvaltning" in [p.text for t in header.tables for c in t.columns[0].cells
                                                            for p in c.paragraphs]


def test_unchanged_blank_forms_are_not_rebuilt(project: Path):
    second_profile(project)
    run(project, "build", "--no-pdf", "--blank")
    before = snapshot(project / "build" / "mallar")
    stamps = {p: p.stat().st_mtime_ns for p in (project / "build" / "mallar").rglob("*.docx")}
    result = run(project, "build", "--no-pdf", "--blank")
    assert "Oförändrat build/mallar/rinkeby-kista/" in result.output and "Mall " not in result.output
    assert snapshot(project / "build" / "mallar") == before
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    profile = project / "templates" / "profiles" / "spanga-tensta.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Kungsklippan 6", "Spånga torg 1"), encoding="utf-8")
    result = run(project, "build", "--no-pdf", "--blank")
    assert "Mall       build/mallar/spanga-tensta/bedomning-mall.docx" in result.output


def test_pdf_without_libreoffice_is_a_clear_error(project: Path, monkeypatch):
    monkeypatch.setattr("iopdocs.pdf.export.soffice_available", lambda: False)
    result = run(project, "build")
    assert result.exit_code == 1
    assert "LibreOffice saknas" in result.output
    assert not (project / "build").exists()


def test_blank_forms_carry_the_only_profile(project: Path):
    import docx

    run(project, "build", "--no-pdf", "--blank", "--profile", "rinkeby-kista")
    form = docx.Document(project / "build" / "mallar" / "rinkeby-kista" / "bedomning-mall.docx")
    assert form.core_properties.author == "Rinkeby-Kista stadsdelsförvaltning"


def test_blank_forms_with_an_unknown_profile_is_a_swedish_error(project: Path):
    result = run(project, "build", "--no-pdf", "--blank", "--profile", "finns-inte")
    assert result.exit_code == 1
    assert "Profilen 'finns-inte' finns inte (templates/profiles/finns-inte.yaml). Finns: rinkeby-kista." in result.output


def test_a_file_system_error_is_a_swedish_message_not_a_traceback(project: Path):
    (project / "build").write_text("en fil där mappen build/ borde vara", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--no-pdf"])
    assert result.exit_code == 1
    assert "Fel: Filsystemet svarade:" in result.output
    assert "Traceback" not in result.output


def test_an_internal_error_is_reported_without_a_traceback(project: Path, monkeypatch):
    def bug(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("iopdocs.documents.build.build_key", bug)
    result = CliRunner().invoke(main, ["--root", str(project), "build", "--no-pdf"])
    assert result.exit_code == 2
    assert "Internt fel i iopdocs (ZeroDivisionError: division by zero)" in result.output
    assert "IOPDOCS_DEBUG=1" in result.output


def test_build_converts_through_the_warm_engine_unless_turned_off(tmp_path, monkeypatch):
    """The engine is started while the cases render; IOPDOCS_ENGINE=0 keeps the batch path."""
    from iopdocs.documents import build as build_module
    from iopdocs.pdf import engine as engine_module
    from iopdocs.pdf.export import soffice_available

    if not (soffice_available() and engine_module.engine_available()):
        pytest.skip("LibreOffice or python3-uno is missing")
    started = []
    real = engine_module.Engine

    class Counting(real):
        def __init__(self, *args, **kwargs):
            started.append(kwargs.get("instances"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine_module, "Engine", Counting)
    root = tmp_path / "p"
    shutil.copytree(TEMPLATES, root / "templates")
    shutil.copytree(ROOT / "cases" / "rk-2023-17", root / "cases" / "rk-2023-17")
    project = Project(root)
    assert build_module.build(project).ok and started == [1]
    monkeypatch.setenv(build_module.ENGINE_ENV, "0")
    assert build_module.build(project, force=True).ok and started == [1]
    assert (root / "build" / "rk-2023-17" / "tjansteutlatande.pdf").read_bytes().startswith(b"%PDF-")
