"""Schema migrations (Alembic, shipped inside the package), run at every start.

Contract: before any migration touches an existing database, a consistent copy is written to
``<data>/backups/station-<UTC timestamp>-<from revision>.sqlite`` with SQLite's backup API.
A database already at the shipped head is recognised without importing Alembic (which costs a
command-line start about a tenth of a second); every other case goes through Alembic.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from gridapp import clock
from gridapp.db import cipher
from gridapp.db.revisions import MIGRATIONS_DIR, shipped_head
from gridapp.paths import BACKUPS_DIRNAME

if TYPE_CHECKING:
    from alembic.config import Config


class UnknownRevisionError(Exception):
    """The database carries a schema revision this version of gridapp does not know."""


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        return rev


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database (plain SQL); None if none or more than one."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
            conn.rollback()
    except OperationalError:
        return None  # no alembic_version table: a new database
    return str(rows[0][0]) if len(rows) == 1 else None


def backup(db_path: Path, label: str, key: bytes | None = None) -> Path:
    """Copy the live database (WAL included) to the backups directory; returns the copy's path.
    An encrypted database's copy is encrypted under the same key."""
    dest_dir = db_path.parent / BACKUPS_DIRNAME
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    dest = dest_dir / f"station-{stamp}-{label}.sqlite"
    src = cipher.connect(db_path, key)
    try:
        dst = cipher.connect(dest, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def _existing_backup(db_path: Path, label: str) -> Path | None:
    """A backup of this revision taken after the database last changed (an earlier attempt
    that failed): one copy per schema version is enough."""
    folder = db_path.parent / BACKUPS_DIRNAME
    try:
        changed = max(p.stat().st_mtime for p in (db_path, db_path.with_name(db_path.name + "-wal"))
                      if p.exists())
    except ValueError:
        return None
    copies = sorted(folder.glob(f"station-*-{label}.sqlite")) if folder.is_dir() else []
    fresh = [c for c in copies if c.stat().st_mtime >= changed]
    return fresh[-1] if fresh else None


def upgrade(engine: Engine, db_path: Path, key: bytes | None = None) -> Path | None:
    """Bring the database to the head revision. Returns the backup path if one was taken.

    Raises ``UnknownRevisionError`` when the database's revision is unknown to this version."""
    fast = shipped_head()
    if fast is not None and stored_revision(engine) == fast:
        return None
    from alembic.util.exc import CommandError

    try:
        return _upgrade(engine, db_path, key)
    except CommandError as exc:
        raise UnknownRevisionError(str(exc)) from exc


def _upgrade(engine: Engine, db_path: Path, key: bytes | None) -> Path | None:
    from alembic import command
    from alembic.script import ScriptDirectory

    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    if current is not None and ScriptDirectory.from_config(alembic_config()).get_revision(
            current) is None:
        # A database written by a newer gridapp: refused before anything is copied (a backup
        # on every refused start would fill the disk).
        raise UnknownRevisionError(f"Can't locate revision identified by '{current}'")
    taken: Path | None = None
    if current is not None:
        taken = _existing_backup(db_path, current) or backup(db_path, current, key)
    cfg = alembic_config()
    with engine.connect() as conn:
        # SQLite rebuilds a table to change its constraints; with foreign keys on, dropping the
        # old copy of a referenced table would fail. Keys are switched off (outside the
        # transaction, where the pragma takes effect) and checked before switching back on.
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                conn.rollback()
                raise RuntimeError(f"migration left broken foreign keys: {broken[:5]}")
            conn.commit()
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    return taken
