"""Workbench read models on a large station: list pages under every sort, counts, today's work,
the party list, a case's timeline/evidence/documents.

Usage: .venv/bin/python benchmarks/bench_workbench.py [--cases 100000] [--data-dir DIR] [--runs 10]

Seeds a demo station through the real services (like ``bench_caselog.py``) unless DIR already
holds that many cases, then prints p50/p95 in milliseconds per read model. Every figure is one
call as the desktop's task lane makes it (its own read session, labels included).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from stations import station_with  # benchmarks/stations.py, beside this script

from gridapp.models import Case
from gridapp.workbench.cases import SORT_KEYS, CaseQuery, case_count, case_page
from gridapp.workbench.documents import case_documents
from gridapp.workbench.evidence import evidence_items
from gridapp.workbench.parties import party_count, party_page
from gridapp.workbench.status import officer_choices, station_status
from gridapp.workbench.timeline import case_timeline
from gridapp.workbench.today import todays_work


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm the page cache once
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(label: str, figures: tuple[float, float]) -> None:
    print(f"    {label:<44} p50 {figures[0]:8.1f} ms   p95 {figures[1]:8.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    store, _data_dir, total = station_with(args.cases, args.data_dir)
    with store.read() as s:
        sample = list(s.scalars(select(Case.id).order_by(func.random()).limit(5)))
    officers = officer_choices(store)
    mine = officers[1].id
    runs = args.runs
    print(f"cases: {total}, runs per figure: {runs}")
    line("station_status", timed(lambda: station_status(store), runs))
    for name, q in (("all cases", CaseQuery()), ("我的案件", CaseQuery(mine_officer_id=mine)),
                    ("status=filed", CaseQuery(status="filed")),
                    ("search 占道设摊经营", CaseQuery(text="占道设摊经营"))):
        print(f"  {name}")
        line("case_count", timed(lambda q=q: case_count(store, q), runs))
        for sort in SORT_KEYS:
            for offset in (0, total // 2):
                label = f"page 100 by {sort} desc @ {offset}"
                line(label, timed(lambda q=q, sort=sort, offset=offset: case_page(
                    store, q, offset=offset, limit=100, sort=sort), runs))
    print("  other read models")
    for o in officers:
        line(f"todays_work {o.name}", timed(lambda o=o: todays_work(store, o.id), runs))
    line("party_page (first 100) + party_count", timed(
        lambda: (party_page(store, "", 0, 100), party_count(store, "")), runs))
    rng = random.Random(3)
    case_id = rng.choice(sample)
    line("case_timeline", timed(lambda: case_timeline(store, case_id), runs))
    line("evidence_items", timed(lambda: evidence_items(store, case_id), runs))
    line("case_documents", timed(lambda: case_documents(store, case_id), runs))
    store.close()


if __name__ == "__main__":
    main()
