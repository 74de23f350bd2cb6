"""External attachments: PDF files that a case (or a meeting) brings along.

A path in case.yaml is the officer's input, so it is checked as such: it must stay
inside its folder after every symbolic link is followed (no `../`, no absolute path,
no link that points elsewhere), name an existing file, and that file must be a PDF
that pypdf can read, page by page, without a password.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from pypdf import PdfReader

from ..errors import os_reason
from ..fsutil import not_regular

PDF_MAGIC = b"%PDF-"
# pypdf's own messages are English and technical: the clerk gets what to do instead.
BROKEN = "är en trasig PDF-fil som inte kan läsas; spara den på nytt som PDF"
DAMAGED = "är en skadad PDF-fil där delar av sidornas innehåll saknas; spara den på nytt som PDF"
MAX_BYTES = 200_000_000


class AttachmentError(ValueError):
    """Why an attachment file cannot be used, in Swedish: what follows "bilagan 'x'" or "filen 'x'"."""


@dataclass(frozen=True)
class ExternalPdf:
    """A checked external PDF, read once."""

    path: Path
    data: bytes
    pages: int


def resolve_inside(folder: Path, relative: str, where: str = "ärendemappen") -> Path:
    """`relative` resolved inside `folder`; raises AttachmentError if it leads anywhere else."""
    text = relative.strip()
    if not text:
        raise AttachmentError("är en tom sökväg")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise AttachmentError(f"är en absolut sökväg; ange en sökväg inom {where}")
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        raise AttachmentError(f"pekar utanför {where} ('..' är inte tillåtet)")
    base = folder.resolve()
    candidate = base / text
    target = candidate.resolve()
    if not target.is_relative_to(base):
        raise AttachmentError(f"är en symbolisk länk som pekar utanför {where}")
    return target


def open_external(path: Path) -> ExternalPdf:
    """Read and check one external PDF; raises AttachmentError saying what is wrong."""
    wrong = not_regular(path)  # resolve_inside has kept links inside the folder
    if wrong is not None:
        raise AttachmentError(wrong)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise AttachmentError(f"är för stor ({size // 1_000_000} MB); högst {MAX_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise AttachmentError(f"kan inte läsas ({os_reason(exc)})") from None
    if PDF_MAGIC not in data[:1024]:
        raise AttachmentError("är ingen PDF-fil")
    with pypdf_warnings() as warnings:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
        except Exception:  # pypdf raises many kinds of errors for a damaged file
            raise AttachmentError(BROKEN) from None
        if encrypted:
            raise AttachmentError("är en krypterad (lösenordsskyddad) PDF-fil; spara en kopia utan lösenord")
        opened = len(warnings)  # what the cross-reference repair said is no loss of content
        try:
            pages = len(reader.pages)
            for page in reader.pages:
                _ = page.mediabox
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
        except Exception:
            raise AttachmentError(BROKEN) from None
    damage = [message for message in warnings[opened:] if _DAMAGE.search(message)]
    if damage:
        raise AttachmentError(DAMAGED)
    if pages == 0:
        raise AttachmentError("är en PDF-fil utan sidor")
    return ExternalPdf(path, data, pages)


# pypdf reads damaged files leniently and only logs what it had to skip; these
# messages mean that page content is missing, not just a sloppy cross-reference table.
_DAMAGE = re.compile(r"decompress|not defined|could not find object|Stream has ended", re.IGNORECASE)


@contextmanager
def pypdf_warnings():
    """Collect what pypdf logs, instead of letting it reach the user in English.

    A file that passes open_external is usable whatever pypdf had to say about it, so
    reading it again (to merge it) says nothing either.
    """
    found: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            found.append(record.getMessage())

    logger = logging.getLogger("pypdf")
    handler = Collector(logging.WARNING)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield found
    finally:
        logger.propagate = propagate
        logger.removeHandler(handler)
