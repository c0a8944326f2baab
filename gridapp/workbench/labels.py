"""How the workbench writes dates, instants and codes for people (station time, Chinese).

Contract: every instant shown is first turned into station time (北京时间, ``timeutil``);
dates read ``2026年11月20日`` and instants ``2026年11月20日 14:05`` — the form the desktop
shows everywhere. Pure functions of plain values.
"""

from __future__ import annotations

from datetime import date, datetime

from gridapp.errors import NotFoundError
from gridapp.timeutil import station_time


def date_text(day: date | None) -> str:
    """``2026年11月20日`` ('' for None)."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def datetime_text(moment: datetime | None) -> str:
    """``2026年11月20日 14:05`` in station time ('' for None)."""
    if moment is None:
        return ""
    local = station_time(moment)
    return f"{date_text(local.date())} {local:%H:%M}"


def no_case(case_id: str) -> NotFoundError:
    return NotFoundError(f"找不到案件 {case_id}", f"no case {case_id}", field="case")


def no_party(party_id: str) -> NotFoundError:
    return NotFoundError(f"找不到当事人 {party_id}", f"no party {party_id}", field="party")
