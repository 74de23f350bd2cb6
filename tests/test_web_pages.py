"""`iopdocs serve`: the documents, history, comparison, meeting and attachment pages."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from pypdf import PdfWriter
from webclient import (
    ROOT_DIR,
    client,
    git,
    git_project,
    message_beside,
    page_fields,
    post_form,
)

from iopdocs.documents.build import BuildResult, build
from iopdocs.project import Project
from iopdocs.web.rebuild import Rebuilder


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(Rebuilder, "rebuild", lambda self, project, name: BuildResult(built=[name]))
    return git_project(tmp_path)


def pdf_bytes(encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt("hemligt")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def token(c) -> str:
    return dict(page_fields(c.get("/").text))["csrftoken"]


def test_the_case_page_lists_the_built_documents_with_downloads(root):
    build(Project(root), ("x",), pdf=False)
    c = client(root)
    page = c.get("/arende/x").text
    assert 'href="/arende/x/fil/tjansteutlatande.docx"' in page
    response = c.get("/arende/x/fil/tjansteutlatande.docx")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")
    assert "attachment" in response.headers["content-disposition"]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice eller pdftoppm saknas")
def test_the_preview_shows_each_page_as_an_image_and_its_text(root):
    build(Project(root), ("x",), pdf=True)
    c = client(root)
    page = c.get("/arende/x").text
    assert '<img src="/arende/x/sida/tjansteutlatande.pdf/1"' in page
    assert "Exempelärende" in page  # the page's text, for those who cannot see the image
    image = c.get("/arende/x/sida/tjansteutlatande.pdf/1")
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")
    assert c.get("/arende/x/sida/tjansteutlatande.pdf/99").status_code == 400


def test_rebuilding_from_the_case_page_reports_the_build(root):
    c = client(root)
    response = c.post("/arende/x/bygg", data={"csrftoken": token(c)})
    assert response.status_code == 200
    assert "Dokumenten är byggda" in response.text


def test_history_lists_each_save_with_its_author_and_links_to_its_changes(root):
    c = client(root, trusted_header="X-Remote-User")
    anna = {"X-Remote-User": "anna"}
    post_form(c, "/arende/x/case", c.get("/arende/x/case", headers=anna).text,
              {"title": "Läxhjälp i Järva 2024"}, headers=anna)
    page = c.get("/arende/x/historik", headers=anna).text
    assert "x: case.yaml: case.title" in page
    assert "<td>anna</td>" in page
    sha = git(root, "rev-parse", "HEAD").strip()
    assert f"till={sha[:12]}" in page


def test_the_comparison_highlights_the_words_that_changed(root):
    text = (root / "cases/x/case.yaml").read_text()
    (root / "cases/x/case.yaml").write_text(text.replace("att fler elever blir behöriga", "att många fler elever blir behöriga"))
    page = client(root).get("/arende/x/jamfor").text
    assert "case.summary" in page
    assert "bidra till att<ins> många</ins> fler elever" in page


def test_the_comparison_downloads_as_a_word_file_with_tracked_changes(root):
    text = (root / "cases/x/case.yaml").read_text()
    (root / "cases/x/case.yaml").write_text(text.replace("att fler elever", "att många fler elever"))
    c = client(root)
    page = c.get("/arende/x/jamfor").text
    response = c.post("/arende/x/jamforelse", data={"csrftoken": dict(page_fields(page))["csrftoken"],
                                                   "fran": "", "till": ""})
    assert response.status_code == 200
    assert b"<w:ins " in zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml")


def test_a_revision_that_is_not_one_is_refused_in_swedish(root):
    response = client(root).get("/arende/x/jamfor?fran=--output=/tmp/x")
    assert response.status_code == 400
    assert "är ingen version av ärendet" in response.text


def test_the_meeting_page_lists_its_items_and_what_the_web_copies_leave_out(root):
    shutil.copytree(ROOT_DIR / "meetings", root / "meetings")
    page = client(root).get("/sammantrade/2023-12-07").text
    assert "Exempelärende: Idéburet offentligt partnerskap" in page
    assert "case.officer.phone: borttaget" in page
    assert "Sätt ihop handlingarna" in page


def test_a_meeting_without_items_says_how_to_add_one(root):
    page = client(root).get("/sammantrade/2030-01-01").text
    assert "Inga ärenden till sammanträdet ännu" in page


def test_a_meeting_date_that_is_not_a_date_is_a_404(root):
    assert client(root).get("/sammantrade/..%2F..%2Fetc").status_code == 404
    assert client(root).get("/sammantrade/2023-13-45").status_code == 404


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")
def test_the_packet_is_built_from_the_meeting_page_and_downloads(tmp_path, root):
    shutil.copytree(ROOT_DIR / "meetings", root / "meetings")
    c = client(root)
    page = c.get("/sammantrade/2023-12-07").text
    response = c.post("/sammantrade/2023-12-07/handlingar",
                      data={"csrftoken": dict(page_fields(page))["csrftoken"], "publish": "true"})
    assert response.status_code == 200, response.text
    assert "Handlingarna är ihopsatta" in response.text
    assert 'href="/sammantrade/2023-12-07/fil/handlingar.pdf"' in response.text
    assert 'href="/sammantrade/2023-12-07/fil/webb/' in response.text
    pdf = c.get("/sammantrade/2023-12-07/fil/handlingar.pdf")
    assert pdf.content.startswith(b"%PDF-")


def test_an_uploaded_pdf_is_kept_in_the_case_and_committed(root):
    c = client(root)
    response = c.post("/arende/x/bilagor", data={"csrftoken": token(c)},
                      files={"fil": ("Årsredovisning 2023.pdf", pdf_bytes(), "application/pdf")})
    assert response.status_code == 200
    assert "bilagor/arsredovisning-2023.pdf" in response.text
    assert (root / "cases/x/bilagor/arsredovisning-2023.pdf").read_bytes() == pdf_bytes()
    assert git(root, "log", "-1", "--format=%s").strip() == "x: ny bilaga bilagor/arsredovisning-2023.pdf"


@pytest.mark.parametrize("data, reason", [
    (pdf_bytes(encrypt=True), "krypterad"),
    (b"inte en pdf alls", "ingen PDF-fil"),
])
def test_an_upload_that_packet_would_refuse_is_refused_and_not_kept(root, data, reason):
    c = client(root)
    response = c.post("/arende/x/bilagor", data={"csrftoken": token(c)},
                      files={"fil": ("bilaga.pdf", data, "application/pdf")})
    assert response.status_code == 400
    assert reason in response.text
    assert not (root / "cases/x/bilagor").exists()


def test_an_upload_without_the_csrf_token_is_refused(root):
    c = client(root)
    token(c)  # the cookie is set
    response = c.post("/arende/x/bilagor", data={"csrftoken": "fel"},
                      files={"fil": ("bilaga.pdf", pdf_bytes(), "application/pdf")})
    assert response.status_code == 403
    assert "Formuläret kunde inte tas emot" in response.text
    assert not (root / "cases/x/bilagor").exists()


def test_the_meeting_file_is_edited_as_a_form_and_saved_line_by_line(root):
    shutil.copytree(ROOT_DIR / "meetings", root / "meetings")
    git(root, "add", "meetings")
    git(root, "commit", "-q", "-m", "Sammanträdet")
    before = (root / "meetings/2023-12-07.yaml").read_text()
    c = client(root)
    page = c.get("/sammantrade/2023-12-07/redigera").text
    assert '<label for="f-chair">Ordförande' in page
    response = post_form(c, "/sammantrade/2023-12-07/redigera", page, {"place": "Kista Centrum, sal 3"})
    assert "Sparat och incheckat" in response.text
    after = (root / "meetings/2023-12-07.yaml").read_text()
    assert [a for a, b in zip(after.splitlines(), before.splitlines()) if a != b] == [
        "place: Kista Centrum, sal 3"]
    assert git(root, "log", "-1", "--format=%s").strip() == "sammanträdet 2023-12-07: 2023-12-07.yaml: place"


def test_a_meeting_time_that_is_not_a_time_is_told_beside_the_field(root):
    shutil.copytree(ROOT_DIR / "meetings", root / "meetings")
    before = (root / "meetings/2023-12-07.yaml").read_bytes()
    c = client(root)
    response = post_form(c, "/sammantrade/2023-12-07/redigera", c.get("/sammantrade/2023-12-07/redigera").text,
                         {"time": "kvart i sex"})
    assert response.status_code == 400
    assert message_beside(response.text, "time") == ["ska vara ett klockslag TT:MM, t.ex. '18:00' (kvart i sex)"]
    assert (root / "meetings/2023-12-07.yaml").read_bytes() == before


def test_the_case_page_says_what_check_says(root):
    assert "Kontrollen hittar inga fel" in client(root).get("/arende/x").text
    text = (root / "cases/x/case.yaml").read_text().replace("date: 2023-11-09", "date: 2023-11-31")
    (root / "cases/x/case.yaml").write_text(text)
    page = client(root).get("/arende/x").text
    assert "Kontrollen hittar 1 fel" in page
    assert "case.yaml:5: date: datumet 2023-11-31 finns inte" in page
