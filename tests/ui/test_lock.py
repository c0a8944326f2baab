"""The idle lock: after the idle time every window is covered — the grabbed pixels no longer
depend on the party data underneath — and only the signed-in officer's password opens it;
input keeps it open; 退出登录 returns to the sign-in; background work goes on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from gridapp.accounts import signin as core_signin
from gridapp.store import StationStore
from ui import signin
from ui.app import Launcher
from ui.context import AppContext, SignedIn
from ui.lock import COVER_NAME, Cover
from ui.main_window import PAGE_LAWS, PAGE_PARTIES, MainWindow
from ui.tasks import TaskRunner

PASSWORD = "巡查-2026-南京东路"
IDLE_MS = 300


@pytest.fixture(autouse=True)
def _no_lock_left(qapp: QApplication) -> Iterator[None]:
    """A locked window refuses to close (nobody is asked about what they cannot see): unlock
    what a test left locked, so the next test's windows are not covered."""
    yield
    for widget in qapp.topLevelWidgets():
        lock = getattr(widget, "screen_lock", None)
        if isinstance(widget, MainWindow) and lock is not None:
            if lock.locked:
                lock.unlock()
            lock.detach()


def give_password(store: StationStore, badge: str) -> None:
    with store.session() as s:
        officer = store.officer_by_badge(s, badge)
        core_signin.set_password(store, s, officer, PASSWORD, actor=badge)


def parties_window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow(PAGE_PARTIES)
    qtbot.waitUntil(lambda: window.parties.model.rowCount() > 0, timeout=10_000)
    return window


def covers(widget: QWidget) -> list[QWidget]:
    return [c for c in widget.findChildren(QWidget, COVER_NAME) if c.isVisible()]


def unlock_with(qtbot: QtBot, window: MainWindow, password: str) -> None:
    lock = window.screen_lock
    assert lock is not None and lock.panel is not None
    panel = lock.panel
    panel.password.setText(password)
    qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not lock._checking, timeout=10_000)


def test_the_idle_lock_hides_party_data_and_opens_only_with_the_password(
    qtbot: QtBot, ctx: AppContext
) -> None:
    give_password(ctx.store, ctx.officer.badge_no)
    window = parties_window(qtbot, ctx)
    party = window.parties.model.rows[0]
    # A dialog showing the party, open when the officer walks away.
    box = QDialog(window)
    box.setWindowTitle("当事人 " + party.name)
    text = QLabel(f"{party.name}　{party.id_number_masked}", box)
    box.setFixedSize(400, 200)
    box.show()
    qtbot.waitExposed(box)
    before = window.grab().toImage()

    window.install_lock(IDLE_MS)
    lock = window.screen_lock
    assert lock is not None
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)

    shot = window.grab().toImage()
    assert shot != before
    window.stack.setCurrentWidget(window.page(PAGE_LAWS))  # nothing of any party underneath
    assert window.grab().toImage() == shot, "the locked window shows nothing of what it covers"
    box_shot = box.grab().toImage()
    text.setText("另一段无关的文字")
    assert box.grab().toImage() == box_shot, "an open dialog's content is covered too"
    assert box.windowTitle() == "已锁定" and party.name not in box.windowTitle()
    visible_text = " ".join(label.text() for w in (window, box) for c in covers(w)
                            for label in c.findChildren(QLabel))
    assert party.name not in visible_text and ctx.officer.name in visible_text
    assert not window.nav.isEnabled() and not window.menuBar().isEnabled()
    assert all(isinstance(c, Cover) for c in covers(window) + covers(box))

    unlock_with(qtbot, window, "not-the-password")
    assert lock.locked and lock.panel is not None
    assert "执法证号或密码不正确" in lock.panel.error.text()

    unlock_with(qtbot, window, PASSWORD)
    assert not lock.locked and covers(window) == [] and covers(box) == []
    assert window.nav.isEnabled() and box.windowTitle() == "当事人 " + party.name
    box.close()


def test_input_keeps_the_window_open(qtbot: QtBot, ctx: AppContext) -> None:
    window = parties_window(qtbot, ctx)
    window.install_lock(IDLE_MS)
    lock = window.screen_lock
    assert lock is not None
    for i in range(8):  # about twice the idle time, with input all along
        qtbot.wait(IDLE_MS // 4)
        qtbot.mouseMove(window.nav, QPoint(5 + i, 5 + i))
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)


def test_a_modal_dialog_takes_the_unlock_form_and_the_session_lock_locks(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """A modal dialog keeps input from the main window: its cover holds the form."""
    give_password(ctx.store, ctx.officer.badge_no)
    window = parties_window(qtbot, ctx)
    window.install_lock(60_000)
    lock = window.screen_lock
    assert lock is not None
    box = QMessageBox(QMessageBox.Icon.Question, "问题", "保存修改？", parent=window)
    box.open()  # window-modal, like the pages' questions
    qtbot.waitExposed(box)
    lock.session_locked()  # what the screensaver / logind signal calls
    assert lock.locked and lock.panel is not None and lock.panel.window() is box
    unlock_with(qtbot, window, PASSWORD)
    assert not lock.locked and box.isVisible(), "the dialog is still there to answer"
    box.close()


def test_background_work_goes_on_while_locked(qtbot: QtBot, ctx: AppContext) -> None:
    window = parties_window(qtbot, ctx)
    window.lock()
    assert window.screen_lock is not None and window.screen_lock.locked
    done: list[int] = []
    ctx.tasks.run(lambda _p: 42, on_done=done.append)
    qtbot.waitUntil(lambda: done == [42], timeout=5_000)


def test_signing_out_from_the_lock_lets_another_officer_sign_in(
    qtbot: QtBot, demo_store: StationStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from gridapp.workbench.status import officer_choices

    data_dir = demo_store.data_dir
    officers = [c for c in officer_choices(demo_store) if c.active]
    demo_store.close()
    queue = [officers[0], officers[1]]

    def next_officer(_station: str, _store: StationStore, _tasks: TaskRunner, *, badge: str,
                     demo: bool) -> SignedIn:
        return SignedIn(signin.acting(queue.pop(0)))

    monkeypatch.setattr(signin, "ask_sign_in", next_officer)
    launcher = Launcher(data_dir)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=20_000)
    first = launcher.window
    assert first is not None
    try:
        qtbot.waitUntil(lambda: first.screen_lock is not None, timeout=10_000)
        first.lock()
        lock = first.screen_lock
        assert lock is not None and lock.panel is not None
        qtbot.mouseClick(lock.panel.sign_out, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: launcher.window is not None and launcher.window is not first,
                        timeout=20_000)
        second = launcher.window
        assert second is not None
        qtbot.addWidget(second)
        assert second.ctx.officer.id == officers[1].id
    finally:
        launcher.close()


def test_unlock_is_checked_off_the_gui_thread(qtbot: QtBot, ctx: AppContext,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from ui import lock as lock_module

    threads: list[bool] = []
    real = lock_module.authenticate

    def spy(store: StationStore, badge: str, password: str) -> SignedIn:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(store, badge, password)

    monkeypatch.setattr(lock_module, "authenticate", spy)
    give_password(ctx.store, ctx.officer.badge_no)
    window = parties_window(qtbot, ctx)
    window.lock()
    unlock_with(qtbot, window, PASSWORD)
    assert threads == [False]


def test_a_window_that_appears_while_locked_is_covered_and_can_be_unlocked_from(
    qtbot: QtBot, ctx: AppContext
) -> None:
    """A message box from background work, shown after the lock: covered at once; when modal,
    it takes the unlock form (it keeps input from the main window)."""
    give_password(ctx.store, ctx.officer.badge_no)
    window = parties_window(qtbot, ctx)
    party = window.parties.model.rows[0]
    window.lock()
    lock = window.screen_lock
    assert lock is not None
    box = QMessageBox(QMessageBox.Icon.Warning, "当事人 " + party.name, party.name, parent=window)
    box.open()
    qtbot.waitExposed(box)
    assert covers(box) and box.windowTitle() == "已锁定"
    assert lock.panel is not None and lock.panel.window() is box
    unlock_with(qtbot, window, PASSWORD)
    assert not lock.locked and covers(box) == [] and box.windowTitle() == "当事人 " + party.name
    box.close()
