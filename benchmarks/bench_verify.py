"""Station verification and the row digests it relies on; every figure is a ratio against a
baseline measured in the same run.

Usage:
  .venv/bin/python benchmarks/bench_verify.py [--cases 10000] [--edits 2000] [--work-dir DIR]

(a) ``gridapp verify`` (chain, seal, every row against its digest, pools, files) vs
    ``gridapp audit verify`` (the chain alone) on the same station, each in a child process:
    time ratio and the child's peak memory.
(b) the cost of recording each change's row digest: ``--edits`` case edits through the service,
    with digests vs with the digest step replaced by a constant (same station copy, same edits):
    time ratio.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.stations import station_with  # noqa: E402


def child(argv: list[str]) -> tuple[float, int]:
    """Seconds and peak RSS (MB) of one ``gridapp`` child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gridapp", *argv], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def best(argv: list[str], runs: int = 3) -> tuple[float, int]:
    results = [child(argv) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def edits(data_dir: Path, n: int, digests: bool) -> float:
    from sqlalchemy import select

    from gridapp import changes
    from gridapp.caselog import service
    from gridapp.models import Case
    from gridapp.store import confirm_move, open_store

    original = changes.stored_values
    if not digests:
        changes.stored_values = lambda session, obj: {}  # type: ignore[assignment]
    store = open_store(data_dir)
    confirm_move(store)  # a copy of the benchmark station, used in its place
    try:
        with store.read() as s:
            ids = list(s.scalars(select(Case.id).limit(n)))
        t0 = time.perf_counter()
        for i, case_id in enumerate(ids):
            with store.session() as s:
                case = s.get(Case, case_id)
                assert case is not None
                service.edit_case(store, s, case, {"address": f"南京东路{i}号"}, "31010001")
        return time.perf_counter() - t0
    finally:
        changes.stored_values = original  # type: ignore[assignment]
        store.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--edits", type=int, default=2_000)
    ap.add_argument("--work-dir", type=Path)
    args = ap.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="gridapp-bench-verify-"))
    store, data, total = station_with(args.cases, work / "station")
    store.close()
    d = ["--data-dir", str(data)]
    chain_s, chain_mb = best([*d, "audit", "verify"])
    full_s, full_mb = best([*d, "verify"])
    print(f"(a) {total} cases: verify {full_s:.2f} s / {full_mb} MB; audit verify "
          f"{chain_s:.2f} s / {chain_mb} MB; ratio {full_s / chain_s:.2f}")
    copies = []
    for name in ("with", "without"):
        copy = work / f"edits-{name}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(data, copy)
        copies.append(copy)
    without = edits(copies[1], args.edits, digests=False)
    with_ = edits(copies[0], args.edits, digests=True)
    print(f"(b) {args.edits} case edits: with row digests {with_:.2f} s, without "
          f"{without:.2f} s; ratio {with_ / without:.2f}")


if __name__ == "__main__":
    main()
