"""Keyboard-only use of the main window: new case, moving through a page, opening and closing
a case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui import wizard as wizard_module
from ui.context import AppContext
from ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _parent: True)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitActive(w):
        w.activateWindow()
    return w


def test_ctrl_n_opens_the_new_case_wizard_once(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible())
    first = window.wizard
    window.new_case()
    assert window.wizard is first, "a second Ctrl+N raises the open wizard"
    assert first is not None
    first.reject()
    qtbot.waitUntil(lambda: window.wizard is None)


def test_tab_moves_from_the_search_through_the_filters_to_the_list(
    qtbot: QtBot, window: MainWindow
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    page = window.all_cases
    qtbot.waitUntil(page.search.hasFocus)
    reached = []
    for _ in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if page.table.hasFocus():
            break
    names = [w.objectName() or type(w).__name__ for w in reached]
    assert page.table.hasFocus(), f"Tab reaches the case list, went {names}"
    for widget in (page.status_combo, page.stage_combo, page.grid_combo, page.source_combo,
                   page.officer_combo, page.overdue):
        assert widget in reached, f"{widget.objectName() or widget} is not reachable by Tab"


def test_enter_opens_the_case_and_ctrl_w_closes_it(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.all_cases
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_view
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is page
