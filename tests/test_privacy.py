"""The personal-data guard of `packet --publish` and `check --publish`.

A personnummer, a phone number and an e-mail address written in any kind of free-text
field, or in an attached PDF, stop publishing with the file, line, field (or attachment
and page) and the match masked; `publish_allow` lets a named one through; organisation
numbers, dnr, dates and amounts never trip it. None of these tests needs LibreOffice:
the guard runs before anything is built.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from casefolder import edit, line_of, make_project, problems, run, write
from iopdocs.pdf.objects import add_indirect
from iopdocs.personaldata import find_personal_data, mask

CASE = "cases/x"
DATE = "2023-12-07"
PNR = "19850101-1236"  # a valid Luhn digit
PHONE = "070-123 45 67"
EMAIL = "kalle.karlsson@gmail.com"
MASKED = {PNR: "personnummer ******-**36", PHONE: "telefonnummer 070-*** ** 67", EMAIL: "e-postadress k***@gmail.com"}


def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold these lines of text (Helvetica, WinAnsi)."""
    writer = PdfWriter()
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        font = add_indirect(writer, DictionaryObject({
            NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }))
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        content = DecodedStreamObject()
        content.set_data("".join(f"BT /F1 12 Tf 72 {760 - 18 * i} Td ({line}) Tj ET\n"
                                 for i, line in enumerate(lines)).encode("latin-1"))
        page[NameObject("/Contents")] = add_indirect(writer, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def publish(root: Path):
    return run(root, "packet", DATE, "--publish")


def check_publish(root: Path):
    return run(root, "check", "--publish")


# Where a value can stand: the file, the text to replace, and the field the message names.
FIELDS = {
    "summary": ("case.yaml", "  Exempelföreningen Läxhjälp Järva har tagit initiativ", "summary"),
    "officer name": ("case.yaml", "  name: Anna Exempelsson", "officer.name"),
    "background": ("background.yaml", "  än i staden som helhet.", "background"),
    "partner description": ("partners.yaml", "    description: |\n", "partners[0].description"),
    "goal": ("goals.yaml", "    title: Fler elever i stadsdelsområdet blir behöriga till gymnasiet",
             "goals[0].title"),
    "indicator": ("indicators.yaml", "    name: Elever som deltar i läxhjälp minst en gång i veckan",
                  "indicators[0].name"),
}


def put(root: Path, where: str, value: str) -> int:
    """Write `value` into the field; return the line it stands on."""
    name, anchor, _ = FIELDS[where]
    rel = f"{CASE}/{name}"
    if anchor.endswith("|\n"):  # the first line of a literal block
        text = (root / rel).read_text(encoding="utf-8")
        start = text.index(anchor) + len(anchor)
        indent = text[start:].split("\n", 1)[0]
        indent = indent[: len(indent) - len(indent.lstrip())]
        write(root, rel, text[:start] + f"{indent}Ring {value} för frågor.\n" + text[start:])
        return line_of(root, rel, f"Ring {value}")
    edit(root, rel, anchor, f"{anchor} {value}")
    return line_of(root, rel, value)


@pytest.mark.parametrize("value", [PNR, PHONE, EMAIL], ids=["personnummer", "telefon", "e-post"])
@pytest.mark.parametrize("where", sorted(FIELDS))
def test_personal_data_in_a_free_text_field_stops_publishing(root: Path, where: str, value: str):
    line = put(root, where, value)
    name, _, field = FIELDS[where]
    result = publish(root)
    assert result.exit_code == 1, result.output
    assert "ingen webbkopia har skrivits" in result.stderr
    assert f"{CASE}/{name}:{line}: {field}: {MASKED[value]}" in problems(result)
    assert value not in result.output  # masked, never repeated
    assert not (root / "build" / "meetings").exists()


@pytest.mark.parametrize("value", [PNR, PHONE, EMAIL], ids=["personnummer", "telefon", "e-post"])
def test_personal_data_in_an_attached_pdf_names_the_attachment_and_page(root: Path, value: str):
    write(root, f"{CASE}/bilagor/brev.pdf", pdf_with_text([["Sida ett utan uppgifter."], [f"Kontakt: {value}"]]))
    edit(root, f"{CASE}/case.yaml", "    dnr: RK 2023/412-2\n    form: agreement\n    partner: laxhjalp-jarva\n",
         "    dnr: RK 2023/412-2\n    file: bilagor/brev.pdf\n")
    result = publish(root)
    assert result.exit_code == 1, result.output
    title = "Förslag till överenskommelse"
    expected = [p for p in problems(result) if p.startswith(f"{CASE}/bilagor/brev.pdf: sidan 2: ")]
    assert len(expected) == 1, problems(result)
    assert expected[0].endswith(MASKED[value])
    assert f"bilaga 2 '{title}" in expected[0]


def test_an_attachment_marked_publish_false_is_not_scanned(root: Path):
    write(root, f"{CASE}/bilagor/brev.pdf", pdf_with_text([[f"Kontakt: {PHONE}"]]))
    edit(root, f"{CASE}/case.yaml", "    dnr: RK 2023/412-2\n    form: agreement\n    partner: laxhjalp-jarva\n",
         "    dnr: RK 2023/412-2\n    file: bilagor/brev.pdf\n    publish: false\n")
    result = check_publish(root)
    assert result.exit_code == 0, result.output


def test_check_publish_finds_the_same_without_building(root: Path):
    line = put(root, "background", PHONE)
    result = check_publish(root)
    assert result.exit_code == 1
    assert f"{CASE}/background.yaml:{line}: background: {MASKED[PHONE]}" in problems(result)
    assert "OK  x" not in result.stdout
    assert not (root / "build").exists()
    assert run(root, "check").exit_code == 0  # without --publish the case is fine


def test_publish_allow_lets_a_named_number_through_and_the_report_repeats_it(root: Path):
    line = put(root, "background", "+46 70 123 45 67")
    edit(root, f"{CASE}/case.yaml", "summary: |", f"publish_allow:\n  - {PHONE}\nsummary: |")
    result = check_publish(root)
    assert result.exit_code == 0, result.output
    assert (f"Obs: publiceras enligt publish_allow: {CASE}/background.yaml:{line}: background: {MASKED[PHONE]}"
            in result.stderr)


def test_publish_allow_lets_only_the_named_value_through(root: Path):
    put(root, "background", PHONE)
    edit(root, f"{CASE}/case.yaml", "summary: |", "publish_allow:\n  - 070-765 43 21\nsummary: |")
    result = check_publish(root)
    assert result.exit_code == 1
    assert any(p.endswith(MASKED[PHONE]) for p in problems(result))


def test_a_publish_allow_entry_that_is_no_personal_data_is_a_located_error(root: Path):
    edit(root, f"{CASE}/case.yaml", "summary: |", "publish_allow:\n  - Anna\nsummary: |")
    result = run(root, "check")
    line = line_of(root, f"{CASE}/case.yaml", "  - Anna")
    assert f"{CASE}/case.yaml:{line}: publish_allow[0]: 'Anna' är inte ett personnummer, samordningsnummer, " \
           "telefonnummer eller en e-postadress" in problems(result)


def test_the_profiles_switchboard_and_mailbox_may_be_published(root: Path):
    profile = yaml.safe_load((root / "templates" / "profiles" / "rinkeby-kista.yaml").read_text(encoding="utf-8"))
    put(root, "background", f"{profile['phone']} eller {profile['email']}")
    assert check_publish(root).exit_code == 0


def test_another_number_of_the_same_administration_is_not_the_switchboard(root: Path):
    put(root, "background", "08-508 02 179")
    assert check_publish(root).exit_code == 1


@pytest.mark.parametrize("text", [
    "Föreningen har organisationsnummer 802500-1234 och 556036-0793.",
    "Ärendet har dnr RK 2023/412-2, RK 2023/0123-01 och KS 2019/1234.",
    "Beslut 2023-12-07, period 2024-01-01 – 2026-12-31, kl. 08.00.",
    "Bidraget är 1 000 000 kr, 250 000 kr per år och 0,5 tjänst; 10 000 000 totalt.",
    "Postnummer 163 04, bankgiro 5050-1055, plusgiro 90 01 23-4.",
    "Ett ogiltigt personnummer: 19850101-1234 (fel kontrollsiffra).",
])
def test_org_numbers_dnr_dates_and_amounts_never_trip_the_guard(text: str):
    assert find_personal_data(text) == []


@pytest.mark.parametrize("text, kind", [
    ("850101-1236", "personnummer"),
    ("198501011236", "personnummer"),
    ("19850101+1236", "personnummer"),
    ("850161-1233", "samordningsnummer"),
    ("08-123 456 78", "telefonnummer"),
    ("+46 70 123 45 67", "telefonnummer"),
    ("0046 8 508 02 178", "telefonnummer"),
    ("(08) 508 02 178", "telefonnummer"),
    ("0701234567", "telefonnummer"),
    ("anna.exempelsson@example.se", "e-postadress"),
])
def test_each_swedish_format_is_found(text: str, kind: str):
    found = find_personal_data(f"Se {text} här.")
    assert [(f.kind, f.text) for f in found] == [(kind, text)]


def test_a_phone_number_is_masked_as_the_issue_says():
    assert mask("telefonnummer", "0701234567") == "070-*** ** 67"


def external_item(root: Path, extra: str = "") -> None:
    """meetings/DATE.yaml adding item 10, a PDF from outside iopdocs whose page 1 has a phone number."""
    write(root, f"meetings/{DATE}/rapport.pdf", pdf_with_text([[f"Fragor: {PHONE}"]]))
    write(root, f"meetings/{DATE}.yaml",
          "items:\n  - number: 10\n    title: Månadsrapport\n    dnr: RK 2023/500\n"
          f"    file: {DATE}/rapport.pdf\n{extra}")


def test_an_external_items_pdf_is_scanned(root: Path):
    external_item(root)
    result = check_publish(root)
    assert result.exit_code == 1
    assert f"meetings/{DATE}/rapport.pdf: sidan 1: ärende 10 (Månadsrapport): {MASKED[PHONE]}" in problems(result)


def test_an_external_item_can_be_kept_off_the_web_or_allowed(root: Path):
    external_item(root, "    publish: false\n")
    assert check_publish(root).exit_code == 0
    external_item(root, f"    publish_allow: ['{PHONE}']\n")
    result = check_publish(root)
    assert result.exit_code == 0, result.output
    assert "Obs: publiceras enligt publish_allow: meetings/2023-12-07/rapport.pdf: sidan 1" in result.stderr


def test_personal_data_in_an_external_items_summary_is_located_in_the_meeting_file(root: Path):
    external_item(root, f"    summary: Frågor till {EMAIL}.\n")
    result = check_publish(root)
    line = line_of(root, f"meetings/{DATE}.yaml", "summary:")
    assert f"meetings/{DATE}.yaml:{line}: items[0].summary: {MASKED[EMAIL]}" in problems(result)


def test_a_page_without_text_is_reported_as_not_reviewed(root: Path):
    write(root, f"{CASE}/bilagor/skannad.pdf", pdf_with_text([[]]))
    edit(root, f"{CASE}/case.yaml", "    dnr: RK 2023/412-2\n    form: agreement\n    partner: laxhjalp-jarva\n",
         "    dnr: RK 2023/412-2\n    file: bilagor/skannad.pdf\n")
    result = check_publish(root)
    assert result.exit_code == 0, result.output
    assert (f"Obs: {CASE}/bilagor/skannad.pdf: sidan 1 (bilaga 2 'Förslag till överenskommelse med verksamhetsplan') "
            "har ingen text som kan läsas") in result.stderr


def test_a_publish_allow_entry_that_nothing_uses_is_reported(root: Path):
    edit(root, f"{CASE}/case.yaml", "summary: |", f"publish_allow:\n  - {PHONE}\nsummary: |")
    result = check_publish(root)
    assert result.exit_code == 0, result.output
    line = line_of(root, f"{CASE}/case.yaml", f"  - {PHONE}")
    assert (f"Obs: {CASE}/case.yaml:{line}: publish_allow[0]: '{PHONE}' förekommer inte i det som publiceras; "
            "ta bort raden") in result.stderr


@pytest.mark.parametrize(("first", "second", "value"), [("Kontakt: 19850101-", "1236", PNR),
                                                        ("Kontakt: 070-123", "45 67", PHONE)],
                         ids=["personnummer", "telefon"])
def test_personal_data_split_over_two_lines_of_a_pdf_is_found(root: Path, first: str, second: str, value: str):
    write(root, f"{CASE}/bilagor/brev.pdf", pdf_with_text([[first, second]]))
    edit(root, f"{CASE}/case.yaml", "    dnr: RK 2023/412-2\n    form: agreement\n    partner: laxhjalp-jarva\n",
         "    dnr: RK 2023/412-2\n    file: bilagor/brev.pdf\n")
    result = publish(root)
    assert result.exit_code == 1, result.output
    found = [p for p in problems(result) if p.startswith(f"{CASE}/bilagor/brev.pdf: sidan 1: ")]
    assert len(found) == 1 and found[0].endswith(MASKED[value]), problems(result)


def test_a_phone_number_wrapped_in_the_prose_of_a_case_is_found(root: Path):
    edit(root, f"{CASE}/background.yaml", "  än i staden som helhet.", "  än i staden som helhet. Ring 070-123\n  45 67.")
    result = check_publish(root)
    assert result.exit_code == 1, result.output
    assert any(p.startswith(f"{CASE}/background.yaml:") and p.endswith(MASKED[PHONE]) for p in problems(result))
