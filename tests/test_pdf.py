"""iopdocs.pdf.export with the real LibreOffice: PDF/A-2b, tagged, reproducible, robust.

Each soffice start costs a second or two, so most checks share the output of
one convert() call (module fixture `batch`).
"""

from __future__ import annotations

import datetime
import io
import os
import re
import stat
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from iopdocs.errors import UserError
from iopdocs.pdf import export as pdfmod
from iopdocs.pdf.export import PdfJob, convert, soffice_available
from iopdocs.pdf.meta import DocumentMeta, finalize
from iopdocs.pdf.objects import add_indirect

DATE = datetime.date(2025, 3, 14)
TITLE = "Överenskommelse om idéburet offentligt partnerskap – Rinkeby"
HEADINGS = ["Bakgrund och syfte", "Ekonomi och uppföljning"]
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
}


def make_docx(path: Path, marker: str = "", headings: list[str] = HEADINGS) -> Path:
    """A small Swedish document: sv-SE as default run language, headings, a table."""
    doc = Document()
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")
    doc.add_heading(headings[0], 1)
    doc.add_paragraph(f"Föreningen Åsa och älgarna söker stöd för sitt arbete i Rinkeby. {marker}")
    doc.add_heading(headings[1], 1)
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for row, cells in enumerate([("År", "Belopp"), ("2025", "450 000 kr")]):
        for col, text in enumerate(cells):
            table.cell(row, col).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


def job(docx: Path, pdf: Path, **extra) -> PdfJob:
    fields = dict(title=TITLE, date=DATE, subject="Dnr KS 2025/0042", author="Stadsledningskontoret")
    fields.update(extra)
    return PdfJob(docx=docx, pdf=pdf, meta=DocumentMeta(**fields))


def xmp_tree(reader: PdfReader) -> ET.Element:
    return ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def xmp_text(tree: ET.Element, path: str) -> str:
    found = tree.find(f".//{path}", NS)
    assert found is not None, path
    return found.text or ""


def soffice_processes_under(root: Path, grace: float = 10.0) -> list[int]:
    """Pids of processes whose command line mentions `root` (our temporary profiles) that
    are still alive after `grace` seconds: a process killed with SIGKILL takes a moment
    to disappear from /proc on a loaded machine."""
    deadline = time.monotonic() + grace
    while True:
        pids = _processes_mentioning(root)
        if not pids or time.monotonic() > deadline:
            return pids
        time.sleep(0.1)


def _processes_mentioning(root: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(root).encode() in cmdline:
                pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One convert() call over good, duplicate-named and broken inputs, with a private temp dir."""
    base = tmp_path_factory.mktemp("pdf")
    temp_root = base / "tmp"
    temp_root.mkdir()
    good = make_docx(base / "in" / "beslut.docx")
    first = make_docx(base / "a" / "samma.docx", marker="FÖRSTA")
    second = make_docx(base / "b" / "samma.docx", marker="ANDRA")
    broken = base / "in" / "trasig.docx"
    broken.write_text("Det här är ingen docx.\n", encoding="utf-8")
    previous = base / "out" / "trasig.pdf"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"%PDF-1.4 tidigare version\n%%EOF\n")
    jobs = [
        # language deliberately differs: /Lang must come from the docx's styles.xml
        job(good, base / "out" / "beslut.pdf", language="en-GB"),
        job(broken, previous),
        job(first, base / "out" / "a.pdf"),
        job(second, base / "out" / "b.pdf"),
        job(good, base / "out" / "sub" / "beslut-kopia.pdf", language="en-GB"),
    ]
    calls = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tempfile, "tempdir", str(temp_root))
        with pytest.raises(UserError) as caught:
            convert(jobs, workers=2, progress=lambda done, total: calls.append((done, total)))
    return {
        "base": base,
        "temp_root": temp_root,
        "jobs": jobs,
        "error": caught.value,
        "progress": calls,
        "good": good,
        "reader": PdfReader(base / "out" / "beslut.pdf"),
    }


def test_soffice_is_installed():
    assert soffice_available(), "LibreOffice krävs: sudo apt-get install libreoffice-writer-nogui fonts-liberation"


def test_good_documents_are_pdf(batch):
    for name in ["beslut.pdf", "a.pdf", "b.pdf", "sub/beslut-kopia.pdf"]:
        assert (batch["base"] / "out" / name).read_bytes().startswith(b"%PDF-"), name


def test_tagged_with_language(batch):
    root = batch["reader"].trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712  (a BooleanObject, whose bool() is always True)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv-SE"


def test_structure_tree_has_headings_and_table(batch):
    kinds = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, DictionaryObject):
            return
        if "/S" in node:
            kinds.append(node["/S"])
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            walk(kid)

    walk(batch["reader"].trailer["/Root"]["/StructTreeRoot"])
    assert kinds.count("/H1") == 2
    assert "/Table" in kinds


def test_pdfa_2b_identification_and_output_intent(batch):
    reader = batch["reader"]
    tree = xmp_tree(reader)
    assert xmp_text(tree, "pdfaid:part") == "2"
    assert xmp_text(tree, "pdfaid:conformance") == "B"
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/DestOutputProfile" in intents[0].get_object()
    metadata = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in metadata  # PDF/A forbids a filtered XMP stream
    assert reader.pdf_header.startswith("%PDF-1.")


def test_title_subject_author_agree_with_xmp(batch):
    reader = batch["reader"]
    info = reader.metadata
    tree = xmp_tree(reader)
    assert info["/Title"] == TITLE
    assert xmp_text(tree, "dc:title/rdf:Alt/rdf:li") == TITLE
    assert info["/Subject"] == "Dnr KS 2025/0042"
    assert xmp_text(tree, "dc:description/rdf:Alt/rdf:li") == "Dnr KS 2025/0042"
    assert info["/Author"] == "Stadsledningskontoret"
    assert xmp_text(tree, "dc:creator/rdf:Seq/rdf:li") == "Stadsledningskontoret"
    assert info["/Producer"] == xmp_text(tree, "pdf:Producer")
    assert info["/Creator"] == xmp_text(tree, "xmp:CreatorTool")
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


def test_dates_come_from_the_job_not_the_clock(batch):
    reader = batch["reader"]
    assert reader.metadata["/CreationDate"] == "D:20250314000000Z"
    assert reader.metadata["/ModDate"] == "D:20250314000000Z"
    tree = xmp_tree(reader)
    for name in ["xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"]:
        assert xmp_text(tree, name) == "2025-03-14T00:00:00Z"
    raw = (batch["base"] / "out" / "beslut.pdf").read_bytes()
    this_year = str(datetime.date.today().year).encode()
    if this_year != b"2025":
        assert this_year + b"-" not in raw and b"D:" + this_year not in raw


def test_identifiers_are_derived_and_consistent(batch):
    reader = batch["reader"]
    first, second = (bytes(getattr(part, "original_bytes", part)) for part in reader.trailer["/ID"])
    assert first == second
    assert len(first) == 16
    tree = xmp_tree(reader)
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", xmp_text(tree, "xmpMM:DocumentID"))
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", xmp_text(tree, "xmpMM:InstanceID"))


def test_all_fonts_embedded(batch):
    for page in batch["reader"].pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            if font["/Subtype"] == "/Type3":
                continue
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for described in descendants:
                descriptor = described["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font.get("/BaseFont")


def test_outline_has_the_headings(batch):
    titles = [item.title for item in batch["reader"].outline if not isinstance(item, list)]
    assert titles == HEADINGS


def test_swedish_text_survives(batch):
    text = batch["reader"].pages[0].extract_text()
    assert "Åsa och älgarna" in text
    assert "Belopp" in text


def test_same_docx_gives_identical_bytes_in_one_call(batch):
    out = batch["base"] / "out"
    assert (out / "beslut.pdf").read_bytes() == (out / "sub" / "beslut-kopia.pdf").read_bytes()


def test_same_basename_in_one_call_does_not_collide(batch):
    out = batch["base"] / "out"
    assert "FÖRSTA" in PdfReader(out / "a.pdf").pages[0].extract_text()
    assert "ANDRA" in PdfReader(out / "b.pdf").pages[0].extract_text()


def test_broken_input_is_named_and_others_still_succeed(batch):
    error = batch["error"]
    assert "trasig.docx" in str(error)
    assert "1 av 5" in error.message
    assert [p.file for p in error.problems] == [str(batch["jobs"][1].docx)]
    assert "beslut.docx" not in str(error)


def test_previous_pdf_left_untouched_on_failure(batch):
    assert (batch["base"] / "out" / "trasig.pdf").read_bytes() == b"%PDF-1.4 tidigare version\n%%EOF\n"


def test_no_temporary_files_left(batch):
    assert list(batch["temp_root"].iterdir()) == []
    assert not list((batch["base"] / "out").rglob("*.tmp"))
    assert soffice_processes_under(batch["temp_root"]) == []


def test_progress_reports_every_document(batch):
    calls = batch["progress"]
    assert [done for done, _ in calls] == [1, 2, 3, 4, 5]
    assert {total for _, total in calls} == {5}


def test_output_mode_follows_the_umask(batch):
    umask = int(re.search(r"Umask:\s*(\d+)", Path("/proc/self/status").read_text()).group(1), 8)
    mode = stat.S_IMODE((batch["base"] / "out" / "beslut.pdf").stat().st_mode)
    assert mode == 0o666 & ~umask  # not the 0600 of a mkstemp file


def test_identical_bytes_across_runs(batch, tmp_path):
    time.sleep(1.0)  # LibreOffice stamps seconds: make sure this run has another clock value
    again = tmp_path / "igen.pdf"
    convert([job(batch["good"], again, language="en-GB")])
    assert again.read_bytes() == (batch["base"] / "out" / "beslut.pdf").read_bytes()


def test_missing_soffice_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, "soffice-finns-inte")
    assert not soffice_available()
    with pytest.raises(UserError) as caught:
        convert([job(tmp_path / "x.docx", tmp_path / "x.pdf")])
    assert "sudo apt-get install libreoffice-writer-nogui fonts-liberation" in caught.value.message
    assert "make" in caught.value.message


def test_empty_job_list_starts_no_soffice_even_when_none_is_installed(monkeypatch):
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: pytest.fail("soffice looked for with nothing to convert"))
    assert convert([]) is None
    monkeypatch.setattr(pdfmod, "find_soffice", lambda: None)
    with pytest.raises(UserError):  # the same call with a job does need soffice
        convert([job(Path("x.docx"), Path("x.pdf"))])


def test_missing_input_fails_without_starting_soffice(monkeypatch, tmp_path):
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, "/bin/false")
    with pytest.raises(UserError) as caught:
        convert([job(tmp_path / "saknas.docx", tmp_path / "saknas.pdf")])
    assert "saknas.docx" in str(caught.value)
    assert "finns inte" in str(caught.value)


def test_split_balances_and_keeps_order():
    sizes = {0: 100, 1: 10, 2: 90, 3: 20, 4: 5}
    batches = pdfmod.split_batches([0, 1, 2, 3, 4], sizes, 2)
    assert sorted(i for b in batches for i in b) == [0, 1, 2, 3, 4]
    assert all(b == sorted(b) for b in batches)
    loads = [sum(sizes[i] for i in b) for b in batches]
    assert max(loads) - min(loads) <= 25
    assert pdfmod.split_batches([0], sizes, 4) == [[0]]


def test_default_workers_never_exceeds_documents_or_cores():
    assert pdfmod.default_workers(1) == 1
    assert pdfmod.default_workers(3) == 1
    assert 1 <= pdfmod.default_workers(100) <= min(os.cpu_count() or 1, 4)


# --- failure handling, with a wrapper around the real soffice ---------------------------

WRAPPER = """#!{python}
import os, signal, subprocess, sys, time
state = {state!r}
real = {real!r}
args = sys.argv[1:]
with open(os.path.join(state, "calls"), "a") as log:
    log.write(" ".join(args) + "\\n")
first = not os.path.exists(os.path.join(state, "used"))
open(os.path.join(state, "used"), "w").close()
if {mode!r} == "always-crash":
    os.kill(os.getpid(), signal.SIGABRT)
if first and {mode!r} == "hang":
    child = subprocess.Popen(["sleep", "600"])
    with open(os.path.join(state, "pids"), "w") as f:
        f.write(str(child.pid))
    child.wait()
elif first and {mode!r} == "crash":
    # Convert the first document only, then die as a crash would: the others are left
    # undone however fast or slow the machine is.
    inputs = [a for a in args if a.endswith(".docx")]
    subprocess.run([real] + [a for a in args if a not in inputs[1:]])
    os.killpg(os.getpgid(0), signal.SIGKILL)  # the launcher and LibreOffice die at once
else:
    os.execv(real, [real] + args)
"""


def wrapper(tmp_path: Path, mode: str) -> tuple[Path, Path]:
    state = tmp_path / "state"
    state.mkdir()
    script = tmp_path / "fake-soffice"
    real = pdfmod.find_soffice()
    script.write_text(WRAPPER.format(python=sys.executable, state=str(state), real=real, mode=mode))
    script.chmod(0o755)
    return script, state


def test_hung_conversion_is_killed_and_named(monkeypatch, tmp_path):
    script, state = wrapper(tmp_path, "hang")
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(script))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docs = [make_docx(tmp_path / "in" / f"{name}.docx") for name in ("hänger", "fortsätter")]
    jobs = [job(d, tmp_path / "out" / f"{d.stem}.pdf") for d in docs]
    with pytest.raises(UserError) as caught:
        convert(jobs, workers=1, timeout=6.0)
    assert "hänger.docx" in str(caught.value)
    assert "tog mer än 6 s" in str(caught.value)
    assert "fortsätter.docx" not in str(caught.value)
    assert (tmp_path / "out" / "fortsätter.pdf").read_bytes().startswith(b"%PDF-")
    assert not (tmp_path / "out" / "hänger.pdf").exists()
    sleeper = int((state / "pids").read_text())
    assert not Path(f"/proc/{sleeper}").exists() or "Z" in Path(f"/proc/{sleeper}/stat").read_text().split()[2]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("iopdocs-pdf-")]


def test_crashed_soffice_is_retried_in_a_fresh_process(monkeypatch, tmp_path):
    script, state = wrapper(tmp_path, "crash")
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(script))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docs = [make_docx(tmp_path / "in" / f"d{i}.docx", marker=f"NR{i}") for i in range(3)]
    jobs = [job(d, tmp_path / "out" / f"{d.stem}.pdf") for d in docs]
    convert(jobs, workers=1)
    for i in range(3):
        assert f"NR{i}" in PdfReader(tmp_path / "out" / f"d{i}.pdf").pages[0].extract_text()
    calls = (state / "calls").read_text().splitlines()
    assert len(calls) >= 2
    profiles = {re.search(r"UserInstallation=(\S+)", c).group(1) for c in calls}
    assert len(profiles) == len(calls)  # every process had its own profile
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("iopdocs-pdf-")]
    assert soffice_processes_under(tmp_path) == []


def test_broken_libreoffice_gives_up_after_a_few_processes(monkeypatch, tmp_path):
    script, state = wrapper(tmp_path, "always-crash")
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(script))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docs = [make_docx(tmp_path / "in" / f"d{i}.docx") for i in range(4)]
    with pytest.raises(UserError) as caught:
        convert([job(d, tmp_path / "out" / f"{d.stem}.pdf") for d in docs], workers=1)
    assert [Path(p.file).name for p in caught.value.problems] == [d.name for d in docs]
    assert len((state / "calls").read_text().splitlines()) == 3
    assert not (tmp_path / "out").exists()


# --- pdfmeta without LibreOffice --------------------------------------------------------


def fake_export(clock: str) -> bytes:
    """A minimal PDF shaped like LibreOffice's: XMP with pdfaid, ICC output intent, clock dates."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    icc = bytearray(200)
    icc[36:40] = b"acsp"
    icc[24:36] = bytes([0x07, 0xEA, 0, 11, 0, 24, 0, 23, 0, 1, 0, int(clock[-2:])])
    profile = StreamObject()
    profile.set_data(bytes(icc))
    profile[NameObject("/N")] = TextStringObject("3")
    profile = profile.flate_encode()
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/DestOutputProfile"): add_indirect(writer, profile),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([add_indirect(writer, intent)])
    writer.xmp_metadata = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        f'<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:CreateDate>{clock}'
        '</xmp:CreateDate></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
    writer.add_metadata({"/Producer": "LibreOffice 7.4", "/CreationDate": "D:20261124230155Z'"})
    writer.generate_file_identifiers()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_finalize_removes_every_clock_value():
    info = DocumentMeta(title="Rapport <&> \"citat\"", date=DATE, subject="Dnr 1", author="Förvaltningen")
    one, two = fake_export("2026-11-24T23:01:55"), fake_export("2026-11-24T23:01:57")
    assert one != two
    assert finalize(one, info) == finalize(two, info)
    reader = PdfReader(io.BytesIO(finalize(one, info)))
    profile = reader.trailer["/Root"]["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object()
    assert profile.get_data()[24:36] == bytes([0x07, 0xE9, 0, 3, 0, 14, 0, 0, 0, 0, 0, 0])
    assert xmp_text(xmp_tree(reader), "dc:title/rdf:Alt/rdf:li") == info.title
    assert b"2026" not in finalize(one, info)


def test_finalize_depends_on_the_job():
    data = fake_export("2026-11-24T23:01:55")
    base = DocumentMeta(title="A", date=DATE)
    assert finalize(data, base) != finalize(data, DocumentMeta(title="B", date=DATE))
    assert finalize(data, base) != finalize(data, DocumentMeta(title="A", date=datetime.date(2025, 3, 15)))


def test_finalize_refuses_a_pdf_that_is_not_pdfa():
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Exception, match="PDF/A"):
        finalize(out.getvalue(), DocumentMeta(title="x", date=DATE))


def test_fast_path_and_pypdf_fallback_agree():
    from iopdocs.pdf import meta as pdfmeta

    data = fake_export("2026-11-24T23:01:55")
    info = DocumentMeta(title="Rapport åäö", date=DATE, subject="Dnr 7", author="Förvaltningen")
    fast = PdfReader(io.BytesIO(finalize(data, info)))
    slow = PdfReader(io.BytesIO(pdfmeta.fill_identifiers(pdfmeta.rewrite_with_pypdf(pdfmeta.read_pdf(data), info))))
    assert dict(fast.metadata) == dict(slow.metadata)
    strip = lambda r: re.sub(rb"uuid:[0-9a-f-]+", b"", r.trailer["/Root"]["/Metadata"].get_object().get_data())  # noqa: E731
    assert strip(fast) == strip(slow)
    for reader in (fast, slow):
        root = reader.trailer["/Root"]
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
        assert root["/Lang"] == "sv-SE"  # from DocumentMeta, as the export had none
        profile = root["/OutputIntents"][0].get_object()["/DestOutputProfile"].get_object()
        assert profile.get_data()[24:30] == bytes([0x07, 0xE9, 0, 3, 0, 14])


# --- against a raw LibreOffice export ---------------------------------------------------


@pytest.fixture(scope="module")
def raw_export(batch, tmp_path_factory):
    """What soffice itself writes for the batch's good document (no post-processing)."""
    import subprocess

    base = tmp_path_factory.mktemp("raw")
    subprocess.run(
        [
            pdfmod.find_soffice(),
            f"-env:UserInstallation={(base / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            pdfmod.EXPORT_FILTER,
            "--outdir",
            str(base),
            str(batch["good"]),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (base / "beslut.pdf").read_bytes()


def test_libreoffice_writes_the_clock_and_finalize_removes_it(batch, raw_export):
    now = datetime.datetime.now(datetime.timezone.utc)
    assert f"D:{now:%Y}".encode() in raw_export or f"D:{now.year - 1}".encode() in raw_export
    good = batch["jobs"][0]
    assert finalize(raw_export, good.meta) == (batch["base"] / "out" / "beslut.pdf").read_bytes()


def test_untouched_objects_are_copied_byte_for_byte(raw_export, batch):
    from iopdocs.pdf import objects as pdfobjects

    final = (batch["base"] / "out" / "beslut.pdf").read_bytes()
    offsets, xref_at = pdfobjects.xref_table(raw_export)
    order = sorted(offsets, key=offsets.get)
    ends = dict(zip(order, [offsets[n] for n in order[1:]] + [xref_at]))
    chunks = {n: raw_export[offsets[n] : ends[n]] for n in order}
    copied = [n for n, chunk in chunks.items() if chunk in final]
    changed = sorted(set(chunks) - set(copied))
    reader = PdfReader(io.BytesIO(raw_export))
    root = reader.trailer.raw_get("/Root")
    expected = {root.idnum, reader.trailer.raw_get("/Info").idnum, root.get_object().raw_get("/Metadata").idnum}
    assert expected <= set(changed)
    assert len(changed) <= len(expected) + 2  # plus the ICC profile and its /Length object
    assert b"/StructTreeRoot" in final and b"/OutputIntents" in final


def test_unstartable_soffice_is_a_user_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("not a program\n")
    fake.chmod(0o755)  # executable bit, but no interpreter line: exec fails
    monkeypatch.setenv(pdfmod.SOFFICE_ENV, str(fake))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    docx = make_docx(tmp_path / "in" / "a.docx")
    with pytest.raises(UserError) as caught:
        convert([job(docx, tmp_path / "a.pdf")])
    assert "a.docx" in str(caught.value)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("iopdocs-pdf-")]
