"""Sign-in with badge and password: right and wrong passwords, the back-off the core imposes
shown in Chinese, a temporary password replaced before the window opens, the demo account in
one step, Enter and Esc, and the launcher remembering the last badge."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gridapp.accounts import signin as core_signin
from gridapp.demo import DEMO_BADGE
from gridapp.keys import backoff
from gridapp.officers import retire
from gridapp.store import StationStore
from gridapp.workbench.status import officer_choices
from ui import signin
from ui.app import Launcher
from ui.context import SignedIn, StoreOpening
from ui.signin import SignInDialog
from ui.signin import ask_sign_in as real_ask_sign_in  # before the autouse fixture replaces it
from ui.tasks import TaskRunner

PASSWORD = "巡查-2026-南京东路"
OFFICER = "31010002"  # 李明, a demo officer


@pytest.fixture
def tasks() -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()


def give_password(store: StationStore, badge: str, password: str = PASSWORD) -> None:
    with store.session() as s:
        officer = store.officer_by_badge(s, badge)
        core_signin.set_password(store, s, officer, password, actor=DEMO_BADGE)


def dialog_for(qtbot: QtBot, store: StationStore, tasks: TaskRunner, **kw: object
               ) -> SignInDialog:
    dialog = SignInDialog("演示中队", store, tasks, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def attempt(qtbot: QtBot, dialog: SignInDialog, badge: str, password: str) -> None:
    dialog.badge.setText(badge)
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def test_the_right_password_signs_in_and_a_wrong_one_is_refused_in_chinese(
    qtbot: QtBot, demo_store: StationStore, tasks: TaskRunner
) -> None:
    give_password(demo_store, OFFICER)
    dialog = dialog_for(qtbot, demo_store, tasks)
    attempt(qtbot, dialog, OFFICER, "not-the-password")
    assert dialog.isVisible() and dialog.signed_in() is None
    assert "执法证号或密码不正确" in dialog.error.text() and dialog.error.isVisible()
    assert dialog.password.text() == "", "a refused password is cleared"
    attempt(qtbot, dialog, OFFICER, PASSWORD)
    signed = dialog.signed_in()
    assert signed is not None and not dialog.isVisible(), dialog.error.text()
    assert (signed.officer.name, signed.officer.badge_no, signed.officer.role) == (
        "李明", OFFICER, "officer")


def test_repeated_failures_show_the_back_off_wait(
    qtbot: QtBot, demo_store: StationStore, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    give_password(demo_store, OFFICER)
    moment = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    monkeypatch.setattr(backoff, "now", lambda: moment)
    dialog = dialog_for(qtbot, demo_store, tasks)
    for n in range(core_signin.BACKOFF_AFTER):
        attempt(qtbot, dialog, OFFICER, f"wrong-{n}")
        assert "执法证号或密码不正确" in dialog.error.text()
    attempt(qtbot, dialog, OFFICER, PASSWORD)  # even the right password waits now
    assert "输错次数较多" in dialog.error.text() and "秒后再试" in dialog.error.text()
    assert dialog.signed_in() is None
    moment += timedelta(seconds=5)
    attempt(qtbot, dialog, OFFICER, PASSWORD)
    assert dialog.signed_in() is not None


def test_a_temporary_password_is_replaced_before_the_window_opens(
    qtbot: QtBot, demo_store: StationStore, tasks: TaskRunner
) -> None:
    give_password(demo_store, OFFICER)
    temporary = core_signin.reset_password(demo_store, OFFICER, actor=DEMO_BADGE)
    dialog = dialog_for(qtbot, demo_store, tasks, badge=OFFICER)
    attempt(qtbot, dialog, OFFICER, temporary)
    assert dialog.isVisible() and dialog.pages.currentIndex() == 1
    assert "临时密码" in dialog.change.intro.text()
    dialog.change.new.setText("新的密码-2026")
    dialog.change.confirm.setText("另一个密码-2026")
    qtbot.keyClick(dialog.change.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "两次输入的新密码不一致" in dialog.error.text() and dialog.isVisible()
    dialog.change.confirm.setText("新的密码-2026")
    qtbot.keyClick(dialog.change.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    signed = dialog.signed_in()
    assert signed is not None and signed.officer.badge_no == OFFICER and signed.needs == ""
    who = core_signin.sign_in(demo_store, OFFICER, "新的密码-2026")
    assert not who.must_change_password
    with pytest.raises(core_signin.SignInRefused):
        core_signin.sign_in(demo_store, OFFICER, temporary)


def test_the_demo_account_is_filled_in_and_enter_starts(
    qtbot: QtBot, demo_store: StationStore, tasks: TaskRunner
) -> None:
    dialog = dialog_for(qtbot, demo_store, tasks, badge=DEMO_BADGE, demo=True)
    assert dialog.badge.text() == DEMO_BADGE
    assert "无需密码" in dialog.findChild(type(dialog.error), "demoNote").text()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.isVisible(), timeout=10_000)
    signed = dialog.signed_in()
    assert signed is not None and signed.officer.name == "张建国"


def test_escape_leaves_without_signing_in(qtbot: QtBot, demo_store: StationStore,
                                          tasks: TaskRunner) -> None:
    dialog = dialog_for(qtbot, demo_store, tasks)
    qtbot.keyClick(dialog.badge, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.signed_in() is None


def test_an_empty_badge_is_asked_for_without_a_check(qtbot: QtBot, demo_store: StationStore,
                                                      tasks: TaskRunner) -> None:
    dialog = dialog_for(qtbot, demo_store, tasks)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.error.text() == "请输入执法证号" and not dialog.busy


def test_the_launcher_signs_in_before_the_store_opens_and_remembers_the_badge(
    qtbot: QtBot, demo_store: StationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = demo_store.data_dir
    second = [c for c in officer_choices(demo_store) if c.active][1]
    demo_store.close()
    offered: list[str] = []
    before_open: list[bool] = []

    def sign_second(_station: str, store: StationStore, _tasks: TaskRunner, *, badge: str,
                    demo: bool) -> SignedIn:
        assert demo, "the demo station says so at sign-in"
        offered.append(badge)
        before_open.append(isinstance(store, StoreOpening))
        return SignedIn(signin.acting(second))

    monkeypatch.setattr(signin, "ask_sign_in", sign_second)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for _ in range(2):
        launcher = Launcher(data_dir, settings=settings)
        launcher.start()
        qtbot.waitUntil(lambda launcher=launcher: launcher.window is not None, timeout=20_000)
        window = launcher.window
        assert window is not None
        qtbot.addWidget(window)
        assert window.ctx.officer.id == second.id
        assert second.name in window._officer_label.text()
        qtbot.waitUntil(lambda window=window: "【演示数据】" in window.windowTitle())
        window.close()
        launcher.close()
    assert offered == [DEMO_BADGE, second.badge_no], (
        "the demo account is filled in first, then the badge that signed in last")
    assert before_open == [True, True], "sign-in comes before the station store is opened"


def test_a_retired_officer_named_on_the_command_line_cannot_sign_in(
    qtbot: QtBot, demo_store: StationStore, shown_errors: list[tuple[str, str]]
) -> None:
    active = [c for c in officer_choices(demo_store) if c.active]
    with demo_store.session() as s:
        retire(demo_store, s, active[1].badge_no, actor=active[0].badge_no)
    data_dir = demo_store.data_dir
    demo_store.close()
    exits: list[int] = []
    launcher = Launcher(data_dir, officer_badge=active[1].badge_no, on_exit=exits.append)
    launcher.start()
    qtbot.waitUntil(lambda: exits != [], timeout=20_000)
    assert exits == [1] and launcher.window is None
    assert shown_errors and active[1].badge_no in shown_errors[0][1]
    launcher.close()


def test_an_account_with_a_password_named_on_the_command_line_still_signs_in(
    qtbot: QtBot, demo_store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--officer`` skips the dialog only for a demo station's password-less account."""
    give_password(demo_store, OFFICER)
    data_dir = demo_store.data_dir
    demo_store.close()
    asked: list[str] = []

    def ask(_station: str, store: StationStore, _tasks: TaskRunner, *, badge: str,
            demo: bool) -> SignedIn | None:
        asked.append(badge)
        return None

    monkeypatch.setattr(signin, "ask_sign_in", ask)
    exits: list[int] = []
    launcher = Launcher(data_dir, officer_badge=OFFICER, on_exit=exits.append)
    launcher.start()
    qtbot.waitUntil(lambda: exits != [] or launcher.window is not None, timeout=20_000)
    assert asked == [OFFICER] and exits == [0] and launcher.window is None
    launcher.close()


def test_the_real_dialog_signs_in_while_the_station_opens_behind_it(
    qtbot: QtBot, demo_store: StationStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    give_password(demo_store, OFFICER)
    data_dir = demo_store.data_dir
    demo_store.close()
    monkeypatch.setattr(signin, "ask_sign_in", real_ask_sign_in)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.badge.text())
        dialog.badge.setText(OFFICER)
        dialog.password.setText(PASSWORD)
        dialog.submit()

    QTimer.singleShot(0, answer)
    launcher = Launcher(data_dir)
    launcher.start()
    try:
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
        window = launcher.window
        assert window is not None
        qtbot.addWidget(window)
        assert seen == [DEMO_BADGE] and window.ctx.officer.badge_no == OFFICER
        qtbot.waitUntil(lambda: launcher.store is not None, timeout=30_000)
    finally:
        launcher.close()
