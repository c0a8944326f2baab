"""Render a template with values to a PDF: layout, canonical hash, QR code, page marks.

``render_document`` is pure (no database): it takes the template, the field values and the
document's identity (number, station) and returns the PDF bytes with the content hash that
the QR code and ``doc verify`` use.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gridapp.documents.blocks import lay_out
from gridapp.documents.fontchain import runs
from gridapp.documents.fonts import ensure_fonts, heading_font, text_width
from gridapp.documents.footer import add_page_footers
from gridapp.documents.layout import (
    BOTTOM,
    MM,
    PAGE_H,
    PAGE_W,
    RIGHT,
    Flow,
    ImageOp,
    LineOp,
    Op,
    RectOp,
    TextOp,
)
from gridapp.documents.printable import (
    blank_unprintable,
    check_laid_out,
    for_print,
    unprintable_fields,
    unprintable_in_values,
)
from gridapp.documents.templates import Template
from gridapp.documents.text import (
    DEMO_MARK,
    SHORT_HASH,
    canonical_text,
    content_hash,
    format_date,
    format_money,
    mask_id,
    mask_ids_in,
)

COPY_LABELS = {"file": "【存档联】", "party": "【当事人联】", "public": "【公开联】", "preview": "【草稿】",
               "bank": "【收缴银行联】"}
# Copies meant for people other than the party and the bureau (公开、交他人): identity numbers are
# masked there only. The archive copy, the party's copy, the case file and a draft show them in
# full, so every copy of one document holds the same content (the content hash masks IDs, so
# every copy verifies against the same hash).
MASKED_COPIES = frozenset({"public", "bank"})
QR_PREFIX = "GRIDAPP1"
QR_SIZE = 19 * MM


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    content_hash: str
    canonical: str

    @property
    def short_hash(self) -> str:
        return self.content_hash[:SHORT_HASH]


def prepare_values(template: Template, values: Mapping[str, Any], *, mask: bool) -> dict[str, Any]:
    """Format values for print: money in 大写, ISO dates as 年月日, identity numbers masked,
    line ends and tabs normalised and shaping-only invisible characters dropped (``for_print``)."""
    out: dict[str, Any] = {}
    for spec in template.fields:
        value = values.get(spec.name, "")
        if isinstance(value, list):
            out[spec.name] = [
                {k: _item_text(v, mask) for k, v in item.items()} if isinstance(item, Mapping)
                else item
                for item in value
            ]
            continue
        text = "" if value is None else for_print(str(value))
        if spec.kind == "money" and text:
            text = format_money(text)
        elif spec.kind == "date" and text:
            text = format_date(text)
        if mask and spec.sensitive and text:
            text = mask_id(text)
        out[spec.name] = mask_ids_in(text) if mask else text
    return out


def _item_text(value: Any, mask: bool) -> Any:
    if not isinstance(value, str):
        return value
    text = for_print(value)
    return mask_ids_in(text) if mask else text


def check_printable(template: Template, values: Mapping[str, Any]) -> None:
    """Refuse (``ValidationError`` naming the field, the character and its code point) if a value
    holds a character no font can draw; issuing calls this before it takes a number."""
    refused = unprintable_in_values(template, prepare_values(template, values, mask=False),
                                    ensure_fonts())
    if refused is not None:
        raise refused


def unprintable_errors(template: Template, values: Mapping[str, Any]) -> dict[str, str]:
    """Field name → why it cannot be printed (a character no font has), for a draft's form."""
    prepared = prepare_values(template, values, mask=False)
    return {name: err.message_zh
            for name, err in unprintable_fields(template, prepared, ensure_fonts()).items()}


# Type scales tried, in order, for a template that must fit ``Template.pages`` pages: 14 pt body
# (四号) down to 12 pt (小四) and a little below for long facts.
FIT_SCALES = (1.0, 0.93, 0.86, 0.8)


def layout_document(template: Template, values: Mapping[str, Any]) -> Flow:
    """The laid-out pages; a template with ``pages`` set is set in the largest type of
    ``FIT_SCALES`` that fits that many pages (the smallest when none does)."""
    regular, bold = ensure_fonts()
    heading = heading_font()
    scales = FIT_SCALES if template.pages else FIT_SCALES[:1]
    for scale in scales:
        flow = Flow(regular=regular, bold=bold, heading=heading, scale=scale)
        lay_out(flow, template.blocks, template.texts, values)
        if not template.pages or len(flow.pages) <= template.pages:
            break
    return flow


def flow_text(pages: list[list[Op]]) -> str:
    return "\n".join(op.text for page in pages for op in page if isinstance(op, TextOp))


def qr_payload(number: str, station: str, short_hash: str) -> str:
    """What the QR code carries: document number, station, short content hash — nothing personal."""
    return f"{QR_PREFIX}|{number}|{station}|{short_hash}"


def draw_text(canvas: Any, op: TextOp) -> None:
    """One line of text as runs, each in the font of the chain that has its characters."""
    x = op.x
    if op.anchor != "left":
        width = text_width(op.text, op.font, op.size) + op.char_space * max(len(op.text) - 1, 0)
        x -= width / 2 if op.anchor == "center" else width
    text = canvas.beginText(x, op.y)
    if op.char_space:
        text.setCharSpace(op.char_space)
    for font, run in runs(op.text, op.font):
        text.setFont(font, op.size)
        text.textOut(run)
    if op.char_space:
        text.setCharSpace(0)
    canvas.drawText(text)


def draw_ops(canvas: Any, ops: list[Op]) -> None:
    for op in ops:
        if isinstance(op, TextOp):
            draw_text(canvas, op)
        elif isinstance(op, LineOp):
            canvas.setLineWidth(op.width)
            canvas.setDash(*op.dash) if op.dash else canvas.setDash()
            canvas.line(op.x1, op.y1, op.x2, op.y2)
        elif isinstance(op, RectOp):
            canvas.setLineWidth(op.width)
            canvas.setDash(*op.dash) if op.dash else canvas.setDash()
            if op.round:
                canvas.ellipse(op.x, op.y, op.x + op.w, op.y + op.h)
            else:
                canvas.rect(op.x, op.y, op.w, op.h)
        elif isinstance(op, ImageOp):
            canvas.drawImage(op.source, op.x, op.y, op.w, op.h)
    canvas.setDash()


@lru_cache(maxsize=256)
def qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """QR modules as (row, first column, length) runs of dark modules, plus the module count."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(payload, barLevel="M")
    widget.qr.make()
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(widget.qr.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return widget.qr.getModuleCount(), tuple(runs)


def draw_qr(canvas: Any, payload: str, short_hash: str) -> None:
    """The QR code (4-module quiet zone) at the bottom right of a page, one filled path."""
    count, runs = qr_runs(payload)
    box = QR_SIZE / (count + 8)
    x = PAGE_W - RIGHT - QR_SIZE
    y = 5 * MM
    path = canvas.beginPath()
    for r, c, n in runs:
        path.rect(x + (c + 4) * box, y + QR_SIZE - (r + 5) * box, n * box, box)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    regular, _ = ensure_fonts()
    canvas.setFont(regular, 7)
    canvas.drawRightString(x - 1.5 * MM, y + 2 * MM, f"核验码：{short_hash}")


def draw_page_marks(canvas: Any, page: int, total: int, copy: str) -> None:
    regular, _ = ensure_fonts()
    canvas.setFont(regular, 10.5)
    canvas.drawCentredString(PAGE_W / 2, BOTTOM - 12 * MM, f"第 {page} 页 共 {total} 页")
    label = COPY_LABELS.get(copy)
    if label:
        canvas.setFont(regular, 9)
        canvas.drawString(27 * MM, PAGE_H - 12 * MM, label)
    if copy == "preview":  # a draft is never mistaken for an issued document
        canvas.saveState()
        canvas.setFillColorRGB(0.6, 0.6, 0.6)
        canvas.setFillAlpha(0.3)
        canvas.translate(PAGE_W / 2, PAGE_H / 2)
        canvas.rotate(40)
        canvas.setFont(regular, 120)
        canvas.drawCentredString(0, -40, "草稿")
        canvas.restoreState()


@dataclass(frozen=True)
class LaidOut:
    """A document laid out but not drawn: its pages and content hash."""

    template: Template
    pages: list[list[Op]]
    canonical: str
    content_hash: str


def lay_out_document(template: Template, values: Mapping[str, Any], copy: str) -> LaidOut:
    """Lay out ``values``; a character no font can draw refuses (``ValidationError``), except in
    a draft (``preview``), which shows it as the 缺字 mark 〓 so the officer sees where it is."""
    prepared = prepare_values(template, values, mask=copy in MASKED_COPIES)
    fonts = ensure_fonts()
    if copy == "preview":
        prepared = blank_unprintable(prepared, fonts)
    else:
        refused = unprintable_in_values(template, prepared, fonts)
        if refused is not None:
            raise refused
    flow = layout_document(template, prepared)
    add_page_footers(flow.pages, template.page_footer, flow.regular)
    check_laid_out(template, flow.pages)
    canonical = canonical_text(flow_text(flow.pages))
    return LaidOut(template, flow.pages, canonical, content_hash(canonical))


def draw_document(canvas: Any, doc: LaidOut, *, number: str, station: str, copy: str,
                  extra: Any = None) -> None:
    """Draw every page of ``doc``; ``extra(canvas, page_index)`` adds marks (case file)."""
    short = doc.content_hash[:SHORT_HASH]
    total = len(doc.pages)
    for i, ops in enumerate(doc.pages, start=1):
        draw_ops(canvas, ops)
        if i == 1 and copy not in ("preview", "sheet"):
            draw_qr(canvas, qr_payload(number, station, short), short)
        draw_page_marks(canvas, i, total, copy)
        if extra is not None:
            extra(canvas, i)
        canvas.showPage()


def draw_demo_mark(canvas: Any) -> None:
    """演示数据 at the head of the page (a demo station's every page, ``new_canvas``)."""
    regular, _ = ensure_fonts()
    canvas.saveState()
    canvas.setFillColorRGB(0.7, 0, 0)
    canvas.setFont(regular, 9)
    canvas.drawRightString(PAGE_W - 20 * MM, PAGE_H - 12 * MM, DEMO_MARK)
    canvas.restoreState()


def new_canvas(buf: io.BytesIO, *, invariant: bool = True, demo: bool = False) -> Any:
    """A canvas for A4 pages; with ``demo`` (a demo station) every page it finishes carries
    ``DEMO_MARK``, whoever draws it (documents, copies, the case file's own pages)."""
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    # Embed JPEG photos as binary streams: ASCII85 costs a quarter more bytes and, without
    # reportlab's C accelerator, most of the case file's build time.
    rl_config.useA85 = 0
    regular, _ = ensure_fonts()
    canvas = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=invariant,
                    initialFontName=regular, initialFontSize=12, pageCompression=1)
    if demo:
        finish_page = canvas.showPage

        def show_page() -> None:
            draw_demo_mark(canvas)
            finish_page()

        canvas.showPage = show_page
    return canvas


def render_document(
    template: Template,
    values: Mapping[str, Any],
    *,
    number: str,
    station: str,
    authority: str,
    copy: str = "file",
    demo: bool = False,
) -> Rendered:
    """Lay out and draw one document; only a copy for others (``MASKED_COPIES``) masks IDs."""
    doc = lay_out_document(template, values, copy)
    short = doc.content_hash[:SHORT_HASH]
    buf = io.BytesIO()
    canvas = new_canvas(buf, demo=demo)
    canvas.setTitle(f"{template.title} {number}".strip())
    canvas.setAuthor(authority)
    canvas.setSubject(f"{template.title}；文号 {number}；核验码 {short}")
    canvas.setKeywords(qr_payload(number, station, short))
    canvas.setCreator("gridapp 城管网格执法助手")
    draw_document(canvas, doc, number=number, station=station, copy=copy)
    canvas.save()
    return Rendered(pdf=buf.getvalue(), pages=len(doc.pages), content_hash=doc.content_hash,
                    canonical=doc.canonical)
