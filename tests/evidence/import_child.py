"""Child process for the kill -9 test: imports photos one by one, acknowledging each commit.

Usage: python import_child.py DATA_DIR CASE_ID BADGE SOURCE_DIR START
Prints ``ready`` once the station is open, then ``ack <item id> <sha256>`` after each commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Evidence
from gridapp.store import open_store


def main() -> int:
    data_dir, case_id, badge, source, start = sys.argv[1:6]
    files = sorted(Path(source).iterdir())
    store = open_store(Path(data_dir), create=False)
    print("ready", flush=True)
    with DecodeWorker() as worker:
        for i in range(int(start), int(start) + len(files)):
            path = files[i % len(files)]
            [item_id] = import_files(store, case_id, [path], actor=badge, worker=worker)
            with store.read() as s:
                row = s.get(Evidence, item_id)
                assert row is not None
                print(f"ack {item_id} {row.sha256}", flush=True)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
