"""The data keys this process has unlocked, and the credentials it was given to unlock with.

Contracts:
- ``data_key(data_dir)`` is None for a station without a key file (not encrypted yet); else
  the station's data key — from this process's memory (keyed by the key file's check value, so
  a copy of the same station opens too), the open slot of a demo station, or the password slot
  of the credentials given with ``use_credentials`` (the CLI's ``--officer``/``--password-stdin``
  or ``GRIDAPP_PASSWORD``; the desktop's sign-in), else ``$GRIDAPP_OFFICER``/``$GRIDAPP_PASSWORD``
  from the environment (scripts). Without any, ``StationLocked`` (Chinese).
- Unlocking with a password takes the slot's Argon2id time whether or not the badge has a
  slot; waits and locks after wrong passwords follow ``gridapp.keys.backoff`` and are counted
  in the key file. A wiped key file (lost device) is refused with ``DeviceWiped``.
- ``proven_officer(data_dir)``: the officer (id, from the slot's authenticated data) whose
  password opened the station in this process, so the acting officer is not asked twice.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from gridapp.errors import StorageError
from gridapp.keys import backoff, slots
from gridapp.keys.backoff import Attempts

log = logging.getLogger(__name__)
OFFICER_ENV = "GRIDAPP_OFFICER"
PASSWORD_ENV = "GRIDAPP_PASSWORD"  # noqa: S105  (the variable's name, not a password)


class StationLocked(StorageError):
    """The station is encrypted and no credentials were given."""


class DeviceWiped(StorageError):
    """HQ revoked this device and its key slots were wiped."""

    exit_code = 3


@dataclass(frozen=True)
class Credentials:
    badge: str
    password: str


class _Given:
    credentials: Credentials | None = None
    badge: str = ""


_given = _Given()
_keys: dict[str, bytes] = {}  # key_check → data key
_proven: dict[str, str] = {}  # key_check → id of the officer whose password opened it


def use_credentials(badge: str, password: str) -> None:
    """Unlock with ``password`` for ``badge`` (empty: the station's only password slot)."""
    _given.credentials = Credentials(badge.strip(), password)
    _given.badge = badge.strip()


def use_badge(badge: str) -> None:
    """The badge to unlock with, the password still to come (asked on a terminal)."""
    _given.credentials = None
    _given.badge = badge.strip()


def credentials() -> Credentials | None:
    return _given.credentials


def forget() -> None:
    """Drop the credentials and every unlocked key (sign-out, tests)."""
    _given.credentials = None
    _given.badge = ""
    _keys.clear()
    _proven.clear()


def forget_key(data_key: bytes) -> None:
    """Drop one station's key from this process (its slots were wiped)."""
    check = slots.key_check(data_key)
    _keys.pop(check, None)
    _proven.pop(check, None)


def remember(data_key: bytes, officer_id: str = "") -> None:
    check = slots.key_check(data_key)
    _keys[check] = data_key
    if officer_id:
        _proven[check] = officer_id


def proven_officer(data_dir: Path) -> str:
    keys = slots.load(data_dir)
    return _proven.get(keys.key_check, "") if keys is not None else ""


def wiped_error(data_dir: Path, when: str) -> DeviceWiped:
    return DeviceWiped(
        f"本设备的同步权限已被指挥中心撤销（{when[:19]}），站点密钥已清除，数据无法在本机打开；"
        "如需恢复，请联系指挥中心用恢复密钥处理",
        f"this device was revoked by HQ and its keys were wiped at {when}")


def locked_error(data_dir: Path) -> StationLocked:
    return StationLocked(
        f"站点 {data_dir} 的数据已加密：请用执法证号和密码解锁（命令行：gridapp --officer 执法证号 "
        f"--password-stdin …，或在脚本中设置环境变量 {OFFICER_ENV} 和 {PASSWORD_ENV}）",
        f"the station {data_dir} is encrypted: give --officer BADGE and --password-stdin "
        f"(or {OFFICER_ENV}/{PASSWORD_ENV})", field="password")


def data_key(data_dir: Path) -> bytes | None:
    keys = slots.load(data_dir)
    if keys is None:
        return None
    if keys.wiped_at:
        raise wiped_error(data_dir, keys.wiped_at)
    cached = _keys.get(keys.key_check)
    if cached is not None:
        return cached
    demo = keys.demo_slot()
    if demo is not None and slots.key_check(demo.open_key) == keys.key_check:
        _keys[keys.key_check] = demo.open_key
        return demo.open_key
    given = _given.credentials
    if given is None and os.environ.get(PASSWORD_ENV) is not None:
        given = Credentials(os.environ.get(OFFICER_ENV, "").strip(), os.environ[PASSWORD_ENV])
    if given is None:
        raise locked_error(data_dir)
    badge = given.badge
    if not badge:
        if len(keys.badges) != 1:
            raise StationLocked(
                f"站点 {data_dir} 有多位执法人员：请用 --officer 执法证号（或环境变量 {OFFICER_ENV}）"
                "指明用谁的密码解锁",
                f"several accounts can unlock {data_dir}: name one with --officer",
                field="officer")
        badge = keys.badges[0]
    return unlock_with_password(data_dir, badge, given.password)


def forget_proven() -> None:
    """A new command starts: no officer has proven anything in it yet (keys stay cached)."""
    _proven.clear()


def unlock_with_password(data_dir: Path, badge: str, password: str, *,
                         officer_id: str | None = None, prove: bool = True) -> bytes:
    """The data key if ``password`` opens ``badge``'s slot; counts failures in the key file.
    With ``officer_id``, the slot must also prove that officer (its authenticated id): a slot
    whose label was changed to another badge is a wrong password, not a sign-in. ``prove``:
    this opens the station for the officer (``proven_officer``); a check of another officer's
    password (the CLI's ``--as``, the lock screen) passes False."""
    keys = slots.load(data_dir)
    if keys is None:
        raise StorageError(f"数据目录 {data_dir} 中的站点未加密，没有密钥可解锁",
                           f"the station in {data_dir} is not encrypted")
    if keys.wiped_at:
        raise wiped_error(data_dir, keys.wiped_at)
    badge = badge.strip()
    slot = keys.password_slot(badge)
    moment = backoff.now()
    backoff.check_wait(slot.attempts if slot is not None else Attempts(), moment)
    if slot is not None:
        key = slots.open_password_slot(slot, password)
    else:  # the same work as a real slot: no hint whether the badge has one
        slots.open_password_slot(_decoy(), password)
        key = None
    proves = slot is not None and (officer_id is None or slot.officer_id == officer_id)
    if key is None or slots.key_check(key) != keys.key_check or not proves:
        attempts, refusal = backoff.after_failure(
            slot.attempts if slot is not None else Attempts(), moment)
        if slot is not None:
            _count(data_dir, slot, attempts)
        raise refusal
    assert slot is not None
    if slot.attempts.failures:
        _count(data_dir, slot, Attempts())
    remember(key, slot.officer_id if prove else "")
    return key


def _count(data_dir: Path, slot: slots.Slot, attempts: Attempts) -> None:
    """Store the attempts of ``slot`` in the key file as it is now (under its lock): a change
    made meanwhile — a wipe, a new password — is kept, and a replaced slot is not touched."""
    def change(keys: slots.KeyFile) -> slots.KeyFile:
        now_there = keys.password_slot(slot.badge)
        if now_there is None or now_there.wrapped != slot.wrapped:
            return keys
        return slots.with_attempts(keys, slot.badge, attempts)
    try:
        slots.edit(data_dir, change)
    except StorageError as exc:  # read-only media: the count cannot be kept there
        log.warning("sign-in attempts not recorded in %s: %s", data_dir, exc.message_en)


_DECOY: list[slots.Slot] = []


def _decoy() -> slots.Slot:
    if not _DECOY:
        _DECOY.append(slots.password_slot(secrets.token_bytes(32), "", "", secrets.token_hex(8)))
    return _DECOY[0]
