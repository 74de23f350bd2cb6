"""`iopdocs serve` in a real browser (Debian's Chromium through Playwright): what an
officer does, end to end, and what the pages look like at a laptop's and a phone's width."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import zipfile

import pytest
from webclient import ROOT_DIR, git, git_project
from webserver import LAPTOP, PHONE, browser, chromium_or_skip, has_pdf_tools, running

from iopdocs.documents.build import build
from iopdocs.project import Project

USER = {"X-Remote-User": "anna.svensson@stad.se"}


@pytest.fixture(scope="module")
def chromium():
    chromium_or_skip()
    with browser() as b:
        yield b


def outcome(page) -> str:
    """Wait for the page a save leads to; 'saved', 'problems' or 'conflict'."""
    notice = page.locator("#saved, #problems, #conflict").first
    notice.wait_for()
    return notice.get_attribute("id")


def diff_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_change_the_title_save_and_see_it_in_the_preview(tmp_path, chromium):
    if not has_pdf_tools():
        pytest.skip("LibreOffice eller pdftoppm saknas; förhandsvisningen kan inte byggas")
    root = git_project(tmp_path)
    before = (root / "cases/x/case.yaml").read_text()
    with running(root, trusted_header="X-Remote-User") as url:
        page = chromium.new_page(extra_http_headers=USER)
        page.goto(url + "/")
        page.get_by_role("link", name="x", exact=True).first.click()
        page.get_by_role("navigation", name="Ärendets delar").get_by_role("link", name="Ärendet", exact=True).click()
        page.get_by_label("Ärendets rubrik").fill("Läxhjälp i Järva 2024")
        page.locator(".actions").get_by_role("button", name="Spara").click()
        assert outcome(page) == "saved"
        assert "Dokumenten är ombyggda" in page.locator("#saved").inner_text()
        page.get_by_role("link", name="förhandsvisning").click()
        text = page.locator("details.pagetext pre").first.text_content()
        page.locator("figure.page img").first.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('figure.page img').naturalWidth > 0", timeout=20000)
        loaded = page.locator("figure.page img").first.evaluate("img => img.naturalWidth")
    assert diff_lines(before, (root / "cases/x/case.yaml").read_text()) == [
        '-title: "Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva"',
        '+title: "Läxhjälp i Järva 2024"',
    ]
    assert git(root, "log", "-1", "--format=%ae %s").strip() == "anna.svensson@stad.se x: case.yaml: case.title"
    assert "Läxhjälp i Järva 2024" in " ".join(text.split())
    assert loaded > 500  # a page image, not a broken one


def test_an_end_before_the_start_is_told_beside_the_field_and_the_file_is_untouched(tmp_path, chromium):
    root = git_project(tmp_path)
    before = (root / "cases/x/partners.yaml").read_bytes()
    with running(root) as url:
        page = chromium.new_page()
        page.goto(url + "/arende/x/partners")
        field = page.locator('input[name="partners[0].agreement.end"]')
        field.fill("2023-06-30")
        page.locator(".actions").get_by_role("button", name="Spara").click()
        block = page.locator("div.field", has=page.locator('input[name="partners[0].agreement.end"]'))
        message = block.locator("p.message").inner_text()
        described = page.locator('input[name="partners[0].agreement.end"]').get_attribute("aria-invalid")
    assert message == "slutdatum 2023-06-30 ska vara efter startdatum 2024-01-01"
    assert described == "true"
    assert (root / "cases/x/partners.yaml").read_bytes() == before


def test_two_people_editing_the_same_field_the_second_save_is_refused(tmp_path, chromium, monkeypatch):
    monkeypatch.setattr("iopdocs.web.rebuild.Rebuilder.rebuild", lambda self, project, name: None)
    root = git_project(tmp_path)
    with running(root, trusted_header="X-Remote-User") as url:
        anna = chromium.new_context(extra_http_headers={"X-Remote-User": "anna"}).new_page()
        bo = chromium.new_context(extra_http_headers={"X-Remote-User": "bo"}).new_page()
        for page in (anna, bo):
            page.goto(url + "/arende/x/case")
        anna.get_by_label("Underrubrik").fill("Annas underrubrik")
        bo.get_by_label("Underrubrik").fill("Bos underrubrik")
        anna.locator(".actions").get_by_role("button", name="Spara").click()
        assert outcome(anna) == "saved"
        bo.locator(".actions").get_by_role("button", name="Spara").click()
        refusal = bo.locator("#conflict").inner_text()
    assert "Inte sparat: filen har ändrats av anna" in refusal
    assert "Annas underrubrik" in refusal
    text = (root / "cases/x/case.yaml").read_text()
    assert "subtitle: Annas underrubrik" in text and "Bos" not in text


HAND_PARTNER = """  - id: grannstod
    name: Föreningen Grannstöd Husby
    priority_areas: [barn-och-unga]
    agreement: {start: 2022-01-01, end: 2023-12-31}
    description: |
      Grannstöd ger äldre i Husby sällskap och hjälp i vardagen.

      - besök i hemmet
      - följe till vårdcentralen
"""
HAND_OUTCOME = "      2026: {value: 57, comment: Fler elever än väntat.}\n"


def documents_of(root) -> dict[str, dict[str, bytes]]:
    """Every part of every built .docx; the footer's mark (a hash of the YAML files' bytes,
    which differ in layout) is the one thing left out."""
    result = build(Project(root), ("x",), pdf=False, force=True)
    assert result.ok, [str(e) for e in result.errors]
    out = {}
    for path in sorted((root / "build/x").glob("*.docx")):
        with zipfile.ZipFile(path) as docx:
            out[path.name] = {n: re.sub(rb"m\xc3\xa4rke [0-9a-f]{10}", b"MARK", docx.read(n)) for n in docx.namelist()}
    return out


def save(page) -> None:
    page.locator(".actions").get_by_role("button", name="Spara").click()
    assert outcome(page) == "saved", page.locator("main").inner_text()


def test_a_partner_added_in_the_form_builds_as_the_same_yaml_by_hand(tmp_path, chromium, monkeypatch):
    monkeypatch.setattr("iopdocs.web.rebuild.Rebuilder.rebuild", lambda self, project, name: None)
    web = git_project(tmp_path / "webb", "rk-2023-17")
    hand = git_project(tmp_path / "hand", "rk-2023-17")
    with running(web) as url:
        page = chromium.new_page()
        page.goto(url + "/arende/x/partners")
        page.get_by_role("button", name="Lägg till: partnerorganisationerna").click()
        page.get_by_text("Ändringen är inte sparad än").wait_for()
        new = page.locator("details.item").last
        new.get_by_label("Id (krävs)", exact=True).fill("grannstod")
        new.get_by_label("Organisationens fullständiga namn (krävs)").fill("Föreningen Grannstöd Husby")
        new.get_by_label("Ny rad: prioriterade områden").fill("barn-och-unga")
        new.locator("summary").get_by_text("Överenskommelsen", exact=True).click()  # a group not yet given is closed
        new.get_by_label("Överenskommelsen gäller från (krävs)").fill("2022-01-01")
        new.get_by_label("Överenskommelsen gäller till och med (krävs)").fill("2023-12-31")
        new.get_by_label("Partnerskapets mål i löptext").fill(
            "Grannstöd ger äldre i Husby sällskap och hjälp i vardagen.\n\n- besök i hemmet\n"
            "- följe till vårdcentralen")
        save(page)
    partners = hand / "cases/x/partners.yaml"
    partners.write_text(partners.read_text() + HAND_PARTNER)
    assert documents_of(web) == documents_of(hand)


def test_an_outcome_entered_in_the_form_builds_as_the_same_yaml_by_hand(tmp_path, chromium, monkeypatch):
    monkeypatch.setattr("iopdocs.web.rebuild.Rebuilder.rebuild", lambda self, project, name: None)
    web = git_project(tmp_path / "webb")
    hand = git_project(tmp_path / "hand")
    with running(web) as url:
        page = chromium.new_page()
        page.goto(url + "/arende/x/indicators")
        page.locator('details[id="g-indicators[0]"] > summary').click()  # one of several: closed
        row = page.locator('fieldset[id="g-indicators[0].outcomes"] div.row').last
        row.get_by_label("År (ny rad)").fill("2026")
        row.get_by_label("Utfallet för perioden").fill("57")
        row.get_by_label("Kommentar till utfallet").fill("Fler elever än väntat.")
        save(page)
    indicators = hand / "cases/x/indicators.yaml"
    head, rest = indicators.read_text().split("    outcomes:\n", 1)
    lines = rest.splitlines(True)
    end = next(i for i, line in enumerate(lines) if not line.startswith("      "))  # the first indicator's
    indicators.write_text(head + "    outcomes:\n" + "".join(lines[:end]) + HAND_OUTCOME + "".join(lines[end:]))
    built = documents_of(web)
    assert any(name.startswith("uppfoljning") for name in built)
    assert built == documents_of(hand)


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "390px"])
def test_screenshots_of_every_page(tmp_path, chromium, size):
    """Screenshots for a person to look at (IOPDOCS_SCREENSHOTS=folder keeps them); each
    page must also fit the width without sideways scrolling."""
    root = git_project(tmp_path)
    shutil.copytree(ROOT_DIR / "meetings", root / "meetings")
    out = os.environ.get("IOPDOCS_SCREENSHOTS")
    with running(root) as url:
        page = chromium.new_page(viewport=size)
        for name, path in [("start", "/"), ("arende", "/arende/x"), ("case", "/arende/x/case"),
                           ("background", "/arende/x/background"), ("partners", "/arende/x/partners"),
                           ("goals", "/arende/x/goals"), ("indicators", "/arende/x/indicators"),
                           ("bilagor", "/arende/x/bilagor"), ("historik", "/arende/x/historik"),
                           ("jamfor", "/arende/x/jamfor"), ("sammantrade", "/sammantrade/2023-12-07")]:
            response = page.goto(url + path)
            assert response.status == 200, path
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at {size['width']}px"
            if out:
                page.screenshot(path=f"{out}/{name}-{size['width']}.png", full_page=name in ("start", "case"))


def test_a_form_works_with_javascript_turned_off(tmp_path, chromium, monkeypatch):
    monkeypatch.setattr("iopdocs.web.rebuild.Rebuilder.rebuild", lambda self, project, name: None)
    root = git_project(tmp_path)
    with running(root) as url:
        page = chromium.new_context(java_script_enabled=False).new_page()
        page.goto(url + "/arende/x/case")
        page.locator('button[value="add:attachments"]').click()
        page.get_by_text("Ändringen är inte sparad än").wait_for()
        added = page.locator('input[name="_item"][value^="attachments["]').count()
        page.locator('button[value="remove:attachments[' + str(added - 1) + ']"]').click()
        page.get_by_label("Underrubrik").fill("Utan JavaScript")
        page.locator(".actions").get_by_role("button", name="Spara").click()
        assert outcome(page) == "saved", page.locator("main").inner_text()
    assert "subtitle: Utan JavaScript" in (root / "cases/x/case.yaml").read_text()
