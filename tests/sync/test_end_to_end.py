"""Two stations and HQ, end to end: cases with photos and documents reach HQ from both, a
12345 ticket dispatched to one station's grid reaches the right officer's 今日待办 there only,
and a pack HQ publishes is applied by both."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from gridapp.caselog import service
from gridapp.documents.service import issue_document
from gridapp.evidence.capture import import_files
from gridapp.integrity.station import verify_station
from gridapp.models import Case, Document, Evidence, Officer
from gridapp.paths import resources_dir
from gridapp.setup import init_station
from gridapp.store import StationStore, open_store
from gridapp.workbench.today import todays_work
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    TEST_PASSWORD,
    add_grid,
    fresh_database,
    station_sql,
)
from tests.sync.conftest import HQServer, enrolled, sync_once

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


def _bund_station(data: Path, template: Path) -> StationStore:
    """外滩中队: segment 07, grid G0201."""
    fresh_database(template, data)
    st = open_store(data)
    init_station(st, name="外滩中队", pack_code="shanghai", officer_name="周海", badge="31020001",
                 grids=[("G0201", "外滩第1网格")], segment=7, password=TEST_PASSWORD)
    return st


def _case_with_evidence(st: StationStore, badge: str, grid: str, photo: str,
                        worker: object) -> Case:
    data = dict(DEMO_CASE_INPUT) | {"grid": grid, "officers": [badge]}
    with st.session() as s:
        case = service.create_case(st, s, data, badge)
    import_files(st, case.number, [PHOTOS / photo], actor=badge, worker=worker, reason="已核实，属本案证据")  # type: ignore[arg-type]
    with st.session() as s:
        issue_document(st, s, case.number, "case_source_register", [], badge)
    return case


def test_two_stations_sync_through_hq_with_a_dispatch_and_a_pack(
        hq: HQServer, store: StationStore, worker: object, tmp_path: Path,
        schema_template: Path) -> None:
    bund = _bund_station(tmp_path / "bund", schema_template)
    try:
        nanjing_case = _case_with_evidence(store, LEAD_BADGE, "G0101", "jpg_gps_DSCN0010.jpg",
                                           worker)
        bund_case = _case_with_evidence(bund, "31020001", "G0201", "jpg_Canon_40D.jpg", worker)
        enrolled(store, hq, station="南京东路中队")
        enrolled(bund, hq, station="外滩中队")
        for st in (store, bund):
            report = sync_once(st)
            assert report.refused == 0 and report.blob_failures == 0
        rc, out, _ = hq.cli("cases", "--json")
        held = {(c["number"], c["station"]) for c in json.loads(out)}
        assert held == {(nanjing_case.number, "南京东路中队"), (bund_case.number, "外滩中队")}
        assert hq.cli("verify")[0] == 0

        # a ticket for 外滩 grid G0201 reaches 外滩's lead only
        order = tmp_path / "order.json"
        order.write_text(json.dumps({"ticket": "E2E-1", "violation": "street-vending",
                                     "address": "中山东一路1号", "facts": "市民来电反映占道经营。"},
                                    ensure_ascii=False), encoding="utf-8")
        rc, out, err = hq.cli("dispatch", "--grid", "G0201", "--json", str(order))
        assert rc == 0, err
        made = json.loads(out)
        # a pack update for both
        pack = (resources_dir() / "packs" / "shanghai.toml").read_text(encoding="utf-8")
        newer = tmp_path / "shanghai.toml"
        newer.write_text(pack.replace('version = "2026.1"', 'version = "2026.3"', 1),
                         encoding="utf-8")
        assert hq.cli("publish-pack", str(newer))[0] == 0
        reports = {st.data_dir.name: sync_once(st) for st in (store, bund)}
        assert all(r.pack_version == "2026.3" for r in reports.values())
        assert store.pack.version == bund.pack.version == "2026.3"
        with bund.read() as s:
            lead = s.scalars(select(Officer).where(Officer.badge_no == "31020001")).one()
            assert s.get(Case, made["case_id"]) is not None
            # each station holds only its own rows: no case, photo or document of the other
            assert {c.number for c in s.scalars(select(Case))} == {bund_case.number,
                                                                   made["number"]}
            assert len(s.scalars(select(Evidence)).all()) == 1
            assert len(s.scalars(select(Document)).all()) == 1
        assert any(w.case_id == made["case_id"] for w in todays_work(bund, lead.id))
        with store.read() as s:
            assert s.get(Case, made["case_id"]) is None
            assert {c.number for c in s.scalars(select(Case))} == {nanjing_case.number}
    finally:
        bund.close()


def test_a_station_receives_its_grids_history_from_other_stations(
        hq: HQServer, store: StationStore, tmp_path: Path, schema_template: Path) -> None:
    """南京东路 recorded a case in 外滩's grid G0201: 外滩 receives it with its party, and the
    party's earlier case counts in 外滩's first-offence check; 南京东路's own grid stays its own."""
    from gridapp.caselog.query import earlier_cases
    from gridapp.models import Party

    bund = _bund_station(tmp_path / "bund", schema_template)
    try:
        add_grid(store, "G0201", "外滩第1网格")  # served by 南京东路 until it was handed over
        with store.session() as s:
            in_bund_grid = service.create_case(
                store, s, dict(DEMO_CASE_INPUT) | {"grid": "G0201"}, LEAD_BADGE)
            at_home = service.create_case(
                store, s, dict(DEMO_CASE_INPUT) | {"address": "南京东路9号"}, LEAD_BADGE)
            service.transition(store, s, in_bund_grid, "verified", LEAD_BADGE)  # established
        enrolled(store, hq, station="南京东路中队")
        enrolled(bund, hq, station="外滩中队")
        sync_once(bund)  # HQ learns 外滩's grids
        sync_once(store)
        sync_once(bund)
        with bund.read() as s:
            numbers = {c.number for c in s.scalars(select(Case))}
            assert in_bund_grid.number in numbers and at_home.number not in numbers
            party = s.scalars(select(Party)).one()
            assert party.name == DEMO_CASE_INPUT["party"]["name"]  # type: ignore[index]
            assert [p.number for p in earlier_cases(s, party)] == [in_bund_grid.number]
        # Rows received from HQ are pinned by the chain like the station's own: both verify
        # clean, and a received row edited behind the program is reported.
        for station in (store, bund):
            report = verify_station(station)
            assert report.ok, [f.describe() for f in report.findings]
        con = station_sql(bund.db_path, isolation_level=None)
        try:
            con.execute("UPDATE party SET name = '李四'")
        finally:
            con.close()
        found = [f.describe() for f in verify_station(bund).findings]
        assert len(found) == 1 and "李四" in found[0], found
    finally:
        bund.close()


def test_a_grid_taken_on_later_brings_its_earlier_cases(
        hq: HQServer, store: StationStore, tmp_path: Path, schema_template: Path) -> None:
    """外滩 synced before it served G0301; when it takes the grid on, the case 南京东路
    recorded there earlier arrives, though 外滩's cursor had passed it."""
    bund = _bund_station(tmp_path / "bund", schema_template)
    try:
        add_grid(store, "G0301", "九江路网格")
        with store.session() as s:
            earlier = service.create_case(store, s, dict(DEMO_CASE_INPUT) | {"grid": "G0301"},
                                          LEAD_BADGE)
        enrolled(store, hq, station="南京东路中队")
        enrolled(bund, hq, station="外滩中队")
        sync_once(store)
        sync_once(bund)
        with bund.read() as s:
            assert s.get(Case, earlier.id) is None
        # HQ moves the grid: 南京东路 removes its G0301, 外滩 adds one
        from gridapp.models import Grid

        with store.session() as s:
            grid = s.scalars(select(Grid).where(Grid.code == "G0301")).one()
            store.record(s, grid, op="tombstone", actor=LEAD_BADGE, action="grid.create")
        sync_once(store)
        add_grid(bund, "G0301", "九江路网格")
        sync_once(bund)  # pushes the grid, then pulls
        sync_once(bund)
        with bund.read() as s:
            assert s.get(Case, earlier.id) is not None
    finally:
        bund.close()
