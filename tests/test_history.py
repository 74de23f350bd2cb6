"""`iopdocs history` and `iopdocs diff` on a real, temporary git repository."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from templatefiles import TEMPLATES

from iopdocs.cli import main
from iopdocs.documents.fingerprint import case_files, case_mark

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

FIRST = ("Anna Exempelsson", "2024-01-10T09:00:00+01:00")
SECOND = ("Bo Bengtsson", "2024-02-01T14:30:00+01:00")
THIRD = ("Cecilia Clerk", "2024-03-01T10:00:00+01:00")


def git(repo: Path, *args: str, who: tuple[str, str] = FIRST) -> str:
    name, date = who
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": "handlaggare@example.se",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": "handlaggare@example.se",
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    out = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return out.stdout


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == count, (path, old)
    path.write_text(content.replace(old, new), encoding="utf-8")


def copy_project(target: Path) -> Path:
    shutil.copytree(ROOT / "cases" / "exempel-iop", target / "cases" / "exempel-iop")
    shutil.copytree(TEMPLATES, target / "templates")
    return target


def change_case(folder: Path) -> None:
    """A number, a partner added, a paragraph reworded: the second commit."""
    edit(folder / "partners.yaml", "amount_per_year: 450000", "amount_per_year: 500000")
    with (folder / "partners.yaml").open("a", encoding="utf-8") as handle:
        handle.write("  - id: lasframjarna\n    name: Läsfrämjarna i Kista\n")
    # With two partners every indicator and follow-up must say whose it is.
    indicators = folder / "indicators.yaml"
    edit(indicators, "    goal: laxhjalp\n", "    goal: laxhjalp\n    partner: laxhjalp-jarva\n", count=2)
    edit(indicators, "    goal: foraldrar\n", "    goal: foraldrar\n    partner: laxhjalp-jarva\n")
    for year in ("2024", "2025"):
        edit(indicators, f"  - period: {year}\n", f"  - period: {year}\n    partner: laxhjalp-jarva\n")
    edit(
        folder / "background.yaml",
        "Förvaltningen föreslår att nämnden ingår överenskommelsen.",
        "Förvaltningen föreslår därför att nämnden ingår den treåriga överenskommelsen.",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """cases/exempel-iop committed, changed and committed, then renamed to laxhjalp-jarva."""
    root = copy_project(tmp_path / "repo")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Första versionen av ärendet")
    change_case(root / "cases" / "exempel-iop")
    git(root, "commit", "-q", "-a", "-m", "Höjt bidrag och ny partner", who=SECOND)
    git(root, "mv", "cases/exempel-iop", "cases/laxhjalp-jarva", who=THIRD)
    git(root, "commit", "-q", "-m", "Byt namn på ärendemappen", who=THIRD)
    return root


def run(root: Path, *args: str):
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def mark_at(root: Path, rev: str, folder: str) -> str:
    names = git(root, "ls-tree", "--name-only", rev, f"{folder}/").split()
    files = {}
    for path in names:
        blob = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, check=True).stdout
        files[Path(path).name] = blob
    return case_mark(files)


def test_history_lists_commits_newest_first_with_author_date_and_message(repo):
    result = run(repo, "history", "laxhjalp-jarva")
    assert result.exit_code == 0, result.output
    out = result.output
    third = out.index("2024-03-01 10:00  Cecilia Clerk")
    second = out.index("2024-02-01 14:30  Bo Bengtsson")
    first = out.index("2024-01-10 09:00  Anna Exempelsson")
    assert third < second < first
    assert "”Byt namn på ärendemappen”" in out
    assert "”Höjt bidrag och ny partner”" in out
    assert "”Första versionen av ärendet”" in out


def test_history_follows_the_renamed_folder(repo):
    out = run(repo, "history", "laxhjalp-jarva").output
    assert "(mappen bytte namn: cases/exempel-iop → cases/laxhjalp-jarva)" in out
    rename_block = out[out.index("Cecilia Clerk") : out.index("Bo Bengtsson")]
    assert "(inga ändringar i ärendets innehåll)" in rename_block
    assert "(ärendet skapat)" in out[out.index("Anna Exempelsson") :]


def test_history_follows_a_folder_renamed_twice(repo):
    git(repo, "mv", "cases/laxhjalp-jarva", "cases/laxhjalp", who=THIRD)
    git(repo, "commit", "-q", "-m", "Byt namn igen", who=THIRD)
    out = run(repo, "history", "laxhjalp").output
    assert "(mappen bytte namn: cases/laxhjalp-jarva → cases/laxhjalp)" in out
    assert "(mappen bytte namn: cases/exempel-iop → cases/laxhjalp-jarva)" in out
    assert "”Höjt bidrag och ny partner”" in out
    assert "(ärendet skapat)" in out[out.index("Anna Exempelsson") :]
    diff = run(repo, "diff", "laxhjalp", "HEAD~3", "HEAD").output
    assert "(mappen bytte namn: cases/exempel-iop → cases/laxhjalp)" in diff
    assert '- Partnerorganisationerna: ny partner "Läsfrämjarna i Kista"' in diff


def test_history_of_a_case_never_committed(repo):
    shutil.copytree(repo / "cases" / "laxhjalp-jarva", repo / "cases" / "ny")
    result = run(repo, "history", "ny")
    assert result.exit_code == 0, result.output
    assert "Ärendet ny har inga incheckningar ännu." in result.output
    assert "Anna Exempelsson" not in result.output
    result = run(repo, "diff", "ny")
    assert result.exit_code == 1
    assert "Ärendet ny finns inte i revision HEAD" in result.output


def test_diff_takes_a_tag_and_a_short_hash(repo):
    git(repo, "tag", "-a", "-m", "skickat på remiss", "remiss", "HEAD~2")
    short = git(repo, "rev-parse", "--short=5", "HEAD~1").strip()
    result = run(repo, "diff", "laxhjalp-jarva", "remiss", short)
    assert result.exit_code == 0, result.output
    assert f"från: remiss = {git(repo, 'rev-parse', '--short=7', 'HEAD~2').strip()}  2024-01-10 09:00" in result.output
    assert f"till: {short}" in result.output and f"till: {short} = " not in result.output
    assert '- Partnerorganisationerna: ny partner "Läsfrämjarna i Kista"' in result.output


def test_a_file_name_that_is_not_utf8_in_the_case_folder_is_no_internal_error(repo):
    (repo / "cases" / "laxhjalp-jarva" / os.fsdecode(b"anteckning-\xe5.txt")).write_bytes(b"latin-1")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Anteckning", who=THIRD)
    result = run(repo, "history", "laxhjalp-jarva")
    assert result.exit_code == 0, result.output
    assert "”Anteckning”" in result.output


def test_history_summarises_changes_in_terms_of_the_model(repo):
    out = run(repo, "history", "laxhjalp-jarva").output
    block = out[out.index("Bo Bengtsson") : out.index("Anna Exempelsson")]
    assert "- Partner Läxhjälp Järva › Bidrag › Stadens bidrag per år: 450 000 → 500 000 kr" in block
    assert '- Partnerorganisationerna: ny partner "Läsfrämjarna i Kista"' in block
    assert "- Förvaltningens synpunkter och förslag: stycke 2 ändrat" in block
    assert "klarar inte kontrollen" not in out


def test_history_shows_the_version_mark_of_each_revision(repo):
    out = run(repo, "history", "laxhjalp-jarva").output
    assert f"Cecilia Clerk  {git(repo, 'rev-parse', '--short=7', 'HEAD').strip()}  märke {mark_at(repo, 'HEAD', 'cases/laxhjalp-jarva')}" in out
    assert f"märke {mark_at(repo, 'HEAD~1', 'cases/exempel-iop')}" in out
    first = mark_at(repo, "HEAD~2", "cases/exempel-iop")
    assert f"Anna Exempelsson  {git(repo, 'rev-parse', '--short=7', 'HEAD~2').strip()}  märke {first}" in out
    # the mark is the one the statement's footer prints for the working tree's files
    assert mark_at(repo, "HEAD", "cases/laxhjalp-jarva") == case_mark(case_files(repo / "cases" / "laxhjalp-jarva"))


def test_history_shows_uncommitted_changes_first(repo):
    folder = repo / "cases" / "laxhjalp-jarva"
    edit(folder / "case.yaml", "date: 2023-11-09", "date: 2023-11-16")
    out = run(repo, "history", "laxhjalp-jarva").output
    assert out.index("arbetskopian (ej incheckad)") < out.index("Cecilia Clerk")
    assert f"märke {case_mark(case_files(folder))}" in out
    assert "- Tjänsteutlåtandets datum: 2023-11-09 → 2023-11-16" in out


def test_diff_between_two_revisions_across_the_rename(repo):
    result = run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "från: HEAD~2 = " in out and "till: HEAD = " in out
    assert "(mappen bytte namn: cases/exempel-iop → cases/laxhjalp-jarva)" in out
    assert "- Partner Läxhjälp Järva › Bidrag › Stadens bidrag per år: 450 000 → 500 000 kr" in out
    assert '- Partnerorganisationerna: ny partner "Läsfrämjarna i Kista"' in out


def test_diff_defaults_to_last_commit_against_working_tree(repo):
    clean = run(repo, "diff", "laxhjalp-jarva")
    assert clean.exit_code == 0
    assert "till: arbetskopian" in clean.output
    assert "Inga ändringar i ärendets innehåll." in clean.output
    edit(repo / "cases" / "laxhjalp-jarva" / "goals.yaml", "title: Fler föräldrar kan stödja sina barns skolgång",
         "title: Fler föräldrar kan stödja sina barns skolgång\n      - id: lovskola\n        title: Fler elever går i lovskola")
    changed = run(repo, "diff", "laxhjalp-jarva")
    assert '- Mål behorighet › Delmål: nytt delmål "Fler elever går i lovskola"' in changed.output


def test_diff_of_a_working_tree_that_does_not_validate_still_shows_changes(repo):
    edit(repo / "cases" / "laxhjalp-jarva" / "case.yaml", "dnr: RK 2023/412\n", "dnr: inte ett dnr\n")
    out = run(repo, "diff", "laxhjalp-jarva").output
    assert "arbetskopian klarar inte kontrollen" in out
    assert '- Diarienummer: "RK 2023/412" → "inte ett dnr"' in out


def test_unknown_revision_is_a_swedish_error(repo):
    result = run(repo, "diff", "laxhjalp-jarva", "finns-inte")
    assert result.exit_code == 1
    assert "Revisionen 'finns-inte' finns inte i git-förrådet" in result.output


def test_revision_without_the_case_is_a_swedish_error(repo):
    git(repo, "checkout", "-q", "--orphan", "tom")
    git(repo, "rm", "-rq", "--cached", "cases")
    git(repo, "commit", "-q", "--allow-empty", "-m", "tom gren")
    result = run(repo, "diff", "laxhjalp-jarva", "tom")
    assert result.exit_code == 1
    assert "Ärendet laxhjalp-jarva finns inte i revision tom" in result.output


def test_outside_a_git_repository_is_a_swedish_error(tmp_path):
    root = copy_project(tmp_path / "plain")
    for args in (["history", "exempel-iop"], ["diff", "exempel-iop"]):
        result = run(root, *args)
        assert result.exit_code == 1
        assert "ligger inte i ett git-förråd" in result.output


def test_a_repository_git_cannot_read_is_not_called_no_repository(repo):
    with (repo / ".git" / "config").open("a", encoding="utf-8") as handle:
        handle.write("[trasig\n")
    result = run(repo, "history", "laxhjalp-jarva")
    assert result.exit_code == 1
    assert "Git kan inte läsa förrådet som mappen" in result.output
    assert "git: fatal: bad config line" in result.output
    assert "ligger inte i ett git-förråd" not in result.output


def test_without_git_installed_is_a_swedish_error(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "ingen-git-här"))
    result = run(repo, "history", "laxhjalp-jarva")
    assert result.exit_code == 1
    assert "Programmet git finns inte" in result.output


# --- jamforelse.docx -------------------------------------------------------------------


def changes(path: Path, tag: str) -> list:
    body = docx.Document(str(path)).element.body
    return list(body.iter(f"{W}{tag}"))


def change_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))


def test_diff_docx_marks_changes_as_tracked_changes(repo):
    result = run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD", "--docx")
    assert result.exit_code == 0, result.output
    path = repo / "build" / "laxhjalp-jarva" / "jamforelse.docx"
    assert "Skrev build/laxhjalp-jarva/jamforelse.docx" in result.output
    inserted, deleted = changes(path, "ins"), changes(path, "del")
    assert inserted and deleted
    for element in inserted + deleted:
        assert element.get(f"{W}author") == "Cecilia Clerk"
        assert element.get(f"{W}date") == "2024-03-01T09:00:00Z"
    ids = [element.get(f"{W}id") for element in inserted + deleted]
    assert len(set(ids)) == len(ids)
    ins_texts = [change_text(e) for e in inserted]
    del_texts = [change_text(e) for e in deleted]
    # the amount in the table of agreements, whole: old deleted, new inserted
    assert "450\u202f000" in del_texts and "500\u202f000" in ins_texts
    assert "Läsfrämjarna i Kista" in ins_texts
    # the reworded paragraph: the words that came, and the old text kept where unchanged
    assert " därför" in ins_texts and "den treåriga " in ins_texts
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Förvaltningen föreslår" in text and "att nämnden ingår" in text


def test_diff_docx_shows_deleted_words(repo):
    edit(repo / "cases" / "laxhjalp-jarva" / "background.yaml",
         "Förvaltningen föreslår därför att nämnden ingår den treåriga överenskommelsen.",
         "Förvaltningen föreslår att nämnden ingår överenskommelsen.")
    result = run(repo, "diff", "laxhjalp-jarva", "--docx")
    assert result.exit_code == 0, result.output
    path = repo / "build" / "laxhjalp-jarva" / "jamforelse.docx"
    deleted = changes(path, "del")
    assert {"därför", "den treåriga"} <= {change_text(e).strip() for e in deleted}
    assert all(e.find(f".//{W}delText") is not None for e in deleted if change_text(e))
    assert all(e.get(f"{W}author") == "iopdocs" for e in deleted)


# Accepting or rejecting every change must give back exactly one of the two statements.


def statement_at(repo: Path, rev: str | None, folder: str, tmp: Path) -> bytes:
    """The statement of the case as rendered from its files at `rev` (None: the working tree)."""
    from iopdocs.case.load import load_case
    from iopdocs.documents.render import render_statement
    from iopdocs.project import Project

    target = tmp / (rev or "arbetskopian").replace("~", "-") / "cases" / Path(folder).name
    target.mkdir(parents=True)
    if rev is None:
        for name in (repo / folder).iterdir():
            shutil.copy(name, target / name.name)
    else:
        for path in git(repo, "ls-tree", "--name-only", rev, f"{folder}/").split():
            blob = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=repo, capture_output=True, check=True).stdout
            (target / Path(path).name).write_bytes(blob)
    shutil.copytree(repo / "templates", target.parents[1] / "templates")
    return render_statement(load_case(Project(target.parents[1]), target), repo / "templates").data


def resolved(part: bytes, keep: str) -> list[str]:
    """The paragraphs' text of a part with every change accepted (keep='ins') or rejected
    (keep='del'), as Word would leave them: text per paragraph, table rows included."""
    from lxml import etree

    drop = "del" if keep == "ins" else "ins"
    root = etree.fromstring(part)
    for mark in list(root.iter(f"{W}{drop}")):
        parent = mark.getparent()
        owner = parent.getparent()
        if parent.tag == f"{W}rPr" and owner.tag == f"{W}pPr":  # the paragraph mark: the paragraph goes
            owner.getparent().getparent().remove(owner.getparent())
        elif parent.tag == f"{W}trPr":
            owner.getparent().remove(owner)
        elif mark.getparent() is not None:
            parent.remove(mark)
    texts = []
    for p in root.iter(f"{W}p"):
        texts.append("".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")))
    return texts


def parts_of(data: bytes) -> dict[str, bytes]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {n: package.read(n) for n in package.namelist()
            if n == "word/document.xml" or n.startswith(("word/header", "word/footer"))}


def plain(part: bytes) -> list[str]:
    from lxml import etree

    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in etree.fromstring(part).iter(f"{W}p")]


def change_more(repo: Path) -> None:
    """Changes of every kind in the working tree: header (dnr), list item gone, signatory
    gone (the signature table's row), meeting and agenda item (printed nowhere)."""
    case_yaml = repo / "cases" / "laxhjalp-jarva" / "case.yaml"
    edit(case_yaml, "dnr: RK 2023/412\n", "dnr: RK 2023/999\n")
    edit(case_yaml, "meeting: 2023-12-07\nagenda_item: 8\n", "meeting: 2024-01-18\n")
    edit(case_yaml, "  - name: Adrian Göransson\n    title: avdelningschef\n", "")
    edit(case_yaml, "  - title: Förslag till överenskommelse med verksamhetsplan\n    dnr: RK 2023/412-2\n"
                    "    form: agreement\n    partner: laxhjalp-jarva\n", "")
    background = repo / "cases" / "laxhjalp-jarva" / "background.yaml"
    edit(background, "        2. en årlig uppföljning av gemensamma indikatorer,\n        3. föreningens",
         "        2. föreningens")


@pytest.mark.parametrize("older", ["HEAD~2", "HEAD"])
def test_accepting_every_change_gives_the_newer_statement_and_rejecting_the_older(repo, tmp_path, older):
    if older == "HEAD":
        change_more(repo)
    newer = None if older == "HEAD" else "HEAD"
    args = ["diff", "laxhjalp-jarva", older] + ([newer] if newer else []) + ["--docx"]
    assert run(repo, *args).exit_code == 0
    compared = parts_of((repo / "build" / "laxhjalp-jarva" / "jamforelse.docx").read_bytes())
    folder_old = "cases/exempel-iop" if older == "HEAD~2" else "cases/laxhjalp-jarva"
    old = parts_of(statement_at(repo, older, folder_old, tmp_path))
    new = parts_of(statement_at(repo, newer, "cases/laxhjalp-jarva", tmp_path))
    assert sorted(compared) == sorted(new)  # the statement's own header and footer parts, no others
    for name in new:
        assert resolved(compared[name], "ins") == plain(new[name]), name
        assert resolved(compared[name], "del") == plain(old[name]), name
    if older == "HEAD":  # every kind of change made it in
        header = "".join(plain(compared["word/header1.xml"]) + resolved(compared["word/header1.xml"], "del"))
        assert "RK 2023/999" in header and "RK 2023/412" in header


def test_diff_docx_is_the_statement_with_letterhead_tables_and_signatures(repo, tmp_path):
    run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD", "--docx")
    path = repo / "build" / "laxhjalp-jarva" / "jamforelse.docx"
    document = docx.Document(str(path))
    statement = docx.Document(io.BytesIO(statement_at(repo, "HEAD", "cases/laxhjalp-jarva", tmp_path)))
    assert len(document.tables) == len(statement.tables) >= 2  # the head and the agreements at least
    headers = "".join(p.text for p in document.sections[0].first_page_header.paragraphs)
    headers += "".join(c.text for t in document.sections[0].first_page_header.tables for c in t._cells)
    assert "Rinkeby-Kista stadsdelsförvaltning" in headers and "Tjänsteutlåtande" in headers
    assert "Handläggare" in document.tables[0].cell(0, 0).text  # the statement's head, as a table
    signatures = [p.text for p in document.paragraphs if "Victoria Callenmark" in p.text]
    assert signatures == [p.text for p in statement.paragraphs if "Victoria Callenmark" in p.text] != []
    package = zipfile.ZipFile(path)
    template = zipfile.ZipFile(repo / "templates" / "tjansteutlatande.docx")
    assert package.read("word/settings.xml") == zipfile.ZipFile(
        io.BytesIO(statement_at(repo, "HEAD", "cases/laxhjalp-jarva", tmp_path / "b"))).read("word/settings.xml")
    assert template.read("word/styles.xml")[:200] == package.read("word/styles.xml")[:200]
    document_xml = package.read("word/document.xml").decode()
    assert "{{" not in document_xml and "{%" not in document_xml
    assert document.core_properties.language == "sv-SE"
    assert document.core_properties.title == "Jämförelse av tjänsteutlåtande"


def test_diff_docx_comments_on_what_the_statement_does_not_print(repo):
    change_more(repo)
    run(repo, "diff", "laxhjalp-jarva", "--docx")
    package = zipfile.ZipFile(repo / "build" / "laxhjalp-jarva" / "jamforelse.docx")
    comments = "".join(t for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", package.read("word/comments.xml").decode()))
    assert "Jämförelse av ärendet laxhjalp-jarva" in comments
    assert "Sammanträde: 2023-12-07 → 2024-01-18." in comments
    assert "Punkt på föredragningslistan: 8 → inget." in comments
    # on the title, which the statement has: no line of its own
    document = docx.Document(io.BytesIO(package.read("word/document.xml") and
                                        (repo / "build" / "laxhjalp-jarva" / "jamforelse.docx").read_bytes()))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert title._p.find(f"{W}commentRangeStart") is not None


def audit(path: Path) -> list[str]:
    result = subprocess.run([str(Path(sys.executable).parent / "openxml-audit"), "-f", "microsoft365",
                             "--policy", "strict", "-o", "json", "-m", "0", str(path)],
                            capture_output=True, text=True)
    report = json.loads(result.stdout)
    found = report if isinstance(report, list) else [report]
    return sorted(f"{e['part_uri']}: {e['description']}"
                  for r in found for e in r.get("errors", []))


@pytest.mark.parametrize("older", ["HEAD~2", "HEAD"])
def test_diff_docx_passes_the_strict_word_check(repo, older):
    if older == "HEAD":
        change_more(repo)
    newer = None if older == "HEAD" else "HEAD"
    run(repo, *(["diff", "laxhjalp-jarva", older] + ([newer] if newer else []) + ["--docx"]))
    assert audit(repo / "build" / "laxhjalp-jarva" / "jamforelse.docx") == []


def test_diff_docx_of_a_version_that_does_not_validate_passes_the_strict_word_check(repo):
    edit(repo / "cases" / "laxhjalp-jarva" / "case.yaml", "date: 2023-11-09", "date: 2023-13-45")
    result = run(repo, "diff", "laxhjalp-jarva", "--docx")
    assert "arbetskopian klarar inte kontrollen" in result.output
    assert audit(repo / "build" / "laxhjalp-jarva" / "jamforelse.docx") == []


def test_diff_docx_is_byte_identical_for_identical_input(repo):
    path = repo / "build" / "laxhjalp-jarva" / "jamforelse.docx"
    run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD", "--docx")
    first = path.read_bytes()
    run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD", "--docx")
    assert path.read_bytes() == first


def test_diff_shows_a_long_title_changed_word_by_word(repo):
    case_yaml = repo / "cases" / "laxhjalp-jarva" / "case.yaml"
    title = next(line for line in case_yaml.read_text(encoding="utf-8").splitlines() if line.startswith("title:"))
    edit(case_yaml, title, title.replace("Järva", "Järva och Kista"))
    out = run(repo, "diff", "laxhjalp-jarva").output
    assert len(title) > 70
    assert "Ärendets rubrik: " in out and "texten ändrad" not in out
    assert "Järva {+och Kista+}" in out


def test_diff_marks_each_changed_paragraph_word_by_word(repo):
    out = run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD").output
    lines = out.splitlines()
    at = lines.index("- Förvaltningens synpunkter och förslag: stycke 2 ändrat")
    assert lines[at + 1] == ("    stycke 2: Förvaltningen föreslår {+därför+} att nämnden ingår {+den treåriga+} "
                             "överenskommelsen.")


def test_history_marks_changed_words_too(repo):
    out = run(repo, "history", "laxhjalp-jarva").output
    assert "      stycke 2: Förvaltningen föreslår {+därför+} att nämnden ingår" in out


def test_a_short_text_reads_old_to_new(repo):
    edit(repo / "cases" / "laxhjalp-jarva" / "partners.yaml", "short_name: Läxhjälp Järva", "short_name: Läxhjälpen")
    out = run(repo, "diff", "laxhjalp-jarva").output
    assert '- Partner Läxhjälpen › Kortnamn i löptext och rubriker: "Läxhjälp Järva" → "Läxhjälpen"' in out


def test_diff_is_in_colour_on_a_terminal(repo, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = run(repo, "diff", "laxhjalp-jarva", "HEAD~2", "HEAD").output
    assert "{+" not in out and "+}" not in out
    assert "\x1b[32mdärför\x1b[0m" in out
