"""A station on read-only media (an archive disc, a write-protected stick, a folder without write
permission): detected, and opened read-only. Plain functions, importable without SQLAlchemy
(the quick read path uses them too).

Contract: ``read_only_media(db_path)`` is true when the database file or its directory cannot
be written by this process (``os.access`` with the effective ids where the platform has them:
permissions, a read-only mount and a dropped capability all count). ``read_only_uri`` is the
SQLite URI to open it: ``mode=ro`` always; on read-only media also ``immutable=1`` when there
is no write-ahead log to honour, because a WAL-mode database cannot otherwise be opened there
(SQLite needs to create the ``-shm`` file). Nothing can change a file on read-only media, which
is what ``immutable`` promises; it is never used on writable media, where another process may
be writing. A non-empty ``-wal`` must be read through its ``-shm``: ``mode=ro`` works when both
files are present (SQLite 3.22+); when the ``-shm`` is missing the database cannot be read
consistently there (``wal_without_shm``), and it must be copied to a writable disk first.
"""

from __future__ import annotations

import os
from pathlib import Path


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    try:
        return os.access(path, os.W_OK, effective_ids=effective)
    except OSError:
        return False


def read_only_media(db_path: Path) -> bool:
    """True when an existing database file or its folder is not writable by this process."""
    return db_path.exists() and not (_writable(db_path) and _writable(db_path.parent))


def _sibling(db_path: Path, suffix: str) -> Path:
    return db_path.with_name(db_path.name + suffix)


def _has_wal(db_path: Path) -> bool:
    try:
        return _sibling(db_path, "-wal").stat().st_size > 0
    except OSError:
        return False


def wal_without_shm(db_path: Path) -> bool:
    """A write-ahead log with content but no shared-memory file beside it."""
    return _has_wal(db_path) and not _sibling(db_path, "-shm").exists()


def read_only_uri(db_path: Path, *, media_read_only: bool) -> str:
    """The URI that opens ``db_path`` without writing (see the module contract)."""
    uri = db_path.resolve().as_uri() + "?mode=ro"
    if media_read_only and not _has_wal(db_path):
        uri += "&immutable=1"
    return uri
