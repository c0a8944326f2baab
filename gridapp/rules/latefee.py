"""加处罚款 (late-payment fine), 行政处罚法第七十二条第一款第（一）项 and 行政强制法第四十五条.

3% of the fine for each day after the payment deadline, never more than the fine itself.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAILY_RATE = Decimal("0.03")


def overdue_days(payment_due: date, as_of: date) -> int:
    """Days after the last day of payment; paying on ``payment_due`` itself is on time."""
    return max(0, (as_of - payment_due).days)


def late_fee(fine: int | Decimal, payment_due: date, as_of: date) -> Decimal:
    """The 加处罚款 owed on ``as_of`` for an unpaid ``fine`` (yuan, to the fen, 角/分 kept),
    capped at the fine. The base is the fine's amount (罚款数额) as the law reads."""
    base = Decimal(fine)
    if base < 0:
        raise ValueError("fine must not be negative")
    amount = base * DAILY_RATE * overdue_days(payment_due, as_of)
    return min(amount, base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def days_until_cap(fine: int) -> int:
    """Overdue days after which the late fee stops growing (34 at 3% a day)."""
    if fine <= 0:
        return 0
    days = 0
    while Decimal(fine) * DAILY_RATE * days < fine:
        days += 1
    return days
