"""Case-log benchmark: bytes per case, FTS search vs a naive LIKE scan, page loads and
repeat-offence lookups.

Usage: .venv/bin/python benchmarks/bench_caselog.py [--cases 100000] [--data-dir DIR] [--runs 30]

Seeds a demo station (through the real case service, so the FTS index, audit trail and outbox
are all populated) unless DIR already holds at least that many cases, then prints the bytes per
case (every file in the data directory, and per table and index from SQLite's ``dbstat``), and
p50/p95 in milliseconds and the FTS/LIKE ratio measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select, text
from stations import station_with  # benchmarks/stations.py, beside this script

from gridapp.caselog.query import CaseFilter, count_cases, earlier_cases, list_cases
from gridapp.db import cipher
from gridapp.keys import unlock
from gridapp.models import Case, Party
from gridapp.paths import DB_FILENAME
from gridapp.store import open_store

NAIVE_LIKE = text(
    'SELECT c.id FROM "case" c LEFT JOIN party p ON p.id = c.party_id '
    "WHERE c.deleted = 0 AND (c.number LIKE :q OR c.address LIKE :q OR c.facts LIKE :q "
    "OR p.name LIKE :q) ORDER BY c.opened_at DESC LIMIT 100"
)


BYTES_PER_CASE_TARGET = 5 * 1024


def report_size(data_dir: Path, cases: int) -> None:
    """Bytes per case: all files in the data directory, then per table and its indexes."""
    total = sum(p.stat().st_size for p in data_dir.rglob("*") if p.is_file())
    per_case = total / max(cases, 1)
    verdict = "ok" if per_case <= BYTES_PER_CASE_TARGET else "OVER"
    print(f"bytes per case: {per_case:,.0f} B  (data dir {total / 1e6:,.1f} MB, {cases} cases;"
          f" target <= {BYTES_PER_CASE_TARGET} B: {verdict})")
    con = cipher.connect(f"file:{data_dir / DB_FILENAME}?mode=ro", unlock.data_key(data_dir),
                         uri=True)
    try:
        rows = con.execute(
            "SELECT coalesce(m.tbl_name, s.name), m.type, sum(s.pgsize) FROM dbstat s "
            "LEFT JOIN sqlite_master m ON m.name = s.name GROUP BY s.name"
        ).fetchall()
    except cipher.ERRORS as exc:  # dbstat is a compile-time option of SQLite
        print(f"    (no per-table figures: {exc})")
        return
    finally:
        con.close()
    parts: dict[str, int] = {}
    for owner, kind, size in rows:
        table = "case_fts (search)" if str(owner).startswith("case_fts") else str(owner)
        label = f"{table} indexes" if kind == "index" else table
        parts[label] = parts.get(label, 0) + int(size)
    for label, size in sorted(parts.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {label:<28} {size / max(cases, 1):8,.0f} B/case")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm the page cache once
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--detail", action="store_true", help="print each query's medians")
    args = ap.parse_args()
    store, data_dir, total = station_with(args.cases, args.data_dir)
    store.close()  # checkpoints the WAL: the files on disk are the whole station
    report_size(data_dir, total)
    store = open_store(data_dir)
    rng = random.Random(5)
    with store.read() as s:
        parties = list(s.scalars(select(Party).order_by(Party.id).limit(5000)))
        sample_cases = list(s.scalars(select(Case).order_by(func.random()).limit(40)))
    # Realistic 3+ character queries: party names, street + number, case-number fragments,
    # shop words and violation names as typed into the search box.
    queries = [p.name for p in rng.sample(parties, 6) if len(p.name) >= 3]
    queries += [c.address[3:12] for c in sample_cases[:6]]
    queries += [c.number[-9:] for c in sample_cases[6:10]]
    queries += ["占道设摊经营", "广告传媒", "便利店", "渣土运输"]
    print(f"cases: {total}, queries: {len(queries)}, runs per query: {args.runs}")

    fts: list[float] = []
    like: list[float] = []
    ratios: list[float] = []
    with store.read() as s:
        for q in queries:
            f = timed(lambda q=q: list_cases(s, CaseFilter(text=q), 0, 100), args.runs)
            n = timed(lambda q=q: s.execute(NAIVE_LIKE, {"q": f"%{q}%"}).all(), max(5, args.runs // 3))
            fts += f
            like += n
            ratios.append(statistics.median(n) / statistics.median(f))
            if args.detail:
                print(f"    {q:<24} FTS {statistics.median(f):7.2f} ms  LIKE {statistics.median(n):7.2f} ms")
        fp50, fp95 = percentiles(fts)
        lp50, lp95 = percentiles(like)
        print(f"(a) FTS search      p50 {fp50:7.2f} ms   p95 {fp95:7.2f} ms")
        print(f"(b) naive LIKE scan p50 {lp50:7.2f} ms   p95 {lp95:7.2f} ms")
        print(f"    LIKE/FTS ratio: p50 {lp50 / fp50:5.1f}x  p95 {lp95 / fp95:5.1f}x  "
              f"worst single query {min(ratios):5.1f}x")

        grids = [c.grid_code for c in sample_cases]
        filters = [CaseFilter(status="closed"), CaseFilter(grid=grids[0]),
                   CaseFilter(stage="orange", grid=grids[1]), CaseFilter(overdue=True),
                   CaseFilter(source="hotline", status="rectifying")]
        page: list[float] = []
        for flt in filters:
            page += timed(lambda flt=flt: (list_cases(s, flt, 200, 100), count_cases(s, flt)),
                          args.runs)
        pp50, pp95 = percentiles(page)
        print(f"(c) filtered page (100 rows + count) p50 {pp50:6.2f} ms   p95 {pp95:6.2f} ms")

        hist: list[float] = []
        for p in rng.sample(parties, 50):
            hist += timed(lambda p=p: earlier_cases(s, p), 5)
        hp50, hp95 = percentiles(hist)
        print(f"(d) repeat-offence lookup p50 {hp50:6.2f} ms   p95 {hp95:6.2f} ms")
    store.close()


if __name__ == "__main__":
    main()
