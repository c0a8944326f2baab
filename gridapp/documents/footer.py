"""Signature lines at the foot of every page of a 笔录 (``page_footer`` in its template).

A record is signed page by page (被询问人、当事人 and the officers), so a page that holds only
questions and answers still carries the lines to sign it. The labels are laid out as part of
each page's content (drawn and hashed like the body, below the bottom margin, above the page
number), so a verified copy proves the lines were there.
"""

from __future__ import annotations

from gridapp.documents.fonts import text_width
from gridapp.documents.layout import BOTTOM, FRAME_W, LEFT, MM, LineOp, Op, TextOp

SIZE = 9.0
BASELINE = BOTTOM - 6.5 * MM  # under the body, above 第 X 页 共 Y 页
LINE_W = 32 * MM  # room to sign


def add_page_footers(pages: list[list[Op]], labels: tuple[str, ...], font: str) -> None:
    """Append the signature lines (``label：____``) to the foot of every page."""
    if not labels:
        return
    slot = min(FRAME_W * 0.78, len(labels) * (LINE_W + 30 * MM)) / len(labels)
    for ops in pages:
        x = LEFT
        for label in labels:
            text = f"{label}："
            ops.append(TextOp(x, BASELINE, text, font, SIZE))
            x0 = x + text_width(text, font, SIZE)
            ops.append(LineOp(x0, BASELINE - 1.2, x0 + min(LINE_W, slot - (x0 - x) - 3 * MM),
                              BASELINE - 1.2, width=0.5))
            x += slot
