"""Large recordings are probed with bounded memory and time, and imported with the memory of the
copy-and-hash loop alone (the file is never held in memory).

Before the fix a 400 MB AMR recording was read whole to count its frames (465 MB peak RSS, 8 s)
and a WAV file whose chunks are empty was walked eight bytes at a time (28 s). The test files are
sparse (a valid header, then a hole), so making them costs nothing; importing one still copies
and hashes 400 MB, which is the floor of an import's time (about 2–3 s here).
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from gridapp.evidence.avprobe import probe_av
from gridapp.models import Case
from gridapp.store import StationStore

SIZE = 400 << 20
PEAK_RSS = 200 << 20
IMPORT_SECONDS = 30.0  # copying and hashing 400 MB on a slow disk; the probe itself takes ms


def sparse(path: Path, head: bytes, size: int = SIZE) -> Path:
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


def big_amr(folder: Path) -> Path:
    return sparse(folder / "long.amr", b"#!AMR\n")  # then 13-byte frames of mode 0 (zeros)


def big_wav(folder: Path) -> Path:
    """A header and a format chunk, then zeros: 50 million empty chunks of eight bytes."""
    head = (b"RIFF" + struct.pack("<I", SIZE - 8) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16))
    return sparse(folder / "long.wav", head)


def big_m4a(folder: Path) -> Path:
    """``ftyp``, a 400 MB ``mdat`` hole, and the ``moov`` box with the duration at the end."""
    path = folder / "long.m4a"
    mdat = SIZE - 200
    with path.open("wb") as fh:
        fh.write(struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"M4A ", 0, b"M4A ", b"isom"))
        fh.write(struct.pack(">I4s", 8 + mdat, b"mdat"))
        fh.truncate(24 + 8 + mdat)
        fh.seek(0, os.SEEK_END)
        mvhd = struct.pack(">I4sB3sIIII", 28, b"mvhd", 0, b"\0\0\0", 0, 0, 1000, 90_000)
        fh.write(struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd)
    return path


@pytest.mark.parametrize(("make", "mime", "duration"), [
    (big_amr, "audio/amr", (SIZE - 6) / 13 * 0.02),
    (big_wav, "audio/wav", None),
    (big_m4a, "audio/mp4", 90.0),
])
def test_a_400_mb_recording_is_probed_in_bounded_time_and_memory(
        tmp_path: Path, make: object, mime: str, duration: float | None) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    started = time.monotonic()
    info = probe_av(path, mime)
    # Milliseconds unloaded; the bound leaves room for a busy machine (before: 8 s and 28 s).
    assert time.monotonic() - started < 2.0
    tracemalloc.start()  # measured apart: tracing slows the frame loop several times over
    try:
        probe_av(path, mime)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"probe held {peak:,} bytes"
    if duration is None:
        assert info.duration_s is None
    else:
        assert info.duration_s == pytest.approx(duration, rel=1e-3)


# Runs the command given in its arguments and prints the child's peak RSS (kB) and seconds. A
# child's peak starts from the RSS of the process that forked it, so the measuring parent must be
# this small interpreter, not the test process (hundreds of MB by then).
MEASURE = """
import os, subprocess, sys, time
started = time.monotonic()
proc = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(usage.ru_maxrss, time.monotonic() - started, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="os.wait4 and ru_maxrss are POSIX")
def test_importing_a_400_mb_recording_stays_under_200_mb(
        store: StationStore, demo_case: Case, tmp_path: Path) -> None:
    path = big_amr(tmp_path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "gridapp", "--data-dir",
         str(store.data_dir), "evidence", "add", demo_case.number, str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    peak_kb, seconds = proc.stderr.split()[-2:]
    peak = int(peak_kb) * 1024  # ru_maxrss is in kilobytes on Linux
    assert peak < PEAK_RSS, f"peak RSS {peak / 2**20:.0f} MB"
    assert float(seconds) < IMPORT_SECONDS, f"{float(seconds):.1f} s"
