"""Time zones: storage is UTC, people see and type station time (China Standard Time, UTC+8).

Contracts:
- every stored instant is an aware UTC datetime (``gridapp.models.types.UTCDateTime`` refuses
  naive values on write and returns aware UTC values on read);
- every *date* a person gives or reads (filters, deadlines, "today", act dates, archive years)
  is a station-time calendar date. A station date ``d`` is the half-open instant range
  ``[station_day_start(d), station_day_start(d + 1 day))``;
- front ends format instants through ``station_time`` so the case list, evidence, documents
  and the audit view agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from gridapp import clock

STATION_TZ = timezone(timedelta(hours=8), "UTC+08:00")


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime. A naive value is taken to be UTC: that is how instants written
    into JSON text before stored datetimes carried their zone (audit and outbox snapshots) read.
    """
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def stored_instant(text: str | None) -> datetime | None:
    """An instant as a DB-API connection reads it from a ``UTCDateTime`` column (the text
    ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC): the same aware UTC datetime the ORM returns."""
    if text is None:
        return None
    return as_utc(datetime.fromisoformat(text))


def station_time(value: datetime) -> datetime:
    """The instant ``value`` on the station's clock (aware, UTC+8)."""
    return as_utc(value).astimezone(STATION_TZ)


def station_date(value: datetime) -> date:
    """The station-time calendar date of the instant ``value``."""
    return station_time(value).date()


def station_today() -> date:
    return clock.now().astimezone(STATION_TZ).date()


def station_day_start(day: date) -> datetime | None:
    """The first instant (aware, UTC) of station date ``day``; None before representable time."""
    try:
        return datetime.combine(day, time.min, STATION_TZ).astimezone(UTC)
    except OverflowError:
        return None


def station_day_end(day: date) -> datetime | None:
    """The first instant (aware, UTC) *after* station date ``day`` (exclusive upper bound);
    None when ``day`` is the last representable date (no upper bound)."""
    if day == date.max:
        return None
    return station_day_start(day + timedelta(days=1))
