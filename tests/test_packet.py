"""`iopdocs packet`: the board's agenda and papers for one meeting, checked as a clerk would.

One meeting is built once (LibreOffice is slow) from copies of the example cases: item 8
(exempel-iop) with a generated assessment, an external PDF and a generated follow-up as
its attachments, item 10 an untagged PDF from outside iopdocs (meetings/DATE.yaml), and
item 12 (rk-2023-17, moved to the same meeting). The tests then read the result.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from templatefiles import TEMPLATES

from iopdocs.cli import main
from iopdocs.errors import UserError
from iopdocs.meeting import packet
from iopdocs.meeting.collect import collect_meeting
from iopdocs.meeting.merge import assemble
from iopdocs.meeting.papers import Papers, Part
from iopdocs.pdf import pagegeometry, stamp, structure
from iopdocs.pdf.objects import add_indirect
from iopdocs.project import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATE = "2023-12-07"
MEETING = dt.date.fromisoformat(DATE)
BOARD = "Rinkeby-Kista stadsdelsnämnd"
OFFICER_PHONE, OFFICER_EMAIL = "08 508 00 000", "anna.exempelsson@example.se"
RK_PHONE = "08 508 02 178"
LINK = "https://start.stockholm/"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")


# --- Fixtures -----------------------------------------------------------------------------


def untagged_pdf(lines: list[str]) -> bytes:
    """A one-page PDF without tags, as a scanner or an old word processor makes it."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = add_indirect(writer, 
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    body = "".join(f"BT /F1 12 Tf 72 {760 - 18 * i} Td ({line}) Tj ET\n" for i, line in enumerate(lines))
    content = DecodedStreamObject()
    content.set_data(body.encode("latin-1"))
    page[NameObject("/Contents")] = add_indirect(writer, content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def with_tagged_link(data: bytes, url: str) -> bytes:
    """`data` (a tagged PDF) with a link on page 1, tagged as PDF/UA asks: a Link element
    whose OBJR points at the annotation, found through the annotation's /StructParent."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    page = writer.pages[0]
    root = writer.root_object["/StructTreeRoot"].get_object()
    nums = root["/ParentTree"].get_object()["/Nums"]
    key = max(int(nums[i]) for i in range(0, len(nums), 2)) + 1
    annotation = add_indirect(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(72), NumberObject(100), NumberObject(200), NumberObject(114)]),
        NameObject("/F"): NumberObject(4),
        NameObject("/StructParent"): NumberObject(key),
        NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(url)}),
    }))
    document = root["/K"].get_object()
    document = document[0].get_object() if isinstance(document, ArrayObject) else document
    link = add_indirect(writer, DictionaryObject({
        NameObject("/Type"): NameObject("/StructElem"),
        NameObject("/S"): NameObject("/Link"),
        NameObject("/P"): document.indirect_reference,
        NameObject("/Pg"): page.indirect_reference,
        NameObject("/K"): DictionaryObject({NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annotation}),
    }))
    document["/K"].append(link)
    nums.extend([NumberObject(key), link])
    root[NameObject("/ParentTreeNextKey")] = NumberObject(key + 1)
    page[NameObject("/Annots")] = ArrayObject([annotation])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_project(folder: Path) -> Path:
    """Copies of the example cases, both on DATE, item 8 with an external attachment."""
    shutil.copytree(TEMPLATES, folder / "templates")
    shutil.copytree(ROOT / "cases", folder / "cases")
    case_yaml = folder / "cases" / "exempel-iop" / "case.yaml"
    text = case_yaml.read_text(encoding="utf-8")
    text = text.replace(
        "    dnr: RK 2023/412-2\n    form: agreement\n    partner: laxhjalp-jarva\n",
        "    dnr: RK 2023/412-2\n    file: bilagor/overenskommelse.pdf\n"
        "  - title: Uppföljning av överenskommelse 2024\n    form: follow_up\n"
        "    partner: laxhjalp-jarva\n    period: 2024\n",
    )
    case_yaml.write_text(text, encoding="utf-8")
    (folder / "cases" / "exempel-iop" / "bilagor").mkdir()
    (folder / "cases" / "exempel-iop" / "bilagor" / "overenskommelse.pdf").write_bytes(
        with_tagged_link((FIXTURES / "extern.pdf").read_bytes(), LINK)
    )
    rk = folder / "cases" / "rk-2023-17" / "case.yaml"
    rk.write_text(rk.read_text(encoding="utf-8").replace("meeting: 2023-03-16", f"meeting: {DATE}"), encoding="utf-8")
    meetings = folder / "meetings"
    (meetings / DATE).mkdir(parents=True)
    (meetings / DATE / "rapport.pdf").write_bytes(
        untagged_pdf(["Manadsrapport november 2023", "Ekonomiskt utfall enligt prognos."])
    )
    (meetings / f"{DATE}.yaml").write_text(
        'time: "18:00"\n'
        "place: Sammanträdesrummet, Kungsklippan 6\n"
        "chair: Exempel Ordförandesson\n"
        "items:\n"
        "  - number: 10\n"
        "    title: Månadsrapport november 2023\n"
        "    dnr: RK 2023/500\n"
        "    summary: Förvaltningens månadsrapport med ekonomiskt utfall.\n"
        f"    file: {DATE}/rapport.pdf\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = make_project(tmp_path_factory.mktemp("packet"))
    result = CliRunner().invoke(main, ["--root", str(folder), "packet", DATE, "--publish"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Skrev build/meetings/2023-12-07/handlingar.pdf" in result.output
    # rk-2023-17 lists its attachments by dnr only: they cannot come along, and the clerk is told.
    assert "Obs: ärende 12 (rk-2023-17): bilaga 1 'Stockholm stads riktlinjer" in result.output
    return folder


def out(built: Path) -> Path:
    return built / "build" / "meetings" / DATE


def reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def pages(path: Path) -> int:
    return len(reader(path).pages)


def outline(pdf: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    result = []
    items = pdf.outline
    for i, entry in enumerate(items):
        if isinstance(entry, list):
            continue
        children = items[i + 1] if i + 1 < len(items) and isinstance(items[i + 1], list) else []
        result.append(
            (entry.title, pdf.get_destination_page_number(entry),
             [(c.title, pdf.get_destination_page_number(c)) for c in children])
        )
    return result


def parts(built: Path) -> dict[int, list[Path]]:
    """The documents of each item, in the order the packet must have them."""
    case = built / "build" / "exempel-iop"
    return {
        8: [case / "tjansteutlatande.pdf", case / "bedomning.pdf",
            built / "cases" / "exempel-iop" / "bilagor" / "overenskommelse.pdf", case / "uppfoljning-2024.pdf"],
        10: [built / "meetings" / DATE / "rapport.pdf"],
        12: [built / "build" / "rk-2023-17" / "tjansteutlatande.pdf"],
    }


# --- The packet -----------------------------------------------------------------------------


def test_packet_writes_agenda_packet_and_web_copies(built: Path):
    assert sorted(p.relative_to(out(built)).as_posix() for p in out(built).rglob("*") if p.is_file()) == [
        "foredragningslista.docx",
        "foredragningslista.pdf",
        "handlingar.pdf",
        "webb/08-exempel-iop.pdf",
        "webb/10-manadsrapport-november-2023.pdf",
        "webb/12-rk-2023-17.pdf",
    ]


def test_page_count_is_agenda_plus_every_part(built: Path):
    agenda = pages(out(built) / "foredragningslista.pdf")
    expected = agenda + sum(pages(p) for docs in parts(built).values() for p in docs)
    assert pages(out(built) / "handlingar.pdf") == expected


def test_bookmarks_are_items_with_their_documents(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    agenda = pages(out(built) / "foredragningslista.pdf")
    docs = parts(built)
    lengths = {n: [pages(p) for p in paths] for n, paths in docs.items()}
    start8 = agenda
    start10 = start8 + sum(lengths[8])
    start12 = start10 + sum(lengths[10])
    starts8 = [start8 + sum(lengths[8][:i]) for i in range(4)]
    assert outline(pdf) == [
        ("Föredragningslista", 0, []),
        ("8. Exempelärende: Idéburet offentligt partnerskap med Exempelföreningen Läxhjälp Järva", start8, [
            ("Tjänsteutlåtande", starts8[0]),
            ("Bilaga 1. Bedömning inför en överenskommelse om IOP – Exempelföreningen Läxhjälp Järva", starts8[1]),
            ("Bilaga 2. Förslag till överenskommelse med verksamhetsplan", starts8[2]),
            ("Bilaga 3. Uppföljning av överenskommelse 2024", starts8[3]),
        ]),
        ("10. Månadsrapport november 2023", start10, []),
        ("12. Revidering av riktlinjer för idéburet offentligt partnerskap (IOP)", start12, [
            ("Tjänsteutlåtande", start12),
        ]),
    ]


def test_agenda_page_numbers_point_at_each_items_first_page(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    agenda_text = " ".join(
        p.extract_text() for p in reader(out(built) / "foredragningslista.pdf").pages
    ).replace("\n", " ")
    found = {int(n): (int(a), int(b or a)) for n, a, b in re.findall(
        r"(\d+)\. (?:(?!\d+\. )[^·])*?(?:Dnr [^·]+· )?Handlingar sida (\d+)(?:–(\d+))?", agenda_text)}
    assert sorted(found) == [8, 10, 12]
    expect_first_page = {
        8: "Exempelärende: Idéburet offentligt",
        10: "Manadsrapport november 2023",
        12: "Revidering av riktlinjer",
    }
    for number, (first, last) in found.items():
        text = pdf.pages[first - 1].extract_text()
        assert expect_first_page[number] in text, (number, first)
        if number != 10:
            assert "Sida 1 (" in text  # the statement's own first page
        label = pdf.page_labels[first - 1]
        assert label == f"{number}-1"
        assert pdf.page_labels[last - 1].startswith(f"{number}-")
        if last < len(pdf.pages):
            assert not pdf.page_labels[last].startswith(f"{number}-")
    assert "torsdag 7 december 2023 kl. 18.00" in agenda_text
    assert "Sammanträdesrummet, Kungsklippan 6" in agenda_text and "Exempel Ordförandesson" in agenda_text
    # The summary is the item's description.
    assert "Exempelföreningen Läxhjälp Järva har tagit initiativ" in agenda_text
    assert "Förvaltningens månadsrapport med ekonomiskt utfall." in agenda_text


def test_page_labels_name_the_agenda_and_each_item(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    agenda = pages(out(built) / "foredragningslista.pdf")
    lengths = {n: sum(pages(p) for p in paths) for n, paths in parts(built).items()}
    expected = [f"FL-{i}" for i in range(1, agenda + 1)]
    for number in (8, 10, 12):
        expected += [f"{number}-{i}" for i in range(1, lengths[number] + 1)]
    assert pdf.page_labels == expected


def _fragments(page) -> list[tuple[str, float, float, float]]:
    found = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            m = pagegeometry.multiply([float(v) for v in tm], [float(v) for v in cm])
            found.append((text.strip(), m[4], m[5], float(size) * abs(m[3] or 1)))

    page.extract_text(visitor_text=visit)
    return found


def test_every_page_is_stamped_sida_x_av_y_where_there_is_no_text(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    total = len(pdf.pages)
    for index, page in enumerate(pdf.pages):
        fragments = _fragments(page)
        stamps = [f for f in fragments if re.fullmatch(r"Sida \d+ av \d+", f[0])]
        assert [s[0] for s in stamps] == [f"Sida {index + 1} av {total}"], index
        _, x, y, size = stamps[0]
        box = stamp.Box(x, y - 0.25 * size, x + stamp.text_width(stamps[0][0]), y + 0.8 * size)
        for text, fx, fy, fsize in fragments:
            if text == stamps[0][0]:
                continue
            other = stamp.Box(fx, fy - 0.25 * fsize, fx + 0.5 * fsize * len(text), fy + 0.8 * fsize)
            assert box.overlap(other) == 0, (index, text)


def _bold_fragments(page) -> list[str]:
    found = []

    def visit(text, _cm, _tm, font, _size):
        if text.strip() and font is not None and "Bold" in str(font.get("/BaseFont", "")):
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def test_each_attachment_is_marked_bilaga_n_on_its_own_first_page(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    first = pages(out(built) / "foredragningslista.pdf")
    expected: dict[int, str] = {}
    for number, docs in parts(built).items():
        for index, doc in enumerate(docs):
            if number == 8 and index > 0:  # item 8's statement, then its Bilaga 1, 2, 3
                expected[first] = f"Bilaga {index}"
            first += pages(doc)
    assert len(expected) == 3
    for index, page in enumerate(pdf.pages):
        fragments = _fragments(page)
        marks = [f for f in fragments if re.fullmatch(r"Bilaga \d+", f[0])]
        assert [m[0] for m in marks] == ([expected[index]] if index in expected else []), index
        if not marks:
            continue
        assert marks[0][0] in _bold_fragments(page)
        _, x, y, size = marks[0]
        assert y > float(page.mediabox.height) - 60  # in the top margin
        box = stamp.Box(x, y - 0.25 * size, x + stamp.text_width(marks[0][0], size, bold=True), y + 0.8 * size)
        for text, fx, fy, fsize in fragments:
            if text != marks[0][0]:
                other = stamp.Box(fx, fy - 0.25 * fsize, fx + 0.5 * fsize * len(text), fy + 0.8 * fsize)
                assert box.overlap(other) == 0, (index, text)
        # An artifact, like the page number: what a screen reader reads does not change.
        content = page.get_contents().get_data().decode("latin-1")
        at = content.index(f"({expected[index]}) Tj")
        assert content.rfind("/Artifact", 0, at) > content.rfind("EMC", 0, at)


def test_stamp_moves_away_from_text_in_its_usual_corner():
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = add_indirect(writer, DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    content = DecodedStreamObject()
    # Text across the whole bottom margin: the stamp must go to the top.
    content.set_data(b"".join(b"BT /F1 10 Tf 20 %d Td (%s) Tj ET\n" % (y, b"x" * 110) for y in range(8, 60, 10)))
    page[NameObject("/Contents")] = add_indirect(writer, content)
    spot = stamp.find_spot(page, "Sida 1 av 1")
    assert spot.top and spot.overlap == 0


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_stamp_reads_upright_on_a_rotated_page(rotate: int):
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    page[NameObject("/Rotate")] = NumberObject(rotate)
    stamper = stamp.Stamper(writer)
    spot = stamp.find_spot(page, "Sida 1 av 1")
    stamper.stamp(page, "Sida 1 av 1", spot)
    (box,) = stamp.obstacles(page)  # the stamp is the page's only text
    width, height = (842, 595) if rotate in (90, 270) else (595, 842)
    assert box.x1 - box.x0 > 3 * (box.y1 - box.y0)  # horizontal as the page is shown
    assert box.x1 < width and box.y0 >= 0 and box.y1 < 60  # bottom right as shown
    assert box.x0 > width / 2


def test_metadata_title_board_date_and_language(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    info = pdf.metadata
    assert info["/Title"] == f"Handlingar {BOARD} {DATE}"
    assert info["/Author"] == BOARD
    assert DATE in info["/Subject"]
    assert info["/CreationDate"] == "D:20231207000000Z"
    assert pdf.root_object["/Lang"] == "sv-SE"
    assert bool(pdf.root_object["/ViewerPreferences"]["/DisplayDocTitle"])
    xmp = pdf.root_object["/Metadata"].get_object().get_data().decode("utf-8")
    assert f"Handlingar {BOARD} {DATE}" in xmp and "<rdf:li>sv-SE</rdf:li>" in xmp
    assert "pdfaid" not in xmp  # the packet does not claim PDF/A (README: "Vad handlingarna behåller och förlorar")


def _structure_report(path: Path) -> dict:
    """Elements in the tree, marked-content ids on the pages, and ids the parent tree cannot place."""
    pdf = reader(path)
    root = pdf.root_object["/StructTreeRoot"].get_object()
    nums = root["/ParentTree"].get_object()["/Nums"]
    parent_tree = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    elements, wrong_parent, roles = 0, 0, []
    stack = [(root.raw_get("/K"), root.indirect_reference)]
    while stack:
        ref, parent = stack.pop()
        element = ref.get_object()
        if isinstance(element, ArrayObject):
            stack.extend((kid, parent) for kid in element)
            continue
        elements += 1
        roles.append((str(element["/S"]), str(element.get("/T", ""))))
        if element.raw_get("/P").idnum != parent.idnum:
            wrong_parent += 1
        kids = element.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                stack.append((kid, ref if isinstance(ref, IndirectObject) else element.indirect_reference))
    mcids, unplaced = 0, 0
    for page in pdf.pages:
        data = page.get_contents().get_data() if page.get_contents() is not None else b""
        for mcid in (int(m) for m in re.findall(rb"/MCID\s*(\d+)", data)):
            mcids += 1
            placed = parent_tree.get(page.get("/StructParents"), [])
            placed = placed if isinstance(placed, ArrayObject) else [placed]
            element = placed[mcid].get_object() if mcid < len(placed) else None
            kids = element.get("/K") if element is not None else None
            kids = kids.get_object() if kids is not None else []
            ids = [k if isinstance(k, int) else k.get("/MCID") for k in (kids if isinstance(kids, ArrayObject) else [kids])
                   if isinstance(k, (int, DictionaryObject))]
            if element is None or mcid not in ids:
                unplaced += 1
    return {"elements": elements, "wrong_parent": wrong_parent, "mcids": mcids, "unplaced": unplaced, "roles": roles}


def test_packet_keeps_every_parts_structure_tree(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    assert bool(pdf.root_object["/MarkInfo"]["/Marked"])
    merged = _structure_report(out(built) / "handlingar.pdf")
    tagged = [out(built) / "foredragningslista.pdf"] + [p for n in (8, 12) for p in parts(built)[n]]
    singles = [_structure_report(p) for p in tagged]
    rapport_pages = pages(parts(built)[10][0])
    # Document + a Part per item + a Sect and a P per page for the untagged PDF.
    wrappers = 1 + 3 + 1 + rapport_pages
    assert merged["elements"] == sum(s["elements"] for s in singles) + wrappers
    assert merged["mcids"] == sum(s["mcids"] for s in singles) + rapport_pages
    assert merged["unplaced"] == 0 and merged["wrong_parent"] == 0
    titled = [t for role, t in merged["roles"] if t]
    assert "Föredragningslista" in titled and "Bilaga 2. Förslag till överenskommelse med verksamhetsplan" in titled


def test_links_keep_their_place_in_the_structure(built: Path):
    pdf = reader(out(built) / "handlingar.pdf")
    nums = pdf.root_object["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    links = [(page, a.get_object()) for page in pdf.pages for a in page.get("/Annots", []) or []]
    assert [a["/A"]["/URI"] for _, a in links] == [LINK]
    page, annotation = links[0]
    element = parent_tree[annotation["/StructParent"]].get_object()
    assert element["/S"] == "/Link" and element["/K"].raw_get("/Obj").idnum == annotation.indirect_reference.idnum
    assert element.raw_get("/Pg").idnum == page.indirect_reference.idnum
    section = element["/P"].get_object()
    assert section["/T"] == "Bilaga 2. Förslag till överenskommelse med verksamhetsplan"
    assert page.get("/StructParents") != annotation["/StructParent"]


def test_single_documents_stay_tagged_pdfa(built: Path):
    for path in parts(built)[8][:2] + [out(built) / "foredragningslista.pdf"]:
        pdf = reader(path)
        xmp = pdf.root_object["/Metadata"].get_object().get_data()
        assert b"<pdfaid:part>2</pdfaid:part>" in xmp, path
        assert "/StructTreeRoot" in pdf.root_object, path


def test_packet_is_a_sound_pdf_that_renders(built: Path, tmp_path: Path):
    path = out(built) / "handlingar.pdf"
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "15", "-png", str(path), str(tmp_path / "p")], check=True)
        assert len(list(tmp_path.glob("p-*.png"))) == pages(path)


def test_web_copies_have_no_phone_or_email_of_the_officer(built: Path):
    full = " ".join(p.extract_text() for p in reader(out(built) / "handlingar.pdf").pages)
    assert OFFICER_PHONE in full and RK_PHONE in full
    web8 = reader(out(built) / "webb" / "08-exempel-iop.pdf")
    text8 = " ".join(p.extract_text() for p in web8.pages)
    assert OFFICER_PHONE not in text8 and OFFICER_EMAIL not in text8
    assert "Telefon" not in text8.split("Handläggare", 1)[1][:80]
    assert "Anna Exempelsson" in text8  # the name stays: only contact details go
    # The partner's contact person in the assessment form loses phone and e-mail too;
    # the administration's own address in the footer stays.
    assert "070-000 00 00" in full and "omar@example.org" in full
    assert "070-000 00 00" not in text8 and "omar@example.org" not in text8 and "Omar Exempel" in text8
    assert "rinkeby-kista@stockholm.se" in text8
    text12 = " ".join(p.extract_text() for p in reader(out(built) / "webb" / "12-rk-2023-17.pdf").pages)
    assert RK_PHONE not in text12 and "Felicia Wennberg Gonzalez" in text12
    assert len(web8.pages) == sum(pages(p) for p in parts(built)[8])
    assert [o.title for o in web8.outline] == [
        "Tjänsteutlåtande",
        "Bilaga 1. Bedömning inför en överenskommelse om IOP – Exempelföreningen Läxhjälp Järva",
        "Bilaga 2. Förslag till överenskommelse med verksamhetsplan",
        "Bilaga 3. Uppföljning av överenskommelse 2024",
    ]
    assert "/StructTreeRoot" in web8.root_object and web8.metadata["/Title"].startswith("8. Exempelärende")


def test_a_second_run_gives_identical_bytes(built: Path):
    before = (out(built) / "handlingar.pdf").read_bytes()
    agenda = (out(built) / "foredragningslista.pdf").read_bytes()
    web = {p.name: p.read_bytes() for p in (out(built) / "webb").iterdir()}
    notes: list[str] = []
    written = packet.build_packet(Project(built), MEETING, notes=notes.append)
    assert (out(built) / "handlingar.pdf").read_bytes() == before
    assert (out(built) / "foredragningslista.pdf").read_bytes() == agenda
    # Without --publish the web copies of the earlier run stay; the papers are the same, so they are current.
    assert {p.name: p.read_bytes() for p in (out(built) / "webb").iterdir()} == web
    assert not any("webb/" in n for n in notes) and not any("webb" in str(p) for p in written)


def test_a_role_two_parts_map_differently_is_renamed_in_one_of_them():
    original = (FIXTURES / "extern.pdf").read_bytes()
    other = PdfWriter(clone_from=PdfReader(io.BytesIO(original)))
    other.root_object["/StructTreeRoot"]["/RoleMap"][NameObject("/Standard")] = NameObject("/Span")
    buffer = io.BytesIO()
    other.write(buffer)
    writer = PdfWriter()
    merger = structure.StructureMerger(writer, "sv-SE")
    for title, data in (("Första", original), ("Andra", buffer.getvalue())):
        source = PdfReader(io.BytesIO(data))
        start = len(writer.pages)
        writer.append(source, import_outline=False)
        merger.add(source, start, title, None)
    merger.finish()
    role_map = writer.root_object["/StructTreeRoot"]["/RoleMap"]
    assert role_map["/Standard"] == "/P" and role_map["/Standard-2"] == "/Span"
    roles = {}
    for section in writer.root_object["/StructTreeRoot"]["/K"]["/K"]:
        section = section.get_object()
        roles[section["/T"]] = sorted({str(k.get_object()["/S"]) for k in section["/K"]})
    assert "/Standard" in roles["Första"] and "/Standard-2" not in roles["Första"]
    assert "/Standard-2" in roles["Andra"] and "/Standard" not in roles["Andra"]


def test_number_trees_with_kids_are_read_in_order():
    leaf1 = DictionaryObject({NameObject("/Nums"): ArrayObject([NumberObject(0), NameObject("/a"),
                                                                NumberObject(1), NameObject("/b")])})
    leaf2 = DictionaryObject({NameObject("/Nums"): ArrayObject([NumberObject(5), NameObject("/c")])})
    root = DictionaryObject({NameObject("/Kids"): ArrayObject([leaf1, leaf2])})
    assert [(k, str(v)) for k, v in structure.number_tree(root)] == [(0, "/a"), (1, "/b"), (5, "/c")]


# --- Bad external attachments: refused before anything is built or written --------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def _set_file(project: Path, value: str) -> None:
    case_yaml = project / "cases" / "exempel-iop" / "case.yaml"
    text = case_yaml.read_text(encoding="utf-8").replace("file: bilagor/overenskommelse.pdf", f"file: {value}")
    case_yaml.write_text(text, encoding="utf-8")


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=FIXTURES / "extern.pdf")
    writer.encrypt("hemligt")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD = {
    "parent": ("../rk-2023-17/case.yaml", None, "pekar utanför ärendemappen"),
    "absolute": ("/etc/hostname", None, "är en absolut sökväg"),
    "symlink": ("bilagor/lank.pdf", "symlink", "är en symbolisk länk som pekar utanför ärendemappen"),
    "missing": ("bilagor/finns-inte.pdf", None, "finns inte"),
    "folder": ("bilagor", None, "är en mapp, inte en fil"),
    "not pdf": ("bilagor/bilaga.pdf", b"PK\x03\x04 en zip-fil", "är ingen PDF-fil"),
    "broken": ("bilagor/bilaga.pdf", b"%PDF-1.7\n1 0 obj <</Type /Catalog", "är en trasig PDF-fil"),
    "encrypted": ("bilagor/bilaga.pdf", "encrypted", "är en krypterad"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_attachment_is_refused_naming_item_and_file(project: Path, kind: str):
    value, content, message = BAD[kind]
    folder = project / "cases" / "exempel-iop"
    if content == "symlink":
        (folder / value).symlink_to(project / "meetings" / DATE / "rapport.pdf")
    elif content == "encrypted":
        (folder / value).write_bytes(_encrypted())
    elif isinstance(content, bytes):
        (folder / value).write_bytes(content)
    _set_file(project, value)
    with pytest.raises(UserError) as caught:
        packet.build_packet(Project(project), MEETING)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 1, problems
    assert problems[0].startswith("cases/exempel-iop/case.yaml:")
    assert "attachments[1].file" in problems[0]
    assert f"ärende 8 (exempel-iop): bilagan '{value}'" in problems[0]
    assert f"bilagan '{value}' {message}" in problems[0]  # reads as one sentence
    assert "ingenting har skrivits" in caught.value.message
    assert not (project / "build").exists()


def test_bad_external_item_file_is_refused_with_its_line(project: Path):
    meeting_yaml = project / "meetings" / f"{DATE}.yaml"
    meeting_yaml.write_text(meeting_yaml.read_text(encoding="utf-8").replace(
        f"file: {DATE}/rapport.pdf", "file: ../cases/rk-2023-17/case.yaml"), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        packet.build_packet(Project(project), MEETING)
    assert [str(p) for p in caught.value.problems] == [
        f"meetings/{DATE}.yaml:9: items[0].file: ärende 10 (Månadsrapport november 2023): "
        "filen '../cases/rk-2023-17/case.yaml' pekar utanför mappen meetings/ ('..' är inte tillåtet)"
    ]
    assert not (project / "build").exists()


def test_failed_packet_leaves_the_previous_one_untouched(project: Path):
    target = project / "build" / "meetings" / DATE
    target.mkdir(parents=True)
    (target / "handlingar.pdf").write_bytes(b"earlier")
    _set_file(project, "bilagor/finns-inte.pdf")
    with pytest.raises(UserError):
        packet.build_packet(Project(project), MEETING)
    assert (target / "handlingar.pdf").read_bytes() == b"earlier"
    assert sorted(p.name for p in target.parent.iterdir()) == [DATE]  # no temporary folder left


# --- Speed ----------------------------------------------------------------------------------


def test_merging_20_items_of_3_documents_keeps_every_page(built: Path):
    """The pypdf part of the packet at a board's size; its speed is `make bench`'s to measure."""
    meeting = collect_meeting(Project(built), dt.date(2023, 12, 7))
    item = next(i for i in meeting.items if i.number == 8)
    docs = [p.read_bytes() for p in parts(built)[8][:3]]
    papers = []
    for n in range(20):
        entry = Papers(item.__class__(n + 1, f"Ärende {n + 1}", item.dnr, item.summary, case=item.case))
        for i, data in enumerate(docs):
            entry.parts.append(Part(f"Dokument {i + 1}", data, len(PdfReader(io.BytesIO(data)).pages)))
        papers.append(entry)
    big = meeting.__class__(meeting.date, meeting.board, tuple(p.item for p in papers))
    agenda = (out(built) / "foredragningslista.pdf").read_bytes()
    data = assemble(big, agenda, papers)
    assert len(PdfReader(io.BytesIO(data)).pages) == pages(out(built) / "foredragningslista.pdf") + 20 * sum(
        pages(p) for p in parts(built)[8][:3])


def test_a_sloppy_but_readable_pdf_is_accepted_without_english_warnings(tmp_path: Path, caplog):
    from iopdocs.meeting.attachments import open_external

    data = untagged_pdf(["Manadsrapport"])
    at = data.rindex(b"startxref")
    path = tmp_path / "slarvig.pdf"
    path.write_bytes(data[:at] + re.sub(rb"startxref\s+\d+", b"startxref\n123", data[at:]))
    with caplog.at_level("WARNING"):
        assert open_external(path).pages == 1
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []


def test_packet_names_late_statements_and_keeps_web_copies_it_says_are_stale(project: Path):
    rk = project / "cases" / "rk-2023-17" / "case.yaml"
    text = rk.read_text(encoding="utf-8").replace(f"meeting: {DATE}\n", "").replace("date: 2023-02-16", "date: 2023-12-20")
    rk.write_text(text, encoding="utf-8")
    meeting_yaml = project / "meetings" / f"{DATE}.yaml"
    meeting_yaml.write_text(meeting_yaml.read_text(encoding="utf-8") + "  - case: rk-2023-17\n", encoding="utf-8")
    first = CliRunner().invoke(main, ["--root", str(project), "packet", DATE, "--publish"])
    assert first.exit_code == 0, first.output
    assert (f"Obs: ärende 12 (rk-2023-17): tjänsteutlåtandet är daterat 2023-12-20, efter sammanträdet {DATE}"
            in first.output)
    assert "Obs: ärende 12 (rk-2023-17): bilaga 1 'Stockholm stads riktlinjer" in first.output  # --publish too
    web = sorted(p.name for p in (out(project) / "webb").iterdir())
    summary = project / "cases" / "exempel-iop" / "case.yaml"
    summary.write_text(summary.read_text(encoding="utf-8").replace("Läxhjälp Järva", "Läxhjälpen Järva", 1),
                       encoding="utf-8")
    second = CliRunner().invoke(main, ["--root", str(project), "packet", DATE])
    assert second.exit_code == 0, second.output
    assert sorted(p.name for p in (out(project) / "webb").iterdir()) == web
    assert (f"Obs: webb/ är från en tidigare körning med --publish och stämmer inte längre med handlingarna; "
            f"kör 'iopdocs packet {DATE} --publish' för att uppdatera den.") in second.output
    assert "Skrev build/meetings/2023-12-07/webb" not in second.output
