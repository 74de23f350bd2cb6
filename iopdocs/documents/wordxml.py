"""Prose → Word XML: whole <w:p> paragraphs for `{{p name }}`, and images with alt text.

`Paragraphs` renders blocks of prose (text.Prose) as real Word paragraphs in the
template's styles: normal, List Bullet, List Number with numbering restarting per list,
Skrivrad (a line to write on), Anvisning, Caption, and bold and italic runs; a figure
block brings its own paragraphs (charts.docx_figures). Every piece of text
is XML-escaped here (`xml_text`); nothing from a case is ever read as a template tag.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree

from .. import model, text
from ..errors import UserError, os_reason
from ..fsutil import not_regular
from .styles import find_style

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MISSING_TEXT = "Uppgift saknas."

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def xml_text(value: str) -> str:
    """Text for inside <w:t>: XML-escaped, characters XML cannot hold dropped, and braces
    as character references so docxtpl's post-processing can never read them as tags."""
    value = _XML_ILLEGAL.sub("", value)
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("{", "&#123;").replace("}", "&#125;")
    )


def xml_attribute(value: str) -> str:
    """Text for inside a double-quoted XML attribute."""
    return xml_text(value).replace('"', "&quot;")


@dataclass(frozen=True)
class Block:
    """One paragraph to emit: its kind picks the style (see Session.styles)."""

    kind: str  # paragraph, bullet, number, item (a numbered Heading 2), line (to write on), note, missing,
    # caption, figure, signature (its runs side by side at tab stops), item text (under an item's title)
    runs: tuple[text.Run, ...] = ()
    list_id: int = 0  # for an item: its number
    xml: Any = None  # a figure's whole paragraphs: an object with __html__, called as the template renders
    keep_next: bool = False  # on the same page as the paragraph after it


class Session:
    """What one rendering needs from its template: style ids and numbering for lists."""

    STYLE_NAMES = {
        "bullet": "List Bullet",
        "number": "List Number",
        "item": "Heading 2",
        "line": "Skrivrad",
        "signature": "Undertecknare",
        "item text": "Ärendetext",
        "note": "Anvisning",
        "caption": "Caption",
    }

    def __init__(self, document) -> None:
        self.styles: dict[str, str | None] = {"paragraph": None, "missing": None}
        for kind, name in self.STYLE_NAMES.items():
            style = find_style(document, name)
            self.styles[kind] = None if style is None else style.style_id
        self._numbering = None
        self._abstract: str | None = None
        self._next_id = 0
        self.new_nums: list[tuple[int, int]] = []  # (numId, first number)
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError):
            part = None
        if part is not None and self.styles["number"]:
            root = part.element
            ids = [int(n.get(f"{{{W_NS}}}numId")) for n in root.findall(f"{{{W_NS}}}num")]
            style = find_style(document, self.STYLE_NAMES["number"]).element
            num_id = style.find(f"{{{W_NS}}}pPr/{{{W_NS}}}numPr/{{{W_NS}}}numId")
            if num_id is not None:
                for num in root.findall(f"{{{W_NS}}}num"):
                    if num.get(f"{{{W_NS}}}numId") == num_id.get(f"{{{W_NS}}}val"):
                        ref = num.find(f"{{{W_NS}}}abstractNumId")
                        self._abstract = None if ref is None else ref.get(f"{{{W_NS}}}val")
            self._numbering = root
            self._next_id = max(ids, default=0) + 1

    def new_list(self, start: int = 1) -> int | None:
        """A fresh w:num for one numbered list, so that its numbering starts at `start`."""
        if self._abstract is None:
            return None
        num_id = self._next_id
        self._next_id += 1
        self.new_nums.append((num_id, start))
        return num_id

    def apply(self) -> None:
        """Add the lists' w:num elements (after every abstractNum, as the schema wants)."""
        if self._numbering is None:
            return
        anchor = self._numbering.find(f"{{{W_NS}}}numIdMacAtCleanup")
        for num_id, start in self.new_nums:
            num = etree.fromstring(
                f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{self._abstract}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            )
            if anchor is not None:
                anchor.addprevious(num)
            else:
                self._numbering.append(num)

    def paragraph_xml(self, block: Block, num_id: int | None) -> str:
        if block.kind == "figure":
            return block.xml.__html__()
        props = []
        style = self.styles.get(block.kind)
        if style:
            props.append(f'<w:pStyle w:val="{xml_text(style)}"/>')
        if block.keep_next:
            props.append("<w:keepNext/>")
        if block.kind in ("number", "item") and num_id is not None:
            props.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        if block.kind == "signature":  # side by side, at the style's tab stop
            runs = "<w:r><w:tab/></w:r>".join(run_xml(r) for r in block.runs)
        else:
            runs = "".join(run_xml(r, italic=block.kind == "missing") for r in block.runs)
        if block.kind == "line":
            runs += "<w:r><w:tab/></w:r>"  # the style's tab stop draws the line to write on
        return f"<w:p>{ppr}{runs}</w:p>"


def run_xml(run: text.Run, italic: bool = False) -> str:
    props = ""
    if run.bold:
        props += "<w:b/><w:bCs/>"
    if run.italic or italic:
        props += "<w:i/><w:iCs/>"
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{xml_text(run.text)}</w:t></w:r>'


class Paragraphs:
    """Blocks rendered as whole Word paragraphs; use in a template as `{{p name }}`.

    Falsy when empty, so `{%p if name %}` leaves out a section the case does not have.
    Each rendering allocates new list numbers, so every numbered list restarts at 1.
    """

    def __init__(self, session: Session, blocks: Iterable[Block] = ()) -> None:
        self._session = session
        self.blocks = tuple(blocks)

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def __html__(self) -> str:
        out = []
        nums: dict[int, int | None] = {}
        for block in self.blocks:
            num_id = None
            if block.kind == "number":
                if block.list_id not in nums:
                    nums[block.list_id] = self._session.new_list()
                num_id = nums[block.list_id]
            elif block.kind == "item":  # numbered by Word, from its own number on
                num_id = self._session.new_list(block.list_id)
            out.append(self._session.paragraph_xml(block, num_id))
        return "".join(out)

    def __str__(self) -> str:
        return "\n".join("".join(r.text for r in b.runs) for b in self.blocks)

    def kept_with_next(self) -> "Paragraphs":
        """The same paragraphs with the last one kept on the page of what follows, so that
        what follows (a signature block) never stands alone at the top of a page."""
        if not self.blocks or self.blocks[-1].kind == "figure":
            return self
        return Paragraphs(self._session, self.blocks[:-1] + (replace(self.blocks[-1], keep_next=True),))


class DescribedImage(InlineImage):
    """An inline image whose alt text (wp:docPr/@descr) becomes the tagged PDF's /Alt."""

    HEIGHT = Mm(14)

    def __init__(self, tpl: DocxTemplate, data: bytes, alt: str) -> None:
        super().__init__(tpl, io.BytesIO(data), height=self.HEIGHT)
        self.alt = alt

    def _insert_image(self) -> str:
        try:
            xml = super()._insert_image()
        except UnrecognizedImageError:
            raise UserError("Logotypen i profilen är ingen bild som Word kan visa (använd PNG).") from None
        return xml.replace("<wp:docPr ", f'<wp:docPr descr="{xml_attribute(self.alt)}" ', 1)


def check_image(data: bytes, what: str) -> None:
    """Refuse an image that Word or LibreOffice could not show, naming it in Swedish: the
    whole image is decoded, since a damaged file often has an intact header."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.load()
    except UnidentifiedImageError:
        raise UserError(f"{what} är ingen bild som kan läsas (använd PNG).") from None
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError … for a damaged file
        raise UserError(f"{what} är en trasig bild som inte kan läsas; spara den på nytt som PNG.") from None
    if kind not in ("PNG", "JPEG", "GIF", "BMP", "TIFF"):
        raise UserError(f"{what} är en {kind}-bild som Word inte kan visa (använd PNG).")
    try:  # python-docx reads the headers on its own, more strictly than Pillow
        DocxImage.from_blob(data)
    except Exception:
        raise UserError(f"{what} är en trasig bild som inte kan läsas; spara den på nytt som PNG.") from None


class Maker:
    """Builds Paragraphs (and the logo) for one rendering."""

    def __init__(self, session: Session, tpl: DocxTemplate | None = None, profiles_dir: Path | None = None) -> None:
        self.session = session
        self.tpl = tpl
        self.profiles_dir = profiles_dir

    def logo(self, profile: model.Profile | None) -> Any:
        """The profile's logo as an image with its alt text, or '' when it has none."""
        if profile is None or not profile.logo or self.tpl is None or self.profiles_dir is None:
            return ""
        folder = self.profiles_dir.resolve()
        path = (folder / profile.logo).resolve()
        if not path.is_relative_to(folder):
            raise UserError(f"Logotypen {profile.logo} ligger utanför profilmappen {self.profiles_dir}.")
        wrong = not_regular(folder / profile.logo, folder)
        if wrong is not None:
            raise UserError(f"Logotypen {profile.logo} i profilen {wrong} ({path}).")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise UserError(f"Logotypen {profile.logo} i profilen kan inte läsas ({os_reason(exc)}): {path}.") from None
        check_image(data, f"Logotypen {profile.logo} i profilen ({path})")
        return DescribedImage(self.tpl, data, profile.logo_alt)

    def of(self, blocks: Iterable[Block]) -> Paragraphs:
        return Paragraphs(self.session, blocks)

    def prose(self, prose: text.Prose | None) -> Paragraphs:
        if not prose:
            return self.of(())
        return self.of(Block(b.kind, b.runs, b.list_id) for b in prose.blocks)

    def text(self, value: str | None) -> Paragraphs:
        return self.of([Block("paragraph", (text.Run(value),))] if value else [])

    def filled(self, prose: text.Prose | str | None, blank: bool, lines: int = 3) -> Paragraphs:
        """A form field: lines to write on in a blank form, 'Uppgift saknas.' when missing."""
        if blank:
            # The lines of one field stay together, never one stray line atop the next page.
            return self.of(Block("line", keep_next=i < lines - 1) for i in range(lines))
        if isinstance(prose, str):
            return self.text(prose) if prose else self.of([Block("missing", (text.Run(MISSING_TEXT),))])
        if not prose:
            return self.of([Block("missing", (text.Run(MISSING_TEXT),))])
        return self.prose(prose)
