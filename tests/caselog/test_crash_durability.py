"""``kill -9`` during ``gridapp demo --cases 50000`` leaves a sound, verifiable database.

The demo commits every ``BATCH`` cases: small batches, so that several commits (and the kill
inside the next one) come within a second instead of after thousands of cases."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gridapp import audit
from gridapp.store import open_store
from tests.conftest import station_sql

BATCH = 25


def _start_demo(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gridapp", "--data-dir", str(data_dir), "demo", "--cases", "50000",
         "--batch", str(BATCH)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_kill_during_demo_keeps_every_committed_case(tmp_path: Path) -> None:
    rng = random.Random(int(os.environ.get("GRIDAPP_TEST_SEED", "11")))
    data_dir = tmp_path / "station"
    proc = _start_demo(data_dir)
    acknowledged = 0
    wanted = rng.randint(2, 4)
    seen = 0
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    last_commit = time.monotonic()
    batch_time = 0.0
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if line.startswith("committed "):
            acknowledged = int(line.split()[1].split("/")[0])
            seen += 1
            now = time.monotonic()
            batch_time, last_commit = now - last_commit, now
            if seen >= wanted:
                # Land somewhere inside the next batch (a batch takes about as long as the last).
                time.sleep(rng.random() * batch_time)
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert acknowledged > 0, "the demo never reported a commit"

    con = station_sql(data_dir / "station.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    store = open_store(data_dir, create=False)
    try:
        with store.read() as s:
            assert audit.verify(s).ok
            rows = s.execute(
                __import__("sqlalchemy").text(
                    'SELECT c.number, c.party_id, c.violation_code, '
                    '(SELECT count(*) FROM audit_event e WHERE e.entity_id = c.id '
                    " AND e.action = 'case.create') FROM \"case\" c"
                )
            ).all()
    finally:
        store.close()
    assert len(rows) >= acknowledged
    assert all(number and party and code and created == 1 for number, party, code, created in rows)
