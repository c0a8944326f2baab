"""The desktop entry point as a process: smoke run, screenshot, no display, Qt warnings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.display import NO_DISPLAY_MESSAGE, display_problem

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "GRIDAPP_DATA_DIR")}
    env.update(extra)
    return env


def test_smoke_run_creates_demo_and_saves_screenshot(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    data_dir = tmp_path / "data"
    result = _run(
        ["--smoke", "--screenshot", str(shot), "--demo-cases", "10"],
        _env(QT_QPA_PLATFORM="offscreen", GRIDAPP_DATA_DIR=str(data_dir)),
    )
    assert result.returncode == 0, result.stderr
    assert "smoke ok: 10 cases shown" in result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data_dir / "station.sqlite").is_file()  # the environment variable chose the data dir


def test_no_display_explains_how_to_run(tmp_path: Path) -> None:
    result = _run(["--data-dir", str(tmp_path / "d")], _env())
    assert result.returncode == 2
    assert "没有检测到图形界面" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert not (tmp_path / "d").exists()


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    result = _run(["--screenshot", str(tmp_path / "x.png")], _env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert "--smoke" in result.stderr
    result = _run(["--smoke", "--demo-cases", "-1", "--data-dir", str(tmp_path / "d")],
                  _env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2
    assert not (tmp_path / "d").exists()
    result = _run(["--smoke", "--page", "everything", "--data-dir", str(tmp_path / "d")],
                  _env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 2 and "--page" in result.stderr
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
    ],
)
def test_display_detection(env: dict[str, str], problem: bool) -> None:
    assert (display_problem(env, "linux") == NO_DISPLAY_MESSAGE) is problem
    assert display_problem(env, "win32") is None


def test_a_qt_warning_fails_a_test(tmp_path: Path) -> None:
    """The project's pytest configuration turns any Qt warning into a test failure."""
    test_file = tmp_path / "test_warns.py"
    test_file.write_text(
        "from PySide6.QtCore import qWarning\n\n"
        "def test_emits_warning(qtbot):\n"
        "    qWarning('something is off')\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-p", "no:xdist", str(test_file)],
        cwd=tmp_path, env=_env(QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "something is off" in result.stdout
