"""The audit chain's sealing key, kept in the data directory beside (never inside) the database.

Whoever holds only the database file can rewrite events and recompute every hash, but cannot
produce the seal of the new chain head without this key (``gridapp.audit.seal``). Contracts:

- 32 random bytes, hex, in ``chain.key`` (mode 0600), written once (temporary file, fsync,
  rename); never rotated by the program;
- ``load`` returns None when there is no key; an unreadable or malformed key is an error, not a
  reason to make a new one (a new key would bless whatever the database now holds);
- with the security issue's key slots the key moves under the officers' passwords; until then
  anyone who can read the data directory can read it (see docs/SECURITY.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from gridapp.errors import StorageError, os_reason

KEY_FILENAME = "chain.key"
KEY_BYTES = 32


def key_path(data_dir: Path) -> Path:
    return data_dir / KEY_FILENAME


def load(data_dir: Path) -> bytes | None:
    path = key_path(data_dir)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else "不是文本"
        raise StorageError(f"审计链签章密钥 {path} 无法读取：{reason}",
                           f"cannot read the audit chain key {path}: {exc}") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise StorageError(f"审计链签章密钥 {path} 已损坏（应为 {KEY_BYTES} 字节的十六进制）",
                           f"the audit chain key {path} is malformed")
    return key


def create(data_dir: Path) -> bytes:
    """Write a new key; refuses to replace an existing one (``FileExistsError``)."""
    path = key_path(data_dir)
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_name(f".{KEY_FILENAME}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.hex().encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if a key appeared meanwhile: never replace one
    finally:
        tmp.unlink()
    dir_fd = os.open(data_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return key
