"""Inputs that once hung or ate memory are refused quickly and cheaply, measured on the real
command in a child process: exit 2, under 2 s of processor time (what the command itself
spent, whatever else the machine is doing), finished within 10 s of wall time (a read that
blocks spends no processor time), and under 200 MB peak memory."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gridapp.paths import resources_dir
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT

LIMIT_CPU_S = 2.0
LIMIT_WALL_S = 10.0
LIMIT_MB = 200


# A small parent for the measured command: a child's peak RSS counts what it inherited at
# fork, so the command is started from this lean process rather than from pytest.
_PARENT = """
import os, subprocess, sys, time
t = time.monotonic()
p = subprocess.Popen([sys.executable, "-m", "gridapp", *sys.argv[1:]],
                     stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(os.waitstatus_to_exitcode(status), time.monotonic() - t,
      usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def _measured(argv: list[str]) -> tuple[int, float, float, float, str]:
    """Exit code, wall and processor seconds, peak RSS in MB and stderr of one child."""
    done = subprocess.run([sys.executable, "-c", _PARENT, *argv], capture_output=True,
                          text=True, timeout=60, check=True)
    code, wall, cpu, peak_kb = done.stdout.split()
    return int(code), float(wall), float(cpu), int(peak_kb) / 1024, done.stderr


def _search(tmp: Path) -> list[str]:
    return ["case", "search", " ".join(f"词{i}号" for i in range(400))]


def _officers(tmp: Path) -> list[str]:
    path = tmp / "many.json"
    data = dict(DEMO_CASE_INPUT) | {"officers": [f"{i:08d}" for i in range(200_000)]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return ["case", "add", "--from", str(path)]


def _facts(tmp: Path) -> list[str]:
    path = tmp / "facts.json"
    data = dict(DEMO_CASE_INPUT) | {"facts": "占道经营。" * 10_000_000}  # 50 M characters
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return ["case", "add", "--from", str(path)]


def _format(tmp: Path) -> list[str]:
    text = (resources_dir() / "packs" / "shanghai.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^case = ".*"$',
                  'case = "沪城管案〔{year}〕{segment:02d}-{seq:2000000000d}"', text, count=1)
    path = tmp / "shanghai.toml"
    path.write_text(text, encoding="utf-8")
    return ["pack", "validate", str(path)]


def _fifo(tmp: Path) -> Path:
    fifo = tmp / "fifo.pdf"
    os.mkfifo(fifo)
    return fifo


INPUTS: dict[str, tuple[Callable[[Path], list[str]], bool]] = {
    "search with 400 terms": (_search, True),
    "case with 200,000 officers": (_officers, True),
    "case with a 50 MB facts field": (_facts, True),
    "pack number format {seq:2000000000d}": (_format, False),
    "doc verify on a FIFO": (lambda t: ["doc", "verify", str(_fifo(t))], True),
    "doc verify on /dev/zero": (lambda t: ["doc", "verify", "/dev/zero"], True),
    "pack validate on /dev/zero": (lambda t: ["pack", "validate", "/dev/zero"], False),
    "template validate on a FIFO": (lambda t: ["template", "validate", str(_fifo(t))], False),
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_a_hang_input_is_refused_quickly_and_cheaply(store: StationStore, tmp_path: Path,
                                                     name: str) -> None:
    build, needs_station = INPUTS[name]
    argv = build(tmp_path)
    data = ["--data-dir", str(store.data_dir)] if needs_station else []
    store.close()
    code, wall, cpu, peak_mb, err = _measured([*data, *argv])
    assert code == 2, err
    assert "Traceback" not in err and "错误" in err
    assert cpu < LIMIT_CPU_S, f"{name}: {cpu:.2f} s of processor time"
    assert wall < LIMIT_WALL_S, f"{name}: {wall:.2f} s"
    assert peak_mb < LIMIT_MB, f"{name}: {peak_mb:.0f} MB"
