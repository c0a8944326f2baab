"""The fault matrix: cuts, lost answers, replays, corruption, kills and revocation, through a
real HQ process (SQLite and PostgreSQL) and an in-test TCP proxy on loopback."""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from pathlib import Path

import pytest
import requests
from PIL import Image
from sqlalchemy import func, select

from gridapp import changes
from gridapp.caselog import service
from gridapp.evidence.capture import import_files
from gridapp.models import BlobReceipt, Case, Evidence, OutboxEntry
from gridapp.store import StationStore
from sync import station as sync_station
from sync.errors import Revoked
from sync.protocol import PushRequest
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.sync.conftest import HQServer, enrolled, fast_client, sync_once
from tests.sync.faults import FaultProxy


def _noise_photo(path: Path, seed: int, side: int = 360) -> Path:
    rng = random.Random(seed)
    img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    img.save(path, "JPEG", quality=95)
    return path


def _token(store: StationStore) -> str:
    return sync_station.config(store).token


def _push_body(store: StationStore) -> dict[str, object]:
    with store.session() as s:
        shipped = changes.pending(s)
        changes.freeze(s, shipped)
    req = PushRequest(changes=[sync_station._change_in(c) for c in shipped])
    return req.model_dump(mode="json")


def _outbox(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def test_the_same_change_sent_five_times_in_a_row_and_five_at_once_has_one_effect(
        hq: HQServer, store: StationStore, demo_case: Case) -> None:
    enrolled(store, hq)
    body = _push_body(store)
    n = len(body["changes"])  # type: ignore[arg-type]
    headers = {"Authorization": f"Bearer {_token(store)}"}
    url = f"{hq.url}/api/v1/push"
    answers = [requests.post(url, json=body, headers=headers, timeout=30).json()
               for _ in range(5)]
    concurrent: list[dict[str, object]] = []

    def send() -> None:
        concurrent.append(requests.post(url, json=body, headers=headers, timeout=60).json())

    threads = [threading.Thread(target=send) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [[r["status"] for r in a["results"]] for a in answers + concurrent]
    assert set(statuses[0]) == {"applied"}
    assert all(set(s) == {"duplicate"} for s in statuses[1:]), statuses
    # the replays carry the first answer (same revisions)
    assert [r["revision"] for r in concurrent[0]["results"]] == \
        [r["revision"] for r in answers[0]["results"]]
    assert hq.count("hq_record") == n
    assert hq.count("hq_receipt") == n
    assert hq.count("hq_feed") == n


def test_the_same_change_id_with_other_content_is_refused(
        hq: HQServer, store: StationStore, demo_case: Case) -> None:
    enrolled(store, hq)
    body = _push_body(store)
    headers = {"Authorization": f"Bearer {_token(store)}"}
    url = f"{hq.url}/api/v1/push"
    requests.post(url, json=body, headers=headers, timeout=30).raise_for_status()
    forged = json.loads(json.dumps(body))
    case_change = next(c for c in forged["changes"] if c["entity"] == "case")
    case_change["values"]["facts"] = "篡改后的事实"
    answer = requests.post(url, json=forged, headers=headers, timeout=30).json()
    refused = [r for r in answer["results"] if r["status"] == "refused"]
    assert [r["change_id"] for r in refused] == [case_change["change_id"]]
    rc, out, _ = hq.cli("cases", "--json")
    assert rc == 0 and json.loads(out)[0]["revision"] == 1
    assert "篡改" not in out


def test_a_lost_answer_to_a_push_is_retried_and_applied_once(
        hq: HQServer, proxy: FaultProxy, store: StationStore, demo_case: Case) -> None:
    enrolled(store, hq)
    with store.read() as s:
        n = len(changes.pending(s, limit=10_000))
    proxy.arm("drop_response", b"POST /api/v1/push")
    report = sync_once(store, proxy.url)
    assert proxy.fired == 1
    assert report.duplicates == n and report.pushed == 0  # the retry got the first answer
    assert hq.count("hq_record") == n and hq.count("hq_feed") == n
    assert _outbox(store) == 0


@pytest.mark.slow
@pytest.mark.parametrize("marker", [b"POST /api/v1/push", b"PATCH /"])
def test_connection_cut_at_swept_offsets_loses_nothing_and_duplicates_nothing(
        hq: HQServer, proxy: FaultProxy, store: StationStore, demo_case: Case,
        worker: object, tmp_path: Path, marker: bytes) -> None:
    enrolled(store, hq)
    sync_once(store)
    offsets = [1, 40, 200, 600, 1500, 4000, 9000, 20000, 45000, 90000, 160000]
    for i, offset in enumerate(offsets):
        photo = _noise_photo(tmp_path / f"p{i}.jpg", seed=i)
        import_files(store, demo_case.number, [photo], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")  # type: ignore[arg-type]
        proxy.arm("cut", marker, offset)
        sync_once(store, proxy.url)
        proxy.disarm()
    assert proxy.fired >= 8  # most offsets fell inside a request (small pushes end sooner)
    assert _outbox(store) == 0
    with store.read() as s:
        shas = {sha for e in s.scalars(select(Evidence))
                for sha in (e.sha256, e.thumb_sha256, e.print_sha256) if sha}
        assert s.scalar(select(func.count()).select_from(BlobReceipt)
                        .where(BlobReceipt.received_at.is_(None))) == 0
        rows = s.scalar(select(func.count()).select_from(Evidence))
    assert hq.count("hq_record", "entity = 'evidence'") == rows
    assert hq.count("hq_blob") == len(shas)
    for sha in shas:
        data = (hq.data / "blobs" / sha[:2] / sha[2:]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha
    # every change applied once: one feed entry per receipt (a second apply would add one)
    assert hq.count("hq_feed") == hq.count("hq_receipt")
    rc, _, _ = hq.cli("verify")
    assert rc == 0


def test_a_byte_flipped_in_transit_is_refused_and_the_next_run_repairs_it(
        hq: HQServer, proxy: FaultProxy, store: StationStore, demo_case: Case,
        worker: object, tmp_path: Path) -> None:
    enrolled(store, hq)
    sync_once(store)
    photo = _noise_photo(tmp_path / "flip.jpg", seed=99)
    [item] = import_files(store, demo_case.number, [photo], actor=LEAD_BADGE, worker=worker, reason="已核实，属本案证据")  # type: ignore[arg-type]
    with store.read() as s:
        sha = s.get(Evidence, item).sha256  # type: ignore[union-attr]
    proxy.arm("flip", b"PATCH /", 5000)
    report = sync_once(store, proxy.url)
    assert proxy.fired == 1
    assert report.blob_failures == 1 and any("哈希" in a for a in report.alarms)
    with store.read() as s:
        assert s.get(BlobReceipt, sha) is None or s.get(BlobReceipt, sha).received_at is None  # type: ignore[union-attr]
    assert hq.count("hq_alarm", "kind = 'blob_hash'") == 1
    assert not (hq.data / "blobs" / sha[:2] / sha[2:]).exists() or \
        hashlib.sha256((hq.data / "blobs" / sha[:2] / sha[2:]).read_bytes()).hexdigest() == sha
    repaired = sync_once(store, proxy.url)
    assert repaired.blob_failures == 0
    with store.read() as s:
        assert s.get(BlobReceipt, sha).received_at is not None  # type: ignore[union-attr]
    assert hashlib.sha256((hq.data / "blobs" / sha[:2] / sha[2:]).read_bytes()).hexdigest() == sha


def test_a_revoked_device_is_refused_everything_and_keeps_its_data(
        hq: HQServer, store: StationStore, demo_case: Case, run_cli: object) -> None:
    enrolled(store, hq)
    before = _outbox(store)
    rc, out, _ = hq.cli("revoke", store.device_id)
    assert rc == 0 and "已撤销" in out
    with pytest.raises(Revoked, match="撤销") as caught:
        sync_once(store)
    assert caught.value.exit_code == 3
    http = fast_client(hq.url, _token(store))
    for call in (lambda: http.pull(0), lambda: http.have(["0" * 64]),
                 lambda: http.start_upload("0" * 64, 1), http.conflicts):
        with pytest.raises(Revoked, match="指挥中心"):
            call()
    assert _outbox(store) == before  # nothing acknowledged, nothing lost
    result = run_cli("--data-dir", str(store.data_dir), "sync", "run")  # type: ignore[operator]
    assert result.code == 3 and "撤销" in result.err
    assert hq.count("hq_record") == 0


@pytest.mark.slow
def test_hq_killed_mid_batch_shows_no_half_batch_and_applies_exactly_once(
        hq: HQServer, store: StationStore) -> None:
    with store.session() as s:
        for i in range(40):
            data = dict(DEMO_CASE_INPUT)
            data["address"] = f"上海市黄浦区南京东路{i + 1}号门前"
            service.create_case(store, s, data, LEAD_BADGE)
    enrolled(store, hq)
    with store.read() as s:
        total = len(changes.pending(s, limit=100_000))
    batch = 25
    for delay in (0.1, 0.2, 0.3, 0.45, 0.6):
        worker = threading.Thread(target=_sync_quietly, args=(store, batch))
        worker.start()
        time.sleep(delay)
        hq.kill()
        worker.join(60)
        held = hq.count("hq_receipt")
        print("killed after", delay, "s with", held, "of", total, "changes held")
        assert held % batch == 0 or held == total, f"half a batch visible: {held}"
        assert hq.count("hq_record") == held
        hq.start()
    sync_once(store)
    assert hq.count("hq_receipt") == total
    assert hq.count("hq_record") == total == hq.count("hq_feed")
    assert _outbox(store) == 0


def _sync_quietly(store: StationStore, batch: int) -> None:
    try:
        cfg = sync_station.config(store)
        http = fast_client(cfg.url, cfg.token)
        http.retries = 0
        sync_station.run(store, http=http, batch=batch)
    except Exception:  # the server is being killed under it
        pass
