"""Chinese line breaking with 禁则 (kinsoku) rules.

Contract: ``break_lines`` never returns a line (other than the first) that starts with a
closing punctuation mark, nor a line (other than the last) that ends with an opening one,
unless a single unbreakable run is wider than the line. Latin words and numbers are kept
whole; CJK characters may break anywhere else. No line is wider than ``width`` unless it is a
single character wider than ``width``: a word, number or run of marks longer than a line (a
pasted URL, 100,000 letters without a space) is broken between characters, never left to run
off the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Marks that must not start a line (行首禁则).
CLOSING = frozenset(
    "，。、；：？！）》」』”’】〕〉〗｝］,.;:?!)]}%％…—～·‰°℃・"
)
# Marks that must not end a line (行尾禁则).
OPENING = frozenset("（《「『“‘【〔〈〖｛［([{")

# One token: a Latin/digit run (with its trailing spaces), a run of repeated dashes/ellipses
# (must not be split), or a single other character.
_TOKEN = re.compile(r"[A-Za-z0-9@#&_+\-./:*=]+ *|——+|…+| +|.", re.S)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _legal_break(before: str, after: str) -> bool:
    """May a line end after token ``before`` and the next start with ``after``?"""
    if after[:1] in CLOSING or before.rstrip()[-1:] in OPENING:
        return False
    return not (after.startswith(" ") and not before.strip())


def _fitting_tokens(text: str, width: float, measure: Callable[[str], float]
                    ) -> tuple[list[str], list[float]]:
    """Tokens with their widths; a token wider than the line becomes one token per character."""
    tokens: list[str] = []
    widths: list[float] = []
    for token in tokenize(text):
        w = measure(token)
        if w <= width + 1e-6 or len(token) == 1:
            tokens.append(token)
            widths.append(w)
        else:
            tokens.extend(token)
            widths.extend(measure(ch) for ch in token)
    return tokens, widths


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Split one paragraph (no newlines) into lines no wider than ``width``."""
    tokens, widths = _fitting_tokens(text, width, measure)
    if not tokens:
        return [""]
    lines: list[str] = []
    start = 0
    while start < len(tokens):
        used = 0.0
        end = start
        while end < len(tokens) and (end == start or used + widths[end] <= width + 1e-6):
            used += widths[end]
            end += 1
        if end < len(tokens):
            # Back off to the latest legal break inside this line.
            cut = end
            while cut > start + 1 and not _legal_break(tokens[cut - 1], tokens[cut]):
                cut -= 1
            if _legal_break(tokens[cut - 1], tokens[cut]):
                end = cut
            # else no legal break in the whole line: the run is wider than a line and is
            # broken where the line is full (the one exception to 禁则).
        line = "".join(tokens[start:end]).rstrip(" ")
        lines.append(line)
        start = end
        while start < len(tokens) and tokens[start].isspace():
            start += 1
    return lines


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break text with explicit newlines into lines; an empty paragraph gives one empty line."""
    out: list[str] = []
    for para in text.split("\n"):
        out.extend(break_lines(para, width, measure))
    return out
