"""Case numbers and opening times follow station time (UTC+8), not UTC."""

from __future__ import annotations

from gridapp.caselog import service
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def test_case_opened_after_midnight_new_year_gets_the_new_year_number(store) -> None:
    # 2026-12-31 23:30 UTC is 2027-01-01 07:30 at the station.
    with store.session() as s:
        case = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, opened_at="2026-12-31T23:30:00+00:00"), LEAD_BADGE
        )
    assert "〔2027〕" in case.number
