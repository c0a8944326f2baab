"""Another gridapp process holding the write lock: a clear Chinese message, nothing written."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridapp.caselog.service import find_case
from gridapp.db import engine as engine_module
from gridapp.store import StationStore, open_store
from tests.conftest import DEMO_CASE_INPUT, station_sql


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def write_lock(store: StationStore) -> Iterator[sqlite3.Connection]:
    """A second connection holding the station's write lock, as a long demo import would."""
    conn = station_sql(store.db_path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.rollback()
    conn.close()


def _case_count(db: Path) -> int:
    with station_sql(db) as conn:
        return int(conn.execute('SELECT count(*) FROM "case"').fetchone()[0])


@pytest.mark.usefixtures("short_busy_wait")
def test_case_add_while_another_process_writes(store, write_lock, run_cli, tmp_path) -> None:
    src = tmp_path / "case.json"
    src.write_text(json.dumps(DEMO_CASE_INPUT, ensure_ascii=False), encoding="utf-8")
    before = _case_count(store.db_path)
    result = run_cli("case", "add", "--from", src, "--data-dir", store.data_dir)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "数据库正忙" in result.err
    write_lock.rollback()
    assert _case_count(store.db_path) == before


@pytest.mark.usefixtures("short_busy_wait")
def test_closing_while_another_process_writes(store, demo_case) -> None:
    """Closing refreshes planner statistics best-effort; a busy database must not fail it."""
    with station_sql(store.db_path, isolation_level=None) as conn:
        conn.execute("ANALYZE")  # then one case index loses its statistics: ANALYZE is wanted
        conn.execute(
            "DELETE FROM sqlite_stat1 WHERE tbl = 'case' AND idx = "
            "(SELECT idx FROM sqlite_stat1 WHERE tbl = 'case' AND idx IS NOT NULL LIMIT 1)"
        )
    second = open_store(store.data_dir)
    with second.read() as s:
        assert find_case(s, demo_case.number).id == demo_case.id
    lock = station_sql(store.db_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        second.close()
    finally:
        lock.rollback()
        lock.close()
