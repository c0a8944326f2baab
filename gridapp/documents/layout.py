"""Page flow for A4 documents: a list of drawing operations per page, laid out before drawing.

Laying out first lets the renderer know the page count ("第 X 页 共 Y 页") and the canonical
text (every body string in reading order) before a single byte of PDF is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gridapp.documents.fonts import text_width
from gridapp.documents.linebreak import wrap

MM = 72.0 / 25.4
PAGE_W = 210 * MM
PAGE_H = 297 * MM
LEFT = 27 * MM
RIGHT = 25 * MM
TOP = 28 * MM
BOTTOM = 26 * MM
FRAME_W = PAGE_W - LEFT - RIGHT
BODY_SIZE = 14.0


@dataclass
class TextOp:
    x: float
    y: float
    text: str
    font: str
    size: float
    char_space: float = 0.0
    canonical: bool = True
    anchor: str = "left"  # left | center | right (x is the anchor point)
    keep: bool = False  # a heading line: never the last line of a page (keep-with-next)


@dataclass
class LineOp:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.6
    dash: tuple[float, float] | None = None


@dataclass
class RectOp:
    x: float
    y: float
    w: float
    h: float
    width: float = 0.6
    dash: tuple[float, float] | None = None
    round: bool = False  # an ellipse inscribed in the rectangle
    keep: bool = False  # never the foot of a page: what follows comes with it (a photo's frame)


@dataclass
class ImageOp:
    x: float
    y: float
    w: float
    h: float
    source: Any  # a path or a reportlab ImageReader
    keep: bool = False  # as ``RectOp.keep``


Op = TextOp | LineOp | RectOp | ImageOp


def extent(op: Op) -> tuple[float, float]:
    """The vertical extent (bottom, top) an op covers on the page, in points."""
    if isinstance(op, TextOp):
        return op.y - 0.25 * op.size, op.y + 0.9 * op.size
    if isinstance(op, LineOp):
        return min(op.y1, op.y2), max(op.y1, op.y2)
    return op.y, op.y + op.h


def shift(op: Op, dy: float) -> None:
    """Move ``op`` up by ``dy`` points (down when negative)."""
    if isinstance(op, LineOp):
        op.y1 += dy
        op.y2 += dy
    else:
        op.y += dy


@dataclass(frozen=True)
class Mark:
    """A point in a flow to roll back to: page count, ops on the last page, cursor."""

    pages: int
    ops: int
    y: float


@dataclass
class Flow:
    """Top-down cursor over pages; ``y`` is the baseline budget remaining on the current page."""

    regular: str
    bold: str
    heading: str = ""  # the heading (黑体-style) face; empty: the bold face
    scale: float = 1.0  # type sizes and spaces, below 1 to fit a document in fewer pages
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    y: float = PAGE_H - TOP

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - TOP

    def need(self, height: float) -> None:
        """Start a new page unless ``height`` fits above the bottom margin."""
        if self.y - height < BOTTOM and self.ops:
            self.new_page()

    def mark(self) -> Mark:
        return Mark(len(self.pages), len(self.ops), self.y)

    def rollback(self, mark: Mark) -> None:
        """Drop everything laid out since ``mark``."""
        del self.pages[mark.pages:]
        del self.pages[-1][mark.ops:]
        self.y = mark.y

    def at_page_top(self, mark: Mark) -> bool:
        """Nothing was on the page when ``mark`` was taken."""
        return mark.ops == 0

    def carry_over(self, min_lines: int = 2) -> bool:
        """Move the last ``min_lines`` or more text lines of the current page to a new page
        (what follows is to start with them, e.g. the signature block with the last lines of
        the body). Cuts only between ops (a table row, a photo and its frame stay whole), never
        right after a heading line, and never empties the page. Returns whether it moved."""
        ops = self.ops
        spans = [extent(op) for op in ops]
        eps = 0.5
        for cut in sorted({top for _, top in spans}):
            if any(bottom < cut - eps and top > cut + eps for bottom, top in spans):
                continue  # an op straddles the cut
            moved = [i for i, (_, top) in enumerate(spans) if top <= cut + eps]
            kept = [i for i in range(len(ops)) if i not in set(moved)]
            moved_lines = {round(op.y, 1) for i in moved
                           if isinstance(op := ops[i], TextOp)}
            if len(moved_lines) < min_lines:
                continue
            if not any(isinstance(ops[i], TextOp) for i in kept):
                return False  # the whole page would move: nothing is gained
            foot = min(spans[i][0] for i in kept)
            if any(getattr(ops[i], "keep", False) for i in kept if spans[i][0] < foot + eps):
                continue  # the cut would leave a heading (or a photo) at the foot of the page
            carried = [ops[i] for i in moved]
            self.pages[-1] = [ops[i] for i in kept]
            dy = (PAGE_H - TOP - 0.75 * BODY_SIZE) - cut
            for op in carried:
                shift(op, dy)
            self.pages.append(carried)
            # The cursor: just below what was carried (a baseline, or the foot of a box).
            self.y = min(op.y if isinstance(op, TextOp) else extent(op)[0] for op in carried)
            return True
        return False

    def space(self, height: float) -> None:
        self.y -= height * self.scale
        if self.y < BOTTOM:
            self.new_page()

    def add(self, op: Op) -> None:
        self.ops.append(op)

    def paragraph(
        self,
        text: str,
        *,
        size: float = 14.0,
        bold: bool = False,
        indent: float = 2.0,
        align: str = "justify",
        leading: float = 1.65,
        x: float = LEFT,
        width: float = FRAME_W,
        font: str = "",
        keep: bool = False,
    ) -> None:
        """Lay out text (newlines start new paragraphs), first-line indent in em; ``font``
        overrides the regular/bold choice, ``keep`` marks heading lines (keep-with-next)."""
        font = font or (self.bold if bold else self.regular)
        size *= self.scale
        step = size * leading
        for para in text.split("\n"):
            first_indent = indent * size if align in ("justify", "left") else 0.0
            lines = self._wrap_with_indent(para, font, size, width, first_indent)
            for i, line in enumerate(lines):
                self.need(step)
                self.y -= step
                lx = x + (first_indent if i == 0 else 0.0)
                avail = width - (first_indent if i == 0 else 0.0)
                last = i == len(lines) - 1
                op = self.line_op(line, lx, self.y, avail, font, size, align, last=last)
                op.keep = keep
                self.add(op)

    @staticmethod
    def _wrap_with_indent(
        para: str, font: str, size: float, width: float, first_indent: float
    ) -> list[str]:
        def measure(t: str) -> float:
            return text_width(t, font, size)

        ems = round(first_indent / size) if size else 0
        if ems <= 0:
            return wrap(para, width, measure)
        # The indent is laid out as full-width spaces so the first line is shorter.
        pad = "\u3000" * ems
        lines = wrap(pad + para, width, measure)
        if lines and lines[0].startswith(pad):
            lines[0] = lines[0][len(pad):]
        return lines

    @staticmethod
    def line_op(
        line: str,
        x: float,
        y: float,
        width: float,
        font: str,
        size: float,
        align: str,
        *,
        last: bool,
    ) -> TextOp:
        used = text_width(line, font, size)
        if align == "center":
            return TextOp(x + width / 2, y, line, font, size, anchor="center")
        if align == "right":
            return TextOp(x + width, y, line, font, size, anchor="right")
        space = 0.0
        if align == "justify" and not last and len(line) > 1 and used < width:
            gap = (width - used) / (len(line) - 1)
            # Only stretch lines that are nearly full; a short line stays ragged.
            space = gap if gap < size * 0.5 else 0.0
        return TextOp(x, y, line, font, size, char_space=space)
