"""统计: a period's figures for a grid / an officer — the key figures in a table and the charts
(``gridapp.workbench.charts``, the same drawings as the monthly report).

Contract: the figures are counted on the database lane and the charts drawn on the file lane
(matplotlib is warmed there while the figures are counted); the GUI thread only turns the PNGs
into pixmaps. ``painted`` is emitted once a period's table and charts are on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.language import colon, pick, vocab_label
from ui.language import tr as _tr
from ui.tasks import Changes, Lane, Progress

if TYPE_CHECKING:  # the readers load the core: imported by the work on the lanes
    from gridapp.workbench.charts import Chart
    from gridapp.workbench.stats import Count, Stats

CHART_DPI = 100
CHART_MIN_PX = 360  # narrower than this, the charts scroll
CHART_RATIO = 0.62  # height ÷ width


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _n(count: int) -> str:
    return _tr("{n} 件").format(n=count)


def _counts(counts: tuple[Count, ...], label: Callable[[Count], str]) -> str:
    return pick("；", "; ").join(
        f"{label(c)} {c.count}" + pick("（{p}）", " ({p})").format(p=_pct(c.share))
        for c in counts) or "—"


def figure_rows(st: Stats) -> list[tuple[str, str]]:
    """The key figures as (label, value), translated (the values' labels come from the
    vocabularies; names of grids, officers and violations are data)."""
    from gridapp.vocab.disposition import DISPOSITION
    from gridapp.vocab.stage import STAGE

    rv, rect, hot, rep = st.return_visits, st.rectification, st.hotline, st.repeat
    mix = _counts(tuple(c for c in st.mix if c.code != "unclassified" or c.count),
                  lambda c: vocab_label(DISPOSITION, c.code) if c.code != "unclassified"
                  else _tr("未分类"))
    stages = _counts(st.stages, lambda c: vocab_label(STAGE, c.code))
    avg = "—" if hot.average_hours is None else _tr("{h} 小时").format(h=f"{hot.average_hours:.1f}")
    return [
        (_tr("新立案件"), _n(st.opened)),
        (_tr("办结案件"), _n(st.closed)),
        (_tr("721 处置结构"), mix),
        (_tr("柔性执法率"), _tr("{rate}（柔性 {soft}，处罚 {hard}）").format(
            rate=_pct(st.soft_rate), soft=st.soft, hard=st.penalised)),
        (_tr("不予处罚"), _n(sum(c.count for c in st.exemptions))),
        (_tr("三色阶段"), stages),
        (_tr("按期整改率"), _tr("{rate}（到期 {due}，按期 {ok}）").format(
            rate=_pct(rect.rate), due=rect.due, ok=rect.on_time)),
        (_tr("回访完成率"), _tr("{rate}（{done}/{closed}）").format(
            rate=_pct(rv.completion), done=rv.visited, closed=rv.closed)),
        (_tr("满意率"), _pct(rv.satisfied_rate)),
        (_tr("12345 平均响应"), _tr("{avg}（两小时内 {rate}）").format(
            avg=avg, rate=_pct(hot.within_target_rate))),
        (_tr("12345 来电人反馈"), _tr("{rate}（{done}/{closed}）").format(
            rate=_pct(hot.feedback_rate), done=hot.fed_back, closed=hot.closed)),
        (_tr("重复违法当事人"), _tr("{n} 人，{cases} 件（{rate}）").format(
            n=rep.repeat_parties, cases=rep.repeat_cases, rate=_pct(rep.rate))),
    ]


def last_month(today: date) -> tuple[date, date]:
    last = today.replace(day=1) - timedelta(days=1)
    return last.replace(day=1), last


class StatsPage(QWidget):
    painted = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statsPage")
        self.stats: Stats | None = None
        self.charts: tuple[Chart, ...] = ()
        self._choices_loaded = False

        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.grid = QComboBox()
        self.grid.setObjectName("gridFilter")  # items are data: the station's grids
        self.officer = QComboBox()
        self.officer.setObjectName("officerFilter")  # … its officers
        self.grid.addItem(_tr("全部网格"), "")
        self.officer.addItem(_tr("全部执法人员"), "")
        self.apply = QPushButton(_tr("统计"))
        self.apply.setObjectName("statsApply")
        self.apply.clicked.connect(self.reload)
        bar = QHBoxLayout()
        for caption, widget in ((_tr("起始日期"), self.date_from), (_tr("截止日期"), self.date_to),
                                (_tr("网格"), self.grid), (_tr("执法人员"), self.officer)):
            bar.addWidget(QLabel(colon(caption)))
            bar.addWidget(widget)
        bar.addWidget(self.apply)
        bar.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("statsTable")
        self.table.setHorizontalHeaderLabels([_tr("指标"), _tr("数值")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setColumnWidth(0, 120)

        self.chart_box = QWidget()
        self.chart_grid = QGridLayout(self.chart_box)
        self.chart_labels: list[QLabel] = []
        self.chart_status = QLabel()
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setWidget(self.chart_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart_scroll)
        splitter.setSizes([380, 820])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.chart_status)
        layout.addWidget(splitter, 1)
        ctx.tasks.changed.connect(self._changed)

        from gridapp.timeutil import station_today

        first, last = last_month(station_today())
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))

    def activate(self) -> None:
        if not self._choices_loaded:
            self._load_choices()
        self.reload()

    def set_period(self, first: date, last: date) -> None:
        self.date_from.setDate(QDate(first.year, first.month, first.day))
        self.date_to.setDate(QDate(last.year, last.month, last.day))

    def _load_choices(self) -> None:
        self._choices_loaded = True
        store = self.ctx.store

        def read(_p: Progress) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
            from gridapp.workbench.choices import grid_choices
            from gridapp.workbench.status import officer_choices

            grids = tuple((g.code, f"{g.code} {g.name}") for g in grid_choices(store))
            officers = tuple((o.id, f"{o.name}（{o.badge_no}）")
                             for o in officer_choices(store, include_retired=True))
            return grids, officers

        self.ctx.tasks.run(read, on_done=self._show_choices, key="stats-choices",
                           error_title=_tr("无法读取网格和执法人员"), owner=self)

    def _show_choices(self, choices: tuple[tuple[tuple[str, str], ...],
                                           tuple[tuple[str, str], ...]]) -> None:
        grids, officers = choices
        for code, label in grids:
            self.grid.addItem(label, code)
        for oid, label in officers:
            self.officer.addItem(label, oid)

    def reload(self) -> None:
        store = self.ctx.store
        first = self.date_from.date().toPython()
        last = self.date_to.date().toPython()
        grid = str(self.grid.currentData() or "")
        officer = str(self.officer.currentData() or "")
        assert isinstance(first, date) and isinstance(last, date)
        self.chart_status.setText(_tr("正在统计…"))
        self.chart_status.show()

        def warm(_p: Progress) -> None:
            from gridapp.workbench.charts import warm_up

            warm_up()

        def read(_p: Progress) -> Stats:
            from gridapp.workbench.stats import StatsFilter, parse_period, station_stats

            period = parse_period(first.isoformat(), last.isoformat())
            return station_stats(store, StatsFilter(period, grid, officer))

        self.ctx.tasks.run(warm, lane=Lane.FILES, key="stats-warm", owner=self)
        self.ctx.tasks.run(read, on_done=self._show, key="stats", owner=self,
                           error_title=_tr("无法统计"))

    def _show(self, st: Stats) -> None:
        self.stats = st
        self.heading.setText(_tr("{start} 至 {end}：新立 {opened} 件，办结 {closed} 件").format(
            start=st.period.start.isoformat(), end=st.period.end.isoformat(), opened=st.opened,
            closed=st.closed))
        rows = figure_rows(st)
        self.table.setRowCount(len(rows))
        for r, (label, value) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            self.table.setItem(r, 1, item)
        self.table.resizeRowsToContents()
        self.chart_status.setText(_tr("正在绘制统计图…"))
        # Two charts abreast in the space the scroll area has now (read here, on the GUI thread).
        margins = self.chart_grid.contentsMargins()
        spacing = self.chart_grid.horizontalSpacing() + margins.left() + margins.right() + 4
        # (less the vertical scroll bar the third row of charts brings)
        room = (self.chart_scroll.viewport().width() - spacing
                - self.chart_scroll.verticalScrollBar().sizeHint().width())
        width_px = max(CHART_MIN_PX, room // 2)
        width_in = width_px / CHART_DPI
        height_in = width_in * CHART_RATIO

        def draw(_p: Progress) -> tuple[Chart, ...]:
            from gridapp.workbench.charts import draw_charts

            return draw_charts(st, width_in=width_in, height_in=height_in, dpi=CHART_DPI,
                               raw=True)

        self.ctx.tasks.run(draw, lane=Lane.FILES, on_done=self._show_charts, key="stats-charts",
                           owner=self, error_title=_tr("无法绘制统计图"))

    def _show_charts(self, charts: tuple[Chart, ...]) -> None:
        self.charts = charts
        while len(self.chart_labels) < len(charts):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            n = len(self.chart_labels)
            self.chart_grid.addWidget(label, n // 2, n % 2)
            self.chart_labels.append(label)
        for label, chart in zip(self.chart_labels, charts, strict=False):
            image = QImage(chart.rgba, chart.width_px, chart.height_px, 4 * chart.width_px,
                           QImage.Format.Format_RGBA8888)
            label.setPixmap(QPixmap.fromImage(image))  # (converts: owns its pixels)
            label.setAccessibleName(chart.title)
        self.chart_status.setText("")
        self.chart_status.hide()
        self.painted.emit()

    def _changed(self, changes: Changes) -> None:
        if changes.touches("case", "station") and self.isVisible():
            self.reload()
