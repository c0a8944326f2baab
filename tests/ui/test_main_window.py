"""The main window as an officer uses it: demo on first start, search, filters, details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gridapp.paths import DB_FILENAME
from gridapp.store import StationStore
from tests.ui.conftest import DEMO_CASES
from ui.app import Launcher
from ui.case_model import COL_NUMBER, COL_PARTY
from ui.main_window import MainWindow


def _window(qtbot: QtBot, store: StationStore) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _column(window: MainWindow, col: int) -> list[str]:
    model = window.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


def test_first_start_on_empty_data_dir_shows_demo_cases(
    qtbot: QtBot, tmp_path: Path, shown_errors: list[tuple[str, str]]
) -> None:
    launcher = Launcher(tmp_path / "new-station", demo_cases=12)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert window.model.rowCount() == 12
        assert all(number for number in _column(window, COL_NUMBER))
        assert "演示中队" in window.windowTitle()
        assert "共 12 件" in window._count_label.text()
        assert window.detail.title.text() == window.model.index(0, COL_NUMBER).data()
        assert shown_errors == []
    finally:
        launcher.close()


def test_unreadable_database_is_reported_in_chinese_and_left_alone(
    qtbot: QtBot, tmp_path: Path, shown_errors: list[tuple[str, str]]
) -> None:
    data_dir = tmp_path / "broken"
    data_dir.mkdir()
    garbage = b"this is not a database" * 100
    (data_dir / DB_FILENAME).write_bytes(garbage)
    launcher = Launcher(data_dir)
    launcher.start()
    assert launcher.window is None
    assert launcher.exit_code == 1
    assert len(shown_errors) == 1
    title, text = shown_errors[0]
    assert title == "无法打开数据目录"
    assert "站点数据库" in text
    assert "Traceback" not in text
    assert (data_dir / DB_FILENAME).read_bytes() == garbage
    launcher.close()


def test_search_narrows_the_table(qtbot: QtBot, demo_store: StationStore) -> None:
    window = _window(qtbot, demo_store)
    assert window.model.total == DEMO_CASES
    number = window.model.index(5, COL_NUMBER).data()
    serial = number[-6:]  # the ASCII tail of e.g. 沪城管案〔2026〕000011
    assert serial.isdigit()
    qtbot.keyClicks(window.search, serial)
    qtbot.waitUntil(lambda: window.model.total < DEMO_CASES)
    assert number in _column(window, COL_NUMBER)
    assert all(n.endswith(serial) for n in _column(window, COL_NUMBER))

    window.search.clear()
    window.search.insert(number)  # what an input method does when it commits text
    qtbot.waitUntil(lambda: window.model.total == 1)
    assert _column(window, COL_NUMBER) == [number]

    # Two characters (below the trigram length) still search, through the LIKE fallback.
    party = next(name for name in _column(window, COL_PARTY) if name)
    window.search.clear()
    window.search.insert(party[:2])
    qtbot.waitUntil(lambda: window.model.total < DEMO_CASES)
    assert party in _column(window, COL_PARTY)
    assert window.model.total >= 1
    assert "显示" in window._count_label.text()


def test_search_without_match_shows_empty_table_and_clear_restores(
    qtbot: QtBot, demo_store: StationStore
) -> None:
    window = _window(qtbot, demo_store)
    window.search.setText("没有这样的案件")
    window.apply_filter()
    assert window.model.rowCount() == 0
    assert window.detail.title.text() == "未选择案件"
    window.clear_filters()
    assert window.model.total == DEMO_CASES


def test_filter_combos_restrict_rows(qtbot: QtBot, demo_store: StationStore) -> None:
    window = _window(qtbot, demo_store)
    closed = window.status_combo.findData("closed")
    window.status_combo.setCurrentIndex(closed)
    assert 0 < window.model.total < DEMO_CASES
    assert all(window.model.row_at(r).status == "closed"  # type: ignore[union-attr]
               for r in range(window.model.rowCount()))
    red = window.stage_combo.findData("red")
    window.stage_combo.setCurrentIndex(red)
    assert all(window.model.row_at(r).stage == "red"  # type: ignore[union-attr]
               for r in range(window.model.rowCount()))


def test_selecting_a_case_shows_its_details_and_history(
    qtbot: QtBot, demo_store: StationStore
) -> None:
    window = _window(qtbot, demo_store)
    window.table.selectRow(3)
    row = window.model.row_at(3)
    assert row is not None
    assert window.detail.title.text() == row.number
    assert window.detail.value_text("address") == row.address
    actions = [window.detail.history.topLevelItem(i).text(2)
               for i in range(window.detail.history.topLevelItemCount())]
    assert actions[0] == "登记案件"
    id_text = window.detail.value_text("id_number")
    assert "*" in id_text or id_text == "—"


def test_ctrl_f_focuses_search(qtbot: QtBot, demo_store: StationStore) -> None:
    window = _window(qtbot, demo_store)
    with qtbot.waitActive(window):
        window.activateWindow()
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.search.hasFocus)


def test_detail_and_table_agree_on_station_time_and_mask_ids(
    qtbot: QtBot, demo_store: StationStore
) -> None:
    import re

    from gridapp.timeutil import station_time
    from ui.case_model import COL_OPENED

    window = _window(qtbot, demo_store)
    for r in range(window.model.rowCount()):
        window.table.selectRow(r)
        row = window.model.row_at(r)
        assert row is not None
        shown = window.detail.value_text("opened")
        assert shown == f"{station_time(row.opened_at):%Y-%m-%d %H:%M}"
        assert window.model.index(r, COL_OPENED).data() == shown
        id_text = window.detail.value_text("id_number")
        if id_text != "—":
            assert re.fullmatch(r"[0-9A-Z]{4}\*{10}[0-9A-Z]{4}", id_text), id_text
            return
    raise AssertionError("no demo case with an identity number")


def test_grid_names_fit_their_column(
    qtbot: QtBot, qapp: QApplication, demo_store: StationStore
) -> None:
    from ui.case_model import COL_GRID
    from ui.fonts import ensure_cjk_font

    old_font = qapp.font()
    ensure_cjk_font(qapp)  # the font the desktop app uses
    try:
        window = _window(qtbot, demo_store)
        metrics = window.table.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(window.model.index(r, COL_GRID).data())
            for r in range(window.model.rowCount())
        )
        assert window.table.columnWidth(COL_GRID) >= widest + 12
    finally:
        qapp.setFont(old_font)
