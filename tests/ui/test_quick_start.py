"""The quick start (``ui.quick_start``): a station at the head revision shows its first page of
cases before SQLAlchemy is even imported; any other station still opens behind the splash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gridapp.db import readonly
from gridapp.store import StationStore
from tests.ui.conftest import lead_of
from ui import app
from ui.app import Launcher

PROBE = """
import sys
import ui.app as a

def ready(self):
    page = self.window.all_cases
    print("rows", page.model.rowCount(), flush=True)
    print("sqlalchemy", "sqlalchemy" in sys.modules, flush=True)
    probe_ready(self)

probe_ready = a.Launcher._probe_ready
a.Launcher._probe_ready = ready
sys.exit(a.main(sys.argv[1:]))
"""


def test_the_first_page_is_painted_before_sqlalchemy_loads(demo_store: StationStore,
                                                            tmp_path: Path) -> None:
    badge = lead_of(demo_store).badge_no
    data_dir = demo_store.data_dir
    demo_store.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(Path(__file__).resolve().parents[2]),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir), "--officer", badge,
         "--page", "all", "--probe-startup"],
        capture_output=True, text=True, timeout=120, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "rows 40" in lines, proc.stdout  # the demo station's 40 cases, all on the first page
    assert "sqlalchemy False" in lines, "the quick start imported SQLAlchemy before first paint"
    assert any(line.startswith("loaded") for line in lines), "the store opened afterwards"


def test_a_station_not_at_the_head_revision_opens_behind_the_splash(
    qtbot: QtBot, demo_store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    badge = lead_of(demo_store).badge_no
    data_dir = demo_store.data_dir
    demo_store.close()
    # As if this version shipped a newer revision: the database needs migrating.
    monkeypatch.setattr(readonly, "shipped_head", lambda: "9999_newer")
    splashes: list[str] = []
    real = app.StartupSplash

    def splash(text: str) -> app.StartupSplash:
        splashes.append(text)
        return real(text)

    monkeypatch.setattr(app, "StartupSplash", splash)
    launcher = Launcher(data_dir, officer_badge=badge)
    launcher.start()
    try:
        qtbot.waitUntil(lambda: launcher.window is not None, timeout=30_000)
        assert splashes, "the migrating path (backup, migration) runs behind the splash"
        assert launcher.store is not None and launcher._opening is None
        assert launcher.window is not None
        qtbot.addWidget(launcher.window)
    finally:
        launcher.close()
