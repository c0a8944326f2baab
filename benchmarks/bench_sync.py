"""Sync benchmarks against a real HQ process on loopback; every figure is a ratio against a
baseline measured in the same run.

Usage:
  .venv/bin/python benchmarks/bench_sync.py [--parts abcd] [--work-dir DIR]
        [--station-100k DIR] [--pg-url postgresql://…]
  benchmarks/with_postgres.sh .venv/bin/python benchmarks/bench_sync.py --parts d

(a) blob upload: a 64 MiB file through the resumable upload (4 MiB chunks, each fsync'd, the
    whole file hashed at the end) vs a raw HTTP PUT of the same bytes to the same server
    process (HQ's link test, which discards them). Throughput ratio upload/raw (≥ 0.5 wanted).
(b) a no-op sync (nothing to send or receive) on a 100,000-case station vs a 1,000-case one,
    both fully synced: time ratio 100k/1k (≤ 1.5 wanted: cost grows with changes, not size).
(c) first sync of a 10,000-case station with 2,000 photos (~150 KB each), in a child process:
    time and peak memory; baseline a 1,000-case station with 200 photos (time per item ratio).
(d) reconnect storm: 100 simulated stations, each pushing 50 changes and uploading 2 photos,
    all at once; checks nothing is lost or duplicated, prints the p95 request latency and its
    ratio to one station alone; on SQLite and (with --pg-url or GRIDAPP_TEST_PG_URL) PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# --- an HQ process ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, data: Path, db_url: str | None = None) -> None:
        self.data, self.db_url, self.port = data, db_url, free_port()
        db = ["--db", db_url] if db_url else []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.hq.cli", "serve", "--data", str(data), *db,
             "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr else "") from None
                time.sleep(0.1)
        raise RuntimeError("HQ did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def code(self, station: str) -> str:
        from sync.hq.app import HQ
        from sync.hq.service import create_enrol_code

        hq = HQ(self.data, self.db_url)
        try:
            with hq.transaction() as s:
                return create_enrol_code(s, station)
        finally:
            hq.close()

    def count(self, table: str) -> int:
        from sqlalchemy import text

        from sync.hq.database import create_hq_engine, database_url

        engine = create_hq_engine(database_url(self.data, self.db_url))
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        finally:
            engine.dispose()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def enrol_device(server: Server, device: str, station: str = "基准中队") -> str:
    from sync.client import HQClient

    http = HQClient(server.url)
    try:
        return http.enrol(server.code(station), device, device).token
    finally:
        http.close()


# --- (a) blob upload vs raw PUT -------------------------------------------------------------------


def part_a(work: Path, rounds: int = 3) -> dict[str, Any]:
    from gridapp.evidence.blobstore import BlobStore
    from sync.client import HQClient
    from sync.station import _upload_one

    server = Server(work / f"hq-a-{uuid.uuid4().hex[:6]}")
    try:
        http = HQClient(server.url, enrol_device(server, "bench-a"))
        blobs = BlobStore(work / "station-a-blobs")
        size = 64 << 20
        base = random.Random(1).randbytes(size)
        http.throughput(base[: 1 << 20])  # warm the connection and the server
        upload_s, raw_s = [], []
        for r in range(rounds):
            data = bytes([r + 1]) + base[1:]
            ref = blobs.put_bytes(data)
            t0 = time.perf_counter()
            http.throughput(data)
            raw_s.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            _upload_one(blobs, http, ref.sha256)
            upload_s.append(time.perf_counter() - t0)
        raw, up = statistics.median(raw_s), statistics.median(upload_s)
        mib = size / (1 << 20)
        return {"size_mib": mib, "raw_put_mib_s": round(mib / raw, 1),
                "upload_mib_s": round(mib / up, 1), "ratio_upload_vs_raw": round(raw / up, 2)}
    finally:
        server.stop()


# --- (b) no-op sync on 100k vs 1k ------------------------------------------------------------


def _mark_synced(store: Any) -> None:
    """As if every change had been acknowledged by HQ (what a station holds after syncing)."""
    from sqlalchemy import update

    from gridapp import audit, changes
    from gridapp.models import OutboxEntry
    from gridapp.models.base import utcnow

    with store.session() as s:
        s.execute(update(OutboxEntry).values(acked_at=utcnow()))
        changes.prune(s)
        seq, _ = audit._head(s)
        changes.acknowledge_audit(s, seq)


def part_b(work: Path, big: Path | None, rounds: int = 7) -> dict[str, Any]:
    from benchmarks.stations import station_with
    from gridapp.store import confirm_move
    from sync import station as sync_station
    from sync.client import HQClient

    servers: list[Server] = []
    try:
        stores = {}
        for label, cases, source in (("1k", 1000, None), ("100k", 100_000, big)):
            target = work / f"station-b-{label}"
            if source is not None and not target.exists():
                shutil.copytree(source, target)
            store, _, total = station_with(cases, target)
            if store.identity_error is not None:
                confirm_move(store)  # the copy is the only one in use
            _mark_synced(store)
            server = Server(work / f"hq-b-{label}-{uuid.uuid4().hex[:6]}")  # one HQ per station
            servers.append(server)
            sync_station.enrol(store, server.url, server.code(f"站点{label}"))
            sync_station.run(store)  # first contact
            stores[label] = (store, total)
        times: dict[str, list[float]] = {"1k": [], "100k": []}
        for _ in range(rounds):
            for label, (store, _total) in stores.items():
                cfg = sync_station.config(store)
                http = HQClient(cfg.url, cfg.token)
                t0 = time.perf_counter()
                report = sync_station.run(store, http=http)
                times[label].append(time.perf_counter() - t0)
                http.close()
                assert report.pushed == report.pulled == 0, report
        small, large = statistics.median(times["1k"]), statistics.median(times["100k"])
        return {"cases_small": stores["1k"][1], "cases_large": stores["100k"][1],
                "noop_ms_small": round(small * 1000, 1), "noop_ms_large": round(large * 1000, 1),
                "ratio_large_vs_small": round(large / small, 2)}
    finally:
        for server in servers:
            server.stop()


# --- (c) first sync of a large station ----------------------------------------------------------


def _photo(path: Path, seed: int) -> None:
    from PIL import Image

    rng = random.Random(seed)
    side = 260
    Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3)).save(path, "JPEG",
                                                                              quality=92)


def _station_with_photos(work: Path, label: str, cases: int, photos: int) -> Path:
    from sqlalchemy import select

    from benchmarks.stations import station_with
    from gridapp.evidence.capture import import_files
    from gridapp.evidence.worker import DecodeWorker
    from gridapp.models import Case

    target = work / f"station-c-{label}"
    marker = target / "photos.done"
    store, _, _ = station_with(cases, target)
    if not marker.exists():
        from gridapp.caselog.service import default_actor
        from gridapp.caselog.states import TERMINAL

        with store.read() as s:
            numbers = list(s.scalars(select(Case.number).where(Case.status.not_in(TERMINAL))
                                     .order_by(Case.opened_at).limit(max(1, photos // 10))))
            actor = default_actor(s).badge_no
        folder = work / f"photos-{label}"
        folder.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        with DecodeWorker() as worker:
            for i in range(photos):
                path = folder / f"p{i}.jpg"
                _photo(path, hash((label, i)) & 0xFFFFFFFF)
                import_files(store, numbers[i % len(numbers)], [path], actor=actor,
                             worker=worker, reason="已核实，属本案证据")
        print(f"imported {photos} photos in {time.perf_counter() - t0:.0f} s ({target})")
        marker.write_text("ok")
    store.close()
    return target


def _first_sync_child(data_dir: str, url: str, code: str) -> None:
    from gridapp.store import open_store
    from sync import station as sync_station

    store = open_store(Path(data_dir))
    sync_station.enrol(store, url, code)
    t0 = time.perf_counter()
    report = sync_station.run(store, batch=500)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "pushed": report.pushed,
                      "blobs": report.blobs_uploaded}))


def part_c(work: Path, cases: int = 10_000, photos: int = 2000) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label, n_cases, n_photos in (("base", cases // 10, photos // 10),
                                     ("large", cases, photos)):
        source = _station_with_photos(work, label, n_cases, n_photos)
        copy = work / f"station-c-{label}-run"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy)
        server = Server(work / f"hq-c-{label}-{uuid.uuid4().hex[:6]}")
        try:
            from gridapp.store import confirm_move, open_store

            st = open_store(copy, create=False)
            confirm_move(st)
            st.close()
            proc = subprocess.run(
                [sys.executable, __file__, "--child-first-sync", str(copy), server.url,
                 server.code(f"站点{label}")], capture_output=True, text=True, check=True)
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        finally:
            server.stop()
        items = result["pushed"] + result["blobs"]
        out[label] = {"cases": n_cases, "photos": n_photos, "seconds": round(result["seconds"], 1),
                      "peak_mb": round(result["peak_mb"]), "changes": result["pushed"],
                      "blobs": result["blobs"], "ms_per_item": round(1000 * result["seconds"] / items, 2)}
    out["ratio_ms_per_item_large_vs_base"] = round(
        out["large"]["ms_per_item"] / out["base"]["ms_per_item"], 2)
    return out


# --- (d) reconnect storm ------------------------------------------------------------------------


def _station_work(server: Server, device: str, token: str, latencies: list[float],
                  start: threading.Barrier | None, errors: list[str]) -> None:
    import hashlib

    from sync import protocol as p
    from sync.client import HQClient

    http = HQClient(server.url, token, backoff=0.2, retries=8)
    timed = http._once

    def once(method: str, path: str, **kw: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return timed(method, path, **kw)
        finally:
            latencies.append(time.perf_counter() - t0)

    http._once = once  # type: ignore[method-assign]
    rng = random.Random(device)
    changes = [p.ChangeIn(change_id=i + 1, entity="case", entity_id=str(uuid.UUID(int=rng.getrandbits(128))),
                          op="insert", base_revision=0, revision=1, hlc="", whole_row=True,
                          values={"number": f"{device}-{i}", "facts": "占道经营" * 20})
               for i in range(50)]
    blobs = [rng.randbytes(150_000) for _ in range(2)]
    if start is not None:
        start.wait()
    try:
        for i in range(0, 50, 10):
            answer = http.push(p.PushRequest(changes=changes[i:i + 10]))
            assert all(r.status in ("applied", "duplicate") for r in answer.results)
        for data in blobs:
            sha = hashlib.sha256(data).hexdigest()
            state = http.start_upload(sha, len(data))
            while not state.complete:
                state = http.upload_chunk(state.upload_id, state.offset, data[state.offset:])
        http.pull(0)
    except Exception as exc:  # reported and counted
        errors.append(f"{device}: {exc}")
    finally:
        http.close()


def part_d(work: Path, db_url: str | None, stations: int = 100) -> dict[str, Any]:
    label = "postgresql" if db_url else "sqlite"
    server = Server(work / f"hq-d-{label}-{uuid.uuid4().hex[:6]}", db_url)
    try:
        solo: list[float] = []
        errors: list[str] = []
        _station_work(server, "solo", enrol_device(server, "solo"), solo, None, errors)
        # the stations were enrolled before; they all come back online at once
        tokens = {f"dev{i:03d}": enrol_device(server, f"dev{i:03d}") for i in range(stations)}
        storm: list[float] = []
        barrier = threading.Barrier(stations)
        threads = [threading.Thread(target=_station_work,
                                    args=(server, device, token, storm, barrier, errors))
                   for device, token in tokens.items()]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        drain = time.perf_counter() - t0
        want = (stations + 1) * 50
        records, blobs = server.count("hq_record"), server.count("hq_blob")
        receipts = server.count("hq_receipt")

        def p95(xs: list[float]) -> float:
            return statistics.quantiles(xs, n=20)[-1]

        return {"backend": label, "stations": stations, "drain_s": round(drain, 1),
                "requests": len(storm), "errors": errors[:5],
                "records": records, "records_expected": want,
                "receipts": receipts, "blobs": blobs, "blobs_expected": (stations + 1) * 2,
                "p95_ms_storm": round(p95(storm) * 1000, 1),
                "p95_ms_solo": round(p95(solo) * 1000, 1),
                "ratio_p95_storm_vs_solo": round(p95(storm) / p95(solo), 1),
                "lost_or_duplicated": not (records == receipts == want
                                           and blobs == (stations + 1) * 2)}
    finally:
        server.stop()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-first-sync":
        _first_sync_child(*sys.argv[2:5])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--parts", default="abcd")
    ap.add_argument("--work-dir", type=Path, default=None)
    ap.add_argument("--station-100k", type=Path, default=None,
                    help="an existing 100,000-case data directory to copy (else one is seeded)")
    ap.add_argument("--pg-url", default=os.environ.get("GRIDAPP_TEST_PG_URL", ""))
    args = ap.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="gridapp-bench-sync-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    if "a" in args.parts:
        results["a_blob_upload"] = part_a(work)
        print(json.dumps(results["a_blob_upload"], ensure_ascii=False), flush=True)
    if "b" in args.parts:
        results["b_noop_sync"] = part_b(work, args.station_100k)
        print(json.dumps(results["b_noop_sync"], ensure_ascii=False), flush=True)
    if "c" in args.parts:
        results["c_first_sync"] = part_c(work)
        print(json.dumps(results["c_first_sync"], ensure_ascii=False), flush=True)
    if "d" in args.parts:
        results["d_storm_sqlite"] = part_d(work, None)
        print(json.dumps(results["d_storm_sqlite"], ensure_ascii=False), flush=True)
        if args.pg_url:
            import psycopg

            name = f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            results["d_storm_postgresql"] = part_d(work, args.pg_url.rsplit("/", 1)[0] + "/" + name)
            print(json.dumps(results["d_storm_postgresql"], ensure_ascii=False), flush=True)
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
