"""Every fault named in Swedish with its file: a damaged image, and the operating
system's refusals (disk full, no permission, read-only), never an English strerror or
an internal error."""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from casefolder import edit, make_project, run
from iopdocs import fsutil
from iopdocs.errors import os_reason

PROFILE = "templates/profiles/rinkeby-kista.yaml"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 88, 161)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def with_logo(root: Path) -> Path:
    edit(root, PROFILE, "logo_alt:", "logo: logo.png\nlogo_alt:")
    return root


LOGOS = {
    "truncated": (lambda: png()[:60], "är en trasig bild som inte kan läsas; spara den på nytt som PNG."),
    "damaged data": (lambda: png()[:-30] + b"\0" * 30, "är en trasig bild som inte kan läsas; spara den på nytt som PNG."),
    "not an image": (lambda: b"Ingen bild, bara text.\n", "är ingen bild som kan läsas (använd PNG)."),
}


@pytest.mark.parametrize("kind", sorted(LOGOS))
def test_a_damaged_logo_is_named_in_swedish(with_logo: Path, kind: str):
    root = with_logo
    make, message = LOGOS[kind]
    logo = root / "templates" / "profiles" / "logo.png"
    logo.write_bytes(make())
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert f"Logotypen logo.png i profilen ({logo.resolve()}) {message}" in result.stderr
    assert "Internt fel" not in result.output


def test_a_logo_that_is_a_fifo_is_named_and_never_opened(with_logo: Path):
    root = with_logo
    os.mkfifo(root / "templates" / "profiles" / "logo.png")
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1
    assert "Logotypen logo.png i profilen är en namngiven rörledning (FIFO), inte en vanlig fil" in result.stderr


def test_a_good_logo_builds(with_logo: Path):
    root = with_logo
    (root / "templates" / "profiles" / "logo.png").write_bytes(png())
    assert run(root, "build", "--no-pdf").exit_code == 0


@pytest.mark.parametrize("code, swedish", [
    (errno.ENOSPC, "disken är full"),
    (errno.EACCES, "behörighet saknas"),
    (errno.EROFS, "filsystemet är skrivskyddat"),
])
def test_an_os_error_while_writing_is_swedish_and_names_the_file(root: Path, monkeypatch, code: int, swedish: str):
    english = os.strerror(code)

    def refuse(src, dst):  # noqa: ANN001
        raise OSError(code, english)

    monkeypatch.setattr(fsutil.os, "replace", refuse)
    result = run(root, "build", "--no-pdf")
    assert result.exit_code == 1, result.output
    assert f"Fel: Filsystemet svarade: {swedish} ({root / 'build' / 'x'}" in result.stderr
    assert english not in result.output


@pytest.mark.parametrize("code", sorted(errno.errorcode))
def test_no_os_error_is_told_in_english(code: int):
    reason = os_reason(OSError(code, os.strerror(code)))
    assert os.strerror(code) not in reason


def test_a_pdf_that_cannot_be_cleaned_is_refused_not_published_as_it_is(tmp_path: Path, monkeypatch):
    from iopdocs.meeting import papers
    from iopdocs.meeting.attachments import ExternalPdf
    from iopdocs.meeting.collect import AgendaItem
    from iopdocs.project import Project

    def broken(data: bytes):  # noqa: ANN202
        raise KeyError("/Root")

    monkeypatch.setattr(papers, "clean_pdf", broken)
    item = AgendaItem(10, "Månadsrapport", None, None, file=Path("rapport.pdf"))
    externals = {(10, -1): ExternalPdf(tmp_path / "meetings" / "rapport.pdf", b"%PDF-1.4", 1)}
    with pytest.raises(papers.UserError) as caught:
        papers.gather_papers(Project(tmp_path), item, externals, None)
    assert str(caught.value) == ("ärende 10 (Månadsrapport) (meetings/rapport.pdf): PDF-filen kan inte rensas från "
                                 "aktivt innehåll och kan inte tas med; spara den på nytt (skriv ut till PDF) och "
                                 "försök igen.")


def _with_bad_stream() -> bytes:
    """A one-page PDF whose content stream says FlateDecode but holds garbage."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    from iopdocs.pdf.objects import add_indirect

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream.set_data(b"\x00\x01 inte zlib \xff" * 20)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = add_indirect(writer, stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("content", [b"%PDF-1.7\n1 0 obj <</Type /Catalog", _with_bad_stream()],
                         ids=["truncated", "bad stream"])
def test_a_broken_attachment_is_told_in_swedish_only(tmp_path: Path, content: bytes):
    from iopdocs.meeting.attachments import BROKEN, DAMAGED, AttachmentError, open_external

    path = tmp_path / "bilaga.pdf"
    path.write_bytes(content)
    with pytest.raises(AttachmentError) as caught:
        open_external(path)
    assert str(caught.value) in (BROKEN, DAMAGED)
