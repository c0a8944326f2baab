"""Encryption at rest: the encrypted store against a plain one, measured in the same run.

Usage: .venv/bin/python benchmarks/bench_crypto.py [--cases 20000] [--photos 20] [--runs 20]

Seeds two demo stations with the same cases (one plain, as an earlier version made them; one
encrypted: SQLCipher database, AES-GCM files), then prints
  (a) case-log search p95 (FTS, as typed in the search box) on each, and the ratio;
  (b) evidence import time per photo (same photos, same decode worker) on each, and the ratio;
  (c) unlocking a password slot with the shipped Argon2id parameters (median of 5 runs).
Targets: (a) and (b) ratios <= 1.5; (c) between 0.3 and 1.5 s.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from bench_evidence import distinct, generate

from gridapp.caselog.query import CaseFilter, list_cases
from gridapp.db.engine import create_station_engine
from gridapp.db.migrate import upgrade
from gridapp.demo import seed_demo
from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.keys import slots, unlock
from gridapp.models import Case, Party
from gridapp.paths import DB_FILENAME
from gridapp.store import StationStore, open_store


def plain_station(data: Path) -> StationStore:
    """A station as an earlier version made it: no key file, a plain database."""
    data.mkdir(parents=True)
    engine = create_station_engine(data / DB_FILENAME)
    upgrade(engine, data / DB_FILENAME)
    engine.dispose()
    return open_store(data)


def seeded(store: StationStore, cases: int) -> StationStore:
    t0 = time.perf_counter()
    seed_demo(store, cases, seed=11, batch=2000)
    kind = "encrypted" if store.data_key else "plain"
    print(f"seeded {cases} cases in the {kind} station in {time.perf_counter() - t0:.0f} s")
    return store


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def search_samples(store: StationStore, queries: list[str], runs: int) -> list[float]:
    out = []
    with store.read() as s:
        for q in queries:
            list_cases(s, CaseFilter(text=q), 0, 100)  # warm
            for _ in range(runs):
                t0 = time.perf_counter()
                list_cases(s, CaseFilter(text=q), 0, 100)
                out.append((time.perf_counter() - t0) * 1000)
    return out


def import_samples(store: StationStore, photos: list[Path], worker: DecodeWorker,
                   tag: int) -> list[float]:
    with store.read() as s:
        number = s.scalars(select(Case.number).where(Case.status == "open").limit(1)).first() \
            or s.scalars(select(Case.number).limit(1)).one()
    badge = "31010001"
    out = []
    for i, path in enumerate(photos):
        copy = path.with_name(f"{tag}_{i}_{path.name}")
        copy.write_bytes(path.read_bytes() + distinct(tag))
        t0 = time.perf_counter()
        import_files(store, number, [copy], actor=badge, worker=worker, reason="基准测试")
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--photos", type=int, default=20)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--work", type=Path, help="a work directory of an earlier run: its two "
                    "stations are measured again (no seeding)")
    args = ap.parse_args()
    if args.work is not None:
        work = args.work
        plain, enc = open_store(work / "plain"), open_store(work / "encrypted")
        print(f"stations of {work} measured again")
    else:
        work = Path(tempfile.mkdtemp(prefix="gridapp-crypto-"))
        plain = seeded(plain_station(work / "plain"), args.cases)
        enc = seeded(open_store(work / "encrypted"), args.cases)
    assert plain.data_key is None and enc.data_key is not None
    for st in (plain, enc):  # reopen: the files on disk are the whole station
        st.close()
    plain, enc = open_store(work / "plain"), open_store(work / "encrypted")

    rng = random.Random(5)
    with plain.read() as s:
        names = [p.name for p in s.scalars(select(Party).order_by(Party.id).limit(2000))]
        sample = list(s.scalars(select(Case).order_by(func.random()).limit(20)))
    queries = [n for n in rng.sample(names, 8) if len(n) >= 3][:6]
    queries += [c.address[3:12] for c in sample[:6]] + ["占道设摊经营", "便利店", "渣土运输"]
    a_plain: list[float] = []
    a_enc: list[float] = []
    for _ in range(3):  # alternate, so a busy moment of the machine hits both
        a_plain += search_samples(plain, queries, args.runs // 3 or 1)
        a_enc += search_samples(enc, queries, args.runs // 3 or 1)
    pp, pe = p95(a_plain), p95(a_enc)
    print(f"(a) search p95: plain {pp:6.2f} ms, encrypted {pe:6.2f} ms -> ratio {pe / pp:4.2f} "
          f"(target <= 1.5; {len(a_plain)} queries each)")

    photos = generate(work, args.photos)
    b_plain: list[float] = []
    b_enc: list[float] = []
    with DecodeWorker() as worker:
        import_samples(plain, photos[:1], worker, 90)  # warm both paths
        import_samples(enc, photos[:1], worker, 91)
        half = len(photos) // 2
        for part, (x, y) in enumerate(((plain, enc), (enc, plain))):
            chunk = photos[:half] if part == 0 else photos[half:]
            first = import_samples(x, chunk, worker, 10 + part)
            second = import_samples(y, chunk, worker, 20 + part)
            (b_plain if x is plain else b_enc).extend(first)
            (b_enc if y is enc else b_plain).extend(second)
    mp, me = statistics.mean(b_plain), statistics.mean(b_enc)
    print(f"(b) import per photo: plain {mp * 1000:6.1f} ms, encrypted {me * 1000:6.1f} ms "
          f"-> ratio {me / mp:4.2f} (target <= 1.5; {len(b_plain)} photos each)")
    plain.close()
    enc.close()

    key = slots.new_data_key()
    keydir = Path(tempfile.mkdtemp(prefix="gridapp-slot-"))
    slots.create(keydir, key)
    keys = slots.load(keydir)
    assert keys is not None
    slots.save(keydir, slots.with_slot(keys, slots.password_slot(key, "id", "31010001",
                                                                 "一个足够长的密码")))
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        unlock.unlock_with_password(keydir, "31010001", "一个足够长的密码")
        times.append(time.perf_counter() - t0)
    p = slots.STANDARD
    print(f"(c) unlock (Argon2id t={p.time_cost}, m={p.memory_kib // 1024} MiB, "
          f"p={p.parallelism}): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s (target 0.3-1.5 s)")
    print(f"work directory: {work}")


if __name__ == "__main__":
    main()
