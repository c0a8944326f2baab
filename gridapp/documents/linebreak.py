"""Chinese line breaking with 禁则 (kinsoku) rules.

Contract: ``break_lines`` never returns a line (other than the first) that starts with a
closing punctuation mark, nor a line (other than the last) that ends with an opening one,
unless a single unbreakable run is wider than the line. Latin words and numbers are kept
whole; CJK characters may break anywhere else.
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


def break_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Split one paragraph (no newlines) into lines no wider than ``width`` where possible."""
    tokens = tokenize(text)
    if not tokens:
        return [""]
    widths = [measure(t) for t in tokens]
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
            else:
                # No legal break in the line: let the closing marks hang past the margin.
                while end < len(tokens) and not _legal_break(tokens[end - 1], tokens[end]):
                    end += 1
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
