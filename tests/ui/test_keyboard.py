"""Keyboard-only use of the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gridapp.store import StationStore
from ui.main_window import MainWindow


def _active_window(qtbot: QtBot, store: StationStore) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    window.select_first()
    return window


def test_tab_leaves_the_case_table_for_the_history(
    qtbot: QtBot, demo_store: StationStore
) -> None:
    window = _active_window(qtbot, demo_store)
    window.table.setFocus()
    qtbot.waitUntil(window.table.hasFocus)
    row = window.table.currentIndex().row()
    qtbot.keyClick(window.table, Qt.Key.Key_Tab)
    fields = QApplication.focusWidget()
    assert fields is not None and window.detail.isAncestorOf(fields)  # the scrolling fields
    assert window.table.currentIndex().row() == row
    qtbot.keyClick(fields, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.detail.history
    for _ in range(2):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.table


def test_escape_in_search_clears_it_and_shows_all_cases(
    qtbot: QtBot, demo_store: StationStore
) -> None:
    window = _active_window(qtbot, demo_store)
    total = window.model.total
    window.focus_search()
    window.search.insert("没有这样的案件")  # what an input method does when it commits text
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.model.total == 0
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    qtbot.waitUntil(lambda: window.model.total == total)
