"""The benchmarks' station: an existing data directory, topped up with demo cases to a size."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from gridapp.demo import seed_demo
from gridapp.models import Case
from gridapp.store import StationStore, open_store


def station_with(cases: int, data_dir: Path | None) -> tuple[StationStore, Path, int]:
    """Open ``data_dir`` (a new temporary one when None), seed demo cases until it holds at
    least ``cases``, and return the open store, its directory and its case count."""
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="gridapp-bench-"))
    store = open_store(data_dir)
    with store.read() as s:
        have = int(s.scalar(select(func.count()).select_from(Case)) or 0) if store.has_station() else 0
    if have < cases:
        t0 = time.perf_counter()
        seed_demo(store, cases - have, seed=have + 1, batch=2000)
        print(f"seeded {cases - have} cases in {time.perf_counter() - t0:.0f} s ({data_dir})")
    with store.read() as s:
        total = int(s.scalar(select(func.count()).select_from(Case)) or 0)
    return store, data_dir, total
