"""Evidence import benchmark: full import of 12 MP JPEGs and HEICs vs the bare image pipeline.

Usage: .venv/bin/python benchmarks/bench_evidence.py [--photos 50] [--kinds jpeg,heic]
       [--work-dir DIR]

Generates distinct 4000×3000 phone-like photos (grain, EXIF with orientation 6, GPS, time):
JPEGs of ~4 MB, and HEICs as phones write them — a grid of 512-pixel HEVC tiles, turned by an
``irot`` property — encoded with pillow-heif (x265, its fastest preset; a test dependency).
Then, per kind, in a fresh measuring process, for each photo in turn:
- bare pipeline: read the file, SHA-256, reduced-scale decode, thumbnail + print copy (in
  process; no decode subprocess, no blob store, no fsync, no database);
- full import: ``import_files`` into a case of a real station (staging copy + hash, decode in
  the memory-limited worker, three blobs fsync'd and renamed, one SQLite transaction with the
  audit event and outbox row), the decode worker reused as the application does.
The two are interleaved photo by photo so background load hits both alike. Prints per-photo
medians, the ratio, and peak memory (the measuring process and, separately, its decode worker).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw

if TYPE_CHECKING:
    from gridapp.store import StationStore

TEMPLATE_TIME = b"2026:11:20 09:15:30"


def make_base(path: Path, seed: int) -> None:
    im, exif = base_scene(seed)
    if path.suffix == ".heic":
        import pillow_heif

        pillow_heif.from_pillow(im).save(path, quality=80, exif=exif.tobytes(), tile_size=512,
                                         enc_params={"preset": "ultrafast"})
    else:
        im.save(path, "JPEG", quality=92, exif=exif)


def base_scene(seed: int) -> tuple[Image.Image, Image.Exif]:
    w, h = 4000, 3000
    sky = Image.linear_gradient("L").resize((w, h))
    im = Image.merge("RGB", (sky.point(lambda v: 60 + v // 3),
                             sky.point(lambda v: 100 + v // 4 + seed * 7 % 40),
                             Image.new("L", (w, h), 190)))
    draw = ImageDraw.Draw(im)
    for k in range(40):
        x, y = (seed * 997 + k * 389) % w, (seed * 613 + k * 271) % h
        draw.rectangle((x, y, x + 300, y + 200), fill=((k * 53) % 255, (k * 97) % 255, 80))
    grain = Image.effect_noise((w, h), 60).convert("RGB")
    im = Image.blend(im, grain, 0.15).transpose(Image.Transpose.ROTATE_90)  # stored turned
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110] = "HUAWEI", "P40 Pro"
    sub = exif.get_ifd(0x8769)
    sub[0x9003], sub[0x9011] = TEMPLATE_TIME.decode(), "+08:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (31.0, 13.0, 49.4), "E", (121.0, 28.0, 25.3)
    return im, exif


def generate(work: Path, count: int, kind: str = "jpg") -> list[Path]:
    """``count`` distinct photos: 5 encoded bases, copies differing in their EXIF time."""
    src = work / "photos"
    src.mkdir(parents=True, exist_ok=True)
    bases = []
    for b in range(min(5, count)):
        base = src / f"base{b}.{kind}"
        if not base.exists():
            make_base(base, b)
        bases.append(base.read_bytes())
    out = []
    for n in range(count):
        data = bases[n % len(bases)]
        stamp = f"2026:11:20 10:{n // 60:02d}:{n % 60:02d}".encode()
        path = src / f"IMG_{n:04d}.{kind}"
        path.write_bytes(data.replace(TEMPLATE_TIME, stamp, 1))
        out.append(path)
    return out


def distinct(n: int) -> bytes:
    """Bytes to append for a copy with another hash: an ISO-BMFF ``free`` box, which a HEIC
    may end with (a stray byte would make it a truncated file) and a JPEG ignores."""
    return b"\0\0\0\x09free" + bytes([n])


def bare_pipeline(path: Path) -> None:
    import pi_heif

    from gridapp.evidence.imaging import process_photo

    pi_heif.register_heif_opener()  # as the decode worker does
    data = path.read_bytes()
    hashlib.sha256(data).hexdigest()
    process_photo(io.BytesIO(data))


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set of one process since its exec (Linux /proc VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def open_station(work: Path) -> tuple[StationStore, str]:
    from gridapp.caselog import service
    from gridapp.setup import init_station
    from gridapp.store import open_store

    store = open_store(work)
    init_station(store, name="基准测试中队", pack_code="shanghai", officer_name="张建国",
                 badge="31010001", grids=[("G0101", "南京东路第1网格")],
                 password="bench-password-1")
    with store.session() as s:
        case = service.create_case(store, s, {
            "violation": "street-vending", "address": "上海市黄浦区南京东路100号门前",
            "grid": "G0101", "source": "patrol", "facts": "占道设摊。",
            "party": {"kind": "person", "name": "王小明", "id_number": "310101199001011234",
                      "address": "上海市黄浦区福州路8号"},
            "officers": ["31010001"], "act_date": "2026-11-19"}, "31010001")
    return store, case.id


def measure_time(work: Path, photos: list[Path]) -> dict[str, object]:
    from gridapp.evidence.capture import import_files
    from gridapp.evidence.worker import DecodeWorker

    store, case_id = open_station(work / "station-time")
    bare: list[float] = []
    full: list[float] = []
    with DecodeWorker() as worker:
        bare_pipeline(photos[0])  # warm both paths (imports, worker start, page cache)
        warm = work / f"warm{photos[0].suffix}"
        warm.write_bytes(photos[0].read_bytes() + distinct(1))
        import_files(store, case_id, [warm], actor="31010001", worker=worker,
                     reason="已核实，属本案证据")
        for path in photos:
            t0 = time.perf_counter()
            bare_pipeline(path)
            t1 = time.perf_counter()
            import_files(store, case_id, [path], actor="31010001", worker=worker, reason="已核实，属本案证据")
            t2 = time.perf_counter()
            bare.append(t1 - t0)
            full.append(t2 - t1)
    # A single-file CLI import starts its own decode worker: measured for reference.
    fresh: list[float] = []
    for path in photos[:5]:
        again = work / f"again_{path.name}"
        again.write_bytes(path.read_bytes() + distinct(2))
        t0 = time.perf_counter()
        import_files(store, case_id, [again], actor="31010001", reason="已核实，属本案证据")
        fresh.append(time.perf_counter() - t0)
    return {"bare": bare, "full": full, "fresh": fresh}


def measure_memory(work: Path, photos: list[Path]) -> dict[str, object]:
    """Imports only (no bare pipeline in this process), so the peaks are those of importing."""
    from gridapp.evidence.capture import import_files
    from gridapp.evidence.worker import DecodeWorker

    store, case_id = open_station(work / "station-memory")
    before = vm_hwm_mb()
    with DecodeWorker() as worker:
        for path in photos:
            import_files(store, case_id, [path], actor="31010001", worker=worker, reason="已核实，属本案证据")
        assert worker.pid is not None
        worker_hwm = vm_hwm_mb(worker.pid)
    return {
        "self_hwm_mb": vm_hwm_mb(), "self_hwm_before_mb": before, "worker_hwm_mb": worker_hwm,
        # getrusage's maxrss of a spawned child also counts the parent's pages at fork time.
        "rusage_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rusage_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--kinds", default="jpeg,heic", help="jpeg, heic or both (jpeg,heic)")
    parser.add_argument("--work-dir", type=Path)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        mode, where = args.measure.split(":", 1)
        mode, kind = mode.split("-")
        photos = sorted((Path(where) / "photos").glob(f"IMG_*.{kind}"))[: args.photos]
        fn = measure_time if mode == "time" else measure_memory
        print(json.dumps(fn(Path(where), photos)))
        return
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench-evidence-"))
    for kind in args.kinds.split(","):
        ext = {"jpeg": "jpg", "heic": "heic"}[kind]
        t0 = time.perf_counter()
        photos = generate(work, args.photos, ext)
        size = statistics.median(p.stat().st_size for p in photos) / 1e6
        print(f"\n{kind.upper()}: generated {len(photos)} × 4000×3000 (median {size:.1f} MB) "
              f"in {time.perf_counter() - t0:.0f} s under {work}")
        report(work, ext, args.photos)


def report(work: Path, ext: str, count: int) -> None:
    for old in ("station-time", "station-memory"):
        shutil.rmtree(work / old, ignore_errors=True)

    def run(mode: str, count: int) -> dict[str, Any]:
        proc = subprocess.run(
            [sys.executable, __file__, "--measure", f"{mode}-{ext}:{work}", "--photos",
             str(count)],
            check=True, capture_output=True, text=True,
        )
        result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
        return result

    r = run("time", count)
    m = run("memory", min(10, count))
    bare_ms = statistics.median(r["bare"]) * 1000
    full_ms = statistics.median(r["full"]) * 1000
    fresh_ms = statistics.median(r["fresh"]) * 1000
    print(f"bare pipeline   per photo  median {bare_ms:7.1f} ms  (p90 {p90(r['bare']):.1f})")
    print(f"full import     per photo  median {full_ms:7.1f} ms  (p90 {p90(r['full']):.1f})")
    print(f"ratio full/bare            {full_ms / bare_ms:7.2f}   (target ≤ 1.5)")
    print(f"single-file import incl. starting a decode worker: median {fresh_ms:.1f} ms")
    total = m["self_hwm_mb"] + m["worker_hwm_mb"]
    print(f"peak RSS (VmHWM) importing {min(10, count)} photos: importing process "
          f"{m['self_hwm_mb']:.0f} MB (of which {m['self_hwm_before_mb']:.0f} MB before the "
          f"first photo), decode worker {m['worker_hwm_mb']:.0f} MB, sum {total:.0f} MB"
          "   (target ≤ 300 MB)")
    print(f"getrusage maxrss: self {m['rusage_self_mb']:.0f} MB, children "
          f"{m['rusage_children_mb']:.0f} MB (a child's figure includes its parent's pages "
          "at fork time)")


def p90(samples: list[float]) -> float:
    return sorted(samples)[int(0.9 * (len(samples) - 1))] * 1000


if __name__ == "__main__":
    main()
