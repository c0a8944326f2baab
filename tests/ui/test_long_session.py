"""A long working session must not wear the process down until it aborts."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.context import AppContext
from ui.main_window import PAGE_ALL, MainWindow


def test_browsing_cases_keeps_none_alive(qtbot: QtBot, ctx: AppContext) -> None:
    """PySide6 6.12.0 drops a reference to ``None`` on every call of a C++ method returning
    void; on Python 3.11 (Debian 12) ``None`` is not immortal, so after a few thousand label
    updates the interpreter aborts with "deallocating None". Arrowing through the case list
    must leave the count of references to ``None`` where it was."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(PAGE_ALL)
    page = window.all_cases
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not ctx.tasks.busy)
    page.table.selectRow(0)
    page.table.setFocus()
    # Garbage left by earlier tests in this process must not be collected while counting: freeing
    # it drops references to None too (by thousands), which would hide or fake a leak.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(20):
            qtbot.keyClick(page.table, Qt.Key.Key_Down)
        for _ in range(20):
            qtbot.keyClick(page.table, Qt.Key.Key_Up)
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert page.model.row_at(page.table.currentIndex().row()) is not None
    assert after >= before - 50, f"references to None fell from {before} to {after}"
