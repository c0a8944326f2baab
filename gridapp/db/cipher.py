"""Every station database connection is made here: SQLCipher 4 (``sqlcipher3``), keyed with the
station's raw 256-bit data key when the station is encrypted, plain SQLite otherwise.

Contracts:
- One SQLite library for every station connection (SQLCipher's, with FTS5), so exceptions are
  always ``Error``/``DatabaseError``/``OperationalError`` from this module.
- A keyed connection runs ``PRAGMA key`` with the raw key (no passphrase derivation: the key is
  already random) before any other statement, then reads the schema: a wrong key or a plain file
  raises ``DatabaseError`` ("file is not a database") here, not later.
- ``export_encrypted`` writes an encrypted copy of a plain database (``sqlcipher_export``).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

import sqlcipher3.dbapi2 as dbapi

__all__ = ["ERRORS", "DatabaseError", "Error", "OperationalError", "connect", "dbapi",
           "export_encrypted", "is_plain_sqlite", "key_pragma"]

Error: type[Exception] = dbapi.Error
DatabaseError: type[Exception] = dbapi.DatabaseError
OperationalError: type[Exception] = dbapi.OperationalError
ERRORS: tuple[type[Exception], ...] = (dbapi.Error, sqlite3.Error)


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(target: str | Path, key: bytes | None, *, uri: bool = False,
            **kwargs: Any) -> sqlite3.Connection:
    """A DB-API connection (the ``sqlite3`` interface) to ``target``, keyed when ``key``."""
    conn = dbapi.connect(str(target), uri=uri, **kwargs)
    # SQLCipher logs a wrong key to stderr by default; the caller reports it in Chinese.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        try:
            conn.execute(key_pragma(key))
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
    return cast(sqlite3.Connection, conn)


def export_encrypted(plain: Path, dest: Path, key: bytes) -> None:
    """Write ``dest`` as an encrypted copy of the plain database ``plain`` (WAL included)."""
    conn = connect(plain, None)
    try:
        conn.execute(f"ATTACH DATABASE ? AS enc KEY \"x'{key.hex()}'\"", (str(dest),))
        conn.execute("SELECT sqlcipher_export('enc')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` starts with SQLite's plain header (an encrypted file never does)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
