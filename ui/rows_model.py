"""A read-only table model over a tuple of plain rows (the dataclasses the workbench returns).

Contract: the model never queries; a page fetches rows on a task lane and hands them over with
``set_rows`` (replace) or ``append_rows`` (a further page). Columns are described once by
``Column``s: a header, the display text of a row, and optionally a tooltip, a colour and a sort
key. ``ROW_ROLE`` returns the row object itself. ``sort`` does not reorder rows itself: it emits
``sort_requested`` so the page can ask the core for the whole result in that order (a page is
only a window on it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 10
_ROLES = frozenset(int(r) for r in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.DecorationRole, ROW_ROLE))


@dataclass(frozen=True)
class Column(Generic[R]):
    header: Callable[[], str]  # called at display time, so a language switch shows at once
    text: Callable[[R], str]
    tooltip: Callable[[R], str | None] | None = None
    colour: Callable[[R], str | None] | None = None
    decoration: Callable[[R], str | None] | None = None  # a colour swatch
    sort_key: str | None = None  # the core's name for sorting by this column; None: not sortable
    width: int = 120


class RowsModel(QAbstractTableModel, Generic[R]):
    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[R] = []
        self.can_fetch_more: Callable[[], bool] = lambda: False
        self.fetch_more: Callable[[], None] = lambda: None

    @property
    def rows(self) -> tuple[R, ...]:
        return tuple(self._rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[R]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].header()
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks about seven roles of every cell it paints; most are none of ours.
        if role not in _ROLES or not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None or not 0 <= index.column() < len(self.columns):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.DecorationRole and column.decoration is not None:
            colour = column.decoration(row)
            return QColor(colour) if colour else None
        return None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.can_fetch_more()

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if not parent.isValid() and self.can_fetch_more():
            self.fetch_more()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(self.columns) and (key := self.columns[column].sort_key):
            self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)
        elif column < 0:
            self.sort_requested.emit("", True)
