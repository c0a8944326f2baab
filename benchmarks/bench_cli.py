"""Command-line start-up benchmark: read commands against a bare Python start, in the same run.

Usage: .venv/bin/python benchmarks/bench_cli.py [--cases 300] [--runs 15] [--data-dir DIR] [--compare TREE]

Makes a demo station (``gridapp demo``) in a temporary directory unless DIR already holds one,
then runs, as subprocesses and interleaved so that machine load hits them alike:
``python -c pass``, ``gridapp --data-dir D case show <number>`` and ``gridapp --data-dir D case
list``. Prints the medians, the ratio of each command to the bare start, and whether the read
command meets the target (≤ 0.3 s). ``import sqlalchemy.orm`` is timed alongside: it is the floor
of any command that opens the store (``case list``); ``case show`` reads through a read-only
connection without the ORM (``gridapp.workbench.detail``), so it can go below it.

Byte code is cached as in an installed application (pip compiles it at install time): the
subprocesses run without ``PYTHONDONTWRITEBYTECODE`` and with their caches under a temporary
``PYTHONPYCACHEPREFIX``, filled by one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3


def gridapp(*args: str) -> list[str]:
    return [sys.executable, "-m", "gridapp", *args]


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="gridapp-bench-pyc-")
# A neutral working directory: ``python -m`` puts it first on sys.path, so a checkout there
# would shadow the installed gridapp (and ``--compare``'s PYTHONPATH).
CWD = tempfile.mkdtemp(prefix="gridapp-bench-cwd-")


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env or ENV, cwd=CWD)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=300, help="demo cases (default 300)")
    ap.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    ap.add_argument("--data-dir", type=Path, help="reuse this data directory")
    ap.add_argument("--compare", type=Path, metavar="TREE",
                    help="also time case show from this source tree (e.g. an older checkout)")
    args = ap.parse_args()

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gridapp-bench-cli-"))
    d = str(data_dir)
    listed = subprocess.run(gridapp("--data-dir", d, "--json", "case", "list", "--limit", "1"),
                            check=False, capture_output=True, text=True, env=ENV, cwd=CWD)
    if listed.returncode != 0 or json.loads(listed.stdout)["total"] == 0:
        print(f"seeding {args.cases} demo cases in {d} …", file=sys.stderr)
        subprocess.run(gridapp("--data-dir", d, "demo", "--cases", str(args.cases)),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                       cwd=CWD)
        listed = subprocess.run(gridapp("--data-dir", d, "--json", "case", "list", "--limit", "1"),
                                capture_output=True, text=True, check=True, env=ENV, cwd=CWD)
    page = json.loads(listed.stdout)
    number = page["cases"][0]["number"]

    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import sqlalchemy.orm' (floor)": [sys.executable, "-c", "import sqlalchemy.orm"],
        f"gridapp case show {number}": gridapp("--data-dir", d, "case", "show", number),
        "gridapp case list": gridapp("--data-dir", d, "case", "list"),
    }
    envs: dict[str, dict[str, str]] = {}
    if args.compare:
        name = f"case show, from {args.compare}"
        commands[name] = commands[f"gridapp case show {number}"]
        envs[name] = ENV | {"PYTHONPATH": str(args.compare.resolve())}
    for name, cmd in commands.items():  # fill the byte-code cache and warm the page cache
        run_once(cmd, envs.get(name))
        run_once(cmd, envs.get(name))
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, envs.get(name)))

    bare = statistics.median(samples["python -c pass"])
    print(f"station: {page['total']} cases in {d}; {args.runs} runs each, interleaved")
    print(f"{'command':<52} {'median':>9} {'min':>9} {'× bare':>8}")
    for name, values in samples.items():
        med = statistics.median(values)
        print(f"{name:<52} {med * 1000:7.1f}ms {min(values) * 1000:7.1f}ms {med / bare:7.1f}×")
    show = statistics.median(samples[f"gridapp case show {number}"])
    verdict = "OK" if show <= TARGET_S else "ABOVE TARGET"
    print(f"read command (case show) median {show:.3f} s = {show / bare:.1f}× bare python "
          f"({bare:.3f} s); target ≤ {TARGET_S} s: {verdict}")


if __name__ == "__main__":
    main()
