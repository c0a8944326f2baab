"""Password hashing: Argon2id (argon2-cffi) with RFC 9106's low-memory profile (t=3, 64 MiB,
p=4; above OWASP's minimum of t=2, 19 MiB, p=1). Hashes made by earlier versions (scrypt) still
verify and are replaced at the next successful sign-in (``needs_rehash``).

Policy: at least 8 characters, not the badge number, not one repeated character.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gridapp.errors import ValidationError

MIN_LENGTH = 8
MAX_LENGTH = 256
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)


@cache
def dummy_hash() -> str:
    """Verified against when a badge has no password, so the answer takes as long either way
    (made on first use: hashing takes a noticeable fraction of a second)."""
    return _HASHER.hash("gridapp: no password here")


def check_policy(password: str, *, badge: str = "") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码至少 {MIN_LENGTH} 位", "password must be at least 8 characters",
                              field="password")
    if len(password) > MAX_LENGTH:
        raise ValidationError(f"密码过长（最多 {MAX_LENGTH} 位）", "password is too long",
                              field="password")
    if badge and password.strip() == badge.strip():
        raise ValidationError("密码不能与执法证号相同", "password must differ from the badge",
                              field="password")
    if len(set(password)) == 1:
        raise ValidationError("密码不能由同一个字符重复组成", "password is one repeated character",
                              field="password")
    if any(ord(c) < 0x20 or 0xD800 <= ord(c) <= 0xDFFF for c in password):
        raise ValidationError("密码含有控制字符或无效字符", "password has control characters",
                              field="password")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored`` (Argon2id, or a legacy scrypt hash)."""
    if stored.startswith("scrypt$"):
        return _verify_scrypt(stored, password)
    try:
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _verify_scrypt(stored: str, password: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n),
                                   r=int(r), p=int(p))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)
