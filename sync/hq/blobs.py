"""Where HQ keeps blobs: a small interface and its filesystem implementation.

Contract of every store: ``adopt`` makes a fully received, already verified upload part the
blob named by its SHA-256, atomically (a reader never sees half a blob); ``open`` reads a
blob; ``verify`` re-hashes it. Upload parts are append-only files; ``open_part`` opens one at the durable offset
(truncating anything a broken request left beyond it); the caller fsyncs before recording.
Object storage can be added by implementing ``BlobStore``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1 << 20


class BlobStore(Protocol):
    def has(self, sha256: str) -> bool: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def verify(self, sha256: str) -> bool: ...
    def open_part(self, upload_id: str, offset: int) -> BinaryIO: ...
    def part_sha256(self, upload_id: str) -> str: ...
    def adopt(self, upload_id: str, sha256: str) -> None: ...
    def discard(self, upload_id: str) -> None: ...


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileBlobStore:
    """Blobs under ``root/ab/cdef…`` (named by SHA-256), upload parts under ``root/uploads``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.uploads = root / "uploads"
        self.uploads.mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def _part(self, upload_id: str) -> Path:
        return self.uploads / f"{upload_id}.part"

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path_for(sha256).open("rb")

    def verify(self, sha256: str) -> bool:
        try:
            return _sha256_of(self.path_for(sha256)) == sha256
        except OSError:
            return False

    def open_part(self, upload_id: str, offset: int) -> BinaryIO:
        """The upload's part file for writing at ``offset`` (anything beyond it, left by a
        request that broke before its offset was recorded, is cut off)."""
        path = self._part(upload_id)
        fh = path.open("r+b" if path.exists() else "w+b")
        fh.truncate(offset)
        fh.seek(offset)
        return fh

    def part_sha256(self, upload_id: str) -> str:
        return _sha256_of(self._part(upload_id))

    def adopt(self, upload_id: str, sha256: str) -> None:
        dest = self.path_for(sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        self._part(upload_id).replace(dest)
        _fsync_dir(dest.parent)

    def discard(self, upload_id: str) -> None:
        self._part(upload_id).unlink(missing_ok=True)

    def part_size(self, upload_id: str) -> int:
        try:
            return self._part(upload_id).stat().st_size
        except FileNotFoundError:
            return 0


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
