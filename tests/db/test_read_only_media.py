"""A station on read-only media (an archive, a write-protected stick, a folder without write
permission) can still be listed, searched, shown, verified and exported; every change is refused
in Chinese with exit code 2, and nothing under the data directory is touched.

The commands run as a process that cannot bypass file permissions: as a normal user they simply
run; as root (the test machine) with ``CAP_DAC_OVERRIDE`` and ``CAP_DAC_READ_SEARCH`` dropped
from the bounding set (``setpriv``), so root is refused writing a folder without the write bit
as anyone else would be.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import station_sql

ROOT = Path(__file__).resolve().parents[2]
PHOTO = ROOT / "tests" / "data" / "photos" / "jpg_Canon_40D.jpg"
DROP = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
READ_ONLY_TEXT = "数据目录只读"


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot give up the permission override")
    probe = subprocess.run([*DROP, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip("cannot drop capabilities here: " + probe.stderr.decode(errors="replace"))
    return DROP


def gridapp(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    env.pop("GRIDAPP_DATA_DIR", None)
    return subprocess.run([*_unprivileged(), sys.executable, "-m", "gridapp", *map(str, argv)],
                          capture_output=True, text=True, env=env, timeout=120,
                          stdin=subprocess.DEVNULL, check=False)


def set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~bits)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[list[Path]]:
    """Folders to make read-only for the test (made writable again afterwards)."""
    folders: list[Path] = []
    yield folders
    for folder in folders:
        set_writable(folder, True)


def snapshot(folder: Path) -> dict[str, tuple[int, str]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(
        p.read_bytes()).hexdigest() if p.is_file() else "dir") for p in folder.rglob("*")}


@pytest.fixture
def archived(store: StationStore, demo_case: Case, tmp_path: Path, run_cli: object,
             read_only: list[Path]) -> tuple[Path, Case, Path]:
    """The demo station with a photo and an issued document, closed and made read-only; the
    issued PDF (outside the station)."""
    d = store.data_dir
    pdf = tmp_path / "issued.pdf"
    for argv in (["evidence", "add", demo_case.number, PHOTO, "--reason", "核实为本案现场照片"],
                 ["doc", "issue", demo_case.number, "site_inspection_record", "--field",
                  "end=2026-11-28 23:50", "--out", pdf]):
        result = run_cli("--data-dir", d, *argv)  # type: ignore[operator]
        assert result.code == 0, result.err
    store.close()
    assert not (d / "station.sqlite-wal").exists()
    set_writable(d, False)
    read_only.append(d)
    return d, demo_case, pdf


def test_an_archived_station_can_be_read_verified_and_exported(
        archived: tuple[Path, Case, Path], tmp_path: Path) -> None:
    d, case, pdf = archived
    before = snapshot(d)
    out = tmp_path / "export"
    checks: list[tuple[list[str | Path], str]] = [
        (["case", "list"], case.number),
        (["case", "search", "南京东路"], case.number),
        (["case", "show", case.number], "南京东路"),
        (["evidence", "list", case.number], "image/jpeg"),
        (["evidence", "verify"], "证据完整"),
        (["audit", "verify"], "审计链完整"),
        (["audit", "show", case.number], ""),
        (["doc", "list", case.number], "现场检查"),
        (["doc", "verify", pdf], ""),
        (["evidence", "export", case.number, out], "已导出 1 件证据"),
    ]
    for argv, expected in checks:
        result = gridapp("--data-dir", d, *argv)
        assert result.returncode == 0, (argv, result.stderr)
        assert expected in result.stdout, (argv, result.stdout)
        assert "Traceback" not in result.stderr
    assert (out / "manifest.json").is_file()
    assert snapshot(d) == before


REFUSED = [
    ["case", "transition", "{case}", "verified"],
    ["officer", "add", "--name", "王五", "--badge", "31010099"],
    ["evidence", "add", "{case}", str(PHOTO), "--reason", "核实为本案现场照片"],
    ["doc", "issue", "{case}", "site_inspection_record", "--field", "end=2026-11-28 23:50"],
    ["evidence", "gc"],
    ["device", "confirm-move"],
]


def test_changes_to_an_archived_station_are_refused_in_chinese(
        archived: tuple[Path, Case, Path]) -> None:
    d, case, _ = archived
    before = snapshot(d)
    for argv in REFUSED:
        result = gridapp("--data-dir", d, *(case.number if a == "{case}" else a for a in argv))
        assert result.returncode == 2, (argv, result.stderr)
        assert READ_ONLY_TEXT in result.stderr and "Traceback" not in result.stderr, argv
    assert snapshot(d) == before


def _copy_with_open_wal(store: StationStore, target: Path) -> None:
    """Copy the station while a connection holds its write-ahead log open, so the copy has a
    ``-wal`` (with the newest commit in it) and a ``-shm``, as a disc burnt from a running
    station would."""
    con = station_sql(store.db_path)
    try:
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("UPDATE \"case\" SET address = '只在日志里的地址' WHERE id = (SELECT min(id) "
                    "FROM \"case\")")
        con.commit()
        shutil.copytree(store.data_dir, target)
    finally:
        con.close()
    assert (target / "station.sqlite-wal").stat().st_size > 0


def test_a_read_only_copy_with_a_write_ahead_log_shows_its_newest_commit(
        store: StationStore, demo_case: Case, tmp_path: Path, read_only: list[Path]) -> None:
    target = tmp_path / "archive"
    _copy_with_open_wal(store, target)
    set_writable(target, False)
    read_only.append(target)
    result = gridapp("--data-dir", target, "case", "show", demo_case.number)
    assert result.returncode == 0, result.stderr
    assert "只在日志里的地址" in result.stdout


def test_a_read_only_log_without_its_shared_memory_file_is_refused_in_chinese(
        store: StationStore, demo_case: Case, tmp_path: Path, read_only: list[Path]) -> None:
    target = tmp_path / "archive"
    _copy_with_open_wal(store, target)
    (target / "station.sqlite-shm").unlink()
    set_writable(target, False)
    read_only.append(target)
    result = gridapp("--data-dir", target, "case", "list")
    assert result.returncode == 2, result.stderr
    assert "复制到可写的磁盘" in result.stderr and "Traceback" not in result.stderr
