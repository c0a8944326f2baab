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


@dataclass
class ImageOp:
    x: float
    y: float
    w: float
    h: float
    source: Any  # a path or a reportlab ImageReader


Op = TextOp | LineOp | RectOp | ImageOp


@dataclass
class Flow:
    """Top-down cursor over pages; ``y`` is the baseline budget remaining on the current page."""

    regular: str
    bold: str
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

    def space(self, height: float) -> None:
        self.y -= height
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
    ) -> None:
        """Lay out text (newlines start new paragraphs), first-line indent in em."""
        font = self.bold if bold else self.regular
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
                self.add(self.line_op(line, lx, self.y, avail, font, size, align, last=last))

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
