"""The data directory and what the program writes in it are its user's alone (POSIX)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
PHOTO = Path(__file__).resolve().parents[1] / "data" / "photos" / "jpg_gps_DSCN0010.jpg"


def _gridapp(data: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # A permissive umask, as a desktop session may have: the program must not depend on it.
    return subprocess.run(
        ["sh", "-c", 'umask 002 && exec "$@"', "sh", sys.executable, "-m", "gridapp",
         "--data-dir", str(data), *argv],
        capture_output=True, text=True, env=env, timeout=300, check=False)


def _open_to_others(root: Path) -> list[str]:
    found = []
    for path in [root, *root.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            continue
        if mode & 0o077:
            found.append(f"{path.relative_to(root)} {stat.filemode(mode)}")
    return found


def test_a_station_is_written_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "station"
    assert _gridapp(data, "demo", "--cases", "12").returncode == 0
    cases = json.loads(_gridapp(data, "case", "list", "--json").stdout)["cases"]
    number = next(c["number"] for c in cases if c["status"] not in ("closed", "dismissed"))
    r = _gridapp(data, "evidence", "add", number, str(PHOTO), "--reason", "当事人提供的旧照片")
    assert r.returncode == 0, r.stderr
    r = _gridapp(data, "doc", "issue", number, "case_source_register")
    assert r.returncode == 0, r.stderr
    assert _open_to_others(data) == []
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_a_data_directory_from_an_earlier_version_is_closed_at_open(tmp_path: Path) -> None:
    data = tmp_path / "station"
    assert _gridapp(data, "demo", "--cases", "1").returncode == 0
    data.chmod(0o755)
    (data / "station.sqlite").chmod(0o644)
    assert _gridapp(data, "case", "list").returncode == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "station.sqlite").stat().st_mode) == 0o600
