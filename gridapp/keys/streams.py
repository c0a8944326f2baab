"""Files encrypted in chunks with AES-256-GCM (the STREAM construction), readable at any offset.

Format: ``MAGIC`` (8 bytes) + a random 16-byte salt, then the plaintext in ``CHUNK``-byte
pieces, each sealed with AES-GCM (16-byte tag) under a per-file key (HKDF-SHA256 of the data
key with the file's salt). Chunk ``i``'s nonce is ``i`` (11 bytes, big-endian) followed by one
byte that is 1 only on the last chunk, and every chunk authenticates the header as associated
data. So a changed byte, reordered or dropped chunks and a file cut short (even at a chunk
boundary) all fail authentication (``CipherError``), and no more than one chunk is ever held in
memory: a 200 MB video is encrypted and read back piece by piece.

An empty plaintext is one empty last chunk. A file that does not start with ``MAGIC`` is not
encrypted (a plain store made by an earlier version, or one being converted).
"""

from __future__ import annotations

import io
import secrets
from typing import BinaryIO

from gridapp.errors import IntegrityError

MAGIC = b"GRIDENC1"
SALT_BYTES = 16
HEADER_BYTES = len(MAGIC) + SALT_BYTES
CHUNK = 64 * 1024
TAG = 16
SEALED = CHUNK + TAG


class CipherError(IntegrityError):
    """An encrypted file failed authentication: changed, cut short or under another key."""


def _file_key(data_key: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                info=b"gridapp file v1").derive(data_key)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def is_encrypted(head: bytes) -> bool:
    return head[:len(MAGIC)] == MAGIC


class Encryptor:
    """Seals plaintext written in any pieces; ``header()`` first, ``update`` as data comes,
    ``finish`` once (the last chunk)."""

    def __init__(self, data_key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(SALT_BYTES)
        self._header = MAGIC + salt
        self._aead = AESGCM(_file_key(data_key, salt))
        self._pending = bytearray()
        self._index = 0

    def header(self) -> bytes:
        return self._header

    def update(self, data: bytes | memoryview) -> bytes:
        self._pending += data
        out = bytearray()
        # Keep at least one byte back: the last chunk is sealed differently, at ``finish``.
        while len(self._pending) > CHUNK:
            piece = bytes(self._pending[:CHUNK])
            del self._pending[:CHUNK]
            out += self._aead.encrypt(_nonce(self._index, False), piece, self._header)
            self._index += 1
        return bytes(out)

    def finish(self) -> bytes:
        sealed = self._aead.encrypt(_nonce(self._index, True), bytes(self._pending), self._header)
        self._pending.clear()
        return sealed


def encrypt_bytes(data_key: bytes, data: bytes) -> bytes:
    enc = Encryptor(data_key)
    return enc.header() + enc.update(data) + enc.finish()


class DecryptingReader(io.RawIOBase):
    """The plaintext of an encrypted file, read sequentially or at any offset (``seek``)."""

    def __init__(self, raw: BinaryIO, data_key: bytes, name: str = "") -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        super().__init__()
        self._raw = raw
        self._name = name
        header = raw.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not is_encrypted(header):
            raise CipherError(f"加密文件 {name} 的文件头已损坏", f"bad header in {name}")
        self._header = header
        self._aead = AESGCM(_file_key(data_key, header[len(MAGIC):]))
        body = raw.seek(0, io.SEEK_END) - HEADER_BYTES
        chunks = max(1, -(-body // SEALED))
        last = body - (chunks - 1) * SEALED - TAG
        if last < 0:
            raise CipherError(f"加密文件 {name} 不完整", f"{name} is cut short")
        self._chunks = chunks
        self._size = (chunks - 1) * CHUNK + last
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None
        if self._size == 0:
            self._chunk(0)  # nothing to read: authenticate the empty last chunk now

    @property
    def size(self) -> int:
        return self._size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def _chunk(self, index: int) -> bytes:
        from cryptography.exceptions import InvalidTag

        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._raw.seek(HEADER_BYTES + index * SEALED)
        sealed = self._raw.read(SEALED)
        try:
            plain = self._aead.decrypt(_nonce(index, index == self._chunks - 1), sealed,
                                       self._header)
        except InvalidTag as exc:
            raise CipherError(
                f"加密文件 {self._name} 已被改动、不完整或不属于本站（认证失败）",
                f"{self._name} fails authentication (changed, cut short or another key)",
            ) from exc
        self._cached = (index, plain)
        return plain

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._pos >= self._size or not len(view):
            return 0
        index, offset = divmod(self._pos, CHUNK)
        plain = self._chunk(index)
        n = min(len(view), len(plain) - offset)
        view[:n] = plain[offset:offset + n]
        self._pos += n
        return n

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def open_plaintext(raw: BinaryIO, data_key: bytes | None, name: str = "") -> BinaryIO:
    """``raw`` as plaintext: decrypted with ``data_key`` (an encrypted station, where a file
    that is not encrypted is refused: it was put there without the key), or as it is (a plain
    station from an earlier version, ``data_key`` None)."""
    head = raw.read(len(MAGIC))
    raw.seek(0)
    if data_key is None:
        return raw
    if not is_encrypted(head):
        raise CipherError(
            f"文件 {name} 没有加密，不是本站写入的（或加密转换尚未完成：请运行 gridapp device encrypt）",
            f"{name} is not encrypted: not written by this station (or the conversion is "
            "unfinished)")
    return io.BufferedReader(DecryptingReader(raw, data_key, name), buffer_size=CHUNK)
