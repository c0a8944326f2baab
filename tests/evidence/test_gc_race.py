"""Evidence gc running while imports and document issues finish never loses a file a row
names, whatever the grace period; a grace that is not a finite number ≥ 0 is refused."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import import_files
from gridapp.evidence.integrity import collect_garbage, verify_evidence
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import write_photo


def test_gc_with_no_grace_during_imports_never_removes_an_imported_file(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path) -> None:
    photos = [write_photo(tmp_path / f"p{i}.jpg", size=(320 + i, 240)) for i in range(12)]
    done = threading.Event()
    collected: list[int] = []
    failures: list[BaseException] = []

    def collector() -> None:
        blobs = BlobStore(store.blobs_dir, key=store.data_key)
        while not done.is_set():
            try:
                with store.read() as s:
                    collected.append(len(collect_garbage(s, blobs, grace_s=0).removed))
            except BaseException as exc:  # a refusal while writers run is fine; others are not
                if "暂不能清理" not in str(exc):
                    failures.append(exc)

    gc_thread = threading.Thread(target=collector)
    gc_thread.start()
    try:
        for photo in photos:
            import_files(store, demo_case.number, [photo], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    finally:
        done.set()
        gc_thread.join(60)
    assert failures == []
    assert len(collected) > 0  # the collector really ran alongside
    with store.read() as s:
        report = verify_evidence(s, BlobStore(store.blobs_dir, key=store.data_key))
    assert report.ok, [p.describe() for p in report.problems]
    assert report.items >= 12


@pytest.mark.parametrize("grace", ["nan", "inf", "-1", "-inf"])
def test_a_grace_that_is_not_a_finite_non_negative_number_is_refused(
        store: StationStore, run_cli: object, grace: str) -> None:
    before = sorted(p.name for p in store.blobs_dir.rglob("*"))
    result = run_cli("--data-dir", str(store.data_dir), "evidence", "gc",  # type: ignore[operator]
                     f"--grace-hours={grace}")
    assert result.code == 2 and "--grace-hours" in result.err and "不小于 0" in result.err
    assert sorted(p.name for p in store.blobs_dir.rglob("*")) == before



def test_gc_reports_the_temporary_files_an_interrupted_import_left(
        store: StationStore, run_cli: object) -> None:
    tmp = store.blobs_dir / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "stage-killed-import").write_bytes(b"x" * 4096)
    result = run_cli("--data-dir", str(store.data_dir), "evidence", "gc")  # type: ignore[operator]
    assert result.code == 0
    assert "1 个中断导入留下的临时文件（4,096 字节）" in result.out
    assert (tmp / "stage-killed-import").exists()  # still within the grace period
    later = run_cli("--data-dir", str(store.data_dir), "evidence", "gc", "--grace-hours", "0")  # type: ignore[operator]
    assert later.code == 0 and "1 个临时文件" in later.out
    assert not (tmp / "stage-killed-import").exists()
