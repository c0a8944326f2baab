"""Case numbers and opening times follow station time (UTC+8), not UTC."""

from __future__ import annotations

import pytest

from gridapp.caselog import service
from gridapp.timeutil import station_time
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def test_case_opened_after_midnight_new_year_gets_the_new_year_number(store) -> None:
    # 2025-12-31 23:30 UTC is 2026-01-01 07:30 at the station.
    with store.session() as s:
        case = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, opened_at="2025-12-31T23:30:00+00:00", act_date="2025-12-31"), LEAD_BADGE
        )
    assert "〔2026〕" in case.number


@pytest.mark.parametrize(
    "opened_at", ["2026-11-20T09:00:00", "2026-11-20T09:00:00+08:00", "2026-11-20T01:00:00Z"]
)
def test_opened_at_is_kept_as_the_moment_written(store, opened_at: str) -> None:
    # An officer writing "09:00" without a zone in a case file means 09:00 Beijing time.
    with store.session() as s:
        case = service.create_case(store, s, dict(DEMO_CASE_INPUT, opened_at=opened_at), LEAD_BADGE)
    with store.read() as s:
        shown = station_time(service.find_case(s, case.number).opened_at)
    assert (shown.day, shown.hour) == (20, 9)


def test_audit_show_prints_station_time(store, demo_case, run_cli) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    from gridapp import audit
    from gridapp.timeutil import station_time

    with store.read() as s:
        first = audit.events_for_case(s, demo_case.id)[0]
    stored = datetime.fromisoformat(first.at)  # UTC
    shown = run_cli("audit", "show", demo_case.number, "--data-dir", store.data_dir)
    assert shown.code == 0, shown.err
    line = shown.out.splitlines()[0]
    assert f"{station_time(stored):%Y-%m-%d %H:%M:%S}" in line
    assert f"{stored:%Y-%m-%d %H:%M:%S}" not in line  # eight hours apart
