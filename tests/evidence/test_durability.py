"""Crash and I/O-failure durability of evidence import.

(a) A child imports photos and acknowledges each commit; it is killed with SIGKILL at random
    moments, 20 times over the same station. After every kill: no acknowledged item is lost,
    every row's files exist and match their hashes, SQLite and the audit chain are sound.
(b) The Nth write/fsync/rename of an import fails, for N = 1, 2, … until the import succeeds.
    After every failure the database is unchanged and every file in the store is whole.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import audit
from gridapp.errors import StorageError
from gridapp.evidence.blobstore import BlobStatus, BlobStore
from gridapp.evidence.capture import import_files
from gridapp.evidence.integrity import collect_garbage, verify_evidence
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import AuditEvent, Case, Evidence
from gridapp.store import StationStore, open_store
from tests.conftest import LEAD_BADGE, station_sql
from tests.evidence.conftest import FaultyFs, state, write_photo

CHILD = Path(__file__).with_name("import_child.py")
RUNS = 20


def _check_station(data_dir: Path, acked: dict[str, str]) -> int:
    con = station_sql(data_dir / "station.sqlite")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    store = open_store(data_dir, create=False)
    try:
        blobs = BlobStore(store.blobs_dir, key=store.data_key)
        with store.read() as s:
            rows = {r.id: r for r in s.scalars(select(Evidence))}
            for item_id, sha in acked.items():
                assert item_id in rows, f"acknowledged item {item_id} was lost"
                assert rows[item_id].sha256 == sha
            for row in rows.values():
                for sha in (row.sha256, row.thumb_sha256, row.print_sha256):
                    assert blobs.verify(sha) is BlobStatus.OK, f"row {row.id} lost its file"
            assert audit.verify(s).ok
            events = s.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == "evidence.add"))
            assert events == len(rows), "every row has its audit event and vice versa"
        return len(rows)
    finally:
        store.close()


class Zygote:
    """``import_child.py --zygote``: forks import children without re-importing gridapp."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD), "--zygote"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def _ask(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def spawn(self, fifo: Path, *args: str) -> int:
        return int(self._ask(" ".join(["spawn", str(fifo), *args])))

    def kill(self, pid: int) -> None:
        """SIGKILL the child (unless it already ended) and wait until it is gone."""
        assert self._ask(f"kill {pid}") == "gone"

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def _run_child(zygote: Zygote, fifo: Path, data_dir: Path, case_id: str, source: Path,
               start: int, delay: float, after_acks: int) -> list[tuple[str, str]]:
    """Run a child and SIGKILL it ``delay`` s after it is ready (or after its ``after_acks``-th
    acknowledged import: counted in work done, so a slow machine exercises as many commits)."""
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    lines: list[str] = []
    ready = threading.Event()
    acked_enough = threading.Event()

    def read() -> None:
        acks = 0
        with fifo.open(encoding="utf-8") as out:  # blocks until the child opens its end
            for line in out:
                lines.append(line.strip())
                ready.set()
                if line.startswith("ack "):
                    acks += 1
                    if acks >= after_acks:
                        acked_enough.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    pid = zygote.spawn(fifo, str(data_dir), case_id, LEAD_BADGE, str(source), str(start))
    assert ready.wait(30), "child never became ready"
    if after_acks:
        assert acked_enough.wait(60), f"child never committed {after_acks} imports"
    time.sleep(delay)
    zygote.kill(pid)
    reader.join(timeout=30)
    assert not reader.is_alive()
    return [tuple(line.split()[1:3]) for line in lines if line.startswith("ack ")]  # type: ignore[misc]


@pytest.mark.slow
def test_kill_9_during_imports_loses_no_acknowledged_item(store: StationStore, demo_case: Case,
                                                         tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("GRIDAPP_TEST_SEED", "7")))
    source = tmp_path / "camera"
    source.mkdir()
    for n in range(24):
        write_photo(source / f"IMG_{n:04d}.jpg", (96, 72), orientation=1 + n % 8,
                    when=f"2026:11:20 09:{n:02d}:00")
    data_dir = store.data_dir
    store.close()
    acked: dict[str, str] = {}
    zygote = Zygote()
    try:
        for run in range(RUNS):
            # Even runs: kill anywhere from start-up through the first imports (decoder start,
            # first blob writes); odd runs: somewhere in a stream of imports, after two to four
            # of them committed.
            acks = _run_child(zygote, tmp_path / "child.out", data_dir, demo_case.id, source,
                              start=run * 5, delay=rng.uniform(0.0, 0.2 if run % 2 == 0 else 0.3),
                              after_acks=rng.randint(2, 4) if run % 2 == 1 else 0)
            acked.update(acks)
            _check_station(data_dir, acked)
    finally:
        zygote.close()
    assert len(acked) >= RUNS, "kills landed too early to exercise committed imports"
    # The orphans a crash may leave are removed by gc; referenced files are never touched.
    reopened = open_store(data_dir, create=False)
    try:
        with reopened.read() as s:
            collect_garbage(s, BlobStore(reopened.blobs_dir, key=reopened.data_key), grace_s=0)
            assert verify_evidence(s, BlobStore(reopened.blobs_dir, key=reopened.data_key)).ok
            rows = s.scalars(select(Evidence)).all()
        referenced = {sha for r in rows for sha in (r.sha256, r.thumb_sha256, r.print_sha256)}
        on_disk = {sha for sha, _ in BlobStore(reopened.blobs_dir, key=reopened.data_key).iter_blobs()}
        assert on_disk == referenced
    finally:
        reopened.close()


@pytest.mark.parametrize("files", [1, 2])
def test_nth_io_operation_failing_leaves_store_and_db_consistent(
    store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker, files: int
) -> None:
    photos = [write_photo(tmp_path / f"p{n}.jpg", (120, 90), orientation=6,
                          when=f"2026:11:20 10:0{n}:00") for n in range(files)]
    before = state(store)
    failures = 0
    for n in range(1, 200):
        fs = FaultyFs(fail_at=n)
        try:
            ids = import_files(store, demo_case.id, photos, actor=LEAD_BADGE,
                               blobs=BlobStore(store.blobs_dir, key=store.data_key, fs=fs), worker=worker, reason="已核实，属本案证据")
        except StorageError as exc:
            failures += 1
            assert "磁盘空间不足" in exc.message_zh
            now = state(store)
            assert (now.rows, now.audit, now.outbox) == (before.rows, before.audit, before.outbox)
            assert not any(f.startswith("tmp/") for f in now.files), (n, now.files)
            blobs = BlobStore(store.blobs_dir, key=store.data_key)
            assert all(blobs.verify(sha) is BlobStatus.OK for sha, _ in blobs.iter_blobs())
            continue
        assert fs.calls < n, "the import succeeded only once no injected failure was reached"
        break
    else:
        pytest.fail("import never succeeded")
    assert failures >= 6 * files, "every write, fsync and rename was exercised"
    assert len(ids) == files
    with store.read() as s:
        report = verify_evidence(s, BlobStore(store.blobs_dir, key=store.data_key), demo_case.id)
        assert report.ok and report.items == files
        gc = collect_garbage(s, BlobStore(store.blobs_dir, key=store.data_key), grace_s=0)
        assert gc.removed == [], "failed attempts left only files the final import references"
        assert audit.verify(s).ok
