"""月度工作报告 / the monthly report: the period's figures, the charts and the breakdowns as an
A4 PDF in the documents' typesetting (``gridapp.documents``: the same fonts embedded, margins,
line breaking, bordered tables and "第 X 页 共 Y 页").

Contract: ``monthly_report`` reads (one statistics snapshot) and returns the PDF bytes; writing
the file is the caller's. The figures are ``gridapp.workbench.charts`` at print resolution — the
same drawings the desktop's statistics page shows.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from gridapp.documents.blocks import table_rows
from gridapp.documents.fonts import ensure_fonts
from gridapp.documents.layout import FRAME_W, LEFT, MM, Flow, ImageOp
from gridapp.documents.render import draw_ops, draw_page_marks, new_canvas
from gridapp.setup import is_demo_station
from gridapp.store import StationStore
from gridapp.workbench.charts import draw_charts
from gridapp.workbench.stats import (
    RESPONSE_TARGET_HOURS,
    Count,
    Stats,
    StatsFilter,
    headline_rows,
    percent,
    station_stats,
)

FIGURE_W_IN = FRAME_W / 72.0  # the full text width
FIGURE_H_IN = 3.0
FIGURE_DPI = 200
CELL = 10.5

DEFINITIONS = (
    "新立案件按立案（登记）时间计入统计期间；办结案件按结案时间计入。",
    "721 处置结构：办结案件结案时记录的处置方式（服务、管理、执法）所占比例，目标 7:2:1。",
    "柔性执法率：办结案件中未予处罚即办结的比例（处置方式为执法、处于红色立案处罚阶段且未不予处罚的案件"
    "以外的全部办结案件）。",
    "不予处罚：处置方式为执法的办结案件中，最近一次法律规则评估结论为不予行政处罚的，按法定情形"
    "（《行政处罚法》第三十三条各款、第三十六条追责时效、第三十条未满十四周岁）计数。",
    "按期整改率：改正期限在统计期间内且已届满的复查中，在期限当日或之前复查确认整改的比例。",
    "回访完成率：办结案件中已回访的比例；按期指在回访期限（结案后三个工作日）当日结束前回访。",
    "12345 来电人反馈：办结的热线案件中已向来电人反馈（双向确认）的比例。",
    f"12345 响应时间：热线案件自登记至首次状态变更（核实或不予立案）的时长，目标 {RESPONSE_TARGET_HOURS:g} 小时。",
    "重复违法当事人：截至统计期末 12 个月内有 2 件以上已核实案件的当事人（同一身份证号/统一社会信用代码，"
    "或无证号时同一姓名与地址）。",
)


@dataclass(frozen=True)
class BuiltReport:
    pdf: bytes
    pages: int
    figures: int
    stats: Stats


def _count_table(flow: Flow, title: str, counts: Sequence[Count], what: str = "项目") -> None:
    flow.paragraph(title, size=12, bold=True, indent=0, align="left", leading=1.8)
    flow.space(1.5 * MM)
    rows: list[tuple[list[str], float]] = [([what, "件数", "占比"], 0.0)]
    rows += [([c.label, str(c.count), percent(c.share)], 0.0) for c in counts]
    if len(rows) == 1:
        rows.append((["（无）", "", ""], 0.0))
    table_rows(flow, rows, [0.6, 0.2, 0.2], label_cols=False, header=True, size=CELL)
    flow.space(3 * MM)


def _heading(flow: Flow, text: str) -> None:
    flow.space(2 * MM)
    flow.paragraph(text, size=14, bold=True, indent=0, align="left", leading=1.8)
    flow.space(2 * MM)  # the heading's descenders clear the table or figure below


def _figure(flow: Flow, png: bytes) -> None:
    from reportlab.lib.utils import ImageReader

    w = FIGURE_W_IN * 72.0
    h = FIGURE_H_IN * 72.0
    flow.need(h + 2 * MM)
    flow.add(ImageOp(LEFT, flow.y - h, w, h, ImageReader(io.BytesIO(png))))
    flow.y -= h + 3 * MM


def _station_name(store: StationStore) -> str:
    with store.read_connection() as conn:
        row = conn.execute("SELECT name FROM station WHERE deleted = 0 LIMIT 1").fetchone()
    return str(row[0]) if row else ""


def _is_demo(store: StationStore) -> bool:
    """A demo station's report is marked 演示数据 on every page, like its documents."""
    with store.read() as s:
        return is_demo_station(s, store.station(s))


def monthly_report(store: StationStore, flt: StatsFilter) -> BuiltReport:
    """The report for ``flt`` (a calendar month for ``gridapp report monthly``)."""
    st = station_stats(store, flt)
    charts = draw_charts(st, width_in=FIGURE_W_IN, height_in=FIGURE_H_IN, dpi=FIGURE_DPI)
    regular, bold = ensure_fonts()
    flow = Flow(regular, bold)
    start = st.period.start
    station = _station_name(store)
    flow.paragraph(f"{station}\n{start.year}年{start.month}月城市管理执法工作月报", size=20,
                   bold=True, indent=0, align="center", leading=1.6)
    flow.space(2 * MM)
    flow.paragraph(f"统计期间：{st.period.label}　范围：{st.grid_label}", size=CELL, indent=0,
                   align="center")
    _heading(flow, "一、主要指标")
    table_rows(flow, [([label, value], 0.0) for label, value in headline_rows(st)[2:]],
               [0.28, 0.72], size=CELL)
    _heading(flow, "二、统计图")
    for chart in charts:
        _figure(flow, chart.png)
    _heading(flow, "三、分项统计")
    _count_table(flow, "（一）721 处置结构（办结案件）", st.mix, "处置方式")
    _count_table(flow, "（二）三色阶段分布（新立案件）", st.stages, "阶段")
    _count_table(flow, "（三）不予处罚，按法定情形（办结案件）", st.exemptions, "法定情形")
    _count_table(flow, "（四）网格案件数（新立案件）", st.by_grid, "网格")
    _count_table(flow, "（五）执法人员案件数（新立案件）", st.by_officer, "执法人员")
    _count_table(flow, "（六）违法行为（新立案件）", st.by_violation, "违法行为")
    _heading(flow, "四、重复违法当事人")
    rows: list[tuple[list[str], float]] = [(["当事人", "证件号码（脱敏）", "案件数"], 0.0)]
    rows += [([p.name, p.id_number_masked or "—", str(p.cases)], 0.0) for p in st.repeat.top]
    if len(rows) == 1:
        rows.append((["（无）", "", ""], 0.0))
    table_rows(flow, rows, [0.4, 0.4, 0.2], label_cols=False, header=True, size=CELL)
    _heading(flow, "五、统计口径")
    for n, text in enumerate(DEFINITIONS, start=1):
        flow.paragraph(f"{n}. {text}", size=CELL, indent=0, align="justify", leading=1.6)

    buf = io.BytesIO()
    canvas = new_canvas(buf, demo=_is_demo(store))
    canvas.setTitle(f"{station}{start.year}年{start.month}月工作月报")
    canvas.setAuthor(station)
    canvas.setCreator("gridapp 城管网格执法助手")
    total = len(flow.pages)
    for i, ops in enumerate(flow.pages, start=1):
        draw_ops(canvas, ops)
        draw_page_marks(canvas, i, total, "report")
        canvas.showPage()
    canvas.save()
    return BuiltReport(buf.getvalue(), total, len(charts), st)
