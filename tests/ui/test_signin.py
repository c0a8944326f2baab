"""Sign-in: only active officers are offered, the last one is preselected, and every change of
the session is recorded as the officer chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gridapp.officers import retire
from gridapp.store import StationStore
from gridapp.workbench.status import OfficerChoice, officer_choices
from ui import signin
from ui.app import Launcher
from ui.signin import SignInDialog


def choice(name: str, badge: str, active: bool = True) -> OfficerChoice:
    return OfficerChoice(id=f"id-{badge}", name=name, badge_no=badge, active=active)


def test_the_dialog_offers_active_officers_and_preselects_the_last_one(qtbot: QtBot) -> None:
    officers = [choice("张建国", "31010001"), choice("李明", "31010002"),
                choice("王退休", "31010003", active=False)]
    dialog = SignInDialog("演示中队", officers, preselect="id-31010002")
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert shown == ["张建国（31010001）", "李明（31010002）"], "a retired officer is not offered"
    assert dialog.list.currentRow() == 1
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    chosen = dialog.chosen()
    assert chosen is not None and (chosen.name, chosen.badge_no) == ("李明", "31010002")


def test_without_active_officers_nobody_can_sign_in(qtbot: QtBot) -> None:
    dialog = SignInDialog("演示中队", [choice("王退休", "31010003", active=False)])
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.reject()
    assert dialog.chosen() is None


def test_the_launcher_signs_in_the_chosen_officer_and_remembers_them(
    qtbot: QtBot, demo_store: StationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = demo_store.data_dir
    second = [c for c in officer_choices(demo_store) if c.active][1]
    demo_store.close()
    offered: list[str | None] = []

    def pick_second(_station: str, choices: list[OfficerChoice],
                    preselect: str | None) -> signin.ActingOfficer:
        offered.append(preselect)
        return signin.acting(next(c for c in choices if c.id == second.id))

    monkeypatch.setattr(signin, "ask_officer", pick_second)
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
        window.close()
        launcher.close()
    assert offered == [None, second.id], "the second start preselects the officer chosen before"


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
