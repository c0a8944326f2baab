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


def test_a_desktop_session_leaves_no_personal_data_in_the_data_directory(
        qtbot: QtBot, store: StationStore, demo_case: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The desktop's own files — its log above all — join the byte search of the core's
    test (tests/documents/test_encrypted_at_rest.py): sign in, open the case with its party,
    search by the party's name and ID number, close; nothing in the directory names
    the party."""
    import logging

    from tests.conftest import DEMO_CASE_INPUT, DEMO_PARTY_ID
    from tests.documents.test_encrypted_at_rest import MAGIC
    from ui.app import log_to_file

    data_dir = store.data_dir
    case_id = getattr(demo_case, "id")
    store.close()
    unlock.forget()
    monkeypatch.delenv("GRIDAPP_PASSWORD")
    monkeypatch.delenv("GRIDAPP_OFFICER")
    monkeypatch.setattr(signin, "ask_sign_in", real_ask_sign_in)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)  # everything the desktop says, not only warnings
    log_file = log_to_file(data_dir)
    assert log_file is not None
    errors: list[str] = []
    QTimer.singleShot(0, lambda: _answer([(OFFICER_BADGE, "wrong-password-1"),
                                          (OFFICER_BADGE, TEST_PASSWORD)], errors))
    launcher = Launcher(data_dir)
    launcher.start()
    try:
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
        window = launcher.window
        assert window is not None
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: launcher.store is not None, timeout=30_000)
        window.open_case(case_id)
        party = DEMO_CASE_INPUT["party"]
        assert isinstance(party, dict)
        window.focus_search()  # the 全部案件 page, its search box
        page = window.stack.currentWidget()
        for text in (str(party["name"]), DEMO_PARTY_ID):
            page.search.setText(text)  # type: ignore[attr-defined]
            page.reload()  # type: ignore[attr-defined]
            qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=30_000)
        qtbot.waitUntil(lambda: not window.ctx.tasks.busy, timeout=30_000)
    finally:
        launcher.close()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", "") == str(log_file):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert log_file.stat().st_size > 0, "the desktop wrote its log"
    party = DEMO_CASE_INPUT["party"]
    assert isinstance(party, dict)
    texts = [str(party["name"]), DEMO_PARTY_ID, str(party["phone"]), str(party["address"])]
    needles = [t.encode(e) for t in texts for e in ("utf-8", "utf-16-le", "utf-16-be")]
    found = [(str(p.relative_to(data_dir)), n) for p in data_dir.rglob("*") if p.is_file()
             for n in (*needles, *MAGIC) if n in p.read_bytes()]
    assert found == []
