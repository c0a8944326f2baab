"""Child process for the kill -9 test: imports photos one by one, acknowledging each commit.

Usage: python import_child.py DATA_DIR CASE_ID BADGE SOURCE_DIR START
Prints ``ready`` once the station is open, then ``ack <item id> <sha256>`` after each commit.

``python import_child.py --zygote`` imports the modules once and then reads commands on stdin:
``spawn FIFO DATA_DIR CASE_ID BADGE SOURCE_DIR START`` forks a child that runs the same import
loop with its output written to the named pipe ``FIFO`` and prints the child's pid;
``kill PID`` sends that child SIGKILL (if it is still running), reaps it and prints ``gone``.
The zygote reaps its children only on ``kill``, so a pid cannot be reused in between.
A forked child is an ordinary process that opens the station itself after the fork, so a
SIGKILL lands exactly as in a freshly started one; the fork only saves the interpreter start
and module imports (about half a second per run).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Evidence
from gridapp.store import open_store


def main(data_dir: str, case_id: str, badge: str, source: str, start: str) -> int:
    files = sorted(Path(source).iterdir())
    store = open_store(Path(data_dir), create=False)
    print("ready", flush=True)
    with DecodeWorker() as worker:
        for i in range(int(start), int(start) + len(files)):
            path = files[i % len(files)]
            [item_id] = import_files(store, case_id, [path], actor=badge, worker=worker, reason="已核实，属本案证据")
            with store.read() as s:
                row = s.get(Evidence, item_id)
                assert row is not None
                print(f"ack {item_id} {row.sha256}", flush=True)
    print("done", flush=True)
    return 0


def zygote() -> int:
    for line in sys.stdin:
        command, *args = line.split()
        if command == "kill":
            pid = int(args[0])
            os.kill(pid, signal.SIGKILL)  # an exited child is a zombie until reaped: still ours
            os.waitpid(pid, 0)
            print("gone", flush=True)
            continue
        fifo, *child_args = args
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                fd = os.open(fifo, os.O_WRONLY)
                os.dup2(fd, 1)
                os.close(fd)
                sys.stdout = os.fdopen(1, "w", buffering=1)
                code = main(*child_args)
            finally:
                os._exit(code)
        print(pid, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(zygote() if sys.argv[1:] == ["--zygote"] else main(*sys.argv[1:6]))
