"""Planner statistics. Without ``sqlite_stat1`` SQLite guesses, and on a large case log it picks
a full index scan for overdue counts and rare-term searches (hundreds of ms instead of ~1 ms).

Contract: ``refresh_if_stale`` runs ``ANALYZE`` when the case table has no statistics yet or has
grown to more than twice the size they were taken at; otherwise it costs two tiny queries.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

MIN_ROWS = 1000


def _analysed_rows(conn: Connection) -> int | None:
    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='sqlite_stat1'")
    ).first()
    if has_table is None:
        return None
    row = conn.execute(
        text("SELECT stat FROM sqlite_stat1 WHERE tbl='case' AND idx IS NOT NULL LIMIT 1")
    ).first()
    return int(str(row[0]).split()[0]) if row else None


def refresh_if_stale(engine: Engine) -> bool:
    """Re-analyse when statistics are missing or stale; returns whether it ran."""
    with engine.connect() as conn:
        rows = int(conn.execute(text('SELECT count(*) FROM "case"')).scalar() or 0)
        analysed = _analysed_rows(conn)
        conn.rollback()
    if rows < MIN_ROWS or (analysed is not None and rows <= 2 * analysed):
        return False
    analyse(engine)
    return True


def analyse(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
