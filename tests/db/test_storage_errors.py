"""SQLite failures are told apart by SQLite's result code: a full disk is called full, and
no message carries the statement's row data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from gridapp.store import classify_database_error


def _full_error(tmp_path: Path) -> OperationalError:
    engine = create_engine(f"sqlite:///{tmp_path / 'tiny.sqlite'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE party (name TEXT)"))
    with pytest.raises(OperationalError) as caught, engine.begin() as conn:
        conn.execute(text("PRAGMA max_page_count = 2"))
        for _ in range(200):
            conn.execute(text("INSERT INTO party VALUES (:n)"), {"n": "王小明" * 200})
    engine.dispose()
    return caught.value


def test_a_full_database_is_reported_as_a_full_disk_without_row_data(tmp_path: Path) -> None:
    exc = _full_error(tmp_path)
    assert isinstance(exc.orig, sqlite3.OperationalError)
    assert "王小明" in str(exc)  # what SQLAlchemy's own text would have printed
    err = classify_database_error(exc, tmp_path / "tiny.sqlite")
    assert err is not None
    assert "磁盘空间已满" in err.message_zh and "未保存" in err.message_zh
    assert "王小明" not in err.bilingual()
