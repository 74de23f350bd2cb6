"""A template's style found the way a word processor may have saved it.

Code names a style as Word's user interface does ("Heading 1", "List Bullet"). A template
saved by Word stores built-in names in lower case ("heading 1"), which python-docx's
`document.styles[name]` translates; LibreOffice Writer writes them capitalised ("Heading 1")
and may give a style a new id ("Ärendetext" gets the id "Rendetext"); a clerk may rename a
style and keep its id. So a style is looked up by name (case aside) and then by its usual
id, the name without spaces ("Heading1", "ListBullet").
"""

from __future__ import annotations

from typing import Any


def style_id_of(name: str) -> str:
    """The id Word gives the style called `name`: 'Heading 1' → 'Heading1'."""
    return name.replace(" ", "")


def find_style(document: Any, name: str) -> Any:
    """The style called `name` in a python-docx Document, by name and then by its usual
    id; None when the document has neither."""
    try:
        return document.styles[name]
    except KeyError:
        pass
    styles = list(document.styles)
    wanted = name.casefold()
    for style in styles:
        if (style.name or "").casefold() == wanted:
            return style
    wanted_id = style_id_of(name).casefold()
    for style in styles:
        if (style.style_id or "").casefold() == wanted_id:
            return style
    return None
