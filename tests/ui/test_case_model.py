"""The case table model: Qt's model checker, paging, sorting over the whole result."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from gridapp.caselog.query import CaseFilter
from gridapp.store import StationStore
from tests.ui.conftest import DEMO_CASES
from ui.case_model import (
    COL_NUMBER,
    COL_OPENED,
    COL_STATUS,
    COLUMN_COUNT,
    ID_ROLE,
    SORT_ROLE,
    CaseTableModel,
)
from ui.station_info import load_station_info


def _model(store: StationStore, page_size: int = 100) -> CaseTableModel:
    info = load_station_info(store)
    return CaseTableModel(store, info.violation_names, dict(info.grids), page_size=page_size)


def test_model_passes_qt_model_checker(demo_store: StationStore, qtmodeltester: ModelTester) -> None:
    model = _model(demo_store, page_size=15)
    model.set_filter(CaseFilter())
    qtmodeltester.check(model)
    model.set_filter(CaseFilter(text="不存在的当事人名字"))
    qtmodeltester.check(model)


def test_pages_are_loaded_on_demand(demo_store: StationStore) -> None:
    model = _model(demo_store, page_size=15)
    model.set_filter(CaseFilter())
    assert model.total == DEMO_CASES
    assert model.rowCount() == 15
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == DEMO_CASES
    assert not model.canFetchMore(QModelIndex())
    ids = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == DEMO_CASES


def test_rows_come_newest_first_with_native_sort_values(demo_store: StationStore) -> None:
    model = _model(demo_store)
    model.set_filter(CaseFilter())
    opened = [model.index(r, COL_OPENED).data(SORT_ROLE) for r in range(model.rowCount())]
    assert all(isinstance(value, datetime) for value in opened)
    assert opened == sorted(opened, reverse=True)
    assert model.columnCount() == COLUMN_COUNT
    assert model.headerData(COL_NUMBER, Qt.Orientation.Horizontal) == "案件编号"


def test_sorting_covers_cases_not_yet_loaded(demo_store: StationStore) -> None:
    model = _model(demo_store, page_size=10)
    model.set_filter(CaseFilter())
    model.sort(COL_NUMBER, Qt.SortOrder.AscendingOrder)
    numbers = [model.index(r, COL_NUMBER).data() for r in range(model.rowCount())]
    assert len(numbers) == DEMO_CASES
    assert numbers == sorted(numbers)
    model.sort(COL_NUMBER, Qt.SortOrder.DescendingOrder)
    assert model.index(0, COL_NUMBER).data() == max(numbers)
    # A new filter keeps the chosen order.
    model.set_filter(CaseFilter(status="closed"))
    closed = [model.index(r, COL_NUMBER).data() for r in range(model.rowCount())]
    assert closed == sorted(closed, reverse=True)
    # Clearing the sort column returns to newest first.
    model.sort(-1)
    opened = [model.index(r, COL_OPENED).data(SORT_ROLE) for r in range(model.rowCount())]
    assert opened == sorted(opened, reverse=True)


def test_status_filter_and_labels(demo_store: StationStore) -> None:
    model = _model(demo_store)
    model.set_filter(CaseFilter(status="closed"))
    assert 0 < model.total < DEMO_CASES
    labels = {model.index(r, COL_STATUS).data() for r in range(model.rowCount())}
    assert labels == {"已结案"}
