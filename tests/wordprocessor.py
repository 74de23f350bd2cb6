"""A clerk's word processor: LibreOffice Writer opens a .docx and saves it as .docx again,
as a stand-in for Word (which this machine does not have)."""

from __future__ import annotations

import collections
import io
import subprocess
import tempfile
from pathlib import Path

import docx
from lxml import etree

from iopdocs.pdf.soffice import find_soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def save_in_writer(sources: list[Path], out_dir: Path) -> dict[str, Path]:
    """Each source opened and saved by Writer into out_dir, by file name. One soffice run
    with its own user profile, so that it never shares one with a build."""
    exe = find_soffice()
    assert exe, "LibreOffice saknas: kör make"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="iopdocs-writer-") as profile:
        subprocess.run(
            [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), *map(str, sources)],
            capture_output=True, timeout=300, check=True,
        )
    saved = {source.name: out_dir / source.name for source in sources}
    missing = [name for name, path in saved.items() if not path.is_file()]
    assert not missing, f"Writer sparade inte {missing}"  # soffice exits 0 even when it failed
    return saved


def words(data: bytes) -> collections.Counter:
    """The words of a .docx's body, headers and footers; a soft hyphen is no word break."""
    document = docx.Document(io.BytesIO(data))
    parts = [document.part] + [rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith(("/header", "/footer"))]
    found: collections.Counter = collections.Counter()
    for part in parts:
        root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
        for paragraph in root.iter(f"{W}p"):
            found.update(_text(paragraph).replace("\u00ad", "").split())
    return found


def _text(paragraph) -> str:
    """A paragraph's text without its fields' cached results (a page number is the word
    processor's own layout, not the document's text)."""
    text, in_result = [], False
    for element in paragraph.iter(f"{W}t", f"{W}fldChar"):
        if element.tag == f"{W}fldChar":
            kind = element.get(f"{W}fldCharType")
            in_result = kind == "separate" or (in_result and kind != "end")
        elif not in_result and not any(a.tag == f"{W}fldSimple" for a in element.iterancestors()):
            text.append(element.text or "")
    return "".join(text)


def word_f1(expected: bytes, actual: bytes) -> float:
    """How far two documents hold the same words (1.0: the same words, as often)."""
    a, b = words(expected), words(actual)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)
