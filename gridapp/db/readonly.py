"""A read-only DB-API connection to a station database, opened without SQLAlchemy.

Read commands (``gridapp case show``) use it to answer in a fraction of the time that importing
the ORM takes; everything else goes through ``gridapp.store.open_store``.

Contract of ``open_read_only(db_path)``: a ``sqlite3.Connection`` that cannot write
(``mode=ro`` and ``query_only``), waits for a writer like the station engine does
(``busy_timeout``), and is already inside one deferred read transaction, so every query the
caller runs sees the same snapshot (close the connection to end it). On read-only media the
URI is ``gridapp.db.media.read_only_uri``'s (``immutable=1`` when there is no WAL). It returns None — and the
caller must take the ``open_store`` path, which migrates, takes the backup and reports problems
in Chinese — whenever the database is not exactly what this version reads: no file, not
readable, or a schema revision other than the shipped head (``revisions.shipped_head``; the
check runs inside the snapshot, so a migration cannot slip in between). It never creates,
migrates or repairs anything, and never binds the device identity (reads do not need it).

Journal mode, ``foreign_keys`` and ``synchronous`` (set by ``gridapp.db.engine``) only matter to
writers: a station database is already in WAL mode, which a read-only connection uses as it is.

An encrypted station's connection is keyed with ``key`` (``gridapp.db.cipher``); a wrong or
missing key answers None like any other database this path does not read.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from gridapp.db import cipher
from gridapp.db.media import read_only_media, read_only_uri
from gridapp.db.pragmas import BUSY_TIMEOUT_MS, CACHE_KIB
from gridapp.db.revisions import shipped_head


def open_read_only(db_path: Path, key: bytes | None = None) -> sqlite3.Connection | None:
    """A read-only connection inside a read transaction, or None (use ``open_store``)."""
    head = shipped_head()
    if head is None or not db_path.is_file():
        return None
    try:
        uri = read_only_uri(db_path, media_read_only=read_only_media(db_path))
        conn = cipher.connect(uri, key, uri=True, isolation_level=None, check_same_thread=True)
    except cipher.ERRORS:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # The station engine's page cache: an encrypted page read twice is decrypted once.
        conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        conn.execute("PRAGMA query_only=ON")
        conn.execute("BEGIN")
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except cipher.ERRORS:
        conn.close()
        return None
    if rows != [(head,)]:
        conn.close()
        return None
    return conn
