"""The desktop on an encrypted station: the password given at sign-in is what opens it (a
wrong one leaves it locked), and a plain station from an earlier version is converted at its
first sign-in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gridapp.db import cipher
from gridapp.keys import slots, unlock
from gridapp.store import StationStore, confirm_move, open_store
from tests.conftest import OFFICER_BADGE, TEST_PASSWORD
from ui import signin
from ui.app import Launcher
from ui.signin import SignInDialog
from ui.signin import ask_sign_in as real_ask_sign_in

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "station_schema_0003"


def _answer(tries: list[tuple[str, str]], errors: list[str]) -> None:
    """Answer the sign-in dialog with each (badge, password) in turn, noting its error text."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, SignInDialog) or not dialog.ok.isEnabled():
        QTimer.singleShot(20, lambda: _answer(tries, errors))
        return
    if dialog.error.text():
        errors.append(dialog.error.text())
    if not tries:
        return
    badge, password = tries.pop(0)
    dialog.badge.setText(badge)
    dialog.password.setText(password)
    dialog.submit()
    QTimer.singleShot(50, lambda: _answer(tries, errors))


def test_the_password_at_sign_in_opens_an_encrypted_station(
        qtbot: QtBot, store: StationStore, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = store.data_dir
    store.close()
    unlock.forget()  # a fresh desktop process: nothing unlocked, no credentials
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    monkeypatch.setattr(signin, "ask_sign_in", real_ask_sign_in)
    errors: list[str] = []
    tries = [(OFFICER_BADGE, "不是这个密码-1"), (OFFICER_BADGE, TEST_PASSWORD)]
    QTimer.singleShot(0, lambda: _answer(tries, errors))
    launcher = Launcher(data_dir)
    launcher.start()
    try:
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
        window = launcher.window
        assert window is not None
        qtbot.addWidget(window)
        assert any("执法证号或密码不正确" in e for e in errors), errors
        assert window.ctx.officer.badge_no == OFFICER_BADGE and window.ctx.officer.name == "李明"
        qtbot.waitUntil(lambda: launcher.store is not None, timeout=30_000)
        assert launcher.store is not None and launcher.store.data_key is not None
    finally:
        launcher.close()


def test_a_plain_station_is_encrypted_at_its_first_sign_in(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "old"
    shutil.copytree(FIXTURE, data_dir)
    unlock.forget()
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    st = open_store(data_dir)  # the upgrade's migration, and this machine confirmed as its home
    confirm_move(st)
    from gridapp.accounts.signin import set_password

    with st.session() as s:
        set_password(st, s, st.officer_by_badge(s, "31010001"), "旧站点的密码-2026",
                     actor="31010001")
    st.close()
    monkeypatch.setattr(signin, "ask_sign_in", real_ask_sign_in)
    errors: list[str] = []
    QTimer.singleShot(0, lambda: _answer([("31010001", "旧站点的密码-2026")], errors))
    launcher = Launcher(data_dir)
    launcher.start()
    try:
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=60_000)
        window = launcher.window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: launcher.store is not None, timeout=30_000)
        assert launcher.store is not None and launcher.store.data_key is not None
    finally:
        launcher.close()
    assert not cipher.is_plain_sqlite(data_dir / "station.sqlite")
    keys = slots.load(data_dir)
    assert keys is not None and keys.badges == ("31010001",)
