"""The main window: filters and search over the case log, the case table and a detail pane."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp.caselog.query import CaseFilter
from gridapp.store import StationStore
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import STAGE
from ui.case_detail import CaseDetailPane, load_detail
from ui.case_model import (
    COL_ADDRESS,
    COL_GRID,
    COL_NUMBER,
    COL_OPENED,
    COL_PARTY,
    COL_STAGE,
    COL_STATUS,
    COL_VIOLATION,
    CaseTableModel,
)
from ui.errors import show_error
from ui.station_info import StationInfo, load_station_info

log = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: StationStore,
        info: StationInfo | None = None,
        settings: QSettings | None = None,
    ) -> None:
        """``settings`` keeps the window geometry between runs (none: not remembered)."""
        super().__init__()
        self.store = store
        self._settings = settings
        self.info = info or load_station_info(store)
        self.setWindowTitle(self.tr("城管网格执法助手 — {station}").format(station=self.info.name))
        self.setObjectName("mainWindow")
        self.model = CaseTableModel(store, self.info.violation_names, dict(self.info.grids))

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)

        self._build_filters()
        self._build_table()
        self.detail = CaseDetailPane()
        self.detail.setMinimumWidth(320)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([880, 400])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(self._filter_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._station_label = QLabel()
        self._count_label = QLabel()
        self.statusBar().addWidget(self._station_label)
        self.statusBar().addPermanentWidget(self._count_label)
        self._build_menus()
        self._restore_geometry()
        self.apply_filter()

    # --- construction --------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索案件编号、当事人、地点、违法事实（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        clear_search = QAction(self.search)
        clear_search.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        clear_search.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        clear_search.triggered.connect(self.search.clear)  # textChanged re-runs the search
        self.search.addAction(clear_search)

        self.status_combo = self._combo(
            self.tr("全部状态"), list(CASE_STATUS.zh_labels().items())
        )
        self.grid_combo = self._combo(
            self.tr("全部网格"), [(code, f"{code} {name}") for code, name in self.info.grids]
        )
        self.stage_combo = self._combo(self.tr("全部预警"), list(STAGE.zh_labels().items()))
        self.source_combo = self._combo(self.tr("全部来源"), list(CASE_SOURCE.zh_labels().items()))

        bar = QHBoxLayout()
        search_label = QLabel(self.tr("搜索(&S)："))
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        for text, combo in (
            (self.tr("状态(&T)："), self.status_combo),
            (self.tr("网格(&G)："), self.grid_combo),
            (self.tr("预警(&W)："), self.stage_combo),
            (self.tr("来源(&Y)："), self.source_combo),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo, 1)
        self._filter_bar = bar

    def _combo(self, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for key, label in items:
            combo.addItem(label, key)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _build_table(self) -> None:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab moves on to the detail pane, arrows move rows
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSortIndicatorClearable(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((COL_NUMBER, 165), (COL_OPENED, 125), (COL_STATUS, 125),
                           (COL_STAGE, 115), (COL_VIOLATION, 170), (COL_PARTY, 150),
                           (COL_ADDRESS, 260)):
            table.setColumnWidth(col, width)
        names = [name for _code, name in self.info.grids] or [""]
        widest = max(table.fontMetrics().horizontalAdvance(name) for name in names)
        table.setColumnWidth(COL_GRID, min(max(widest + 16, 100), 260))
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table = table

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("查看(&V)"))
        find_action = QAction(self.tr("搜索案件(&F)"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.triggered.connect(self.focus_search)
        refresh_action = QAction(self.tr("刷新(&R)"), self)
        refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh_action.triggered.connect(self.refresh)
        clear_action = QAction(self.tr("清除筛选条件(&C)"), self)
        clear_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        clear_action.triggered.connect(self.clear_filters)
        table_action = QAction(self.tr("转到案件列表(&L)"), self)
        table_action.setShortcut(QKeySequence("Ctrl+L"))
        table_action.triggered.connect(self.table.setFocus)
        for action in (find_action, refresh_action, clear_action, table_action):
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about_action = QAction(self.tr("关于(&A)"), self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)

    # --- behaviour -----------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            text=self.search.text().strip() or None,
            status=self.status_combo.currentData(),
            grid=self.grid_combo.currentData(),
            stage=self.stage_combo.currentData(),
            source=self.source_combo.currentData(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        selected = self.selected_case_id()
        try:
            self.model.set_filter(self.current_filter())
        except Exception as exc:  # reported to the user; the table keeps its last state
            show_error(self, exc, self.tr("无法查询案件"))
            return
        row = self.model.row_of(selected) if selected else -1
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.detail.show_case(None)
        self._update_status()

    def refresh(self) -> None:
        try:
            self.info = load_station_info(self.store)
        except Exception as exc:  # reported to the user
            show_error(self, exc, self.tr("无法刷新"))
            return
        self.apply_filter()

    def clear_filters(self) -> None:
        for combo in (self.status_combo, self.grid_combo, self.stage_combo, self.source_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_case_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.model.row_at(rows[0].row())
        return row.id if row else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        case_id = self.selected_case_id()
        if case_id is None:
            self.detail.show_case(None)
            return
        try:
            detail = load_detail(
                self.store, case_id, self.info.violation_names, dict(self.info.grids)
            )
        except Exception as exc:  # reported to the user
            show_error(self, exc, self.tr("无法读取案件"))
            return
        self.detail.show_case(detail)

    def select_first(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, COL_NUMBER, QModelIndex()))
            self.table.selectRow(0)

    def _update_status(self) -> None:
        self._station_label.setText(
            self.tr("站点：{name}　规则包：{pack}").format(
                name=self.info.name, pack=self.info.pack_name
            )
        )
        self._count_label.setText(
            self.tr("显示 {shown} 件 / 共 {total} 件").format(
                shown=self.model.total, total=self.info.case_count
            )
        )

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于"),
            self.tr("城管网格执法助手（gridapp）\n离线优先的案件登记、证据与执法文书工具。\n"
                    "数据目录：{path}").format(path=self.store.data_dir),
        )

    # --- geometry ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("mainWindow/geometry") if self._settings else None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._settings is not None:
            self._settings.setValue("mainWindow/geometry", self.saveGeometry())
        super().closeEvent(event)
