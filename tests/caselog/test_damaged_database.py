"""A damaged, read-only or busy database is named as such, never as something else."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from gridapp.store import classify_database_error
from tests.conftest import station_sql


def test_scrambled_pages_are_reported_as_damage_and_left_alone(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "d"
    assert run_cli("--data-dir", d, "demo", "--cases", "80").code == 0
    db = d / "station.sqlite"
    con = station_sql(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = int(con.execute("PRAGMA page_size").fetchone()[0])
    # The case table's root page and every page after it (its newer rows, indexes, the audit
    # chain): what ``case list`` must read. SQLCipher has no dbstat table to name leaves by.
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'case'").fetchone()[0]
    count = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    leaves = list(range(root, count + 1))
    assert len(leaves) >= 8, leaves  # many pages are scrambled, not one
    raw = bytearray(db.read_bytes())
    for pageno in [*leaves[len(leaves) // 2:], root]:
        start = (pageno - 1) * page
        raw[start:start + page] = bytes((i * 37 + 11) % 256 for i in range(page))
    db.write_bytes(bytes(raw))
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    r = run_cli("--data-dir", d, "case", "list", "--limit", "1000")
    assert r.code == 2 and "已损坏" in r.err and "backups" in r.err, r.err
    assert "Traceback" not in r.err
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("message", "needle"),
    [
        ("attempt to write a readonly database", "只读"),
        ("unable to open database file", "只读"),
        ("database disk image is malformed", "已损坏"),
        ("file is not a database", "已损坏"),
        ("Could not decode to UTF-8 column 'name' with text", "已损坏"),
        ("database is locked", "正忙"),
    ],
)
def test_sqlite_failures_are_told_apart(message: str, needle: str) -> None:
    err = classify_database_error(sqlite3.OperationalError(message), Path("/data/station.sqlite"))
    assert err is not None and needle in err.message_zh


def test_other_errors_are_not_disguised() -> None:
    assert classify_database_error(sqlite3.OperationalError("no such column: x"), Path("x")) is None
