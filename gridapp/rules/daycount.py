"""Day counting for legal periods, driven by the pack's deadline rules and holiday calendar.

Contract (民事诉讼法第八十五条 style): the start day is not counted. A ``working`` period counts
only working days (行政处罚法第八十五条); a ``calendar`` period counts every day and, when the pack
says ``next_working_day``, a last day falling on a rest day moves to the next working day. Month
periods end on the same day number, or the month's last day when there is none.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta

from gridapp.packs.model import DayRules, DeadlineRule


@dataclass(frozen=True)
class Due:
    date: date
    # False when part of the period lies in a year the holiday calendar does not cover, so only
    # weekends were treated as rest days.
    calendar_covered: bool


def add_months(start: date, months: int) -> date:
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def _covered(rules: DayRules, a: date, b: date) -> bool:
    low, high = min(a, b), max(a, b)
    return all(y in rules.calendar.years for y in range(low.year, high.year + 1))


def due_after(rule: DeadlineRule, start: date, rules: DayRules) -> Due:
    """The last day of ``rule``'s period beginning the day after ``start``."""
    cal = rules.calendar
    if rule.months:
        end = add_months(start, rule.months)
    elif rule.counting == "working":
        end, counted = start, 0
        while counted < rule.days:
            end += timedelta(days=1)
            if cal.is_working_day(end):
                counted += 1
    else:
        end = start + timedelta(days=rule.days)
    if rule.counting == "calendar" and rules.holiday_rule == "next_working_day":
        end = cal.next_working_day(end)
    return Due(end, _covered(rules, start, end))


def due_before(rule: DeadlineRule, event: date, rules: DayRules) -> Due:
    """The latest day that still leaves ``rule``'s period before ``event`` (e.g. 听证七日前通知)."""
    cal = rules.calendar
    if rule.counting == "working":
        end, counted = event, 0
        while counted < rule.days:
            end -= timedelta(days=1)
            if cal.is_working_day(end):
                counted += 1
    else:
        end = event - timedelta(days=rule.days)
        if rules.holiday_rule == "next_working_day":
            while not cal.is_working_day(end):
                end -= timedelta(days=1)
    return Due(end, _covered(rules, end, event))
