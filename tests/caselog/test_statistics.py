"""Planner statistics are taken once the case log is large enough, and refreshed when it grows."""

from __future__ import annotations

import uuid

from gridapp.db.statistics import refresh_if_stale
from tests.conftest import station_sql


def _bulk_cases(db, n: int) -> None:  # type: ignore[no-untyped-def]
    con = station_sql(db)
    con.executemany(
        'INSERT INTO "case" (id, origin_device, revision, updated_at, hlc, deleted, number, source,'
        " grid_code, address, violation_code, facts, status, stage, outcome, act_date, opened_at)"
        " VALUES (?, 'd', 1, '2026-01-01 00:00:00', '', 0, ?, 'patrol', 'G1', '', 'littering',"
        " '', 'closed', 'yellow', '', '', '2026-01-01 00:00:00')",
        [(str(uuid.uuid4()), f"N{uuid.uuid4().hex}") for _ in range(n)],
    )
    con.commit()
    con.close()


def test_statistics_follow_the_size_of_the_case_log(store) -> None:
    assert refresh_if_stale(store.engine) is False  # too small to matter
    _bulk_cases(store.db_path, 1200)
    assert refresh_if_stale(store.engine) is True
    assert refresh_if_stale(store.engine) is False  # fresh
    _bulk_cases(store.db_path, 1500)
    assert refresh_if_stale(store.engine) is True  # grew past twice the analysed size
    con = station_sql(store.db_path)
    plan = " ".join(
        str(r) for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM \"case\" WHERE deleted = 0 "
            "AND status = 'rectifying'"
        )
    )
    assert "ix_case_status_live" in plan
