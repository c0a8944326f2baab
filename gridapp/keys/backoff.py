"""The one policy for wrong passwords: back-off, then a temporary lock.

From the ``BACKOFF_AFTER``-th failure on, the next attempt must wait 2^(n−BACKOFF_AFTER) seconds
(capped at ``MAX_WAIT_S``); after ``LOCK_AFTER`` failures the account is locked for
``LOCK_MINUTES``. An attempt during a wait or a lock is refused without checking the password.
Waits run on the real clock (``now``): a training or test clock (``GRIDAPP_NOW``) never shortens
them, and a clock set back cannot stretch a wait beyond ``LOCK_MINUTES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from gridapp.errors import ValidationError

BACKOFF_AFTER = 3
LOCK_AFTER = 10
LOCK_MINUTES = 15
MAX_WAIT_S = 300


class SignInRefused(ValidationError):
    """Wrong badge or password, or a wait/lock in force."""


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    until: datetime | None = None


def now() -> datetime:
    return datetime.now(UTC)


def wait_text(seconds: float) -> str:
    s = max(1, int(seconds + 0.999))
    return f"{s} 秒" if s < 120 else f"{(s + 59) // 60} 分钟"


def check_wait(attempts: Attempts, moment: datetime) -> None:
    """Refuses (``SignInRefused``) while a wait or lock is in force."""
    until = attempts.until
    if until is not None and until - moment > timedelta(minutes=LOCK_MINUTES):
        until = moment + timedelta(minutes=LOCK_MINUTES)  # the clock was set back
    if until is not None and moment < until:
        locked = attempts.failures >= LOCK_AFTER
        raise SignInRefused(
            f"{'连续输错次数过多，账户已暂时锁定' if locked else '输错次数较多'}，"
            f"请 {wait_text((until - moment).total_seconds())}后再试",
            "too many failed attempts: wait before trying again", field="password")


def after_failure(attempts: Attempts, moment: datetime) -> tuple[Attempts, SignInRefused]:
    """The count after one more failure, and the refusal to raise once it is stored."""
    failures = attempts.failures + 1
    wait: timedelta | None = None
    if failures >= LOCK_AFTER:
        wait = timedelta(minutes=LOCK_MINUTES)
    elif failures >= BACKOFF_AFTER:
        wait = timedelta(seconds=min(MAX_WAIT_S, 2 ** (failures - BACKOFF_AFTER)))
    left = LOCK_AFTER - failures
    hint = f"；再错 {left} 次将锁定 {LOCK_MINUTES} 分钟" if 0 < left <= 5 else ""
    if failures >= LOCK_AFTER:
        hint = f"；账户已锁定 {LOCK_MINUTES} 分钟"
    refusal = SignInRefused(f"执法证号或密码不正确{hint}", "wrong badge or password",
                            field="password")
    return Attempts(failures, moment + wait if wait else None), refusal
