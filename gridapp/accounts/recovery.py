"""Recovery with HQ's key: when every password of a station is lost (or its slots were wiped
after a revocation and the laptop came back), HQ opens the station's recovery slot with its
private key (``gridapp-hq recover``) and gives the station a recovery code — the data key as
text. ``recover_account`` checks the code against the key file, opens the station with it and
gives one officer a new password (a fresh key slot), to be changed at the next sign-in.
"""

from __future__ import annotations

from pathlib import Path

from gridapp.accounts import signin
from gridapp.errors import NotFoundError, ValidationError
from gridapp.keys import slots, unlock
from gridapp.store import open_store


def code_text(data_key: bytes) -> str:
    """The recovery code shown at HQ: the key in hex, in groups of eight for reading aloud."""
    text = data_key.hex()
    return "-".join(text[i:i + 8] for i in range(0, len(text), 8))


def parse_code(code: str) -> bytes:
    cleaned = "".join(ch for ch in code if ch not in "- \t")
    try:
        key = bytes.fromhex(cleaned)
    except ValueError:
        key = b""
    if len(key) != slots.DATA_KEY_BYTES:
        raise ValidationError("恢复码格式不对（应为指挥中心给出的 64 位十六进制字符）",
                              "the recovery code is malformed", field="code")
    return key


def recover_account(data_dir: Path, badge: str, code: str, password: str) -> None:
    key = parse_code(code)
    keys = slots.load(data_dir)
    if keys is None:
        raise ValidationError("本站数据没有加密，不需要恢复码", "the station is not encrypted",
                              field="data-dir")
    if slots.key_check(key) != keys.key_check:
        raise ValidationError("恢复码与本站数据不符（请核对站点与恢复码）",
                              "the recovery code does not open this station", field="code")
    if keys.wiped_at:  # the laptop came back: HQ's code reopens it (slots follow below)
        slots.edit(data_dir, lambda k: slots.KeyFile(
            key_check=k.key_check, slots=tuple(s for s in k.slots if s.kind == "recovery")),
            wiped_too=True)
    unlock.remember(key)
    store = open_store(data_dir, create=False)
    try:
        with store.session() as s:
            officer = signin.active_officer(s, store, badge)
            if officer is None:
                raise NotFoundError(f"找不到在岗的执法人员 {badge}", f"no active officer {badge}",
                                    field="badge")
            signin.set_password(store, s, officer, password, actor=officer.badge_no,
                                must_change=True)
    finally:
        store.close()
