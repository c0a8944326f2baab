"""Dates people type are station-time (UTC+8) calendar days; stored instants are aware UTC.

The edges: 23:59 and 00:00 station time are 15:59 and 16:00 UTC of the day before, so a filter
that compared dates in UTC (or compared a naive date with a UTC wall time) moves cases across
the boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from gridapp import clock
from gridapp.caselog import service
from gridapp.caselog.query import CaseFilter, count_cases, list_cases
from gridapp.models import Case
from gridapp.models.types import NaiveDateTimeError
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ, station_day_end, station_day_start
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def _open(store: StationStore, station_moment: str) -> str:
    """A case opened at ``station_moment`` (written with its +08:00 zone); its number."""
    day = station_moment[:10]
    with store.session() as s:
        case = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, opened_at=station_moment, act_date=day), LEAD_BADGE
        )
        return case.number


def _found(store: StationStore, flt: CaseFilter) -> set[str]:
    with store.read() as s:
        numbers = {r.number for r in list_cases(s, flt, limit=1000)}
        assert count_cases(s, flt) == len(numbers)  # the page and its count agree
    return numbers


@pytest.fixture
def around_jan_5(store: StationStore) -> dict[str, str]:
    moments = {
        "jan4_2359": "2025-01-04T23:59:00+08:00",  # 2025-01-04 15:59 UTC
        "jan5_0000": "2025-01-05T00:00:00+08:00",  # 2025-01-04 16:00 UTC
        "jan5_0300": "2025-01-05T03:00:00+08:00",  # 2025-01-04 19:00 UTC
        "jan5_2359": "2025-01-05T23:59:59+08:00",  # 2025-01-05 15:59:59 UTC
        "jan6_0000": "2025-01-06T00:00:00+08:00",  # 2025-01-05 16:00 UTC
    }
    return {name: _open(store, moment) for name, moment in moments.items()}


def test_date_from_includes_the_whole_station_day(store, around_jan_5) -> None:
    c = around_jan_5
    assert _found(store, CaseFilter(date_from=date(2025, 1, 5))) == {
        c["jan5_0000"], c["jan5_0300"], c["jan5_2359"], c["jan6_0000"]
    }


def test_date_to_ends_at_station_midnight(store, around_jan_5) -> None:
    c = around_jan_5
    assert _found(store, CaseFilter(date_to=date(2025, 1, 5))) == {
        c["jan4_2359"], c["jan5_0000"], c["jan5_0300"], c["jan5_2359"]
    }
    assert _found(store, CaseFilter(date_to=date(2025, 1, 4))) == {c["jan4_2359"]}


def test_one_day_range_is_exactly_that_station_day(store, around_jan_5) -> None:
    c = around_jan_5
    day = date(2025, 1, 5)
    assert _found(store, CaseFilter(date_from=day, date_to=day)) == {
        c["jan5_0000"], c["jan5_0300"], c["jan5_2359"]
    }
    assert _found(store, CaseFilter(date_from=date(2025, 1, 6), date_to=date(2025, 1, 4))) == set()


def test_cli_list_filters_by_station_dates(store, around_jan_5, data_dir, run_cli) -> None:
    c = around_jan_5
    r = run_cli("case", "list", "--data-dir", data_dir, "--json",
                "--from-date", "2025-01-05", "--to-date", "2025-01-05")
    assert r.code == 0, r.err
    payload: Any = r.json()
    assert {row["number"] for row in payload["cases"]} == {
        c["jan5_0000"], c["jan5_0300"], c["jan5_2359"]
    }
    assert payload["total"] == 3
    human = run_cli("case", "list", "--data-dir", data_dir, "--from-date", "2025-01-06")
    assert human.code == 0
    assert f"{c['jan6_0000']}  2025-01-06" in human.out  # shown on the station date it matched


def test_cli_refuses_a_malformed_filter_date(store, data_dir, run_cli, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        run_cli("case", "list", "--data-dir", data_dir, "--from-date", "2025-13-01")
    assert exc.value.code == 2
    assert "日期应为 YYYY-MM-DD" in capsys.readouterr().err


def test_year_boundary_numbers_and_filters_follow_station_time(store) -> None:
    last = _open(store, "2025-12-31T23:59:00+08:00")  # 15:59 UTC on 31 December
    first = _open(store, "2026-01-01T00:00:00+08:00")  # 16:00 UTC on 31 December
    assert "〔2025〕" in last and "〔2026〕" in first
    assert _found(store, CaseFilter(date_from=date(2026, 1, 1))) == {first}
    assert _found(store, CaseFilter(date_to=date(2025, 12, 31))) == {last}


def test_extreme_filter_dates_mean_no_bound(store, around_jan_5) -> None:
    everything = set(around_jan_5.values())
    assert _found(store, CaseFilter(date_from=date.min)) == everything
    assert _found(store, CaseFilter(date_to=date.max)) == everything
    assert _found(store, CaseFilter(date_from=date.max)) == set()


def test_station_day_bounds() -> None:
    assert station_day_start(date(2026, 1, 1)) == datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert station_day_end(date(2025, 12, 31)) == datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert station_day_start(date.min) is None and station_day_end(date.max) is None


@pytest.fixture
def clock_reset() -> Iterator[None]:
    yield
    clock.start_at(datetime.fromisoformat("2026-11-28T10:00:00+08:00"))


def test_case_due_at_station_midnight_is_overdue_only_after_it(store, clock_reset) -> None:
    due = datetime(2026, 11, 28, 0, 0, tzinfo=STATION_TZ)  # "today" ends at station midnight
    number = _open(store, "2026-11-20T09:00:00+08:00")
    with store.session() as s:
        case = service.find_case(s, number)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.transition(store, s, case, "rectifying", LEAD_BADGE)
        service.edit_case(store, s, case, {"due_at": due}, LEAD_BADGE)

    def overdue() -> tuple[set[str], bool]:
        with store.read() as s:
            rows = list_cases(s, CaseFilter())
        return _found(store, CaseFilter(overdue=True)), rows[0].overdue

    clock.start_at(due - timedelta(seconds=1))  # 23:59:59 station time, 15:59:59 UTC
    assert overdue() == (set(), False)
    clock.start_at(due + timedelta(seconds=1))
    assert overdue() == ({number}, True)


def test_stored_instants_are_utc_and_read_back_aware(store) -> None:
    number = _open(store, "2026-01-01T00:30:00+08:00")
    with store.read() as s:
        case = service.find_case(s, number)
        assert case.opened_at == datetime(2025, 12, 31, 16, 30, tzinfo=UTC)
        assert case.opened_at.utcoffset() == timedelta(0)
        assert case.updated_at.tzinfo is not None
        stored = s.execute(
            text('SELECT opened_at FROM "case" WHERE number = :n'), {"n": number}
        ).scalar_one()
    assert str(stored).startswith("2025-12-31 16:30:00")  # UTC wall time on disk


def test_a_naive_datetime_is_refused_and_nothing_is_written(store) -> None:
    number = _open(store, "2026-11-20T09:00:00+08:00")
    with pytest.raises(StatementError) as info, store.session() as s:
        case = service.find_case(s, number)
        service.edit_case(store, s, case, {"due_at": datetime(2026, 12, 1, 12, 0)}, LEAD_BADGE)
    assert isinstance(info.value.orig, NaiveDateTimeError)
    with store.read() as s:
        assert service.find_case(s, number).due_at is None
    with pytest.raises(StatementError), store.read() as s:
        s.scalars(select(Case).where(Case.opened_at >= datetime(2026, 1, 1))).all()
