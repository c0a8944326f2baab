"""Template layout blocks → drawing operations on a ``Flow``.

Values arrive already formatted (money in 大写, dates in 年月日, IDs masked where required);
list-valued fields (``qa``, ``items``, ``photos``) arrive as lists of dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gridapp.documents.fonts import text_width
from gridapp.documents.layout import (
    FRAME_W,
    LEFT,
    MM,
    PAGE_W,
    RIGHT,
    Flow,
    ImageOp,
    LineOp,
    RectOp,
    TextOp,
)
from gridapp.documents.linebreak import wrap
from gridapp.documents.text import fill

BODY = 14.0
SMALL = 10.5
CELL = 12.0
PAD = 1.6 * MM

SIGNATURE_LABELS = {
    "party": "当事人（签名）：",
    "officers": "执法人员（签名）：",
    "witness": "见证人（签名）：",
    "recorder": "记录人（签名）：",
    "reviewer": "审核人（签名）：",
    "leader": "负责人（签名）：",
    "server": "送达人（签名）：",
}


# Blocks that never end a page: the next block's first lines come with them (keep-with-next).
KEEP_WITH_NEXT = frozenset({"header", "title", "number", "heading"})
# Blocks that close a document: from the first of them to the end they are kept together and
# with the last lines of the body, so no page holds only a seal, a date, signatures or a note.
CLOSING = frozenset({"signatures", "seal"})
# Lines of the block after a heading that must share the heading's page (or all, if fewer).
KEEP_LINES = 2


def lay_out(flow: Flow, blocks: tuple[dict[str, Any], ...], texts: Mapping[str, str],
            values: Mapping[str, Any]) -> None:
    """Lay out the shown blocks: headings kept with what follows, the closing block (seal,
    signatures, notes after them) kept together and with the body's last lines."""
    shown = [b for b in blocks if _shown(b, values)]
    end = next((i for i, b in enumerate(shown) if b["type"] in CLOSING), len(shown))
    # Blocks marked keep_with_next right before the closing belong to it (the officers' line
    # above their signatures): the body's last lines come along with them.
    while end < len(shown) and end > 0 and shown[end - 1].get("keep_with_next", False):
        end -= 1
    body, closing = shown[:end], shown[end:]
    i = 0
    while i < len(body):
        j = i
        while j < len(body) - 1 and _keeps(body[j]):
            j += 1
        _keep_together(flow, body[i:j + 1], texts, values)
        i = j + 1
    if closing:
        _closing(flow, closing, texts, values)
    while len(flow.pages) > 1 and not flow.pages[-1]:
        flow.pages.pop()  # the space after a block at the foot of the last page


def _shown(block: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    cond = block.get("if_field")
    if cond and not _present(values.get(cond)):
        return False
    unless = block.get("unless_field")
    return not (unless and _present(values.get(unless)))


def _keeps(block: Mapping[str, Any]) -> bool:
    return block["type"] in KEEP_WITH_NEXT or bool(block.get("keep_with_next", False))


def _draw(flow: Flow, blocks: list[dict[str, Any]], texts: Mapping[str, str],
          values: Mapping[str, Any]) -> None:
    for block in blocks:
        LAYOUTS[block["type"]](flow, block, texts, values)


def _text_lines(ops: list[Any]) -> list[float]:
    """Distinct baselines of the text ops in ``ops``, top first."""
    return sorted({round(op.y, 1) for op in ops if isinstance(op, TextOp)}, reverse=True)


def _keep_together(flow: Flow, group: list[dict[str, Any]], texts: Mapping[str, str],
                   values: Mapping[str, Any]) -> None:
    """``group``: blocks that keep with the next, then one that does not. If the kept blocks
    would end a page without the first lines of the last block, they start a new page."""
    mark = flow.mark()
    _draw(flow, group[:-1], texts, values)
    for ops in flow.pages[mark.pages - 1:]:  # their lines never end a page (``carry_over``)
        for op in ops[mark.ops if ops is flow.pages[mark.pages - 1] else 0:]:
            if isinstance(op, TextOp):
                op.keep = True
    page, count = len(flow.pages), len(flow.ops)
    _draw(flow, group[-1:], texts, values)
    if len(group) == 1 or flow.at_page_top(mark):
        return
    following = [op for p in flow.pages[page - 1:] for op in p][count:]
    here = _text_lines(flow.pages[page - 1][count:])
    if len(here) >= min(KEEP_LINES, len(_text_lines(following))):
        return
    flow.rollback(mark)
    flow.new_page()
    _draw(flow, group, texts, values)


def _closing(flow: Flow, closing: list[dict[str, Any]], texts: Mapping[str, str],
             values: Mapping[str, Any]) -> None:
    """The closing blocks on one page together with the body's last lines when they fit."""
    mark = flow.mark()
    _draw(flow, closing, texts, values)
    if len(flow.pages) == mark.pages and not flow.at_page_top(mark):
        return  # all on the page where the body ends
    flow.rollback(mark)
    if not flow.ops and len(flow.pages) > 1:
        flow.pages.pop()  # the body filled its page exactly: carry from that page
    if not flow.carry_over(KEEP_LINES) and flow.ops:
        flow.new_page()  # nothing can come along (too tall, or no body): alone after all
    _draw(flow, closing, texts, values)


def _present(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value)
    return bool(str(value or "").strip())


def _text(block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> str:
    raw = texts[block["text_ref"]] if "text_ref" in block else str(block.get("text", ""))
    return fill(raw, values)


def _header(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.paragraph(_text(block, texts, values), size=float(block.get("size", 18)), bold=True,
                   indent=0, align="center", leading=1.5)


def _title(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    title = _text(block, texts, values)
    size = float(block.get("size", 22))
    if len(title) > 8 or "\n" in title:
        flow.paragraph(title, size=size, bold=True, indent=0, align="center", leading=1.6)
    else:
        size *= flow.scale
        # Short titles are letter-spaced (公文 style) with character spacing, not space characters.
        space = size * (0.9 if len(title) <= 5 else 0.5)
        width = text_width(title, flow.bold, size) + space * (len(title) - 1)
        flow.need(size * 1.6)
        flow.y -= size * 1.6
        flow.add(TextOp(LEFT + (FRAME_W - width) / 2, flow.y, title, flow.bold, size, char_space=space))
    flow.space(2 * MM)


def _number(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.paragraph(_text(block, texts, values), size=BODY, indent=0,
                   align=str(block.get("align", "right")), leading=1.6)
    flow.space(2 * MM)


def _para(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.paragraph(_text(block, texts, values), size=float(block.get("size", BODY)),
                   bold=bool(block.get("bold", False)), indent=float(block.get("indent", 2)),
                   align=str(block.get("align", "justify")))


def _heading(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.paragraph(_text(block, texts, values), size=BODY, bold=True, font=flow.heading,
                   indent=float(block.get("indent", 2)), align="left", keep=True)


def _note(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.space(1.5 * MM)
    flow.paragraph(_text(block, texts, values), size=SMALL, indent=float(block.get("indent", 2)),
                   align="justify", leading=1.5)


def _spacer(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    flow.space(float(block.get("height", 5)) * MM)


def _cell_lines(text: str, font: str, size: float, width: float) -> list[str]:
    return wrap(text, max(width - 2 * PAD, size), lambda t: text_width(t, font, size))


@dataclass(frozen=True)
class RowBox:
    """Where one row (or the part of it on one page) was drawn."""

    row: int
    page: int
    top: float
    height: float


def table_rows(flow: Flow, rows: list[tuple[list[str], float]], widths: list[float],
               *, label_cols: bool = True, header: bool = False, size: float = CELL,
               centred: frozenset[int] = frozenset()) -> list[RowBox]:
    """Bordered table; a row taller than the page continues on the next one, and a header
    row never ends a page without the first row under it. Rows in ``centred`` are set in the
    middle of their cell. Returns where each row was drawn."""
    size *= flow.scale
    step = size * 1.45
    col_w = [w * FRAME_W for w in widths]
    boxes: list[RowBox] = []
    for r, (cells, min_h) in enumerate(rows):
        spans = [*col_w[: len(cells) - 1], sum(col_w[len(cells) - 1:])]
        wrapped: list[list[str]] = []
        fonts: list[str] = []
        for c, (cell, span) in enumerate(zip(cells, spans, strict=True)):
            is_label = (header and r == 0) or (label_cols and c % 2 == 0 and len(cells) > 1)
            font = flow.bold if is_label else flow.regular
            fonts.append(font)
            wrapped.append(_cell_lines(cell, font, size, span))
        text_lines = max(*(len(w) for w in wrapped), 1)
        n_lines = max(text_lines, round(min_h / step))
        if header and r == 0 and len(rows) > 1:
            flow.need(n_lines * step + 2 * PAD + step + 2 * PAD)  # the header and one row
        line = 0
        while line < n_lines:
            flow.need(step + 2 * PAD)
            room = int((flow.y - 26 * MM - 2 * PAD) // step)
            take = max(1, min(n_lines - line, room))
            if line + take < n_lines and line + take >= text_lines:
                n_lines = line + take  # only the row's blank padding is left: it ends here
            top = flow.y
            height = take * step + 2 * PAD
            boxes.append(RowBox(r, len(flow.pages) - 1, top, height))
            x = LEFT
            for c, span in enumerate(spans):
                flow.add(RectOp(x, top - height, span, height))
                is_label = fonts[c] == flow.bold and not (header and r == 0)
                for k, text in enumerate(wrapped[c][line: line + take]):
                    y = top - PAD - (k + 1) * step + (step - size) * 0.55
                    if is_label or (header and r == 0) or r in centred:
                        flow.add(TextOp(x + span / 2, y, text, fonts[c], size, anchor="center"))
                    else:
                        flow.add(TextOp(x + PAD, y, text, fonts[c], size))
                x += span
            flow.y = top - height
            line += take
    return boxes


def _table(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    """A bordered table. A row with ``struck_if`` naming a field that holds a value is not used
    (e.g. the 代收人 row of a receipt served in person): its label stays, its other cells are
    left empty and struck through with a diagonal line, so nothing can be written in later."""
    widths = [float(w) for w in block.get("widths", [0.22, 0.78])]
    rows: list[tuple[list[str], float]] = []
    struck: set[int] = set()
    for r, row in enumerate(block["rows"]):
        cells = row.get("cells", []) if isinstance(row, dict) else row
        min_h = float(row.get("height", 0)) * MM if isinstance(row, dict) else 0.0
        filled = [fill(str(c), values).strip() or "" for c in cells]
        if isinstance(row, dict) and _present(values.get(str(row.get("struck_if") or ""))):
            struck.add(r)
            filled = [filled[0], *([""] * (len(filled) - 1))]
            min_h = min(min_h, 10 * MM) if min_h else 0.0
        rows.append((filled, min_h))
    flow.space(1 * MM)
    boxes = table_rows(flow, rows, widths, label_cols=bool(block.get("labels", True)))
    for box in boxes:
        if box.row in struck:
            x0 = LEFT + float(widths[0]) * FRAME_W
            flow.pages[box.page].append(LineOp(x0, box.top, LEFT + FRAME_W, box.top - box.height,
                                               width=0.5))
    flow.space(2 * MM)


BLANK_BELOW = "以下空白"


def _items(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    """A list as a table with at least ``min_rows`` rows; the first unfilled row says 以下空白
    and the unfilled rows after it are struck through, so nothing can be added later."""
    columns = block.get("columns", [["name", "名称", 1.0]])
    items = values.get(block["field"]) or []
    rows: list[tuple[list[str], float]] = [([str(c[1]) for c in columns], 0.0)]
    for i, item in enumerate(items if isinstance(items, list) else []):
        rows.append(([str(i + 1) if c[0] == "#" else str(item.get(c[0], "")) for c in columns], 0.0))
    blank = max(0, int(block.get("min_rows", 3)) - len(rows) + 1)
    mark = len(rows)
    if blank:
        rows.append(([BLANK_BELOW], 0.0))
        rows.extend(([""] * len(columns), 0.0) for _ in range(blank - 1))
    flow.space(1 * MM)
    boxes = table_rows(flow, rows, [float(c[2]) for c in columns], label_cols=False,
                       header=True, centred=frozenset({mark}))
    struck = [b for b in boxes if b.row > mark]
    for page in sorted({b.page for b in struck}):
        on_page = [b for b in struck if b.page == page]
        top = max(b.top for b in on_page)
        bottom = min(b.top - b.height for b in on_page)
        flow.pages[page].append(LineOp(LEFT, top, LEFT + FRAME_W, bottom, width=0.5))
    flow.space(2 * MM)


QA_BLANK_BELOW = "（以下空白）"


def _qa(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    """The questions and answers of a 笔录, then 以下空白 under the last answer so that nothing
    can be written in between the record and the signatures."""
    pairs = values.get(block["field"]) or []
    pairs = pairs if isinstance(pairs, list) else []
    _qa_pairs(flow, pairs)
    if pairs:
        flow.paragraph(QA_BLANK_BELOW, size=BODY, indent=0, align="left")


def _qa_pairs(flow: Flow, pairs: list[Any]) -> None:
    for pair in pairs:
        # A question never ends a page without the first line of its answer.
        mark = flow.mark()
        for attempt in (0, 1):
            flow.paragraph("问：" + str(pair.get("q", "")), size=BODY, indent=0, align="justify",
                           keep=True)
            page, count = len(flow.pages), len(flow.ops)
            flow.paragraph("答：" + str(pair.get("a", "")), size=BODY, indent=0, align="justify")
            if attempt or flow.at_page_top(mark) or _text_lines(flow.pages[page - 1][count:]):
                break
            flow.rollback(mark)
            flow.new_page()


DATE_BLANK = "日期：\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def _signatures(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    """One row per box; with ``officer_badges`` (placeholders of the officers' 执法证号) the
    officers sign one row each, their badge printed beside the line."""
    flow.space(3 * MM)
    for box in block.get("boxes", []):
        if box == "officers" and "officer_badges" in block:
            badges = [fill(str(b), values).strip() for b in block["officer_badges"]]
            for badge in [b for b in badges if b] or ["", ""]:
                _officer_row(flow, badge)
        else:
            _sign_row(flow, box)


def _sign_row(flow: Flow, box: str) -> None:
    label = SIGNATURE_LABELS[box]
    party = box == "party"
    k = flow.scale
    row_h = (15 * MM if party else 10 * MM) * k
    flow.need(row_h)
    flow.y -= row_h
    y = flow.y + 3 * MM * k
    flow.add(TextOp(LEFT, y, label, flow.regular, BODY * k))
    x0 = LEFT + text_width(label, flow.regular, BODY * k)
    flow.add(LineOp(x0, y - 1.5, LEFT + FRAME_W * (0.52 if party else 0.58), y - 1.5, width=0.5))
    flow.add(TextOp(LEFT + FRAME_W * (0.55 if party else 0.62), y, DATE_BLANK, flow.regular,
                    (11.0 if party else CELL) * k))
    if party:
        size = 13 * MM
        fx = PAGE_W - RIGHT - size
        flow.add(RectOp(fx, y - 4 * MM, size, size, width=0.5, dash=(2, 2)))
        flow.add(TextOp(fx + size / 2, y - 2.6 * MM, "捺印", flow.regular, 8, anchor="center"))


def _officer_row(flow: Flow, badge: str) -> None:
    """执法人员（签名）：＿＿＿＿ 执法证号：31010001 日期：　年　月　日 — one officer's row."""
    label = SIGNATURE_LABELS["officers"]
    k = flow.scale
    row_h = 10 * MM * k
    flow.need(row_h)
    flow.y -= row_h
    y = flow.y + 3 * MM * k
    flow.add(TextOp(LEFT, y, label, flow.regular, BODY * k))
    x0 = LEFT + text_width(label, flow.regular, BODY * k)
    flow.add(LineOp(x0, y - 1.5, LEFT + FRAME_W * 0.40, y - 1.5, width=0.5))
    small = 11.0 * k
    bx = LEFT + FRAME_W * 0.42
    flow.add(TextOp(bx, y, "执法证号：" + badge, flow.regular, small))
    if not badge:  # no badge on record: a line to write it on
        lx = bx + text_width("执法证号：", flow.regular, small)
        flow.add(LineOp(lx, y - 1.5, LEFT + FRAME_W * 0.64, y - 1.5, width=0.5))
    flow.add(TextOp(PAGE_W - RIGHT, y, DATE_BLANK, flow.regular, small, anchor="right"))


def _seal(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    authority = fill(str(block.get("text", "")), values).strip()
    date = fill(str(block.get("date", "")), values).strip()
    size = BODY * flow.scale
    height = 34 * MM
    flow.need(height)
    flow.space(8 * MM)
    right = PAGE_W - RIGHT - 8 * MM
    width = max(text_width(authority, flow.regular, size), text_width(date, flow.regular, size))
    cx = right - width / 2
    flow.y -= size * 1.6
    flow.add(TextOp(cx, flow.y, authority, flow.regular, size, anchor="center"))
    flow.y -= size * 1.6
    flow.add(TextOp(cx, flow.y, date, flow.regular, size, anchor="center"))
    d = 40 * MM  # the seal itself is never scaled
    flow.add(RectOp(cx - d / 2, flow.y + size * 0.8 - d / 2, d, d, width=0.5, dash=(1.5, 3), round=True))
    flow.add(TextOp(cx - d / 2 + 2 * MM, flow.y + size * 0.8 + d / 2 - 6 * MM, "（印章）",
                    flow.regular, 8))
    flow.space(15 * MM)


def _photos(flow: Flow, block: Mapping[str, Any], texts: Mapping[str, str], values: Mapping[str, Any]) -> None:
    photos = values.get(block["field"]) or []
    per_page = int(block.get("per_page", 2))
    box_h = 92 * MM if per_page <= 2 else 60 * MM
    size = SMALL * flow.scale

    def measure(text: str) -> float:
        return text_width(text, flow.regular, size)

    for i, photo in enumerate(photos if isinstance(photos, list) else []):
        caption = (f"图{i + 1}　{photo.get('caption', '')}\n拍摄时间：{photo.get('captured_at', '')}"
                   f"　位置：{photo.get('gps', '') or '无'}\n拍摄人：{photo.get('officer', '')}"
                   f"　哈希：{photo.get('hash', '')}")
        warned = [str(w) for w in photo.get("warnings") or []]
        if warned:
            caption += "\n导入提示：" + "；".join(warned)
            caption += f"\n确认理由：{photo.get('warning_reason', '')}"
        lines = wrap(caption, FRAME_W, measure)
        # The photo and its whole caption on one page (a caption longer than the page aside).
        flow.need(min(box_h + 2 * MM + len(lines) * size * 1.45 + 1 * MM, box_h + 150 * MM))
        top = flow.y - 2 * MM
        # The photo and its caption stay together (``keep``: never cut apart by a page break).
        flow.add(RectOp(LEFT, top - box_h, FRAME_W, box_h, width=0.5, keep=True))
        source = photo.get("image")
        if source is not None:
            iw, ih = photo.get("size", (4, 3))
            scale = min((FRAME_W - 4 * MM) / iw, (box_h - 4 * MM) / ih)
            w, h = iw * scale, ih * scale
            flow.add(ImageOp(LEFT + (FRAME_W - w) / 2, top - box_h + (box_h - h) / 2, w, h, source,
                             keep=True))
        else:
            flow.add(TextOp(LEFT + FRAME_W / 2, top - box_h / 2, "（照片打印件缺失）", flow.regular, CELL,
                            anchor="center"))
        flow.y = top - box_h
        page, count = len(flow.pages), len(flow.ops)
        flow.paragraph(caption, size=SMALL, indent=0, align="left", leading=1.45)
        drawn = [op for op in flow.pages[page - 1][count:] if isinstance(op, TextOp)]
        for op in drawn:
            op.keep = op.y > min(line.y for line in drawn) + 0.5  # all but the last line
        flow.space(3 * MM)


LAYOUTS: dict[str, Callable[[Flow, Mapping[str, Any], Mapping[str, str], Mapping[str, Any]], None]] = {
    "header": _header, "title": _title, "number": _number, "para": _para, "heading": _heading,
    "note": _note, "spacer": _spacer, "table": _table, "items": _items, "qa": _qa,
    "signatures": _signatures, "seal": _seal, "photos": _photos,
}
