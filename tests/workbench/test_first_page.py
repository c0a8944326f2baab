"""The plain-SQL first page of the case list (``gridapp.workbench.first_page``): the same rows
the ORM read path gives, read through the quick read-only connection without SQLAlchemy."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import timedelta

from gridapp import clock
from gridapp.db.readonly import open_read_only
from gridapp.store import StationStore
from gridapp.workbench.cases import CaseQuery, case_page
from gridapp.workbench.first_page import (
    active_officer,
    first_case_page,
    station_summary,
)
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import make_case, officer_id


def quick(store: StationStore) -> sqlite3.Connection:
    conn = open_read_only(store.db_path, store.data_key)
    assert conn is not None, "the quick path declined a station at the head revision"
    return conn


def names(store: StationStore) -> dict[str, str]:
    return {code: v.name for code, v in store.pack.violations.items()}


def test_the_first_page_is_the_page_the_orm_reads(demo_store: StationStore) -> None:
    mine = officer_id(demo_store, OFFICER_BADGE)
    now = clock.now()
    # The newest cases: one overdue, one due later, one closed past its deadline.
    make_case(demo_store, officers=[OFFICER_BADGE], due_at=now - timedelta(days=1))
    make_case(demo_store, officers=[LEAD_BADGE], due_at=now + timedelta(days=1))
    make_case(demo_store, officers=[OFFICER_BADGE], due_at=now - timedelta(days=2),
              status_path=("verified", "closed"))
    for limit, officer in ((200, None), (7, None), (200, mine)):
        expected = case_page(demo_store, CaseQuery(mine_officer_id=officer), offset=0,
                             limit=limit)
        with closing(quick(demo_store)) as conn:
            got = first_case_page(conn, names(demo_store), limit=limit,
                                  mine_officer_id=officer)
        assert got == expected
    everything = case_page(demo_store, CaseQuery(), limit=200).rows
    assert any(r.repeat_offender for r in everything)
    assert any("、" in r.officer_names for r in everything)
    assert [r.overdue for r in everything[:3]] == [False, False, True]


def test_station_and_the_acting_officer(demo_store: StationStore) -> None:
    with closing(quick(demo_store)) as conn:
        station = station_summary(conn)
        assert station is not None
        with demo_store.read() as s:
            assert station.name == demo_store.station(s).name
        lead = active_officer(conn, station.id, badge_no=LEAD_BADGE)
        assert lead is not None and lead.id == officer_id(demo_store, LEAD_BADGE)
        assert active_officer(conn, station.id, officer_id=lead.id) == lead
        assert active_officer(conn, station.id, officer_id="nobody") is None
        assert active_officer(conn, station.id) is not None


def test_importing_the_first_page_does_not_import_sqlalchemy() -> None:
    code = ("import sys, gridapp.workbench.first_page, gridapp.db.readonly, gridapp.packs\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
