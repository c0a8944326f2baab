"""End to end through a real HQ process: enrol, push cases, evidence and audit, upload photos,
and a second laptop of the station receiving everything."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from gridapp import changes
from gridapp.documents.service import issue_document
from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import import_files
from gridapp.models import BlobReceipt, Case, Document, Evidence, OutboxEntry
from gridapp.rules.record import build_case_input
from gridapp.store import StationStore
from sync import station as sync_station
from tests.conftest import LEAD_BADGE
from tests.sync.conftest import HQServer, enrolled, sync_once

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"
TWO = [PHOTOS / "jpg_gps_DSCN0010.jpg", PHOTOS / "jpg_Canon_40D.jpg"]


def _hq_cases(hq: HQServer) -> list[dict[str, object]]:
    rc, out, err = hq.cli("cases", "--json")
    assert rc == 0, err
    return list(json.loads(out))


def test_a_case_with_photos_reaches_hq_and_the_stations_second_laptop(
        hq: HQServer, store: StationStore, demo_case: Case, worker: object,
        second_device: StationStore) -> None:
    import_files(store, demo_case.number, TWO, actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")  # type: ignore[arg-type]
    with store.session() as s:
        issued = issue_document(store, s, demo_case.number, "case_source_register", [],
                                LEAD_BADGE)
    enrolled(store, hq)

    report = sync_once(store)

    assert report.pushed > 10 and report.refused == 0 and report.conflicts == 0
    assert report.blobs_uploaded >= 2  # originals (and their derived copies)
    held = _hq_cases(hq)
    assert [(c["number"], c["station"]) for c in held] == [(demo_case.number, "南京东路中队")]
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        waiting = s.scalar(select(func.count()).select_from(BlobReceipt)
                           .where(BlobReceipt.received_at.is_(None)))
        assert waiting == 0
        shas = [e.sha256 for e in s.scalars(select(Evidence))]
        pdf = s.scalars(select(Document)).one().pdf_sha256
    # HQ holds every photo and the issued PDF under its hash, and the audit chain continues
    rc, out, _ = hq.cli("verify")
    assert rc == 0 and "一致" in out
    for sha in [*shas, pdf]:
        assert (hq.data / "blobs" / sha[:2] / sha[2:]).read_bytes()
    status = sync_station.status(store)
    assert status["queue"] == 0 and status["blobs_waiting"] == 0
    # the rules read the time of the last sync for the first-offence history's freshness
    synced = datetime.fromisoformat(status["last_sync_at"])
    assert synced.tzinfo is not None
    with store.read() as s:
        case_row = s.get(Case, demo_case.id)
        assert case_row is not None
        assert build_case_input(s, case_row, {})["history_synced_at"] == status["last_sync_at"]

    # a second laptop of the same station enrols and receives the case and its evidence rows
    enrolled(second_device, hq)
    got = sync_once(second_device)
    assert got.pulled > 10
    with second_device.read() as s:
        case = s.scalars(select(Case)).one()
        assert case.number == demo_case.number and case.facts == demo_case.facts
        assert sorted(e.sha256 for e in s.scalars(select(Evidence))) == sorted(shas)
        assert s.scalars(select(Document)).one().number == issued.number
    # nothing the second laptop received goes back as its own change
    with second_device.read() as s:
        assert changes.pending(s) == []


def test_a_no_op_sync_sends_and_receives_nothing(hq: HQServer, store: StationStore,
                                                 demo_case: Case) -> None:
    enrolled(store, hq)
    sync_once(store)
    again = sync_once(store)
    assert (again.pushed, again.pulled, again.blobs_uploaded, again.duplicates) == (0, 0, 0, 0)


def test_a_station_that_is_not_enrolled_is_told_how(store: StationStore) -> None:
    import pytest

    from sync.errors import NotConfigured

    with pytest.raises(NotConfigured, match="gridapp sync enroll"):
        sync_station.run(store)


def test_blobs_uploaded_match_the_station_files(hq: HQServer, store: StationStore,
                                                demo_case: Case, worker: object) -> None:
    import_files(store, demo_case.number, TWO[:1], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")  # type: ignore[arg-type]
    enrolled(store, hq)
    sync_once(store)
    local = BlobStore(store.blobs_dir, key=store.data_key)
    with store.read() as s:
        for r in s.scalars(select(BlobReceipt)):
            assert r.received_at is not None
            assert (hq.data / "blobs" / r.sha256[:2] / r.sha256[2:]).read_bytes() == \
                local.read_bytes(r.sha256)
