"""The case list as a Qt table model: light ``CaseRow`` values, paged in on demand.

Contract: the model holds the rows loaded so far for one ``CaseFilter`` (newest first, as the
core returns them) and loads the next page when the view scrolls near the end (``fetchMore``).
``SORT_ROLE`` returns plain Python values; sorting by a column first loads every matching row,
so the order is right for the whole result, not just the loaded pages. Reads go through
``gridapp.caselog.query`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gridapp.caselog.query import CaseFilter, CaseRow, count_cases, list_cases
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import COLOURS as STAGE_COLOURS
from gridapp.vocab.stage import STAGE

PAGE_SIZE = 100

COL_NUMBER = 0
COL_OPENED = 1
COL_STATUS = 2
COL_STAGE = 3
COL_VIOLATION = 4
COL_PARTY = 5
COL_ADDRESS = 6
COL_GRID = 7
COL_SOURCE = 8
COLUMN_COUNT = 9

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

OVERDUE_COLOUR = "#c0392b"

AnyIndex = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseTableModel", text)


def headers() -> tuple[str, ...]:
    return (
        _tr("案件编号"), _tr("发现时间"), _tr("状态"), _tr("预警"), _tr("违法行为"),
        _tr("当事人"), _tr("地点"), _tr("网格"), _tr("来源"),
    )


def _local(moment: datetime) -> datetime:
    return station_time(moment)


class CaseTableModel(QAbstractTableModel):
    def __init__(
        self,
        store: StationStore,
        violation_names: Mapping[str, str] | None = None,
        grid_names: Mapping[str, str] | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__()
        self._store = store
        self._page_size = page_size
        self._violation_names = dict(violation_names or {})
        self._grid_names = dict(grid_names or {})
        self._filter = CaseFilter()
        self._rows: list[CaseRow] = []
        self._total = 0
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._headers = headers()

    # --- loading -------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def total(self) -> int:
        """Number of cases matching the filter (loaded or not)."""
        return self._total

    def set_filter(self, flt: CaseFilter) -> None:
        """Replace the whole result with the first page for ``flt``."""
        self.beginResetModel()
        self._filter = flt
        with self._store.read() as session:
            self._total = count_cases(session, flt)
            self._rows = self._page(session, 0)
        if self._sort is not None:
            self._load_all()
            self._rows.sort(key=self._sort_key(*self._sort), reverse=self._reverse())
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    def _page(self, session: Any, offset: int) -> list[CaseRow]:
        return list_cases(
            session, self._filter, offset=offset, limit=self._page_size,
            violation_names=self._violation_names,
        )

    def _load_all(self) -> None:
        with self._store.read() as session:
            while len(self._rows) < self._total:
                page = self._page(session, len(self._rows))
                if not page:
                    self._total = len(self._rows)
                    break
                self._rows.extend(page)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        with self._store.read() as session:
            page = self._page(session, len(self._rows))
        if not page:
            # The table shrank under us (another writer); stop asking for more.
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # --- shape ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < COLUMN_COUNT
        ):
            return self._headers[section]
        return None

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == case_id:
                return i
        return -1

    # --- cells ---------------------------------------------------------------------------

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        col = index.column()
        if row is None or not 0 <= col < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == SORT_ROLE:
            return _SORT_VALUES[col](row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STAGE:
            return QColor(STAGE_COLOURS.get(row.stage, "#808080"))
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and col in (
            COL_NUMBER, COL_STATUS
        ):
            return QBrush(QColor(OVERDUE_COLOUR))
        return None

    def _display(self, row: CaseRow, col: int) -> str:
        if col == COL_NUMBER:
            return row.number
        if col == COL_OPENED:
            return f"{_local(row.opened_at):%Y-%m-%d %H:%M}"
        if col == COL_STATUS:
            label = CASE_STATUS.zh(row.status)
            return label + (_tr("（逾期）") if row.overdue else "")
        if col == COL_STAGE:
            return STAGE.zh(row.stage)
        if col == COL_VIOLATION:
            return row.violation_name
        if col == COL_PARTY:
            return row.party_name
        if col == COL_ADDRESS:
            return row.address
        if col == COL_GRID:
            return self._grid_names.get(row.grid_code, row.grid_code)
        return CASE_SOURCE.zh(row.source)

    def _tooltip(self, row: CaseRow, col: int) -> str | None:
        if col == COL_ADDRESS:
            return row.address
        if col == COL_GRID:
            return row.grid_code
        if col == COL_STATUS and row.overdue:
            return _tr("已超过整改或办理期限")
        return None

    # --- sorting -------------------------------------------------------------------------

    def _sort_key(self, column: int, order: Qt.SortOrder) -> Callable[[CaseRow], Any]:
        value = _SORT_VALUES[column]
        return lambda row: (value(row), row.opened_at, row.id)

    def _reverse(self) -> bool:
        return self._sort is not None and self._sort[1] == Qt.SortOrder.DescendingOrder

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the whole result by ``column``; ``-1`` restores the newest-first order."""
        if not -1 <= column < COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = [row.id for row in self._rows]
        if column < 0:
            self._sort = None
            self._rows.sort(key=lambda r: r.id)
            self._rows.sort(key=lambda r: r.opened_at, reverse=True)
        else:
            self._load_all()
            self._sort = (column, order)
            self._rows.sort(key=self._sort_key(column, order), reverse=self._reverse())
        new_pos = {row.id: i for i, row in enumerate(self._rows)}
        moved_from: list[QModelIndex] = []
        moved_to: list[QModelIndex] = []
        for index in self.persistentIndexList():
            if not index.isValid() or index.row() >= len(old_ids):
                continue
            new_row = new_pos.get(old_ids[index.row()], -1)
            moved_from.append(index)
            moved_to.append(
                self.index(new_row, index.column()) if new_row >= 0 else QModelIndex()
            )
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()


_STATUS_ORDER = {status: i for i, status in enumerate(CASE_STATUS.codes)}

_SORT_VALUES: tuple[Callable[[CaseRow], Any], ...] = (
    lambda r: r.number,
    lambda r: r.opened_at,
    lambda r: _STATUS_ORDER.get(r.status, len(_STATUS_ORDER)),
    lambda r: STAGE.codes.index(r.stage) if r.stage in STAGE else 9,
    lambda r: r.violation_name,
    lambda r: r.party_name,
    lambda r: r.address,
    lambda r: r.grid_code,
    lambda r: r.source,
)
