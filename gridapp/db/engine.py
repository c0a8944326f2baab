"""The only place a station database engine is created.

Contract: every connection runs with WAL journaling, ``foreign_keys=ON`` and
``synchronous=FULL`` (a committed transaction survives power loss); a station on read-only
media gets ``create_read_only_engine`` instead (``mode=ro``, ``query_only``; see
``gridapp.db.media``). Connections come from ``gridapp.db.cipher``: SQLCipher keyed with the
station's data key when ``key`` is given (an encrypted station), plain otherwise.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from gridapp.db import cipher
from gridapp.db.pragmas import BUSY_TIMEOUT_MS, CACHE_KIB
from gridapp.errors import StorageError, os_reason

WRITE_OPTION = "gridapp_write"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling is disabled so SQLAlchemy's BEGIN is the only one.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    finally:
        cur.close()


def _on_begin(conn: Any) -> None:
    # Writers take the write lock up front (no SQLITE_BUSY upgrade failures mid-transaction);
    # readers use a deferred transaction so they never wait for a writer under WAL.
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_station_engine(db_path: Path, *, key: bytes | None = None,
                          echo: bool = False) -> Engine:
    """Engine for a station database file (keyed with ``key`` when the station is encrypted).
    The file must exist or its directory be writable."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"无法创建数据目录 {db_path.parent}：{os_reason(exc)}",
            f"cannot create data directory {db_path.parent}: {exc.strerror}",
        ) from exc
    from sqlalchemy.pool import QueuePool

    def connect() -> sqlite3.Connection:
        return cipher.connect(db_path, key, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, module=cipher.dbapi,
                           poolclass=QueuePool, echo=echo, future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cur.execute("PRAGMA query_only=ON")
    finally:
        cur.close()


def create_read_only_engine(db_path: Path, *, key: bytes | None = None) -> Engine:
    """Engine for a station database on read-only media (``gridapp.db.media``): every
    connection is opened with ``mode=ro`` (and ``immutable=1`` when there is no WAL to honour)
    and ``query_only``; the journal mode is left as it is (changing it would write)."""
    from sqlalchemy.pool import QueuePool

    from gridapp.db.media import read_only_uri

    uri = read_only_uri(db_path, media_read_only=True)

    def connect() -> sqlite3.Connection:
        return cipher.connect(uri, key, uri=True, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, module=cipher.dbapi,
                           poolclass=QueuePool, future=True)
    event.listen(engine, "connect", _on_connect_read_only)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(**{WRITE_OPTION: True})
