"""The content-addressed store on a real directory."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gridapp.errors import StorageError, ValidationError
from gridapp.evidence.blobstore import BlobStatus, BlobStore
from tests.evidence.conftest import FaultyFs


def test_put_bytes_is_addressed_by_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = b"evidence bytes"
    ref = store.put_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert (ref.sha256, ref.size) == (sha, len(data))
    assert store.path_for(sha) == tmp_path / "blobs" / sha[:2] / sha[2:]
    with store.open(sha) as fh:
        assert fh.read() == data
    assert store.exists(sha)
    assert store.verify(sha) is BlobStatus.OK
    assert store.path_for(sha).stat().st_mode & 0o222 == 0, "blob files are read-only"


def test_same_bytes_twice_keep_one_file(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 3_000_000)
    first = store.put_file(src)
    second = store.put_bytes(src.read_bytes())
    assert first == second
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [
        store.path_for(first.sha256)
    ]


def test_damaged_copy_is_replaced_when_the_same_bytes_arrive(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    ref = store.put_bytes(b"original photo")
    path = store.path_for(ref.sha256)
    path.chmod(0o644)
    path.write_bytes(b"bit rot")
    assert store.verify(ref.sha256) is BlobStatus.ALTERED
    store.put_bytes(b"original photo")
    assert store.verify(ref.sha256) is BlobStatus.OK


def test_verify_reports_missing_and_altered(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    a = store.put_bytes(b"a")
    b = store.put_bytes(b"b")
    store.path_for(a.sha256).unlink()
    store.path_for(b.sha256).chmod(0o644)
    store.path_for(b.sha256).write_bytes(b"B")
    assert store.verify(a.sha256) is BlobStatus.MISSING
    assert store.verify(b.sha256) is BlobStatus.ALTERED
    assert not store.exists(a.sha256)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ab", "G" * 64, "A" * 64])
def test_path_for_refuses_anything_but_a_sha256(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValidationError) as err:
        BlobStore(tmp_path).path_for(bad)
    assert "不是有效的 SHA-256" in err.value.message_zh


def test_gc_removes_only_old_unreferenced_blobs_and_temp_files(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    keep = store.put_bytes(b"referenced")
    old_orphan = store.put_bytes(b"orphan")
    new_orphan = store.put_bytes(b"just written")
    stale_temp = store.tmp_dir / "in-leftover"
    stale_temp.write_bytes(b"partial")
    # Two hours before the files were written, on the file system's clock (which gc reads).
    old = store.path_for(new_orphan.sha256).stat().st_mtime - 7200
    for p in (store.path_for(keep.sha256), store.path_for(old_orphan.sha256), stale_temp):
        os.utime(p, (old, old))
    stranger = tmp_path / "blobs" / "not-a-fanout-dir"
    stranger.mkdir()
    (stranger / "notes.txt").write_text("left alone")

    dry = store.gc({keep.sha256}, grace_s=3600, dry_run=True)
    assert dry.removed == [old_orphan.sha256] and store.exists(old_orphan.sha256)

    report = store.gc({keep.sha256}, grace_s=3600)
    assert report.removed == [old_orphan.sha256]
    assert report.bytes_freed == len(b"orphan")
    assert report.kept_recent == 1 and report.temps_removed == 1
    assert store.exists(keep.sha256) and store.exists(new_orphan.sha256)
    assert not store.exists(old_orphan.sha256) and not stale_temp.exists()
    assert (stranger / "notes.txt").exists()


def test_reused_orphan_is_refreshed_so_gc_cannot_race_the_new_reference(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    ref = store.put_bytes(b"photo")
    old = store.path_for(ref.sha256).stat().st_mtime - 7200
    os.utime(store.path_for(ref.sha256), (old, old))
    store.put_bytes(b"photo")  # a new import of the same bytes, its row not yet committed
    assert store.gc(set(), grace_s=3600).removed == []
    assert store.exists(ref.sha256)


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5])
def test_io_error_leaves_no_file_and_reaches_the_caller(tmp_path: Path, fail_at: int) -> None:
    store = BlobStore(tmp_path / "blobs", fs=FaultyFs(fail_at))
    with pytest.raises(StorageError) as err:
        store.put_bytes(b"some evidence")
    assert "磁盘空间不足" in err.value.message_zh
    assert isinstance(err.value.__cause__, OSError)
    leftovers = [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]
    sha = hashlib.sha256(b"some evidence").hexdigest()
    # Either nothing, or the complete blob under its name (the failure came after the rename).
    assert leftovers in ([], [store.path_for(sha)])
    if leftovers:
        assert BlobStore(tmp_path / "blobs").verify(sha) is BlobStatus.OK
