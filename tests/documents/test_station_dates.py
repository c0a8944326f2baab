"""Documents and the case file count days and years in station time (UTC+8), not UTC."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents import gates
from gridapp.documents.casefile import build_casefile
from gridapp.errors import ValidationError
from gridapp.models import Document
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import issue, pdftotext, serve


@pytest.fixture
def clock_reset() -> Iterator[None]:
    yield
    clock.start_at(datetime.fromisoformat("2026-11-28T10:00:00+08:00"))


def _closed_at(store: StationStore, station_moment: str) -> str:
    """A case opened a week earlier and closed at ``station_moment``; its number."""
    clock.start_at(datetime.fromisoformat("2025-12-20T09:00:00+08:00"))
    with store.session() as s:
        case = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, act_date="2025-12-20"), LEAD_BADGE
        )
        service.transition(store, s, case, "verified", LEAD_BADGE)
    clock.start_at(datetime.fromisoformat(station_moment))
    with store.session() as s:
        case = service.find_case(s, case.number)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="service")
        return case.number


def _archive_number(store: StationStore, number: str, tmp_path: Path) -> str:
    with store.read() as s:
        pdf = build_casefile(store, s, number).pdf
    out = tmp_path / f"{number[-6:]}.pdf"
    out.write_bytes(pdf)
    found = re.search(r"归档号\s*(\d{8})", pdftotext(out))
    assert found is not None
    return found.group(1)


def test_archive_serial_counts_from_station_new_year(store, clock_reset, tmp_path) -> None:
    _closed_at(store, "2025-12-31T23:30:00+08:00")  # 15:30 UTC: the station's year 2025
    first = _closed_at(store, "2026-01-01T00:30:00+08:00")  # 16:30 UTC on 31 December
    second = _closed_at(store, "2026-01-01T09:00:00+08:00")
    assert _archive_number(store, first, tmp_path) == "20260001"
    assert _archive_number(store, second, tmp_path) == "20260002"


def test_documents_issued_and_served_after_station_midnight_carry_that_day(
    store, photo_case, clock_reset
) -> None:
    # 00:30 on 28 November at the station is still 27 November in UTC.
    clock.start_at(datetime.fromisoformat("2026-11-28T00:30:00+08:00"))
    notice = issue(store, photo_case, "rectification_notice")
    with store.read() as s:
        doc = s.scalars(select(Document).where(Document.number == notice.number)).one()
        assert station_time(doc.issued_at).date().isoformat() == "2026-11-28"
    with pytest.raises(ValidationError) as future:
        serve(store, notice.number, served_on="2026-11-29")
    assert "不能晚于今天" in future.value.message_zh
    serve(store, notice.number, served_on="2026-11-28")  # today: neither future nor pre-issue
    with store.read() as s:
        served = gates.served_documents(s, photo_case.id, date(2026, 11, 28))
    assert served and served[0]["date"] == "2026-11-28"
