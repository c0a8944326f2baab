"""Time zones: storage is UTC, people see station time (China Standard Time, UTC+8).

SQLite returns stored datetimes naive; they were written in UTC. Every front end formats times
through ``station_time`` so the case list, evidence, documents and the audit view agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from gridapp import clock

STATION_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive value is taken to be UTC (as stored)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def station_time(value: datetime) -> datetime:
    return as_utc(value).astimezone(STATION_TZ)


def station_today() -> date:
    return clock.now().astimezone(STATION_TZ).date()
