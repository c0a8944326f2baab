"""An evidence export killed part-way (kill -9) leaves no half-exported folder; the next
export to the same place succeeds and removes what the killed one left."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import write_photo

KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from gridapp.evidence import export
    from gridapp.store import open_store

    copied = []
    real = export._copy_verified

    def copy_then_die(blobs, item, target):
        real(blobs, item, target)
        copied.append(target)
        if len(copied) == 2:
            os.kill(os.getpid(), signal.SIGKILL)

    export._copy_verified = copy_then_die
    store = open_store(Path(sys.argv[1]), create=False)
    export.export_case(store, sys.argv[2], Path(sys.argv[3]), actor=sys.argv[4])
""")


def test_a_killed_export_leaves_no_half_folder_and_the_next_one_cleans_up(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path,
        run_cli: object) -> None:
    photos = [write_photo(tmp_path / f"p{i}.jpg", size=(300 + i, 200)) for i in range(3)]
    import_files(store, demo_case.number, photos, actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    dest = tmp_path / "out" / "export"
    proc = subprocess.run([sys.executable, "-c", KILLER, str(store.data_dir), demo_case.number,
                           str(dest), LEAD_BADGE], capture_output=True, text=True, check=False)
    assert proc.returncode == -9, proc.stderr
    assert not dest.exists()  # no folder with two of three photos and no manifest
    leftovers = list((tmp_path / "out").iterdir())
    assert [p.name for p in leftovers] == [".export.exporting"]
    result = run_cli("--data-dir", str(store.data_dir), "evidence", "export",  # type: ignore[operator]
                     demo_case.number, str(dest))
    assert result.code == 0, result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["export"]
    assert (dest / "manifest.json").exists() and len(list(dest.glob("*.jpg"))) == 3
