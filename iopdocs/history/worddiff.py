"""Two versions of a paragraph compared word by word, keeping bold and italic.

A paragraph is a sequence of tokens (a word, a space or a punctuation mark, with its
formatting); the diff says which tokens stayed, which went and which came, joining two
changes that only a space or a comma separates, as a reader sees them as one.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable

from .. import text

Token = tuple[str, bool, bool]  # a word or a space, bold, italic

_WORD = re.compile(r"\w+|\s+|[^\w\s]")


def tokens(runs: Iterable[text.Run]) -> tuple[Token, ...]:
    """Formatted runs of prose as tokens."""
    return tuple((word, run.bold, run.italic) for run in runs for word in _WORD.findall(run.text))


def word_diff(old: tuple[Token, ...], new: tuple[Token, ...]) -> list[tuple[str, list[Token]]]:
    """('equal'|'del'|'ins', tokens) in reading order; a lone space between two changes joins them."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []  # [tag, old tokens, new tokens]
    for index, (tag, i1, i2, j1, j2) in enumerate(ops):
        a, b = list(old[i1:i2]), list(new[j1:j2])
        glue = (
            tag == "equal"
            and 0 < index < len(ops) - 1
            and all(t[0].isspace() or len(t[0]) == 1 and not t[0].isalnum() for t in a)
        )
        if tag != "equal" or glue:
            if merged and merged[-1][0] == "change":
                merged[-1][1] += a
                merged[-1][2] += b
            else:
                merged.append(["change", a, b])
        else:
            merged.append(["equal", a, b])
    out: list[tuple[str, list[Token]]] = []
    for tag, a, b in merged:
        if tag == "equal":
            out.append(("equal", b))
            continue
        if a:
            out.append(("del", a))
        if b:
            out.append(("ins", b))
    return out


def join_runs(tokens: Iterable[Token]) -> list[tuple[str, bool, bool]]:
    """Adjacent tokens with the same formatting joined into one run."""
    runs: list[list] = []
    for word, bold, italic in tokens:
        if runs and runs[-1][1] == bold and runs[-1][2] == italic:
            runs[-1][0] += word
        else:
            runs.append([word, bold, italic])
    return [tuple(r) for r in runs]  # type: ignore[misc]


def plain_tokens(value: Any) -> tuple[Token, ...]:
    """A plain value (a name, an amount) as unformatted tokens; nothing for None or ''."""
    if value is None or value == "":
        return ()
    return tuple((w, False, False) for w in _WORD.findall(str(value)))
