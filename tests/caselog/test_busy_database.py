"""Another gridapp process holding the write lock."""

from __future__ import annotations

import sqlite3

import pytest

from gridapp.caselog.service import find_case
from gridapp.db import engine as engine_module
from gridapp.store import open_store


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)


@pytest.mark.usefixtures("short_busy_wait")
def test_closing_while_another_process_writes(store, demo_case) -> None:
    """Closing refreshes planner statistics best-effort; a busy database must not fail it."""
    with sqlite3.connect(store.db_path, isolation_level=None) as conn:
        conn.execute("ANALYZE")  # then one case index loses its statistics: ANALYZE is wanted
        conn.execute(
            "DELETE FROM sqlite_stat1 WHERE tbl = 'case' AND idx = "
            "(SELECT idx FROM sqlite_stat1 WHERE tbl = 'case' AND idx IS NOT NULL LIMIT 1)"
        )
    second = open_store(store.data_dir)
    with second.read() as s:
        assert find_case(s, demo_case.number).id == demo_case.id
    lock = sqlite3.connect(store.db_path, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        second.close()
    finally:
        lock.rollback()
        lock.close()
