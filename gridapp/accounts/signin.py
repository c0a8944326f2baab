"""Signing in with a badge and a password, changing and resetting passwords.

Failed attempts are counted per badge in ``meta`` (local to this device, never synced):
from the ``BACKOFF_AFTER``-th failure on, the next attempt must wait 2^(n−BACKOFF_AFTER) seconds
(capped), and after ``LOCK_AFTER`` failures the account is locked for ``LOCK_MINUTES``. An
attempt during a wait or a lock is refused without checking the password (so it cannot be used
to guess). A successful sign-in clears the count. Every refusal says how long to wait; none says
whether the badge exists.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.accounts import keyslots, passwords, roles
from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Meta, Officer
from gridapp.store import StationStore

BACKOFF_AFTER = 3
LOCK_AFTER = 10
LOCK_MINUTES = 15
MAX_WAIT_S = 300
ATTEMPTS_PREFIX = "signin_attempts:"
MUST_CHANGE_PREFIX = "password_must_change:"
_TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


class SignInRefused(ValidationError):
    """Wrong badge or password, or a wait/lock in force."""


@dataclass(frozen=True)
class SignedIn:
    officer_id: str
    badge: str
    name: str
    role: str
    must_change_password: bool


def now() -> datetime:
    """The real clock: waits and locks do not follow a training or test clock (GRIDAPP_NOW)."""
    return datetime.now(UTC)


def _attempts(session: Session, badge: str) -> tuple[Meta | None, int, datetime | None]:
    row = session.get(Meta, ATTEMPTS_PREFIX + badge)
    if row is None:
        return None, 0, None
    try:
        data = json.loads(row.value)
        until = datetime.fromisoformat(data["until"]) if data.get("until") else None
        return row, int(data["failures"]), until
    except (ValueError, KeyError, TypeError):
        return row, 0, None


def _wait_text(seconds: float) -> str:
    s = max(1, int(seconds + 0.999))
    return f"{s} 秒" if s < 120 else f"{(s + 59) // 60} 分钟"


def _officer(session: Session, store: StationStore, badge: str) -> Officer | None:
    return session.scalars(select(Officer).where(
        Officer.badge_no == badge, Officer.station_id == store.station(session).id,
        Officer.deleted.is_(False))).first()


def active_officer(session: Session, store: StationStore, badge: str) -> Officer | None:
    officer = _officer(session, store, badge.strip())
    return officer if officer is not None and officer.active else None


def sign_in(store: StationStore, badge: str, password: str) -> SignedIn:
    """The officer, if ``password`` is theirs and no wait or lock is in force."""
    badge = badge.strip()
    with store.session() as s:
        row, failures, until = _attempts(s, badge)
        moment = now()
        if until is not None and until - moment > timedelta(minutes=LOCK_MINUTES):
            until = moment + timedelta(minutes=LOCK_MINUTES)  # the clock was set back
        if until is not None and moment < until:
            locked = failures >= LOCK_AFTER
            raise SignInRefused(
                f"{'连续输错次数过多，账户已暂时锁定' if locked else '输错次数较多'}，"
                f"请 {_wait_text((until - moment).total_seconds())}后再试",
                "too many failed attempts: wait before trying again", field="password")
        officer = _officer(s, store, badge)
        usable = officer is not None and officer.active and bool(officer.password_hash)
        # The same work whether or not the badge exists or has a password (no timing hint).
        stored = officer.password_hash if usable and officer is not None else passwords.dummy_hash()
        good = passwords.verify_password(stored, password) and usable
        if not good:
            failures += 1
            wait: timedelta | None = None
            if failures >= LOCK_AFTER:
                wait = timedelta(minutes=LOCK_MINUTES)
            elif failures >= BACKOFF_AFTER:
                wait = timedelta(seconds=min(MAX_WAIT_S, 2 ** (failures - BACKOFF_AFTER)))
            value = json.dumps({"failures": failures,
                                "until": (moment + wait).isoformat() if wait else ""})
            if row is None:
                s.add(Meta(key=ATTEMPTS_PREFIX + badge, value=value))
            else:
                row.value = value
            left = LOCK_AFTER - failures
            hint = f"；再错 {left} 次将锁定 {LOCK_MINUTES} 分钟" if 0 < left <= 5 else ""
            if failures >= LOCK_AFTER:
                hint = f"；账户已锁定 {LOCK_MINUTES} 分钟"
            _commit_failure(s)
            raise SignInRefused(f"执法证号或密码不正确{hint}", "wrong badge or password",
                                field="password")
        assert officer is not None
        if row is not None:
            s.delete(row)
        if passwords.needs_rehash(officer.password_hash):
            before = snapshot(officer)
            officer.password_hash = passwords.hash_password(password)
            store.record(s, officer, op="update", actor=badge, action="officer.password",
                         before=before)
        must = s.get(Meta, MUST_CHANGE_PREFIX + officer.id) is not None
        return SignedIn(officer.id, officer.badge_no, officer.name, officer.role, must)


def must_change_password(store: StationStore, badge: str) -> bool:
    """True when ``badge`` holds a temporary password that must be changed first."""
    with store.read() as s:
        officer = _officer(s, store, badge.strip())
        return officer is not None and s.get(Meta, MUST_CHANGE_PREFIX + officer.id) is not None


def _commit_failure(session: Session) -> None:
    """The failure count must survive the refusal that follows (the unit of work rolls back
    on the exception)."""
    session.commit()


def set_password(store: StationStore, session: Session, officer: Officer, password: str, *,
                 actor: str, must_change: bool = False) -> None:
    passwords.check_policy(password, badge=officer.badge_no)
    before = snapshot(officer)
    officer.password_hash = passwords.hash_password(password)
    store.record(session, officer, op="update", actor=actor, action="officer.password",
                 before=before)
    keyslots.give(store, session, officer.id, officer.badge_no, password)
    key = MUST_CHANGE_PREFIX + officer.id
    flag = session.get(Meta, key)
    if must_change and flag is None:
        session.add(Meta(key=key, value="1"))
    elif not must_change and flag is not None:
        session.delete(flag)


def change_password(store: StationStore, badge: str, old: str, new: str) -> None:
    """The officer changes their own password (the old one is checked like a sign-in)."""
    who = sign_in(store, badge, old)
    if new == old:
        raise ValidationError("新密码不能与原密码相同", "the new password equals the old one",
                              field="password")
    with store.session() as s:
        officer = s.get(Officer, who.officer_id)
        assert officer is not None
        set_password(store, s, officer, new, actor=who.badge)


def reset_password(store: StationStore, badge: str, *, actor: str) -> str:
    """A lead or admin gives ``badge`` a temporary password, to be changed at the next sign-in.
    Returns it (shown once). Reveals nothing of the officer's data and needs no old password."""
    with store.session() as s:
        admin = store.officer_by_badge(s, actor)
        roles.require(admin, "accounts.reset")
        officer = _officer(s, store, badge.strip())
        if officer is None:
            raise NotFoundError(f"找不到执法证号为 {badge} 的执法人员", f"no officer {badge}",
                                field="badge")
        temporary = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(12))
        set_password(store, s, officer, temporary, actor=actor, must_change=True)
        attempts = s.get(Meta, ATTEMPTS_PREFIX + officer.badge_no)
        if attempts is not None:
            s.delete(attempts)
    return temporary
