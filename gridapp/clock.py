"""The core's one clock: every "now" the core reads comes from ``now()``.

Contract: ``now()`` returns an aware UTC datetime. By default it is the system clock. A station
can be run on a shifted clock — for tests, training and reproducing a report from another day —
by setting ``GRIDAPP_NOW`` to an ISO-8601 instant before the process starts (or by calling
``start_at``): the clock then starts at that instant and advances with real elapsed time, so
ordering, durations and time-outs behave as they do on a real clock.

File times (blob garbage collection) are the file system's and deliberately not shifted.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

ENV_VAR = "GRIDAPP_NOW"

class _Shift:
    offset = timedelta(0)


def now() -> datetime:
    """The current instant (aware, UTC), shifted if a start instant was set."""
    return datetime.now(UTC) + _Shift.offset


def now_ms() -> int:
    """``now()`` in whole milliseconds since the epoch (for HLC stamps)."""
    return time.time_ns() // 1_000_000 + _Shift.offset // timedelta(milliseconds=1)


def start_at(instant: datetime | None) -> None:
    """Make ``now()`` read ``instant`` at this moment and run on from there; None resets."""
    if instant is None:
        _Shift.offset = timedelta(0)
        return
    if instant.tzinfo is None:
        raise ValueError("clock start instant must carry a time zone")
    _Shift.offset = instant - datetime.now(UTC)


def _from_environment() -> None:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return
    try:
        instant = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise SystemExit(
            f"环境变量 {ENV_VAR} 不是有效的时间（应为带时区的 ISO-8601，例如 "
            f"2026-11-28T09:00:00+08:00）：{raw!r} / invalid {ENV_VAR}"
        ) from exc
    if instant.tzinfo is None:
        raise SystemExit(
            f"环境变量 {ENV_VAR} 须带时区，例如 2026-11-28T09:00:00+08:00：{raw!r} "
            f"/ {ENV_VAR} needs a time zone"
        )
    start_at(instant)


_from_environment()
