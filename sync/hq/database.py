"""HQ engines, migrations and the feed lock.

``--db`` takes a SQLAlchemy URL: ``postgresql://…`` (driven by psycopg 3) for production, or
``sqlite:///…`` for a demo or a small district (the default: ``hq.sqlite`` in the data dir).
On SQLite every transaction begins ``IMMEDIATE`` (one writer at a time, waiting up to 30 s
for the lock instead of failing); on PostgreSQL ``feed_lock`` takes a transaction-level
advisory lock, so writes to the feed are serialised across every server process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DB_FILENAME = "hq.sqlite"
FEED_LOCK_KEY = 0x67726964  # "grid": the advisory lock that orders the feed


def database_url(data_dir: Path, url: str | None) -> str:
    """The URL to use: the one given (``postgresql://`` gets the psycopg driver) or the
    default SQLite file in ``data_dir``."""
    if not url:
        return f"sqlite:///{data_dir / DB_FILENAME}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_hq_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # transactions are begun below, IMMEDIATE
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    # As many connections as request threads (FastAPI runs handlers on 40), so a burst of
    # requests waits for the feed lock, not for a connection.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=30, pool_timeout=60)


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def feed_lock(session: Session) -> None:
    """Serialise feed writers until the end of the current transaction (see module doc)."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY})


def upgrade(engine: Engine) -> None:
    """Bring the HQ schema to the shipped head (Alembic; concurrent starts wait for each other
    on PostgreSQL through the same advisory lock)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FEED_LOCK_KEY + 1})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
