"""What one station's device may do at HQ: only its own station's rows, no grid another
station serves, no row with values a station could not take; a refused change stays refused;
one enrolment code enrols one device, however many ask at once."""

from __future__ import annotations

import json
import threading
from typing import Any

import requests

from gridapp.models import Case
from gridapp.store import StationStore
from tests.sync.conftest import HQServer, enrolled, sync_once


def _device(hq: HQServer, device: str, station: str) -> dict[str, str]:
    answer = requests.post(f"{hq.url}/api/v1/enrol", timeout=10,
                           json={"code": hq.code(station), "device_id": device})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _push(hq: HQServer, headers: dict[str, str], change_id: int, entity: str, entity_id: str,
          values: dict[str, Any], *, base: int = 0, revision: int = 1,
          op: str = "update") -> dict[str, Any]:
    body = {"changes": [{"change_id": change_id, "entity": entity, "entity_id": entity_id,
                         "op": op, "base_revision": base, "revision": revision, "hlc": "",
                         "fields": sorted(values), "whole_row": op == "insert",
                         "values": values}]}
    answer = requests.post(f"{hq.url}/api/v1/push", timeout=10, data=json.dumps(body),
                           headers=headers | {"Content-Type": "application/json"})
    answer.raise_for_status()
    return dict(answer.json()["results"][0])


def _hq_facts(hq: HQServer, case_id: str) -> str:
    rc, out, _ = hq.cli("cases", "--json")
    assert rc == 0
    return next(c for c in json.loads(out) if c["id"] == case_id)["revision"]  # type: ignore[no-any-return]


def test_a_device_cannot_change_another_stations_rows_or_claim_its_grid(
        hq: HQServer, store: StationStore, demo_case: Case) -> None:
    enrolled(store, hq, station="南京东路中队")
    sync_once(store)
    revision = _hq_facts(hq, demo_case.id)
    other = _device(hq, "laptop-bund", "外滩中队")
    result = _push(hq, other, 1, "case", demo_case.id, {"facts": "外滩改写"},
                   base=1_000_000, revision=1_000_001)
    assert result["status"] == "refused" and "南京东路中队" in result["reason"]
    tomb = _push(hq, other, 2, "case", demo_case.id, {"deleted": True}, op="tombstone",
                 base=1_000_001, revision=1_000_002)
    assert tomb["status"] == "refused"
    assert _hq_facts(hq, demo_case.id) == revision
    # claiming 南京东路's grid code neither takes its dispatches nor shows its cases
    claim = _push(hq, other, 3, "grid", "1b6f1a0e-0000-4000-8000-000000000001",
                  {"code": "G0101", "name": "冒领", "station_id": "x", "deleted": False},
                  op="insert")
    assert claim["status"] == "refused" and "G0101" in claim["reason"]
    pulled = requests.get(f"{hq.url}/api/v1/pull", headers=other, timeout=10).json()
    assert [c for c in pulled["changes"] if c["entity"] in ("case", "party")] == []
    # and 南京东路 still receives nothing strange
    assert sync_once(store).pulled == 0


def test_values_a_station_could_not_take_are_refused_and_stay_refused(hq: HQServer) -> None:
    dev = _device(hq, "laptop-1", "南京东路中队")
    bad = [
        ("case", {"number": "X-1", "opened_at": "not-a-date"}),
        ("case", {"number": "X-2", "lat": float("nan")}),
        ("case", {"number": 10**300}),
        ("case", {"no_such_column": "x"}),
        ("template", {"name": "x"}),
    ]
    for n, (entity, values) in enumerate(bad, start=10):
        first = _push(hq, dev, n, entity, f"00000000-0000-4000-8000-{n:012d}", values,
                      op="insert")
        again = _push(hq, dev, n, entity, f"00000000-0000-4000-8000-{n:012d}", values,
                      op="insert")
        assert (first["status"], again["status"]) == ("refused", "refused"), values
    assert hq.count("hq_record") == 0 and hq.count("hq_receipt") == 0


def test_one_enrolment_code_enrols_one_device(hq: HQServer) -> None:
    code = hq.code("南京东路中队")
    answers: list[int] = []

    def enrol(i: int) -> None:
        answers.append(requests.post(f"{hq.url}/api/v1/enrol", timeout=30,
                                     json={"code": code, "device_id": f"race-{i}"}).status_code)

    threads = [threading.Thread(target=enrol, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [200, 403, 403, 403, 403, 403]
    rc, out, _ = hq.cli("devices", "--json")
    assert rc == 0 and len(json.loads(out)) == 1


def test_a_revision_beyond_32_bits_is_kept(hq: HQServer) -> None:
    dev = _device(hq, "laptop-1", "南京东路中队")
    result = _push(hq, dev, 1, "grid", "00000000-0000-4000-8000-000000000099",
                   {"code": "G7", "name": "七", "station_id": "s", "deleted": False},
                   op="insert", revision=2**31 + 5)
    assert result["status"] == "applied" and result["revision"] == 2**31 + 5


def test_an_edit_to_a_row_another_laptop_removed_is_kept_as_a_conflict(hq: HQServer) -> None:
    first = _device(hq, "laptop-1", "南京东路中队")
    second = _device(hq, "laptop-2", "南京东路中队")
    row = "00000000-0000-4000-8000-000000000123"
    grid = {"code": "G9", "name": "九", "station_id": "s", "deleted": False}
    assert _push(hq, first, 1, "grid", row, grid, op="insert")["status"] == "applied"
    gone = _push(hq, first, 2, "grid", row, {"deleted": True}, op="tombstone", base=1,
                 revision=2)
    assert gone["status"] == "applied"
    late = _push(hq, second, 1, "grid", row, {"name": "九（改名）"}, base=1, revision=2)
    assert late["status"] == "conflict" and late["conflicts"] == ["deleted"]
    rc, out, _ = hq.cli("conflicts", "--json")
    assert rc == 0
    [conflict] = json.loads(out)
    assert conflict["incoming_value"] == {"name": "九（改名）"} and conflict["kept"] == "hq"
