"""`iopdocs serve`: every page and every refusal, through Starlette's test client."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import time

import httpx
import pytest
from casefolder import edit, run, write
from webclient import client, git, git_project, message_beside, page_fields, post_form
from webserver import free_port

import iopdocs.web.pages_case as pages_case
from iopdocs.documents.build import BuildResult
from iopdocs.web.rebuild import Rebuilder

CASE = "cases/x/case.yaml"


@pytest.fixture
def root(tmp_path, monkeypatch):
    # Building with LibreOffice is tested once below; here a save just records the rebuild.
    monkeypatch.setattr(Rebuilder, "rebuild", lambda self, project, name: BuildResult(built=[name]))
    return git_project(tmp_path)


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_start_page_lists_the_cases_their_agreements_and_meetings(root):
    page = client(root).get("/").text
    assert 'href="/arende/x"' in page
    assert "RK 2023/412" in page
    assert "Exempelföreningen Läxhjälp Järva" in page  # the agreement's row from status
    assert 'href="/sammantrade/2023-12-07"' in page


def test_a_case_with_errors_is_listed_with_their_count(root):
    write(root, "cases/trasig/case.yaml", "dnr: RK 2024/1\n")
    page = client(root).get("/").text
    assert re.search(r'href="/arende/trasig".*?\d+ fel', page, re.S)


def test_new_case_writes_the_skeleton_and_opens_its_form(root):
    c = client(root)
    page = c.get("/").text
    token = dict(page_fields(page))["csrftoken"]
    response = c.post("/nytt", data={"csrftoken": token, "name": "rk-2024-15", "kind": "consultation"},
                      follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/arende/rk-2024-15/case"
    assert "\nkind: consultation" in (root / "cases/rk-2024-15/case.yaml").read_text()
    form = c.get("/arende/rk-2024-15/case")
    assert form.status_code == 200  # the skeleton opens as a form
    assert '<option value="consultation" selected>Yttrande över remiss' in form.text


def test_new_case_with_a_path_for_a_name_is_refused_in_swedish(root):
    c = client(root)
    token = dict(page_fields(c.get("/").text))["csrftoken"]
    response = c.post("/nytt", data={"csrftoken": token, "name": "../utanfor"})
    assert response.status_code == 400
    assert "Ogiltigt ärendenamn" in response.text
    assert not (root / "cases/../utanfor").exists()


def test_the_case_form_has_swedish_labels_and_the_right_input_for_each_type(root):
    page = client(root).get("/arende/x/case").text
    assert '<label for="f-title">Ärendets rubrik' in page
    assert re.search(r'<input type="date" id="f-date" name="date" value="2023-11-09"', page)
    assert re.search(r'<select id="f-kind" name="kind".*?<option value="new_agreement" selected>Ny överenskommelse',
                     page, re.S)
    assert re.search(r'<textarea id="f-summary" name="summary"', page)
    assert "Så skriver du texten" in page  # the prose markup explained
    assert re.search(r'type="checkbox" id="f-signatories\[0\]\.acting"', page)
    assert re.search(r'inputmode="numeric"[^>]*name="agenda_item" value="8"', page)


@pytest.mark.parametrize("source", ["exempel-iop", "rk-2023-17"])
def test_every_case_file_is_a_form_and_posting_it_unchanged_changes_nothing(tmp_path, source):
    root = git_project(tmp_path, source)
    c = client(root)
    head = git(root, "rev-parse", "HEAD")
    for kind in ("case", "background", "partners", "goals", "indicators"):
        if not (root / f"cases/x/{kind}.yaml").is_file():
            continue
        before = (root / f"cases/x/{kind}.yaml").read_bytes()
        response = post_form(c, f"/arende/x/{kind}", c.get(f"/arende/x/{kind}").text)
        assert response.status_code == 200, kind
        assert "Inga ändringar att spara" in response.text
        assert (root / f"cases/x/{kind}.yaml").read_bytes() == before, kind
    assert git(root, "rev-parse", "HEAD") == head


def test_saving_a_new_title_changes_that_line_only_and_commits_with_the_signed_on_user(root):
    c = client(root, trusted_header="X-Remote-User")
    user = {"X-Remote-User": "anna.svensson@stad.se"}
    before = (root / CASE).read_text()
    page = c.get("/arende/x/case", headers=user).text
    response = post_form(c, "/arende/x/case", page, {"title": "Läxhjälp i Järva 2024"}, headers=user)
    assert response.status_code == 200
    assert "Sparat och incheckat" in response.text
    assert changed_lines(before, (root / CASE).read_text()) == [
        '-title: "Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"',
        '+title: "Läxhjälp i Järva 2024"',
    ]
    log = git(root, "log", "-1", "--format=%an|%ae|%s")
    assert log.strip() == "anna.svensson@stad.se|anna.svensson@stad.se|x: case.yaml: case.title"
    assert git(root, "status", "--porcelain", "cases") == ""


def test_a_save_commits_only_its_own_file(root):
    write(root, "cases/x/goals.yaml", (root / "cases/x/goals.yaml").read_text() + "# lokal ändring\n")
    c = client(root)
    post_form(c, "/arende/x/case", c.get("/arende/x/case").text, {"subtitle": "Ny underrubrik"})
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["cases/x/case.yaml"]
    assert "goals.yaml" in git(root, "status", "--porcelain")


def test_an_impossible_date_is_told_beside_the_field_and_nothing_is_written(root):
    c = client(root)
    before = (root / CASE).read_bytes()
    head = git(root, "rev-parse", "HEAD")
    response = post_form(c, "/arende/x/case", c.get("/arende/x/case").text, {"date": "2023-02-30"})
    assert response.status_code == 400
    assert message_beside(response.text, "date") == ["datumet 2023-02-30 finns inte"]
    assert "Inte sparat: 1 fel" in response.text
    assert (root / CASE).read_bytes() == before
    assert git(root, "rev-parse", "HEAD") == head


def test_a_cross_field_rule_is_told_beside_the_field_it_names(root):
    c = client(root)
    before = (root / "cases/x/partners.yaml").read_bytes()
    page = c.get("/arende/x/partners").text
    response = post_form(c, "/arende/x/partners", page, {"partners[0].agreement.end": "2023-06-30"})
    assert response.status_code == 400
    assert message_beside(response.text, "partners[0].agreement.end") == [
        "slutdatum 2023-06-30 ska vara efter startdatum 2024-01-01"]
    assert (root / "cases/x/partners.yaml").read_bytes() == before


def test_a_save_based_on_an_older_version_is_refused_and_shows_the_other_change(root):
    c = client(root, trusted_header="X-Remote-User")
    anna, bo = {"X-Remote-User": "anna"}, {"X-Remote-User": "bo"}
    first = c.get("/arende/x/case", headers=anna).text
    second = c.get("/arende/x/case", headers=bo).text
    post_form(c, "/arende/x/case", first, {"subtitle": "Den förstas underrubrik"}, headers=anna)
    saved = (root / CASE).read_bytes()
    response = post_form(c, "/arende/x/case", second, {"subtitle": "Den andras underrubrik"}, headers=bo)
    assert response.status_code == 409
    assert "Inte sparat: filen har ändrats av anna," in response.text
    assert "Den förstas underrubrik" in response.text  # the other change, shown
    assert (root / CASE).read_bytes() == saved


def test_adding_moving_and_removing_list_items_edits_the_form_not_the_file(root):
    c = client(root)
    before = (root / CASE).read_bytes()
    page = c.get("/arende/x/case").text
    added = post_form(c, "/arende/x/case", page, op="add:attachments")
    assert "Ändringen är inte sparad än" in added.text
    count = len(re.findall(r'name="_item" value="attachments\[\d+\]"', page))
    assert len(re.findall(r'name="_item" value="attachments\[\d+\]"', added.text)) == count + 1
    titles = re.findall(r'name="attachments\[\d+\]\.title" value="([^"]*)"', page)
    moved = post_form(c, "/arende/x/case", page, op="down:attachments[0]")
    assert re.findall(r'name="attachments\[\d+\]\.title" value="([^"]*)"', moved.text)[:2] == [titles[1], titles[0]]
    removed = post_form(c, "/arende/x/case", page, op="remove:attachments[0]")
    assert re.findall(r'name="attachments\[\d+\]\.title" value="([^"]*)"', removed.text) == titles[1:]
    assert (root / CASE).read_bytes() == before


def test_a_removed_attachment_is_saved_as_the_lines_of_that_item_gone(root):
    c = client(root)
    before = (root / CASE).read_text()
    removed = post_form(c, "/arende/x/case", c.get("/arende/x/case").text, op="remove:attachments[1]")
    response = post_form(c, "/arende/x/case", removed.text)
    assert "Sparat" in response.text
    lines = changed_lines(before, (root / CASE).read_text())
    assert lines and all(line.startswith("-") for line in lines)


def test_a_form_posted_without_the_csrf_token_is_refused(root):
    c = client(root)
    before = (root / CASE).read_bytes()
    page = c.get("/arende/x/case").text.replace('name="csrftoken"', 'name="annat"')
    response = post_form(c, "/arende/x/case", page, {"title": "Förfalskad"})
    assert response.status_code == 403
    assert "Formuläret kunde inte tas emot" in response.text
    assert (root / CASE).read_bytes() == before


def test_a_cross_site_post_without_cookies_is_refused(root):
    response = client(root).post("/arende/x/case", data={"title": "Förfalskad", "op": "save"})
    assert response.status_code == 403
    assert "Förfalskad" not in (root / CASE).read_text()


def test_with_a_trusted_header_a_request_without_it_is_refused(root):
    c = client(root, trusted_header="X-Remote-User")
    response = c.get("/")
    assert response.status_code == 401
    assert "Inloggning krävs" in response.text
    page = c.get("/", headers={"X-Remote-User": "anna"})
    assert page.status_code == 200
    assert "Inloggad: anna" in page.text


def test_serve_on_another_address_without_sign_on_refuses_to_start(root):
    result = run(root, "serve", "--host", "0.0.0.0")
    assert result.exit_code == 1
    assert "--trusted-header" in result.output
    assert "127.0.0.1" in result.output


def test_paths_outside_the_project_are_not_served(root):
    c = client(root)
    assert c.get("/arende/..%2F..%2Fetc/case").status_code == 404
    assert c.get("/arende/x/passwd").status_code == 404
    assert c.get("/arende/x/fil/..%2Fcase.yaml").status_code in (400, 404)
    assert c.get("/arende/x/fil/case.yaml").status_code == 400


def test_text_from_the_case_is_escaped(root):
    text = (root / CASE).read_text().replace("subtitle: Förslag till ny överenskommelse",
                                             'subtitle: "<script>alert(1)</script>"')
    write(root, CASE, text)
    page = client(root).get("/arende/x/case").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_internal_error_shows_a_swedish_page_without_a_trace(root, monkeypatch):
    def broken(*args):
        raise RuntimeError("hemlig detalj")

    monkeypatch.setattr(pages_case, "file_form", broken)
    response = client(root, raise_server_exceptions=False).get("/arende/x/case")
    assert response.status_code == 500
    assert "Internt fel i iopdocs" in response.text
    assert "hemlig detalj" not in response.text and "Traceback" not in response.text


def test_an_unknown_page_is_a_swedish_404(root):
    response = client(root).get("/finns-inte")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text


def test_an_optional_file_that_is_missing_is_created_by_saving_its_form(tmp_path, monkeypatch):
    monkeypatch.setattr(Rebuilder, "rebuild", lambda self, project, name: BuildResult(built=[name]))
    root = git_project(tmp_path, "rk-2023-17")
    c = client(root)
    page = c.get("/arende/x/indicators").text
    assert "Ärendet har ingen indicators.yaml ännu" in page
    added = post_form(c, "/arende/x/indicators", page, op="add:follow_ups")
    response = post_form(c, "/arende/x/indicators", added.text, {
        "follow_ups[0].period": "2023", "follow_ups[0].partner": "fryshuset", "follow_ups[0].meeting": "2024-02-01"})
    assert "Sparat" in response.text, re.findall(r'<p class="message"[^>]*>(.*?)</p>', response.text)
    assert (root / "cases/x/indicators.yaml").read_text() == (
        "follow_ups:\n  - period: 2023\n    partner: fryshuset\n    meeting: 2024-02-01\n")
    assert "cases/x/indicators.yaml" in git(root, "show", "--name-only", "--format=", "HEAD")


def test_an_optional_file_is_removed_after_a_confirmation_and_the_removal_committed(root):
    c = client(root)
    page = c.get("/arende/x/background").text
    asked = post_form(c, "/arende/x/background", page, op="delete")
    assert "Vill du ta bort background.yaml" in asked.text
    assert (root / "cases/x/background.yaml").is_file()
    done = post_form(c, "/arende/x/background", asked.text, op="delete_confirmed")
    assert "Filen är borttagen" in done.text
    assert not (root / "cases/x/background.yaml").exists()
    assert git(root, "show", "--name-status", "--format=", "HEAD").split() == ["D", "cases/x/background.yaml"]


def test_a_file_the_case_needs_is_not_removed(root):
    c = client(root)
    asked = post_form(c, "/arende/x/goals", c.get("/arende/x/goals").text, op="delete")
    done = post_form(c, "/arende/x/goals", asked.text, op="delete_confirmed")
    assert done.status_code == 400
    assert "goals.yaml behövs" in done.text
    assert (root / "cases/x/goals.yaml").is_file()


def test_a_nested_field_is_saved_on_its_own_line_with_every_comment_kept(root):
    c = client(root)
    path = root / "cases/x/partners.yaml"
    edit(root, "cases/x/partners.yaml", "      notice_months: 6\n",
         "      # Enligt avtalets punkt 9.\n      notice_months: 6  # månader\n")
    before = path.read_text()
    page = c.get("/arende/x/partners").text
    response = post_form(c, "/arende/x/partners", page, {"partners[0].agreement.notice_months": "3"})
    assert "Sparat" in response.text
    assert changed_lines(before, path.read_text()) == [
        "-      notice_months: 6  # månader", "+      notice_months: 3  # månader"]


def test_a_file_whose_layout_a_save_would_change_is_not_offered_as_a_form(root):
    odd = "dnr: RK 2023/412\ntitle:    Rubrik\nofficer:\n   name: Anna\n"  # three-space indent
    write(root, CASE, odd)
    response = client(root).get("/arende/x/case")
    assert response.status_code == 400
    assert "kan inte sparas från webben utan att rader som inte ändrats skrivs om" in response.text
    assert (root / CASE).read_text() == odd


def test_a_file_that_is_not_yaml_shows_checks_message_instead_of_a_form(root):
    write(root, CASE, "dnr: RK 2023/412\ntitle: [oavslutad\n")
    response = client(root).get("/arende/x/case")
    assert response.status_code == 400
    assert "kan inte visas som formulär förrän felen i filen är rättade" in response.text
    assert "case.yaml:" in response.text


def test_the_serve_command_serves_the_start_page_on_127_0_0_1(root):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "iopdocs.cli", "--root", str(root), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()
                time.sleep(0.2)
        assert response.status_code == 200
        assert "IOP-ärenden" in response.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_no_page_loads_anything_from_another_site(root):
    c = client(root)
    for path in ("/", "/arende/x", "/arende/x/case", "/arende/x/historik"):
        page = c.get(path).text
        assert not re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(?!/)', page), path
