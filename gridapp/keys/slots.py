"""The key file ``<data>/keys.json``: the station's data key, wrapped once per key slot.

Contracts:
- The data key is 32 random bytes made once per station; it never leaves memory unwrapped and
  is never written in the clear — except in the open slot of a demo station (demo data is not
  personal data, and a demo station is marked as such everywhere).
- A password slot wraps the data key with AES-256-GCM under a key-encryption key derived from
  the account's password by Argon2id (its parameters and salt stored in the slot); the badge is
  bound in as associated data, so a slot cannot be relabelled for another account. Changing a
  password rewraps that one slot; nothing else is re-encrypted.
- A recovery slot wraps the data key for HQ's X25519 recovery public key (an ephemeral key
  agreement, HKDF-SHA256, AES-256-GCM): only HQ's private key opens it (``recover``).
- ``key_check`` (an HMAC of a fixed label under the data key) tells a right key from a wrong
  one without trying the database.
- Failed password attempts are counted in the slot (``gridapp.keys.backoff``): the database
  cannot be written before it is unlocked.
- The file is replaced atomically (temporary file, fsync, rename), mode 0600. A wiped file
  (lost device) keeps no slot and says when it was wiped; the data stays encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from gridapp.errors import StorageError, ValidationError, os_reason
from gridapp.keys.backoff import Attempts

KEYS_FILENAME = "keys.json"
FORMAT = "gridapp-keys/1"
DATA_KEY_BYTES = 32
MAX_KEYS_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters of a password slot (memory in KiB)."""

    time_cost: int
    memory_kib: int
    parallelism: int


# 256 MiB, 3 passes, 4 lanes: 0.3–1.5 s on a station laptop (benchmarks/bench_crypto.py), far
# above OWASP's minimum. New slots take ``NEW_SLOT_PARAMS``; existing slots keep their own.
STANDARD = KdfParams(time_cost=3, memory_kib=256 * 1024, parallelism=4)
NEW_SLOT_PARAMS = STANDARD
_MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB: a slot asking for more is refused, not obeyed


@dataclass(frozen=True)
class Slot:
    kind: str  # "password" | "recovery" | "demo"
    badge: str = ""
    officer_id: str = ""
    kdf: KdfParams | None = None
    salt: bytes = b""
    nonce: bytes = b""
    wrapped: bytes = b""
    ephemeral: bytes = b""  # recovery: the ephemeral X25519 public key
    key_id: str = ""  # recovery: fingerprint of HQ's public key
    open_key: bytes = b""  # demo only
    attempts: Attempts = field(default_factory=Attempts)


@dataclass(frozen=True)
class KeyFile:
    key_check: str
    slots: tuple[Slot, ...]
    wiped_at: str = ""

    def password_slot(self, badge: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == "password" and s.badge == badge), None)

    def demo_slot(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "demo"), None)

    @property
    def badges(self) -> tuple[str, ...]:
        return tuple(s.badge for s in self.slots if s.kind == "password")


def keys_path(data_dir: Path) -> Path:
    return data_dir / KEYS_FILENAME


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def key_check(data_key: bytes) -> str:
    return hmac.new(data_key, b"gridapp key check", hashlib.sha256).hexdigest()[:32]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _damaged(path: Path, why: str) -> StorageError:
    return StorageError(
        f"密钥文件 {path} 已损坏（{why}），无法解锁站点数据；请联系管理员用指挥中心恢复密钥恢复",
        f"the key file {path} is damaged ({why})")


# --- reading and writing -----------------------------------------------------------------------

def load(data_dir: Path) -> KeyFile | None:
    """The key file, or None for a station without one (not encrypted)."""
    path = keys_path(data_dir)
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_KEYS_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"密钥文件 {path} 无法读取：{os_reason(exc)}",
                           f"cannot read the key file {path}: {exc}") from exc
    if len(raw) > MAX_KEYS_FILE_BYTES:
        raise _damaged(path, "文件过大")
    try:
        doc = json.loads(raw.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ValueError("format")
        slots = tuple(_slot_from(d) for d in doc["slots"])
        return KeyFile(key_check=str(doc["key_check"]), slots=slots,
                       wiped_at=str(doc.get("wiped_at", "")))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise _damaged(path, "格式不对") from exc


def _slot_from(d: Any) -> Slot:
    if not isinstance(d, dict):
        raise ValueError("slot")
    kind = d["kind"]
    if kind == "password":
        k = d["kdf"]
        kdf = KdfParams(int(k["t"]), int(k["m"]), int(k["p"]))
        if not (1 <= kdf.time_cost <= 64 and 8 * kdf.parallelism <= kdf.memory_kib
                <= _MAX_MEMORY_KIB and 1 <= kdf.parallelism <= 64):
            raise ValueError("kdf parameters out of range")
        until = datetime.fromisoformat(d["until"]) if d.get("until") else None
        return Slot("password", badge=str(d["badge"]), officer_id=str(d["officer_id"]), kdf=kdf, salt=_unb64(k["salt"]),
                    nonce=_unb64(d["nonce"]), wrapped=_unb64(d["wrapped"]),
                    attempts=Attempts(int(d.get("failures", 0)), until))
    if kind == "recovery":
        slot = Slot("recovery", key_id=str(d["key_id"]), ephemeral=_unb64(d["ephemeral"]),
                    nonce=_unb64(d["nonce"]), wrapped=_unb64(d["wrapped"]))
        _sizes(slot.ephemeral, 32, slot.nonce, slot.wrapped)
        return slot
    if kind == "demo":
        slot = Slot("demo", open_key=_unb64(d["key"]))
        if len(slot.open_key) != DATA_KEY_BYTES:
            raise ValueError("demo key size")
        return slot
    raise ValueError(f"unknown slot kind {kind!r}")


def _sizes(first: bytes, first_min: int, nonce: bytes, wrapped: bytes) -> None:
    """Byte lengths a slot must have (a salt or ephemeral key, a GCM nonce, a wrapped key)."""
    if len(first) < first_min or len(nonce) != 12 or len(wrapped) != DATA_KEY_BYTES + 16:
        raise ValueError("slot field sizes")


def _slot_doc(s: Slot) -> dict[str, Any]:
    if s.kind == "password":
        assert s.kdf is not None
        return {"kind": "password", "badge": s.badge, "officer_id": s.officer_id,
                "kdf": {"alg": "argon2id", "t": s.kdf.time_cost, "m": s.kdf.memory_kib,
                        "p": s.kdf.parallelism, "salt": _b64(s.salt)},
                "nonce": _b64(s.nonce), "wrapped": _b64(s.wrapped),
                "failures": s.attempts.failures,
                "until": s.attempts.until.isoformat() if s.attempts.until else ""}
    if s.kind == "recovery":
        return {"kind": "recovery", "alg": "x25519-hkdf-sha256-aes256gcm", "key_id": s.key_id,
                "ephemeral": _b64(s.ephemeral), "nonce": _b64(s.nonce),
                "wrapped": _b64(s.wrapped)}
    return {"kind": "demo", "key": _b64(s.open_key)}


def save(data_dir: Path, keys: KeyFile) -> None:
    """Replace the key file atomically (0600)."""
    path = keys_path(data_dir)
    doc = {"format": FORMAT, "key_check": keys.key_check,
           "slots": [_slot_doc(s) for s in keys.slots]}
    if keys.wiped_at:
        doc["wiped_at"] = keys.wiped_at
    body = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    tmp = path.with_name(f".{KEYS_FILENAME}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, body)
            os.fsync(fd)
        finally:
            os.close(fd)
        tmp.replace(path)
        dir_fd = os.open(data_dir, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"无法写入密钥文件 {path}：{os_reason(exc)}",
                           f"cannot write the key file {path}: {exc}") from exc


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """The key file's lock (``keys.json.lock``, exclusive, across processes): every change is
    load → change → save under it, so two writers never undo each other (a wipe, above all)."""
    import portalocker

    path = data_dir / (KEYS_FILENAME + ".lock")
    try:
        with portalocker.Lock(str(path), mode="a", timeout=30,
                              flags=portalocker.LockFlags.EXCLUSIVE
                              | portalocker.LockFlags.NON_BLOCKING):
            yield
    except (portalocker.LockException, OSError) as exc:
        raise StorageError(f"密钥文件 {keys_path(data_dir)} 被占用或无法加锁：{exc}",
                           f"cannot lock the key file in {data_dir}: {exc}") from exc


def edit(data_dir: Path, change: Callable[[KeyFile], KeyFile], *,
         wiped_too: bool = False) -> KeyFile | None:
    """Apply ``change`` to the key file as it is now, under its lock, and save the result.
    A wiped key file is left as it is (None) unless ``wiped_too`` (recovery): nothing brings a
    slot back on a device HQ revoked. No key file: None, nothing written."""
    with _locked(data_dir):
        keys = load(data_dir)
        if keys is None or (keys.wiped_at and not wiped_too):
            return None
        changed = change(keys)
        if changed != keys:
            save(data_dir, changed)
        return changed


def create(data_dir: Path, data_key: bytes, *, demo: bool = False) -> KeyFile:
    """A new key file for ``data_key``; refuses to replace an existing one."""
    if keys_path(data_dir).exists():
        raise StorageError(f"数据目录 {data_dir} 已有密钥文件，不能覆盖",
                           f"{data_dir} already holds a key file")
    keys = KeyFile(key_check=key_check(data_key),
                   slots=(Slot("demo", open_key=data_key),) if demo else ())
    save(data_dir, keys)
    return keys


def wipe(data_dir: Path, when: str) -> None:
    """Lost device: drop every slot that opens the data here (passwords, demo), keep HQ's
    recovery slot (only HQ's private key opens it) and record when. Idempotent."""
    edit(data_dir, lambda keys: replace(
        keys, slots=tuple(s for s in keys.slots if s.kind == "recovery"), wiped_at=when))


# --- password slots ----------------------------------------------------------------------------

def _kek(password: str, salt: bytes, kdf: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password.encode("utf-8"), salt, kdf.time_cost, kdf.memory_kib,
                           kdf.parallelism, 32, Type.ID)


def _aad(officer_id: str) -> bytes:
    return f"{FORMAT} password {officer_id}".encode()


def password_slot(data_key: bytes, officer_id: str, badge: str, password: str,
                  kdf: KdfParams | None = None) -> Slot:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf = kdf or NEW_SLOT_PARAMS
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    wrapped = AESGCM(_kek(password, salt, kdf)).encrypt(nonce, data_key, _aad(officer_id))
    return Slot("password", badge=badge, officer_id=officer_id, kdf=kdf, salt=salt, nonce=nonce,
                wrapped=wrapped)


def open_password_slot(slot: Slot, password: str) -> bytes | None:
    """The data key, or None when the password is not this slot's."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert slot.kdf is not None
    try:
        return AESGCM(_kek(password, slot.salt, slot.kdf)).decrypt(
            slot.nonce, slot.wrapped, _aad(slot.officer_id))
    except (InvalidTag, ValueError):
        return None


def with_slot(keys: KeyFile, slot: Slot) -> KeyFile:
    """``keys`` with ``slot`` added, replacing the same officer's password slot (and any slot
    labelled with the same badge), or the recovery slot."""
    def same(s: Slot) -> bool:
        if s.kind != slot.kind:
            return False
        if s.kind == "password":
            return s.officer_id == slot.officer_id or s.badge == slot.badge
        return s.kind == "recovery"
    return replace(keys, slots=(*[s for s in keys.slots if not same(s)], slot))


def without_password_slot(keys: KeyFile, officer_id: str) -> KeyFile:
    return replace(keys, slots=tuple(s for s in keys.slots
                                     if not (s.kind == "password" and s.officer_id == officer_id)))


def relabelled(keys: KeyFile, officer_id: str, badge: str) -> KeyFile:
    return replace(keys, slots=tuple(replace(s, badge=badge)
                                     if s.kind == "password" and s.officer_id == officer_id else s
                                     for s in keys.slots))


def with_attempts(keys: KeyFile, badge: str, attempts: Attempts) -> KeyFile:
    return replace(keys, slots=tuple(replace(s, attempts=attempts)
                                     if s.kind == "password" and s.badge == badge else s
                                     for s in keys.slots))


# --- HQ recovery -------------------------------------------------------------------------------

def recovery_key_id(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _recovery_kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=b"gridapp recovery slot v1").derive(shared)


def recovery_slot(data_key: bytes, hq_public_raw: bytes) -> Slot:
    """The data key wrapped for HQ's X25519 recovery public key (32 raw bytes)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    try:
        recipient = X25519PublicKey.from_public_bytes(hq_public_raw)
    except ValueError as exc:
        raise ValidationError("指挥中心恢复公钥格式不对（应为 32 字节的 X25519 公钥）",
                              "HQ's recovery key is not an X25519 public key",
                              field="recovery_key") from exc
    eph = X25519PrivateKey.generate()
    eph_raw = eph.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kek = _recovery_kek(eph.exchange(recipient), eph_raw, hq_public_raw)
    nonce = secrets.token_bytes(12)
    key_id = recovery_key_id(hq_public_raw)
    wrapped = AESGCM(kek).encrypt(nonce, data_key, f"{FORMAT} recovery {key_id}".encode())
    return Slot("recovery", key_id=key_id, ephemeral=eph_raw, nonce=nonce, wrapped=wrapped)


def open_recovery_slot(slot: Slot, hq_private_raw: bytes) -> bytes | None:
    """The data key from the recovery slot with HQ's private key (None: not this key)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private = X25519PrivateKey.from_private_bytes(hq_private_raw)
    public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if recovery_key_id(public_raw) != slot.key_id:
        return None
    try:
        kek = _recovery_kek(private.exchange(X25519PublicKey.from_public_bytes(slot.ephemeral)),
                            slot.ephemeral, public_raw)
    except ValueError:  # a malformed ephemeral key (the file was damaged)
        return None
    try:
        return AESGCM(kek).decrypt(slot.nonce, slot.wrapped,
                                   f"{FORMAT} recovery {slot.key_id}".encode())
    except InvalidTag:
        return None
