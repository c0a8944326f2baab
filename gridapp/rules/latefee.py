"""加处罚款 (late-payment fine), 行政处罚法第七十二条第一款第（一）项 and 行政强制法第四十五条.

3% of the fine for each day after the payment deadline, never more than the fine itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

DAILY_RATE = Decimal("0.03")


def overdue_days(payment_due: date, as_of: date,
                 paused: Sequence[tuple[date, date]] = ()) -> int:
    """Days after the last day of payment up to ``as_of``; paying on ``payment_due`` itself is
    on time. Days inside a ``paused`` (first, last) period, both ends included, are not counted
    (行政处罚法第七十三条第三款: the 复议/诉讼 period)."""
    days = max(0, (as_of - payment_due).days)
    first_fee_day = payment_due + timedelta(days=1)
    for start, end in _merged(paused):
        low, high = max(start, first_fee_day), min(end, as_of)
        if low <= high:
            days -= (high - low).days + 1
    return max(0, days)


def _merged(periods: Sequence[tuple[date, date]]) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    for start, end in sorted(periods):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def late_fee(fine: int | Decimal, payment_due: date, as_of: date,
             paused: Sequence[tuple[date, date]] = ()) -> Decimal:
    """The 加处罚款 owed on ``as_of`` for an unpaid ``fine`` (yuan, to the fen, 角/分 kept),
    capped at the fine. The base is the fine's amount (罚款数额) as the law reads. Days in a
    ``paused`` period (复议/诉讼, 第七十三条第三款; both ends included) earn no fee."""
    base = Decimal(fine)
    if base < 0:
        raise ValueError("fine must not be negative")
    amount = base * DAILY_RATE * overdue_days(payment_due, as_of, paused)
    return min(amount, base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def days_until_cap(fine: int) -> int:
    """Overdue days after which the late fee stops growing (34 at 3% a day)."""
    if fine <= 0:
        return 0
    days = 0
    while Decimal(fine) * DAILY_RATE * days < fine:
        days += 1
    return days
