"""A camera's impossible UTC offset (+24:00, +08:99) never breaks an import: the time is read
as station time, as for a photo with no offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.evidence.capture import import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import write_photo


@pytest.mark.parametrize("offset", ["+24:00", "-99:00", "+08:99", "+1٨:00"])
def test_a_photo_with_an_impossible_utc_offset_is_imported_with_its_local_time(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path,
        offset: str) -> None:
    from gridapp.models import Evidence

    photo = write_photo(tmp_path / "odd.jpg", offset=offset)
    [item] = import_files(store, demo_case.number, [photo], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")
    with store.read() as s:
        row = s.get(Evidence, item)
        assert row is not None and row.capture_time_source == "exif_local"
        assert row.captured_at is not None  # the camera's 09:15:30, read as station time
        assert row.captured_at.isoformat() == "2026-11-20T01:15:30+00:00"
