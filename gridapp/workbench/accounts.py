"""What the desktop asks about accounts: signing in, the idle-lock time, and the officers an
admin or lead manages — plain frozen values, each call its own unit of work.

Contract: every check of a password and every role decision is made here or below (the
``gridapp.accounts`` services, ``gridapp.officers``); the desktop only shows the Chinese refusal.
Password checks cost about half a second (Argon2id): call these on a worker, never the GUI
thread.

Accounts without a password: on a demo station (``gridapp.demo``) the demo accounts have none
and sign in with an empty password (the documented demo account, ``DEMO_BADGE``); on a real
station an account without one (made by ``officer add`` without ``--password`` or by an
earlier version) must set a password before it can work (``needs`` = ``"first_password"``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from gridapp import audit
from gridapp.accounts import passwords, roles, signin
from gridapp.accounts.roles import ROLE_LABELS
from gridapp.errors import PermissionDenied, ValidationError
from gridapp.models import Meta, Officer
from gridapp.store import StationStore

LOCK_MINUTES_KEY = "desktop_lock_minutes"
DEFAULT_LOCK_MINUTES = 5
MIN_LOCK_MINUTES = 1
MAX_LOCK_MINUTES = 120


@dataclass(frozen=True)
class Authenticated:
    officer_id: str
    name: str
    badge: str
    role: str
    # "" (ready), "temporary" (a reset password: set a new one first) or "first_password"
    # (the account has none yet: set one first).
    needs: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class AccountRow:
    name: str
    badge: str
    role: str
    role_label: str
    active: bool
    has_password: bool


def _is_demo(store: StationStore) -> bool:
    from gridapp.demo import is_demo_station

    with store.read() as s:
        return is_demo_station(s, store.station(s))


def _by_slot(store: StationStore, badge: str, password: str,
             proven: str) -> Authenticated | None:
    from gridapp.keys import slots, unlock

    if store.data_key is None:
        return None
    keys = slots.load(store.data_dir)
    if keys is not None and keys.wiped_at:  # revoked: no password opens this session again
        raise unlock.wiped_error(store.data_dir, keys.wiped_at)
    if keys is None or keys.password_slot(badge) is None:
        return None
    with store.read() as s:
        officer = s.scalars(select(Officer).where(
            Officer.badge_no == badge, Officer.station_id == store.station(s).id,
            Officer.deleted.is_(False), Officer.active.is_(True))).first()
        who = (officer.id, officer.name, officer.badge_no, officer.role) if officer else None
    if who is None or who[0] != proven:
        unlock.unlock_with_password(store.data_dir, badge, password,
                                    officer_id=who[0] if who else "-", prove=False)
    if who is None:  # a slot without an active officer: as wrong as a wrong password
        raise signin.SignInRefused("执法证号或密码不正确", "wrong badge or password",
                                   field="password")
    needs = "temporary" if signin.must_change_password(store, badge) else ""
    return Authenticated(who[0], who[1], who[2], who[3], needs=needs)


def _passwordless(store: StationStore, badge: str) -> Officer | None:
    """The active officer with ``badge`` when their account has no password, else None."""
    with store.read() as s:
        officer = s.scalars(select(Officer).where(
            Officer.badge_no == badge, Officer.station_id == store.station(s).id,
            Officer.deleted.is_(False), Officer.active.is_(True))).first()
        if officer is None or officer.password_hash:
            return None
        s.expunge(officer)
        return officer


def authenticate(store: StationStore, badge: str, password: str, *,
                 proven: str = "") -> Authenticated:
    """The officer ``badge`` if ``password`` is theirs (``signin.sign_in``: back-off and lock
    apply, refusals say how long to wait and never whether the badge exists).

    On an encrypted station an account with a key slot is checked by opening its slot, which
    must prove that very officer (``gridapp.keys.unlock``: waits and locks counted in the key
    file); ``proven``: the officer id the same password just proved by opening the station."""
    badge = badge.strip()
    if not badge:
        raise ValidationError("请输入执法证号", "enter the badge number", field="badge")
    slotted = _by_slot(store, badge, password, proven)
    if slotted is not None:
        return slotted
    bare = _passwordless(store, badge)
    if bare is not None:
        demo = _is_demo(store)
        if demo and password == "":
            return Authenticated(bare.id, bare.name, bare.badge_no, bare.role)
        if not demo:
            passwords.dummy_hash()  # as long as a real check
            return Authenticated(bare.id, bare.name, bare.badge_no, bare.role,
                                 needs="first_password")
    who = signin.sign_in(store, badge, password)
    return Authenticated(who.officer_id, who.name, who.badge, who.role,
                         needs="temporary" if who.must_change_password else "")


def set_new_password(store: StationStore, badge: str, old: str, new: str, confirm: str) -> None:
    """The officer sets their own new password: after a reset (``old`` = the temporary one), at
    any time (``old`` = the current one), or — for an account that has none on a real station —
    the first one (``old`` ignored)."""
    if new != confirm:
        raise ValidationError("两次输入的新密码不一致", "the new passwords differ",
                              field="password")
    badge = badge.strip()
    bare = _passwordless(store, badge)
    if bare is not None and not _is_demo(store):
        with store.session() as s:
            officer = s.get(Officer, bare.id)
            assert officer is not None
            if officer.password_hash:  # set meanwhile
                raise ValidationError("该账户已设置密码", "the account has a password",
                                      field="password")
            signin.set_password(store, s, officer, new, actor=badge)
        return
    if bare is not None:
        raise ValidationError("演示账户不使用密码", "demo accounts have no password",
                              field="password")
    signin.change_password(store, badge, old, new)


# --- the idle lock -----------------------------------------------------------------------


def lock_minutes(store: StationStore) -> int:
    """Minutes without input after which the desktop locks (``DEFAULT_LOCK_MINUTES`` unless an
    admin or lead set it for this station)."""
    with store.read() as s:
        row = s.get(Meta, LOCK_MINUTES_KEY)
    try:
        value = int(row.value) if row is not None else DEFAULT_LOCK_MINUTES
    except ValueError:
        return DEFAULT_LOCK_MINUTES
    return value if MIN_LOCK_MINUTES <= value <= MAX_LOCK_MINUTES else DEFAULT_LOCK_MINUTES


def parse_lock_minutes(raw: object) -> int:
    text = str(raw).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        raise ValidationError(f"空闲锁定时间须为 {MIN_LOCK_MINUTES}–{MAX_LOCK_MINUTES} 之间的整数分钟",
                              "the idle lock time must be a whole number of minutes",
                              field="lock_minutes")
    value = int(text)
    if not MIN_LOCK_MINUTES <= value <= MAX_LOCK_MINUTES:
        raise ValidationError(
            f"空闲锁定时间须在 {MIN_LOCK_MINUTES}–{MAX_LOCK_MINUTES} 分钟之间（输入的是 {value}）",
            f"the idle lock time must be {MIN_LOCK_MINUTES}-{MAX_LOCK_MINUTES} minutes",
            field="lock_minutes")
    return value


def set_lock_minutes(store: StationStore, raw: object, *, actor: str) -> int:
    """Set the station's idle-lock time (an admin's or lead's act, audited)."""
    minutes = parse_lock_minutes(raw)
    with store.session() as s:
        roles.require(store.officer_by_badge(s, actor), "accounts.manage")
        row = s.get(Meta, LOCK_MINUTES_KEY)
        before = row.value if row is not None else str(DEFAULT_LOCK_MINUTES)
        if row is None:
            s.add(Meta(key=LOCK_MINUTES_KEY, value=str(minutes)))
        else:
            row.value = str(minutes)
        audit.append(s, device=store.device_id, actor=actor, action="station.lock_minutes",
                     entity="station", entity_id=store.station(s).id,
                     before={"lock_minutes": before}, after={"lock_minutes": str(minutes)})
    return minutes


# --- accounts an admin or lead manages ------------------------------------------------------


def accounts(store: StationStore) -> tuple[AccountRow, ...]:
    """Every officer of the station (retired ones too), by badge."""
    with store.read() as s:
        rows = s.scalars(select(Officer).where(Officer.station_id == store.station(s).id,
                                               Officer.deleted.is_(False))
                         .order_by(Officer.badge_no))
        return tuple(AccountRow(o.name, o.badge_no, o.role, ROLE_LABELS.get(o.role, o.role),
                                bool(o.active), bool(o.password_hash)) for o in rows)


def may_manage(store: StationStore, actor: str) -> bool:
    with store.read() as s:
        return roles.may(store.officer_by_badge(s, actor), "accounts.manage")


def add_account(store: StationStore, *, actor: str, name: str, badge: str, role: str,
                password: str) -> None:
    from gridapp import officers

    with store.session() as s:
        officers.add(store, s, name=name, badge=badge, role=role, actor=actor, password=password)


def edit_account(store: StationStore, *, actor: str, badge: str, name: str, role: str) -> None:
    from gridapp import officers

    with store.session() as s:
        officers.edit(store, s, badge, actor=actor, name=name, role=role)


def retire_account(store: StationStore, *, actor: str, badge: str) -> None:
    from gridapp import officers

    if badge.strip() == actor:
        raise PermissionDenied("不能停用自己的账户，请由另一位中队长或管理员办理",
                               "nobody retires their own account", field="badge")
    with store.session() as s:
        officers.retire(store, s, badge, actor=actor)


def reset_account_password(store: StationStore, *, actor: str, badge: str) -> str:
    """A temporary password for ``badge`` (shown once; changed at their next sign-in)."""
    if badge.strip() == actor:
        raise PermissionDenied("不能重置自己的密码，请用“修改密码”",
                               "change your own password instead", field="badge")
    return signin.reset_password(store, badge, actor=actor)
