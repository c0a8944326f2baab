"""Column types with a stated contract.

``UTCDateTime`` is the type of every stored instant. Contract:

- on write it accepts only *aware* datetimes and stores their UTC wall time (SQLite keeps the
  text ``YYYY-MM-DD HH:MM:SS.ffffff`` and drops any offset, so an instant in another zone would
  otherwise be stored as the wrong moment); a naive datetime is refused with ``ValueError``
  (SQLAlchemy raises it wrapped in ``StatementError``), because nobody can tell which zone it
  meant. This holds for values compared in queries too (``Case.opened_at >= x``), so a filter
  bound cannot silently be taken as UTC when it meant station time;
- on read it returns an aware datetime in UTC.

The DDL is that of ``DateTime(timezone=True)`` (``DATETIME`` in SQLite), so the schema and the
migrations are unchanged by using it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class NaiveDateTimeError(ValueError):
    """A datetime without a time zone was about to be stored or compared with a stored one."""


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as UTC; aware datetimes in, aware UTC datetimes out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"UTCDateTime expects a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDateTimeError(
                f"naive datetime {value.isoformat()} for a UTC column: give it a time zone"
            )
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
