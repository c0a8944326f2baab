"""The desktop's account services: who signs in without a password (only a demo station's
password-less accounts), a first password on a real station, the idle-lock time validated and
refused to an officer, nothing written on bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.accounts import signin
from gridapp.demo import DEMO_MARKER_KEY
from gridapp.errors import PermissionDenied, ValidationError
from gridapp.keys import slots
from gridapp.models import AuditEvent, Meta
from gridapp.store import StationStore
from gridapp.workbench import accounts
from tests.conftest import LEAD_BADGE, OFFICER_BADGE

PASSWORD = "巡查-2026-南京东路"


BARE = "31010003"  # an account added without a password (stations before accounts had such)


@pytest.fixture
def bare(store: StationStore) -> str:
    from gridapp.setup import add_officer

    with store.session() as s:
        add_officer(store, s, store.station(s), "王芳", BARE, actor=LEAD_BADGE)
    return BARE


def events(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_a_real_stations_account_without_a_password_must_set_one(store: StationStore,
                                                                  bare: str) -> None:
    who = accounts.authenticate(store, bare, "")
    assert who.needs == "first_password" and who.badge == bare
    with pytest.raises(ValidationError, match="两次输入的新密码不一致"):
        accounts.set_new_password(store, bare, "", PASSWORD, PASSWORD + "x")
    with pytest.raises(ValidationError, match="至少 8 位"):
        accounts.set_new_password(store, bare, "", "short", "short")
    accounts.set_new_password(store, bare, "", PASSWORD, PASSWORD)
    assert accounts.authenticate(store, bare, PASSWORD).needs == ""
    with pytest.raises(signin.SignInRefused):  # now it has one: no second "first" password
        accounts.authenticate(store, bare, "")
    keys = slots.load(store.data_dir)  # and a key slot: that password now opens the station
    assert keys is not None and keys.password_slot(bare) is not None


def test_a_demo_stations_password_less_account_signs_in_with_an_empty_password(
        store: StationStore, bare: str) -> None:
    with store.session() as s:
        s.add(Meta(key=DEMO_MARKER_KEY, value=store.station(s).id))
    assert accounts.authenticate(store, bare, "").needs == ""
    with pytest.raises(signin.SignInRefused):  # a typed password is checked like any other
        accounts.authenticate(store, bare, "guess-this-one")
    with pytest.raises(ValidationError, match="演示账户不使用密码"):
        accounts.set_new_password(store, bare, "", PASSWORD, PASSWORD)


def test_unknown_and_empty_badges_are_refused(store: StationStore) -> None:
    with pytest.raises(ValidationError, match="请输入执法证号"):
        accounts.authenticate(store, "  ", "x")
    with pytest.raises(signin.SignInRefused, match="执法证号或密码不正确"):
        accounts.authenticate(store, "99999999", PASSWORD)


@pytest.mark.parametrize("bad", ["0", "121", "-1", "abc", "", "1e3", "５", "10000000"])
def test_the_idle_lock_time_refuses_bad_input_and_writes_nothing(store: StationStore,
                                                                 bad: str) -> None:
    before = events(store)
    with pytest.raises(ValidationError, match="空闲锁定时间须") as err:
        accounts.set_lock_minutes(store, bad, actor=LEAD_BADGE)
    assert err.value.field == "lock_minutes"
    assert accounts.lock_minutes(store) == accounts.DEFAULT_LOCK_MINUTES
    assert events(store) == before


def test_only_a_lead_or_admin_sets_the_idle_lock_time(store: StationStore) -> None:
    with pytest.raises(PermissionDenied, match="无权"):
        accounts.set_lock_minutes(store, "10", actor=OFFICER_BADGE)
    assert accounts.set_lock_minutes(store, " 10 ", actor=LEAD_BADGE) == 10
    assert accounts.lock_minutes(store) == 10


def test_nobody_retires_or_resets_themselves(store: StationStore) -> None:
    with pytest.raises(PermissionDenied, match="不能停用自己的账户"):
        accounts.retire_account(store, actor=LEAD_BADGE, badge=LEAD_BADGE)
    with pytest.raises(PermissionDenied, match="不能重置自己的密码"):
        accounts.reset_account_password(store, actor=LEAD_BADGE, badge=LEAD_BADGE)
