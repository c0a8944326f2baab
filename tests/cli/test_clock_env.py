"""Bad values of the clock and device-state inputs: a clear message, nothing written or lost."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gridapp.db.device_state import STATE_FILENAME
from gridapp.models import Case
from gridapp.store import StationStore, open_store


@pytest.mark.parametrize("value", ["garbage", "2026-11-28T09:00:00", "2026-13-40T00:00:00+08:00"])
def test_a_bad_gridapp_now_is_refused_in_chinese_and_writes_nothing(
    value: str, store: StationStore, demo_case: Case
) -> None:
    db = store.data_dir / "station.sqlite"
    before = db.read_bytes()
    env = dict(os.environ, GRIDAPP_NOW=value)
    r = subprocess.run(
        [sys.executable, "-m", "gridapp", "--data-dir", str(store.data_dir), "case", "show",
         demo_case.number],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert r.returncode != 0
    assert "GRIDAPP_NOW" in r.stderr and ("有效的时间" in r.stderr or "须带时区" in r.stderr)
    assert "Traceback" not in r.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"devices": 7}', b"\xff\xfe\x00"])
def test_a_damaged_device_state_file_neither_crashes_nor_blocks_the_station(
    garbage: bytes, store: StationStore, demo_case: Case
) -> None:
    data = store.data_dir
    store.close()
    (data / STATE_FILENAME).write_bytes(garbage)
    reopened = open_store(data, create=False)
    try:
        assert reopened.identity_error is None
        with reopened.read() as s:
            assert s.get(Case, demo_case.id) is not None
    finally:
        reopened.close()
