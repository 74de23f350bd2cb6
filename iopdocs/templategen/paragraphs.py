"""Paragraph helpers: add one, give it its own properties, clear a container."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls


def para(container, text: str = "", style: str | None = None, bold: bool = False):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        if bold:
            run.bold = True
    return p


def add_property(paragraph, tag: str, **attrs) -> None:
    """Append <w:tag w:name="value" …/> to the paragraph's own properties, the attributes
    in the order given (python-docx's paragraph_format would order them its own way)."""
    values = "".join(f' w:{name}="{value}"' for name, value in attrs.items())
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:{tag} {nsdecls("w")}{values}/>'))


def spacing(paragraph, **attrs) -> None:
    """Space before/after or line spacing of this paragraph alone: spacing(p, before=80)."""
    add_property(paragraph, "spacing", **attrs)


def tiny_paragraph(container) -> None:
    """The paragraph Word requires after a table in a header, footer or cell, kept small."""
    spacing(container.add_paragraph(), before=0, after=0, line=20, lineRule="exact")


def clear(container) -> None:
    for p in list(container.paragraphs):
        p._p.getparent().remove(p._p)


def prose_block(doc, heading: str, variable: str, style: str = "Heading 2") -> None:
    """A heading and the prose field under it, rendered as paragraphs by docxtpl's {{p …}}."""
    para(doc, heading, style)
    para(doc, f"{{{{p {variable} }}}}")


@contextmanager
def only_if(doc, condition: str) -> Iterator[None]:
    """What the block adds, wrapped in {%p if condition %} … {%p endif %}."""
    para(doc, f"{{%p if {condition} %}}")
    yield
    para(doc, "{%p endif %}")


def form_title(doc, title: str, subtitle: str, instruction: str) -> None:
    """A form's Title and Subtitle, then the instruction that only the blank form shows."""
    para(doc, title, "Title")
    para(doc, subtitle, "Subtitle")
    with only_if(doc, "blank"):
        para(doc, instruction, "Anvisning")
