"""Schema migrations (Alembic, shipped inside the package), run at every start.

Contract: before any migration touches an existing database, a consistent copy is written to
``<data>/backups/station-<UTC timestamp>-<from revision>.sqlite`` with SQLite's backup API.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from gridapp import clock
from gridapp.paths import BACKUPS_DIRNAME

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        rev: str | None = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        return rev


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def backup(db_path: Path, label: str) -> Path:
    """Copy the live database (WAL included) to the backups directory; returns the copy's path."""
    dest_dir = db_path.parent / BACKUPS_DIRNAME
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%dT%H%M%S%fZ")
    dest = dest_dir / f"station-{stamp}-{label}.sqlite"
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def upgrade(engine: Engine, db_path: Path) -> Path | None:
    """Bring the database to the head revision. Returns the backup path if one was taken."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    taken: Path | None = None
    if current is not None:
        taken = backup(db_path, current)
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
