"""Passwords (Argon2id), sign-in back-off and lockout, change and reset."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from gridapp import clock
from gridapp.accounts import passwords, signin
from gridapp.errors import PermissionDenied, ValidationError
from gridapp.keys import backoff
from gridapp.models import Officer
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE, OFFICER_BADGE, TEST_PASSWORD

PASSWORD = "巡查-2026-南京东路"


@pytest.fixture
def with_password(store: StationStore) -> StationStore:
    with store.session() as s:
        officer = store.officer_by_badge(s, OFFICER_BADGE)
        signin.set_password(store, s, officer, PASSWORD, actor=LEAD_BADGE)
    return store


def _hash(store: StationStore) -> str:
    with store.read() as s:
        return store.officer_by_badge(s, OFFICER_BADGE).password_hash


def test_the_password_is_stored_as_argon2id(with_password: StationStore) -> None:
    stored = _hash(with_password)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and PASSWORD not in stored
    who = signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)
    assert who.badge == OFFICER_BADGE and who.role == "officer" and not who.must_change_password


def test_wrong_passwords_back_off_then_lock(with_password: StationStore,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    moment = clock.now()
    monkeypatch.setattr(backoff, "now", lambda: moment)
    for n in range(1, signin.BACKOFF_AFTER + 1):
        with pytest.raises(signin.SignInRefused, match="执法证号或密码不正确"):
            signin.sign_in(with_password, OFFICER_BADGE, f"wrong-{n}")
    # Now a wait is in force: even the right password is refused without being checked.
    with pytest.raises(signin.SignInRefused, match="秒后再试"):
        signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)
    for n in range(signin.BACKOFF_AFTER + 1, signin.LOCK_AFTER + 1):
        moment += timedelta(seconds=signin.MAX_WAIT_S + 1)
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(with_password, OFFICER_BADGE, f"wrong-{n}")
    moment += timedelta(minutes=signin.LOCK_MINUTES - 1)
    with pytest.raises(signin.SignInRefused, match="已暂时锁定"):
        signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)
    moment += timedelta(minutes=2)
    assert signin.sign_in(with_password, OFFICER_BADGE, PASSWORD).badge == OFFICER_BADGE
    # A success clears the count: one more mistake is just a mistake.
    with pytest.raises(signin.SignInRefused, match="执法证号或密码不正确"):
        signin.sign_in(with_password, OFFICER_BADGE, "wrong-again")
    assert signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)


def test_an_unknown_badge_reads_like_a_wrong_password(with_password: StationStore) -> None:
    with pytest.raises(signin.SignInRefused) as unknown:
        signin.sign_in(with_password, "99999999", PASSWORD)
    with pytest.raises(signin.SignInRefused) as wrong:
        signin.sign_in(with_password, OFFICER_BADGE, "not-the-password")
    assert unknown.value.message_zh == wrong.value.message_zh


def test_a_legacy_scrypt_hash_signs_in_and_is_upgraded(store: StationStore) -> None:
    import hashlib
    import os

    salt = os.urandom(16)
    digest = hashlib.scrypt(PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1)
    legacy = f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"
    from gridapp import changes

    with store.session() as s, changes.unrecorded(s, "a station from an earlier version"):
        s.query(Officer).filter_by(badge_no=OFFICER_BADGE).update({"password_hash": legacy})
    assert signin.sign_in(store, OFFICER_BADGE, PASSWORD)
    assert _hash(store).startswith("$argon2id$")


@pytest.mark.parametrize("new, message", [
    ("short", "至少 8 位"), (OFFICER_BADGE, "不能与执法证号相同"), ("aaaaaaaaaa", "同一个字符"),
    ("abc\x1bdefgh", "控制字符"),
])
def test_a_weak_new_password_is_refused_and_nothing_changes(with_password: StationStore,
                                                            new: str, message: str) -> None:
    before = _hash(with_password)
    with pytest.raises(ValidationError, match=message):
        signin.change_password(with_password, OFFICER_BADGE, PASSWORD, new)
    assert _hash(with_password) == before


def test_change_needs_the_old_password(with_password: StationStore) -> None:
    with pytest.raises(signin.SignInRefused):
        signin.change_password(with_password, OFFICER_BADGE, "not-it-at-all", "新的密码-2027")
    signin.change_password(with_password, OFFICER_BADGE, PASSWORD, "新的密码-2027")
    assert signin.sign_in(with_password, OFFICER_BADGE, "新的密码-2027")


def test_a_reset_gives_a_temporary_password_that_must_be_changed(
        with_password: StationStore) -> None:
    with pytest.raises(PermissionDenied):
        signin.reset_password(with_password, LEAD_BADGE, actor=OFFICER_BADGE)
    temporary = signin.reset_password(with_password, OFFICER_BADGE, actor=LEAD_BADGE)
    assert len(temporary) == 12
    who = signin.sign_in(with_password, OFFICER_BADGE, temporary)
    assert who.must_change_password
    signin.change_password(with_password, OFFICER_BADGE, temporary, "自己的新密码-01")
    assert not signin.sign_in(with_password, OFFICER_BADGE, "自己的新密码-01").must_change_password


def test_the_cli_sets_changes_and_resets_passwords(run_cli, store: StationStore,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data = store.data_dir
    store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("短\n"))
    r = run_cli("--data-dir", data, "officer", "add", "--name", "王强", "--badge", "31010003",
                "--password-stdin")
    assert r.code == 2 and "至少 8 位" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("第一个密码-abc\n"))
    r = run_cli("--data-dir", data, "officer", "add", "--name", "王强", "--badge", "31010003",
                "--password-stdin")
    assert r.code == 0, r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("第一个密码-abc\n"))
    r = run_cli("--data-dir", data, "officer", "passwd", "31010003")
    assert r.code == 2 and "原密码和新密码" in r.err, "one line is not two"
    monkeypatch.setattr("sys.stdin", io.StringIO("第一个密码-abc\n第二个密码-xyz\n"))
    r = run_cli("--data-dir", data, "officer", "passwd", "31010003")
    assert r.code == 0 and "已更改" in r.out, r.err
    r = run_cli("--data-dir", data, "officer", "reset", "31010003", "--json")
    assert r.code == 0
    import json

    temporary = json.loads(r.out)["temporary_password"]
    assert passwords.verify_password(_stored(data), temporary)


def _stored(data: object) -> str:
    from gridapp.store import open_store

    st = open_store(data, create=False)  # type: ignore[arg-type]
    try:
        with st.read() as s:
            return st.officer_by_badge(s, "31010003").password_hash
    finally:
        st.close()


def test_a_clock_set_back_does_not_lengthen_a_lock(with_password: StationStore,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    moment = clock.now()
    monkeypatch.setattr(backoff, "now", lambda: moment)
    for n in range(signin.LOCK_AFTER):
        moment += timedelta(seconds=signin.MAX_WAIT_S + 1)
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(with_password, OFFICER_BADGE, f"wrong-{n}")
    moment -= timedelta(days=30)  # the wall clock is set back a month
    with pytest.raises(signin.SignInRefused, match="15 分钟后再试"):
        signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)


def test_the_lock_ignores_the_training_clock(with_password: StationStore,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_now = backoff.now()
    for n in range(signin.LOCK_AFTER):  # ten failures, each after its wait had passed
        monkeypatch.setattr(backoff, "now", lambda n=n: real_now + timedelta(
            seconds=n * (signin.MAX_WAIT_S + 1) - signin.LOCK_AFTER * (signin.MAX_WAIT_S + 1)))
        with pytest.raises(signin.SignInRefused):
            signin.sign_in(with_password, OFFICER_BADGE, f"wrong-{n}")
    monkeypatch.undo()  # the real clock again: the lock runs until about 15 minutes from now
    monkeypatch.setenv("GRIDAPP_NOW", "2030-01-01T00:00:00+08:00")
    with pytest.raises(signin.SignInRefused, match="已暂时锁定"):
        signin.sign_in(with_password, OFFICER_BADGE, PASSWORD)


def test_the_cli_acts_for_a_protected_account_only_with_its_password(
        run_cli, with_password: StationStore, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import DEMO_CASE_INPUT

    data = with_password.data_dir
    with_password.close()
    case = data / "case.json"
    import json

    case.write_text(json.dumps(dict(DEMO_CASE_INPUT)), encoding="utf-8")
    monkeypatch.delenv("GRIDAPP_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: nobody to ask
    r = run_cli("--data-dir", data, "case", "add", "--from", case, "--as", OFFICER_BADGE)
    assert r.code == 2 and "设有密码" in r.err and "GRIDAPP_PASSWORD" in r.err
    monkeypatch.setenv("GRIDAPP_PASSWORD", "不是这个密码")
    r = run_cli("--data-dir", data, "case", "add", "--from", case, "--as", OFFICER_BADGE)
    assert r.code == 2 and "执法证号或密码不正确" in r.err
    monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
    r = run_cli("--data-dir", data, "case", "add", "--from", case, "--as", OFFICER_BADGE,
                "--json")
    assert r.code == 0, r.err
    # A temporary password acts only after it was changed (the lead resets it, with theirs).
    monkeypatch.setenv("GRIDAPP_PASSWORD", TEST_PASSWORD)
    temporary = json.loads(run_cli("--data-dir", data, "officer", "reset", OFFICER_BADGE,
                                   "--json").out)["temporary_password"]
    monkeypatch.setenv("GRIDAPP_PASSWORD", temporary)
    r = run_cli("--data-dir", data, "case", "add", "--from", case, "--as", OFFICER_BADGE)
    assert r.code == 2 and "临时密码" in r.err
