"""Signing in with a badge and a password, changing and resetting passwords.

Failed attempts are counted per badge in ``meta`` (local to this device, never synced) and
follow the one policy of ``gridapp.keys.backoff`` (the key slots of an encrypted station count
theirs in the key file by the same rules): a wait from the ``BACKOFF_AFTER``-th failure, a lock
after ``LOCK_AFTER``; an attempt during either is refused without checking the password. A
successful sign-in clears the count. Every refusal says how long to wait; none says whether the
badge exists.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.accounts import keyslots, passwords, roles
from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, ValidationError
from gridapp.keys import backoff
from gridapp.keys.backoff import (
    BACKOFF_AFTER,
    LOCK_AFTER,
    LOCK_MINUTES,
    MAX_WAIT_S,
    SignInRefused,
)
from gridapp.models import Meta, Officer
from gridapp.store import StationStore

__all__ = ["BACKOFF_AFTER", "LOCK_AFTER", "LOCK_MINUTES", "MAX_WAIT_S", "SignInRefused",
           "SignedIn", "active_officer", "change_password", "must_change_password",
           "reset_password", "set_password", "sign_in"]

ATTEMPTS_PREFIX = "signin_attempts:"
MUST_CHANGE_PREFIX = "password_must_change:"
_TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class SignedIn:
    officer_id: str
    badge: str
    name: str
    role: str
    must_change_password: bool


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
        moment = backoff.now()
        backoff.check_wait(backoff.Attempts(failures, until), moment)
        officer = _officer(s, store, badge)
        usable = officer is not None and officer.active and bool(officer.password_hash)
        # The same work whether or not the badge exists or has a password (no timing hint).
        stored = officer.password_hash if usable and officer is not None else passwords.dummy_hash()
        good = passwords.verify_password(stored, password) and usable
        if not good:
            after, refusal = backoff.after_failure(backoff.Attempts(failures, until), moment)
            value = json.dumps({"failures": after.failures,
                                "until": after.until.isoformat() if after.until else ""})
            if row is None:
                s.add(Meta(key=ATTEMPTS_PREFIX + badge, value=value))
            else:
                row.value = value
            _commit_failure(s)
            raise refusal
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
