"""The Jinja tags in a Word part's text: whether each is whole, and whether blocks pair up.

Word stores a paragraph's text in runs, and a clerk's edit can leave a tag open, split it
over two paragraphs or table cells, or (with tracked changes or a link) split it in a way
docxtpl cannot rejoin. A tag split into several runs of one paragraph, as Word often does,
is rejoined by docxtpl and is not a problem. These checks run on the Word XML before
docxtpl and Jinja see it, because their own errors would name neither the tag nor where
it is.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPEN = re.compile(r"\{[{%#]")
_CLOSE = re.compile(r"[}%#]\}")
_BLOCKS = {"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape", "trans"}
_MIDDLE = {"elif": ("if",), "else": ("if", "for"), "pluralize": ("trans",)}


def scan_tags(root, display: str) -> tuple[list[Problem], list[str]]:
    """Every tag's text in document order, and problems of tags that are not whole."""
    problems: list[Problem] = []
    tags: list[str] = []
    pending: str | None = None  # a tag still open at the end of the previous paragraph
    for paragraph in root.iter(f"{W}p"):
        if paragraph.find(f".//{W}p") is not None:
            continue  # a paragraph holding a text box: its inner paragraphs are scanned
        text, owners = _text_and_owners(paragraph)
        position = 0
        if pending is not None:
            position = _continue_pending(pending, text, display, problems)
        pending = _scan_paragraph(text, owners, position, display, problems, tags)
    if pending is not None:
        problems.append(_unclosed(display, pending))
    return problems, tags


def _text_and_owners(paragraph) -> tuple[str, list[Any]]:
    """The paragraph's text, and for each of its characters what its run hangs from."""
    pieces = [t for t in paragraph.iter(f"{W}t")]
    text = "".join(t.text or "" for t in pieces)
    owners: list[Any] = []
    for t in pieces:
        owners.extend([_run_parent(t)] * len(t.text or ""))
    return text, owners


def _continue_pending(pending: str, text: str, display: str, problems: list[Problem]) -> int:
    """Report a tag left open by the previous paragraph; where this paragraph's scan starts."""
    close = text.find(_PAIRS[pending[:2]])
    opened = _OPEN.search(text)
    if close >= 0 and (opened is None or close < opened.start()):
        problems.append(Problem(
            display, None, shorten(f"{pending} … {text[: close + 2]}"),
            "taggen är delad över flera stycken eller tabellceller; skriv hela taggen i ett och samma stycke"))
        return close + 2
    problems.append(_unclosed(display, pending))
    return 0


def _scan_paragraph(text: str, owners: list[Any], position: int, display: str,
                    problems: list[Problem], tags: list[str]) -> str | None:
    """Collect the paragraph's whole tags from `position` on; the tag left open at its end."""
    while True:
        opened = _OPEN.search(text, position)
        stray = _CLOSE.search(text, position)
        if stray and (not opened or stray.start() < opened.start()):
            problems.append(Problem(display, None, shorten(text[max(0, stray.start() - 30): stray.end()]),
                                    f"'{stray.group()}' utan början ('{_opener(stray.group())}')"))
            position = stray.end()
            continue
        if not opened:
            return None
        closer = _PAIRS[opened.group()]
        end = text.find(closer, opened.end())
        inner = _OPEN.search(text, opened.end(), end if end >= 0 else len(text))
        if inner:  # '{{ a {{ b }}': the first tag never closes
            problems.append(_unclosed(display, text[opened.start(): inner.start()]))
            position = inner.start()
            continue
        if end < 0:
            return text[opened.start():]
        end += 2
        tag = text[opened.start():end]
        tags.append(tag)
        if len(set(owners[opened.start():end])) > 1:
            problems.append(Problem(
                display, None, tag,
                "Word har delat taggen (t.ex. med spårade ändringar eller en länk) så att den inte kan "
                "läsas; radera taggen och skriv den på nytt utan spårade ändringar"))
        position = end


def _unclosed(display: str, tag: str) -> Problem:
    opener = tag[:2]
    return Problem(display, None, shorten(tag), f"'{opener}' öppnas men stängs aldrig med '{_PAIRS[opener]}'")


def _run_parent(t) -> Any:
    """What a piece of text hangs from, above its run: the paragraph, a link, an insertion."""
    run = t.getparent()
    return run.getparent() if run is not None else None


def _opener(closer: str) -> str:
    return {"}}": "{{", "%}": "{%", "#}": "{#"}[closer]


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _block_name(tag: str) -> str | None:
    """'if' for '{%p if x %}', 'endfor' for '{%tr endfor %}'; None for other tags."""
    if not tag.startswith("{%"):
        return None
    match = re.match(r"^\{%-?\s*(?:(?:p|tr|tc|r)\s+)?(\w+)", tag)
    return match.group(1) if match else None


def block_problems(tags: list[str], display: str) -> list[Problem]:
    """Block tags that do not pair up: an 'if' never ended, an 'endfor' with no 'for' …"""
    problems: list[Problem] = []
    stack: list[tuple[str, str]] = []
    for tag in tags:
        name = _block_name(tag)
        if name is None:
            continue
        if name == "set" and "=" not in tag:
            stack.append(("set", tag))
        elif name in _BLOCKS:
            stack.append((name, tag))
        elif name in _MIDDLE:
            if not stack or stack[-1][0] not in _MIDDLE[name]:
                problems.append(Problem(display, None, tag,
                                        f"'{name}' står utanför {' eller '.join(_MIDDLE[name])}-blocket det hör till"))
        elif name.startswith("end"):
            _close_block(name[3:], tag, stack, display, problems)
    for kind, tag in stack:
        problems.append(Problem(display, None, tag, f"'{{% {kind} %}}' avslutas aldrig med '{{% end{kind} %}}'"))
    return problems


def _close_block(opener: str, tag: str, stack: list[tuple[str, str]], display: str,
                 problems: list[Problem]) -> None:
    """An 'end…' tag: close its block, reporting blocks left open inside it."""
    if stack and stack[-1][0] == opener:
        stack.pop()
    elif any(kind == opener for kind, _ in stack):
        while stack and stack[-1][0] != opener:
            kind, open_tag = stack.pop()
            problems.append(Problem(display, None, open_tag,
                                    f"'{{% {kind} %}}' avslutas aldrig med '{{% end{kind} %}}'"))
        stack.pop()
    else:
        problems.append(Problem(display, None, tag, f"'end{opener}' utan '{{% {opener} %}}' före"))


def first_tag(line: str) -> str:
    """The first tag on a line of the template's XML, its markup stripped (for a message)."""
    text = re.sub(r"<[^>]+>", "", line)
    match = re.search(r"\{[{%#].*?(?:[}%#]\}|$)", text)
    return shorten(match.group(0) if match else text)
