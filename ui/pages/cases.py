"""案件 pages (我的案件, 全部案件): filters, search as you type, and the case list.

Contract: every query (page, count, further pages, sorting) runs on the database lane with a
key, so a newer query supersedes an older one and a stale result is never shown; the window
keeps repainting while it runs. The list refreshes itself when an operation announces a
change to cases. Enter or a double click opens the case. The core's case list
(``gridapp.workbench.cases``, which loads the ORM) is imported by the work on the lane, never
on the GUI thread: the quick start shows this page before the ORM has loaded.
"""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import COLOURS as STAGE_COLOURS
from gridapp.vocab.stage import STAGE
from gridapp.workbench.case_rows import (
    CaseListRow,
    CasePage,
    CaseQuery,
    FilterChoices,
    short_search,
)
from ui.context import AppContext
from ui.language import day, pick, vocab_label
from ui.language import tr as _tr
from ui.rows_model import Column, RowsModel
from ui.table import RowsTable
from ui.tasks import Changes, Progress

PAGE_SIZE = 200  # the quick start reads the same first page (``ui.quick_start``)
SHORT_SEARCH_WINDOW = 5000  # newest cases searched for 1–2 characters (the index needs 3)
SEARCH_DELAY_MS = 0  # coalesces keystrokes queued in one event-loop turn; a newer query supersedes
NO_DATE = QDate(2000, 1, 1)
OVERDUE_COLOUR = "#c0392b"
REPEAT_COLOUR = "#b9770e"


def case_columns() -> list[Column[CaseListRow]]:
    def party(row: CaseListRow) -> str:
        return row.party_name + (_tr("（有前案）") if row.repeat_offender else "")

    return [
        Column(lambda: _tr("案件编号"), lambda r: r.number, sort_key="number", width=185,
               colour=lambda r: OVERDUE_COLOUR if r.overdue else None),
        Column(lambda: _tr("发现日期"), lambda r: day(r.opened_on),
               sort_key="opened_at", width=115),
        Column(lambda: _tr("状态"),
               lambda r: vocab_label(CASE_STATUS, r.status) + (_tr("（逾期）") if r.overdue else ""),
               tooltip=lambda r: _tr("已超过整改或办理期限") if r.overdue else None,
               colour=lambda r: OVERDUE_COLOUR if r.overdue else None,
               sort_key="status", width=130),
        Column(lambda: _tr("预警"), lambda r: vocab_label(STAGE, r.stage), sort_key="stage", width=150,
               decoration=lambda r: STAGE_COLOURS.get(r.stage)),
        Column(lambda: _tr("违法行为"), lambda r: r.violation_name, sort_key="violation",
               width=140),
        Column(lambda: _tr("当事人"), party, sort_key="party", width=150,
               tooltip=lambda r: _tr("该当事人有在先违法记录") if r.repeat_offender else None,
               colour=lambda r: REPEAT_COLOUR if r.repeat_offender else None),
        Column(lambda: _tr("地点"), lambda r: r.address, tooltip=lambda r: r.address,
               sort_key="address", width=170),
        Column(lambda: _tr("网格"), lambda r: r.grid_code, sort_key="grid", width=70),
        Column(lambda: _tr("来源"), lambda r: vocab_label(CASE_SOURCE, r.source), sort_key="source", width=80),
        Column(lambda: _tr("承办人"), lambda r: r.officer_names, width=110),
    ]


class DayEdit(QDateEdit):
    """A date field whose Tab always moves on to the next field (arrows move between year,
    month and day; the calendar opens with Alt+Down)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            QWidget.focusNextPrevChild(self, forward)
            return
        super().keyPressEvent(event)


class CasesPage(QWidget):
    """A filtered case list. ``mine`` fixes the officer filter to the signed-in officer."""

    open_case = Signal(str, str)  # case id, tab
    counted = Signal(int)
    page_shown = Signal()  # a new first page is in the model

    def __init__(self, ctx: AppContext, *, mine: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mine = mine
        self.setObjectName("myCasesPage" if mine else "allCasesPage")
        self.model: RowsModel[CaseListRow] = RowsModel(case_columns(), self)
        self.model.can_fetch_more = lambda: self.model.rowCount() < self.total
        self.model.fetch_more = self._fetch_more
        self.model.sort_requested.connect(self._sort_requested)
        self.total = 0
        self._sort = ("opened_at", True)
        self._loading_more = False
        self._choices_loaded = False
        self._preloaded = False
        self.loaded_query: CaseQuery | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self._build()
        ctx.tasks.changed.connect(self._changed)

    # --- construction --------------------------------------------------------------------

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(_tr("搜索案件编号、当事人、地点、违法事实（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        clear = QAction(self.search)
        clear.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear.triggered.connect(self.search.clear)
        self.search.addAction(clear)

        self.status_combo = self._combo(_tr("全部状态"), "statusFilter")
        self.stage_combo = self._combo(_tr("全部预警"), "stageFilter")
        self.grid_combo = self._combo(_tr("全部网格"), "gridFilter")
        self.source_combo = self._combo(_tr("全部来源"), "sourceFilter")
        self.officer_combo = self._combo(_tr("全部人员"), "officerFilter")
        if self.mine:  # (never ``setVisible(True)`` on a widget not yet laid out: it would
            self.officer_combo.hide()  # open as a window of its own)
        self.date_from = self._date_edit()
        self.date_to = self._date_edit()
        self.overdue = QCheckBox(_tr("仅看逾期(&O)"))
        self.overdue.toggled.connect(lambda _on: self.reload())

        grid = QGridLayout()
        search_label = QLabel(_tr("搜索(&S)："))
        search_label.setBuddy(self.search)
        grid.addWidget(search_label, 0, 0)
        grid.addWidget(self.search, 0, 1, 1, 5)
        grid.addWidget(self.overdue, 0, 6)
        row2 = QHBoxLayout()
        for text, widget in (
            (_tr("状态(&T)："), self.status_combo), (_tr("预警(&W)："), self.stage_combo),
            (_tr("网格(&G)："), self.grid_combo), (_tr("来源(&Y)："), self.source_combo),
            (_tr("人员(&P)："), self.officer_combo), (_tr("日期从(&D)："), self.date_from),
            (_tr("至："), self.date_to),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            if widget is self.officer_combo and self.mine:
                label.hide()
            row2.addWidget(label)
            row2.addWidget(widget, 1)
        grid.addLayout(row2, 1, 0, 1, 7)

        self.table = RowsTable(self.model, sortable=True)
        self.table.setObjectName("caseTable")
        self.table.activated_row.connect(lambda row: self.open_case.emit(row.id, "basic"))
        # Team leads pick several cases (Ctrl/Shift) to build their case files at once.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.summary = QLabel()
        self.case_file_button = QPushButton(_tr("为所选案件生成案卷(&J)…"))
        self.case_file_button.setObjectName("selectedCaseFiles")
        self.case_file_button.setToolTip(_tr("按住 Ctrl 或 Shift 可选择多个案件，每个案件生成一份 PDF"))
        self.case_file_button.clicked.connect(self._case_files)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.case_file_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        order: list[QWidget] = [self.search, self.overdue, self.status_combo, self.stage_combo,
                                self.grid_combo, self.source_combo, self.officer_combo,
                                self.date_from, self.date_to, self.table]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _combo(self, everything: str, name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def _date_edit(self) -> QDateEdit:
        edit = DayEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(_tr("不限"))
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(lambda _d: self.reload())
        return edit

    # --- loading -------------------------------------------------------------------------

    def activate(self) -> None:
        """Called when the page is shown: load the filter choices once, then the list."""
        if not self._choices_loaded:
            self._choices_loaded = True
            store = self.ctx.store

            def choices(_p: Progress) -> FilterChoices:
                from gridapp.workbench.cases import filter_choices

                return filter_choices(store)

            self.ctx.tasks.run(choices, on_done=self._fill_choices, key=f"{self.objectName()}-choices",
                               error_title=_tr("无法读取筛选条件"))
        if self._preloaded:  # the first page is already shown (``show_first_page``)
            self._preloaded = False
            return
        self.reload()

    def _fill_choices(self, choices: FilterChoices) -> None:
        for combo, items in (
            (self.status_combo, choices.statuses), (self.stage_combo, choices.stages),
            (self.grid_combo, choices.grids), (self.source_combo, choices.sources),
            (self.officer_combo, choices.officers),
        ):
            combo.blockSignals(True)
            for code, zh, en in items:
                combo.addItem(pick(zh, en), code)
            combo.blockSignals(False)

    def query(self) -> CaseQuery:
        def day(edit: QDateEdit) -> date | None:
            value = edit.date()
            return None if value == NO_DATE else date(value.year(), value.month(), value.day())

        return CaseQuery(
            text=self.search.text().strip() or None,
            status=self.status_combo.currentData() or None,
            stage=self.stage_combo.currentData() or None,
            grid=self.grid_combo.currentData() or None,
            source=self.source_combo.currentData() or None,
            officer_id=None if self.mine else self.officer_combo.currentData() or None,
            mine_officer_id=self.ctx.officer.id if self.mine else None,
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            overdue=self.overdue.isChecked(),
            short_search_window=SHORT_SEARCH_WINDOW,
        )

    def reload(self) -> None:
        self._timer.stop()
        q = self.query()
        sort, descending = self._sort
        store = self.ctx.store
        name = self.objectName()
        self._loading_more = False

        def load(_p: Progress) -> CasePage:
            from gridapp.workbench.cases import case_page

            return case_page(store, q, offset=0, limit=PAGE_SIZE, sort=sort,
                             descending=descending)

        self.ctx.tasks.run(load, on_done=lambda page: self._shown(q, page), key=f"{name}-page",
                           error_title=_tr("无法查询案件"))
        self.ctx.tasks.run(lambda _p: None, key=f"{name}-more")  # a pending further page is stale

    def show_first_page(self, page: CasePage) -> None:
        """Show ``page`` as the answer to the page's default query without reading it (the quick
        start read it before the store opened: ``gridapp.workbench.first_page``); the count and
        the filter choices follow on the database lane."""
        self._preloaded = True
        self._shown(self.query(), page)

    def _shown(self, q: CaseQuery, page: CasePage) -> None:
        store, name = self.ctx.store, self.objectName()
        self.loaded_query = q
        self.model.set_rows(page.rows)
        self.total = len(page.rows)  # until the count arrives

        def count(_p: Progress) -> int:
            from gridapp.workbench.cases import case_count

            return case_count(store, q)

        self.ctx.tasks.run(count, on_done=self._counted,
                           key=f"{name}-count", error_title=_tr("无法统计案件"))
        self._show_summary(counting=True)
        self.page_shown.emit()

    def _counted(self, total: int) -> None:
        self.total = total
        self._show_summary()
        self.counted.emit(total)

    def _show_summary(self, *, counting: bool = False) -> None:
        shown = self.model.rowCount()
        text = _tr("正在统计…") if counting else _tr("共 {total} 件，已显示 {shown} 件").format(
            total=self.total, shown=shown)
        if self.loaded_query is not None and short_search(self.loaded_query.text):
            text += "　" + _tr("（只查找了最近的 {n} 件案件；输入 3 个字以上可查找全部案件）").format(
                n=SHORT_SEARCH_WINDOW)
        self.summary.setText(text)

    def _fetch_more(self) -> None:
        if self._loading_more or self.loaded_query is None:
            return
        self._loading_more = True
        q, (sort, descending), offset = self.loaded_query, self._sort, self.model.rowCount()
        store = self.ctx.store

        def more(page: CasePage) -> None:
            self._loading_more = False
            if page.offset == self.model.rowCount():
                self.model.append_rows(page.rows)
                if not page.rows:
                    self.total = self.model.rowCount()
                self._show_summary()

        def load(_p: Progress) -> CasePage:
            from gridapp.workbench.cases import case_page

            return case_page(store, q, offset=offset, limit=PAGE_SIZE, sort=sort,
                             descending=descending)

        self.ctx.tasks.run(
            load, on_done=more, on_cancel=self._more_cancelled, key=f"{self.objectName()}-more",
            error_title=_tr("无法查询案件"))

    def _more_cancelled(self) -> None:
        self._loading_more = False

    def _sort_requested(self, key: str, descending: bool) -> None:
        self._sort = (key or "opened_at", descending)
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches("case", "party", "checklist", "evidence") and self.isVisible():
            self.reload()

    def clear_filters(self) -> None:
        widgets: list[QWidget] = [self.status_combo, self.stage_combo, self.grid_combo,
                                  self.source_combo, self.officer_combo, self.search,
                                  self.date_from, self.date_to, self.overdue]
        for w in widgets:
            w.blockSignals(True)
        for combo in (self.status_combo, self.stage_combo, self.grid_combo, self.source_combo,
                      self.officer_combo):
            combo.setCurrentIndex(0)
        self.search.clear()
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.overdue.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.reload()

    def _case_files(self) -> None:
        from ui.documents.casefile import save_selected

        save_selected(self.ctx, self, self.selected_ids())

    def selected_ids(self) -> list[str]:
        """The ids of the selected cases, in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [r.id for r in (self.model.row_at(i) for i in rows) if r is not None]

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

