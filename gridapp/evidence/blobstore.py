"""Content-addressed blob store: ``<root>/ab/cdef…`` named by the SHA-256 of the bytes.

Contracts:
- A blob becomes visible under its final name only after its bytes are fsync'd, and the rename
  is followed by an fsync of the directory. Callers commit the database row that references a
  blob only after ``commit``/``put_*`` has returned, so a crash can leave an orphan file (removed
  by ``gc``), never a row without its file.
- Writing is two-phase: ``stage_*`` copies into ``<root>/tmp`` while hashing (nothing is visible
  yet, ``discard`` undoes it), ``commit`` renames into place. Storing bytes that are already
  present keeps one file (after checking the existing copy; a damaged copy is replaced).
- Blob files are made read-only. ``gc`` never removes a referenced blob, nor anything younger
  than its grace period. Writers and ``gc`` coordinate through one lock file
  (``<root>.lock``, shared for writers, exclusive for gc; ``portalocker``, across
  processes): a writer holds it from staging until the database transaction naming its blobs
  ends (``writing`` / ``hold_for``), and gc reads what is referenced only after taking it
  exclusively, so a blob that a committed row names, or that a live import staged or
  committed, is never collected whatever the grace period.
- Every OS write/fsync/rename goes through ``self.fs`` (``FsOps``); an ``OSError`` there surfaces
  as ``StorageError`` after the temp file is removed.
- With a data key (an encrypted station, ``for_store``) every file is written encrypted
  (``gridapp.keys.streams``: AES-256-GCM in chunks, streamed) and still named by the SHA-256 of
  its plaintext; ``open``/``read_bytes``/``verify`` decrypt and authenticate. A file that is not
  encrypted (a plain store, or one being converted) is read as it is.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import math
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import portalocker

from gridapp.errors import NotFoundError, StorageError, ValidationError, os_reason
from gridapp.evidence.fsops import FsOps
from gridapp.keys import streams

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, SessionTransaction

    from gridapp.store import StationStore

CHUNK = 1 << 20
TMP_DIRNAME = "tmp"
GC_LOCK_SUFFIX = ".lock"
GC_WAIT_S = 10.0
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_FANOUT_RE = re.compile(r"^[0-9a-f]{2}$")


@dataclass(frozen=True)
class BlobRef:
    sha256: str
    size: int


@dataclass(frozen=True)
class Staged:
    """Bytes copied and fsync'd under ``<root>/tmp``, not yet visible in the store."""

    temp: Path
    sha256: str
    size: int

    @property
    def ref(self) -> BlobRef:
        return BlobRef(self.sha256, self.size)


class BlobStatus(StrEnum):
    OK = "ok"
    MISSING = "missing"
    ALTERED = "altered"


@dataclass
class GcReport:
    removed: list[str] = field(default_factory=list)
    bytes_freed: int = 0
    kept_recent: int = 0
    temps_removed: int = 0
    # Staged files of interrupted imports still inside the grace period (removed later).
    temps_kept: int = 0
    temp_bytes_kept: int = 0


def is_sha256(value: str) -> bool:
    return bool(_SHA_RE.match(value))


def storage_error(exc: OSError, what: str) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(
            f"磁盘空间不足，{what}未能保存，数据未作更改",
            f"disk full: {what} not saved, nothing was changed",
        )
    reason = exc.strerror or type(exc).__name__
    return StorageError(
        f"写入证据存储时发生 I/O 错误（{os_reason(exc)}），{what}未能保存，数据未作更改",
        f"I/O error while writing the blob store ({reason}): {what} not saved, nothing changed",
    )


def _read_source(src: BinaryIO) -> bytes:
    """A chunk of the file being stored; a read failure is the source's fault, not the store's."""
    try:
        return src.read(CHUNK)
    except OSError as exc:
        raise ValidationError(
            f"读取源文件失败（{os_reason(exc)}），未导入",
            f"reading the source file failed ({exc.strerror or exc})", field="file",
        ) from exc


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def for_store(store: StationStore, fs: FsOps | None = None) -> BlobStore:
    """The station's blob store (encrypted under its data key when the station is)."""
    return BlobStore(store.blobs_dir, fs, key=store.data_key)


class BlobStore:
    def __init__(self, root: Path, fs: FsOps | None = None, *, key: bytes | None = None) -> None:
        self.root = root
        self.fs = fs or FsOps()
        self.key = key
        self._durable_dirs: set[Path] = set()

    # -- paths -------------------------------------------------------------------------------

    def path_for(self, sha: str) -> Path:
        if not is_sha256(sha):
            raise ValidationError(
                f"不是有效的 SHA-256 值：{sha!r}", f"not a SHA-256 value: {sha!r}", field="sha256"
            )
        return self.root / sha[:2] / sha[2:]

    @property
    def tmp_dir(self) -> Path:
        return self.root / TMP_DIRNAME

    def _ensure_dir(self, directory: Path) -> None:
        """Create ``directory`` (a child of root, or root) and make its entry durable once."""
        if directory in self._durable_dirs:
            return
        if directory != self.root:
            self._ensure_dir(self.root)
            self.fs.mkdir(directory)
            self.fs.fsync_dir(directory.parent)
        else:
            self.root.mkdir(parents=True, exist_ok=True)
        self._durable_dirs.add(directory)

    # -- writing -----------------------------------------------------------------------------

    def stage_stream(self, src: BinaryIO, *, max_bytes: int | None = None) -> Staged:
        """Copy ``src`` to a temp file while hashing it; fsync it. Raises if over ``max_bytes``."""
        try:
            self._ensure_dir(self.tmp_dir)
            fd, temp = self.fs.mkstemp(self.tmp_dir, "in-")
        except OSError as exc:
            raise storage_error(exc, "证据文件") from exc
        digest = hashlib.sha256()
        size = 0
        sealer = streams.Encryptor(self.key) if self.key is not None else None
        try:
            try:
                if sealer is not None:
                    self.fs.write_all(fd, sealer.header())
                while chunk := _read_source(src):
                    size += len(chunk)
                    if max_bytes is not None and size > max_bytes:
                        raise ValidationError(
                            f"文件超过大小上限 {max_bytes // (1 << 20)} MB",
                            f"file exceeds the size limit of {max_bytes // (1 << 20)} MB",
                            field="size",
                        )
                    digest.update(chunk)
                    self.fs.write_all(fd, chunk if sealer is None else sealer.update(chunk))
                if sealer is not None:
                    self.fs.write_all(fd, sealer.finish())
                self.fs.make_readonly(fd)
                self.fs.fsync(fd)
            finally:
                self.fs.close(fd)
        except OSError as exc:
            self._remove_quietly(temp)
            raise storage_error(exc, "证据文件") from exc
        except BaseException:
            self._remove_quietly(temp)
            raise
        return Staged(temp, digest.hexdigest(), size)

    def stage_bytes(self, data: bytes) -> Staged:
        return self.stage_stream(io.BytesIO(data))

    def commit(self, staged: Staged) -> BlobRef:
        """Move a staged file to its content address and make the rename durable."""
        final = self.path_for(staged.sha256)
        try:
            self._ensure_dir(final.parent)
            if final.exists() and self._stored_hash(final) == (staged.sha256, staged.size):
                # Same bytes already stored: keep that copy, refresh its age so gc spares it.
                # The new age is the staged copy's write time: gc reads ages on the file
                # system's clock, whatever the process clock says.
                written = staged.temp.stat().st_mtime_ns
                self.fs.unlink(staged.temp)
                os.utime(final, ns=(written, written))
            else:
                self.fs.rename(staged.temp, final)
            self.fs.fsync_dir(final.parent)
        except OSError as exc:
            self._remove_quietly(staged.temp)
            raise storage_error(exc, "证据文件") from exc
        return staged.ref

    def discard(self, staged: Staged) -> None:
        self._remove_quietly(staged.temp)

    def put_file(self, path: Path, *, max_bytes: int | None = None) -> BlobRef:
        with path.open("rb") as src:
            staged = self.stage_stream(src, max_bytes=max_bytes)
        return self.commit(staged)

    def put_bytes(self, data: bytes) -> BlobRef:
        return self.commit(self.stage_bytes(data))

    def _remove_quietly(self, path: Path) -> None:
        with contextlib.suppress(OSError):  # a leftover temp file is removed by gc
            self.fs.unlink(path)

    # -- reading -----------------------------------------------------------------------------

    def exists(self, sha: str) -> bool:
        return self.path_for(sha).is_file()

    def open(self, sha: str) -> BinaryIO:
        """The blob's plaintext (decrypted as it is read; ``streams.CipherError`` when an
        encrypted file fails authentication)."""
        try:
            raw = self.path_for(sha).open("rb")
        except FileNotFoundError as exc:
            raise NotFoundError(
                f"证据存储中缺少文件 {sha[:12]}…", f"blob {sha} is missing from the store"
            ) from exc
        try:
            return streams.open_plaintext(raw, self.key, sha[:12])
        except BaseException:
            raw.close()
            raise

    def read_bytes(self, sha: str) -> bytes:
        """The whole blob, checked against its name (a file swapped for another stored file
        decrypts fine but is not this content)."""
        with self.open(sha) as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != sha:
            raise streams.CipherError(f"文件 {sha[:12]}… 的内容与其哈希值不符（被替换）",
                                      f"blob {sha} does not hash to its name")
        return data

    def size(self, sha: str) -> int:
        """The blob's plaintext size in bytes."""
        with self.open(sha) as fh:
            return fh.seek(0, io.SEEK_END)

    def _stored_hash(self, path: Path) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as raw, streams.open_plaintext(raw, self.key, path.name) as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size

    def verify(self, sha: str) -> BlobStatus:
        """Re-hash the stored file: OK, MISSING, or ALTERED (content no longer matches its name,
        or an encrypted file fails authentication)."""
        path = self.path_for(sha)
        try:
            actual, _ = self._stored_hash(path)
        except FileNotFoundError:
            return BlobStatus.MISSING
        except (OSError, streams.CipherError):
            return BlobStatus.ALTERED
        return BlobStatus.OK if actual == sha else BlobStatus.ALTERED

    def iter_blobs(self) -> Iterator[tuple[str, Path]]:
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if not (sub.is_dir() and _FANOUT_RE.match(sub.name)):
                continue
            for path in sorted(sub.iterdir()):
                sha = sub.name + path.name
                if is_sha256(sha) and path.is_file():
                    yield sha, path

    # -- writers and the collector -----------------------------------------------------------

    def _lock_file(self) -> BinaryIO:
        """The lock file sits beside the store (``<data>/blobs.lock``), not among its files."""
        self.root.parent.mkdir(parents=True, exist_ok=True)
        return self.root.with_name(self.root.name + GC_LOCK_SUFFIX).open("a+b")

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold off ``gc`` while blobs are written and their rows committed (shared lock)."""
        fh = self._lock_file()
        try:
            portalocker.lock(fh, portalocker.LOCK_SH)
            yield
        finally:
            with contextlib.suppress(portalocker.LockException, OSError):
                portalocker.unlock(fh)
            fh.close()

    def hold_for(self, session: Session) -> None:
        """Take the writers' lock now and keep it until ``session``'s transaction ends (the
        rows naming the blobs written meanwhile are then committed or rolled back)."""
        from sqlalchemy import event

        held = self.writing()
        held.__enter__()
        released = False

        def release(_session: Session, transaction: SessionTransaction) -> None:
            nonlocal released
            if transaction.parent is None and not released:
                # (the listener stays registered, inert: removing it while SQLAlchemy iterates
                # the listeners is not allowed, and the session is short-lived)
                released = True
                held.__exit__(None, None, None)

        event.listen(session, "after_transaction_end", release)

    @contextlib.contextmanager
    def collecting(self, wait_s: float = GC_WAIT_S) -> Iterator[None]:
        """The collector's exclusive lock; waits up to ``wait_s`` for writers to finish."""
        fh = self._lock_file()
        try:
            deadline = time.monotonic() + wait_s
            while True:
                try:
                    portalocker.lock(fh, portalocker.LOCK_EX | portalocker.LOCK_NB)
                    break
                except portalocker.LockException:
                    if time.monotonic() >= deadline:
                        raise StorageError(
                            "正在导入证据或签发文书，暂不能清理；请稍后再运行 evidence gc",
                            "blobs are being written (an import or an issue is running); "
                            "run gc later",
                        ) from None
                    time.sleep(0.1)
            yield
        finally:
            with contextlib.suppress(portalocker.LockException, OSError):
                portalocker.unlock(fh)
            fh.close()

    # -- garbage collection ------------------------------------------------------------------

    def _file_clock(self) -> float:
        """"Now" as the file system stamps it: the mtime of a probe file written and removed."""
        fd, probe = tempfile.mkstemp(prefix=".gc-clock-", dir=self.root)
        try:
            return os.fstat(fd).st_mtime
        finally:
            os.close(fd)
            with contextlib.suppress(OSError):
                Path(probe).unlink()

    def gc(
        self, referenced: Iterable[str], *, grace_s: float = 3600.0, dry_run: bool = False
    ) -> GcReport:
        """Remove blobs not in ``referenced`` and stale temp files, both older than ``grace_s``.

        Ages are measured on the file system's clock (file times), not on the process clock:
        a blob written a moment ago is never taken for an old orphan because the laptop's clock
        (or the clock seam) was moved, or the data directory sits on a share with its own clock.
        """
        if not math.isfinite(grace_s) or grace_s < 0:
            raise ValidationError("保留时间须为不小于 0 的数", f"grace must be a finite number ≥ 0, "
                                  f"got {grace_s!r}", field="grace-hours")
        if not self.root.is_dir():
            return GcReport()  # nothing stored yet
        keep = set(referenced)
        cutoff = self._file_clock() - grace_s
        report = GcReport()
        for sha, path in list(self.iter_blobs()):
            if sha in keep:
                continue
            st = path.stat()
            if st.st_mtime > cutoff:
                report.kept_recent += 1
                continue
            if not dry_run:
                self.fs.unlink(path)
            report.removed.append(sha)
            report.bytes_freed += st.st_size
        if self.tmp_dir.is_dir():
            for temp in list(self.tmp_dir.iterdir()):
                if not temp.is_file():
                    continue
                st = temp.stat()
                if st.st_mtime <= cutoff:
                    if not dry_run:
                        self.fs.unlink(temp)
                    report.temps_removed += 1
                else:
                    report.temps_kept += 1
                    report.temp_bytes_kept += st.st_size
        return report
