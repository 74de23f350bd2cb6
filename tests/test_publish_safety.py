"""What `packet --publish` lets out: no active content in any PDF, and an attachment marked
`publish: false` replaced in the web copy by a page saying where to request it.

One meeting (the one of test_packet.py) is built once with LibreOffice; its item 8
gets an attachment full of JavaScript, form fields, a launch action and an embedded
file, and a letter marked publish: false.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, TextStringObject

from iopdocs.cli import main
from iopdocs.pdf.objects import add_indirect
from iopdocs.pdf.sanitize import clean_pdf
from test_packet import DATE, FIXTURES, LINK, make_project, untagged_pdf, with_tagged_link

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")

ACTIVE = {"/AA", "/JS", "/AcroForm", "/XFA", "/EmbeddedFiles", "/OpenAction", "/JavaScript", "/Launch", "/SubmitForm"}
LETTER_PHONE = "070-123 45 67"


def js(code: str) -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)})


def annotation(writer: PdfWriter, subtype: str, action: DictionaryObject, **extra) -> IndirectObject:
    entries = {NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
               NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (300, 300, 400, 320)]),
               NameObject("/A"): action}
    entries.update({NameObject(k): v for k, v in extra.items()})
    return add_indirect(writer, DictionaryObject(entries))


def with_active_content(data: bytes) -> bytes:
    """`data` with JavaScript in the catalog, a page /AA, a link annotation and a form field
    (with a submit action), a launch action, XFA and an embedded file."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): js("app.alert('sida')")})
    field = annotation(writer, "/Widget", DictionaryObject({
        NameObject("/S"): NameObject("/SubmitForm"), NameObject("/F"): TextStringObject("https://ond.example/")}),
        **{"/FT": NameObject("/Btn"), "/T": TextStringObject("knapp"),
           "/AA": DictionaryObject({NameObject("/D"): js("app.alert('falt')")})})
    annots = page["/Annots"]
    annots.append(annotation(writer, "/Link", js("app.alert('lank')")))
    annots.append(annotation(writer, "/Link", DictionaryObject({
        NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")})))
    annots.append(field)
    root = writer.root_object
    root[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([field]),
                                                       NameObject("/XFA"): TextStringObject("<xdp/>")})
    root[NameObject("/OpenAction")] = js("app.alert('oppna')")
    root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), js("app.alert('namn')")])})})
    writer.add_attachment("program.exe", b"MZ")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def active_parts(reader: PdfReader) -> set[str]:
    """Every key or action type of active content reachable in the file."""
    found: set[str] = set()
    seen: set[int] = set()
    stack: list = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, dict):
            found |= {str(k) for k in item if k in ACTIVE}
            if item.get("/S") in ACTIVE:
                found.add(str(item["/S"]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def uris(reader: PdfReader) -> list[str]:
    return [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots", [])
            if "/A" in a.get_object() and a.get_object()["/A"].get("/S") == "/URI"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    folder = make_project(tmp_path_factory.mktemp("safety"))
    case = folder / "cases" / "exempel-iop"
    attachment = case / "bilagor" / "overenskommelse.pdf"
    attachment.write_bytes(with_active_content(with_tagged_link((FIXTURES / "extern.pdf").read_bytes(), LINK)))
    (case / "bilagor" / "brev.pdf").write_bytes(untagged_pdf(["Brev fran foreningen", f"Ring {LETTER_PHONE}"]))
    text = (case / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("attachments:\n", "attachments:\n  - title: Brev från föreningen\n    dnr: RK 2023/412-9\n"
                        "    file: bilagor/brev.pdf\n    publish: false\n", 1)
    (case / "case.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(folder), "packet", DATE, "--publish"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "build" / "meetings" / DATE, result.output


def test_the_sanitizer_finds_every_kind_of_active_content():
    data = with_active_content(with_tagged_link((FIXTURES / "extern.pdf").read_bytes(), LINK))
    assert {"/AA", "/AcroForm", "/XFA", "/EmbeddedFiles", "/OpenAction", "/JavaScript", "/Launch",
            "/SubmitForm"} <= active_parts(PdfReader(io.BytesIO(data)))
    cleaned = clean_pdf(data)
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert active_parts(reader) == set()
    assert uris(reader) == [LINK]  # a link to a web address stays
    assert cleaned.summary() == ("JavaScript (5), start av program (Launch) (1), formulärsändning (SubmitForm) (1), "
                                 "inbäddade filer (1), formulär (AcroForm) (1), XFA-formulär (1)")


def test_a_clean_pdf_keeps_its_bytes():
    data = (FIXTURES / "extern.pdf").read_bytes()
    assert clean_pdf(data).data == data


def test_no_active_content_reaches_the_packet_or_the_web_copy(built):
    out, _ = built
    for path in (out / "handlingar.pdf", out / "webb" / "08-exempel-iop.pdf"):
        reader = PdfReader(io.BytesIO(path.read_bytes()))
        assert active_parts(reader) == set(), path.name
        assert LINK in uris(reader), path.name


def test_the_clerk_is_told_what_was_removed_one_line_per_attachment(built):
    _, output = built
    lines = [line for line in output.splitlines() if "borttaget ur PDF-filen" in line]
    assert lines == [
        "Obs: ärende 8 (exempel-iop): bilaga 3 'Förslag till överenskommelse med verksamhetsplan' "
        "(cases/exempel-iop/bilagor/overenskommelse.pdf): borttaget ur PDF-filen: JavaScript (5), "
        "start av program (Launch) (1), formulärsändning (SubmitForm) (1), inbäddade filer (1), "
        "formulär (AcroForm) (1), XFA-formulär (1)"
    ]


def test_an_attachment_not_for_the_web_is_one_page_saying_where_to_request_it(built):
    out, _ = built
    web = PdfReader(io.BytesIO((out / "webb" / "08-exempel-iop.pdf").read_bytes()))
    start = next(web.get_destination_page_number(o) for o in web.outline if not isinstance(o, list)
                 and o.title.startswith("Bilaga 1."))
    text = " ".join(web.pages[start].extract_text().split())
    assert "Bilagan publiceras inte på webben" in text
    assert "Brev från föreningen (dnr RK 2023/412-9)" in text
    assert "registrator" in text
    everything = " ".join(page.extract_text() for page in web.pages)
    assert LETTER_PHONE not in everything and "Brev fran foreningen" not in everything
    packet = " ".join(page.extract_text() for page in PdfReader(io.BytesIO((out / "handlingar.pdf").read_bytes())).pages)
    assert LETTER_PHONE in packet  # the board's own papers keep the letter
