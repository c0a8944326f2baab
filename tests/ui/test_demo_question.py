"""A data directory named on the command line that holds no station: ask before the demo."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gridapp.paths import DB_FILENAME
from gridapp.store import open_store
from ui import app
from ui.app import Launcher

ROOT = Path(__file__).resolve().parents[2]


class Questions(list[tuple[Path, int]]):
    """The questions asked, as (data directory, demo cases); ``yes`` is the answer given."""

    yes = False

    def __call__(self, data_dir: Path, cases: int) -> bool:
        self.append((data_dir, cases))
        return self.yes


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    asked = Questions()
    monkeypatch.setattr(app, "ask_create_demo", asked)
    return asked


def test_declining_exits_and_creates_nothing(qtbot: QtBot, tmp_path: Path,
                                             questions: Questions) -> None:
    typo = tmp_path / "statoin"
    exits: list[int] = []
    launcher = Launcher(typo, demo_cases=5, confirm_demo=True, on_exit=exits.append)
    launcher.start()
    assert questions == [(typo, 5)]
    assert exits == [0]
    assert launcher.window is None
    assert not typo.exists()
    launcher.close()


def test_agreeing_creates_the_demo_station(qtbot: QtBot, tmp_path: Path,
                                           questions: Questions,
                                           shown_errors: list[tuple[str, str]]) -> None:
    questions.yes = True
    launcher = Launcher(tmp_path / "new", demo_cases=4, confirm_demo=True)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert questions == [(tmp_path / "new", 4)]
        from gridapp.workbench.cases import CaseQuery, case_count

        assert case_count(window.ctx.store, CaseQuery()) == 4
        assert shown_errors == []
    finally:
        launcher.close()


def test_an_empty_database_is_asked_about_too(qtbot: QtBot, tmp_path: Path,
                                              questions: Questions) -> None:
    d = tmp_path / "empty"
    open_store(d).close()  # a database without a station
    exits: list[int] = []
    launcher = Launcher(d, demo_cases=3, confirm_demo=True, on_exit=exits.append)
    launcher.start()
    qtbot.waitUntil(lambda: exits != [], timeout=10_000)
    launcher.close()
    assert questions == [(d, 3)] and exits == [0]
    store = open_store(d, create=False)
    try:
        assert not store.has_station()
    finally:
        store.close()


def test_the_default_data_directory_gets_the_demo_without_a_question(
        qtbot: QtBot, tmp_path: Path, questions: Questions) -> None:
    launcher = Launcher(tmp_path / "default", demo_cases=3)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    launcher.close()
    assert questions == []
    assert (tmp_path / "default" / DB_FILENAME).is_file()


def test_the_program_given_a_mistyped_data_dir_leaves_no_trace(tmp_path: Path) -> None:
    typo = tmp_path / "statoin"
    script = ("import sys, ui.app as a\n"
              "a.ask_create_demo = lambda d, n: print('asked', d, file=sys.stderr) or False\n"
              f"sys.exit(a.main(['--data-dir', {str(typo)!r}]))\n")
    env = {k: v for k, v in os.environ.items() if k != "GRIDAPP_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=False,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"asked {typo}" in result.stderr
    assert not typo.exists()


def test_the_question_names_the_directory_and_defaults_to_no(
        qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    d = tmp_path / "somewhere"
    box, create = app.demo_question(d, 300)
    qtbot.addWidget(box)
    assert str(d) in box.text() and "300" in box.text() and "演示站点" in box.text()
    labels = sorted(b.text() for b in box.buttons())
    assert labels == ["创建演示站点", "退出"]  # Chinese buttons, no Qt "Yes"/"No"
    assert box.defaultButton() is not create and box.defaultButton().text() == "退出"

    def answer(label: str) -> None:
        def click() -> None:
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMessageBox) and w.isVisible():
                    next(b for b in w.buttons() if b.text() == label).click()
        QTimer.singleShot(50, click)

    answer("退出")
    assert app.ask_create_demo(d, 300) is False
    answer("创建演示站点")
    assert app.ask_create_demo(d, 300) is True
