"""Two laptops of one station edit the same rows offline: every edit reaches HQ, conflicts are
recorded on both sides with both values, all three end in the same state, and a device whose
clock is hours or years off gets the same outcome."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

import pytest

from gridapp import audit, clock
from gridapp.caselog import service
from gridapp.models import Case, Party
from gridapp.models.base import Base
from gridapp.store import StationStore
from sync import station as sync_station
from tests.conftest import LEAD_BADGE
from tests.sync.conftest import HQServer, enrolled, sync_once

BASE = datetime.fromisoformat(os.environ["GRIDAPP_NOW"])


def _laptops(hq: HQServer, a: StationStore, b: StationStore) -> None:
    enrolled(a, hq)
    sync_once(a)
    enrolled(b, hq)
    sync_once(b)


def _edit_case(st: StationStore, case_id: str, **values: object) -> None:
    with st.session() as s:
        case = s.get(Case, case_id)
        assert case is not None
        service.edit_case(st, s, case, dict(values), LEAD_BADGE)


def _get(st: StationStore, cls: type[Base], row_id: str, name: str) -> object:
    with st.read() as s:
        return getattr(s.get(cls, row_id), name)


def _hq_value(hq: HQServer, entity: str, row_id: str, name: str) -> object:
    from sqlalchemy import text

    from sync.hq.database import create_hq_engine, database_url

    engine = create_hq_engine(database_url(hq.data, hq.db_url))
    try:
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT \"values\" FROM hq_record WHERE entity = :e AND "
                                    "entity_id = :i"), {"e": entity, "i": row_id}).scalar_one()
    finally:
        engine.dispose()
    values = json.loads(raw) if isinstance(raw, str) else raw
    return values[name]


@pytest.mark.parametrize("owner_first", [True, False])
def test_the_case_owner_wins_on_facts_and_the_conflict_is_kept_everywhere(
        hq: HQServer, store: StationStore, demo_case: Case, second_device: StationStore,
        owner_first: bool, run_cli: object) -> None:
    _laptops(hq, store, second_device)
    _edit_case(store, demo_case.id, facts="甲：当事人占道约3平方米")
    _edit_case(second_device, demo_case.id, facts="乙：当事人占道约5平方米")
    order = [store, second_device] if owner_first else [second_device, store]
    reports = [sync_once(st) for st in order]
    assert sum(r.conflicts for r in reports) == 1
    for st in order:  # each receives what the other sent
        sync_once(st)
    final = "甲：当事人占道约3平方米"
    assert _get(store, Case, demo_case.id, "facts") == final
    assert _get(second_device, Case, demo_case.id, "facts") == final
    assert _hq_value(hq, "case", demo_case.id, "facts") == final
    assert _get(store, Case, demo_case.id, "revision") == \
        _get(second_device, Case, demo_case.id, "revision")
    for st in (store, second_device):
        [c] = sync_station.conflict_rows(st)
        assert (c["field"], c["rule"]) == ("facts", "owner")
        assert {c["hq_value"], c["incoming_value"]} == {final, "乙：当事人占道约5平方米"}
    result = run_cli("--data-dir", str(second_device.data_dir), "sync", "conflicts", "--json")  # type: ignore[operator]
    assert result.code == 0 and "乙：当事人占道约5平方米" in result.out
    # history kept: the second laptop's own audit trail still holds its edit
    with second_device.read() as s:
        edits = [e for e in audit.events_for_case(s, demo_case.id) if e.action == "case.edit"]
        assert any("乙：" in e.after_json for e in edits)


def test_an_open_conflict_is_resolved_by_a_lead_and_both_laptops_follow(
        hq: HQServer, store: StationStore, demo_case: Case, second_device: StationStore,
        run_cli: object) -> None:
    _laptops(hq, store, second_device)
    party_id = demo_case.party_id
    assert party_id is not None
    for st, phone in ((store, "13900000001"), (second_device, "13900000002")):
        with st.session() as s:
            party = s.get(Party, party_id)
            assert party is not None
            party.phone = phone
            st.record(s, party, op="update", actor=LEAD_BADGE, action="party.edit")
    sync_once(store)
    assert sync_once(second_device).conflicts == 1
    [c] = sync_station.conflict_rows(second_device)
    assert (c["rule"], c["kept"], c["resolved_at"]) == ("open", "hq", None)
    assert _hq_value(hq, "party", party_id, "phone") == "13900000001"
    result = run_cli("--data-dir", str(store.data_dir), "sync", "resolve", str(c["id"]),  # type: ignore[operator]
                     "--keep", "incoming")
    assert result.code == 0, result.err
    for st in (store, second_device):
        sync_once(st)
    assert _hq_value(hq, "party", party_id, "phone") == "13900000002"
    assert _get(store, Party, party_id, "phone") == "13900000002"
    assert _get(second_device, Party, party_id, "phone") == "13900000002"
    for st in (store, second_device):
        [c] = sync_station.conflict_rows(st)
        assert c["resolution"] == "incoming" and c["resolved_at"]
    again = run_cli("--data-dir", str(store.data_dir), "sync", "resolve", str(c["id"]),  # type: ignore[operator]
                    "--keep", "hq")
    assert again.code == 3 and "已于" in again.err


@pytest.mark.parametrize("skew", [timedelta(0), timedelta(hours=1), timedelta(days=1),
                                  timedelta(days=365 * 20 + 5)],
                         ids=["none", "1h", "1d", "20y"])
def test_a_device_clock_that_is_off_changes_nothing_but_is_recorded(
        hq: HQServer, store: StationStore, demo_case: Case, second_device: StationStore,
        skew: timedelta) -> None:
    _laptops(hq, store, second_device)
    # the second laptop's clock is off; it edits after the owner and syncs first
    clock.start_at(BASE + timedelta(minutes=1))
    _edit_case(store, demo_case.id, facts="甲：事实")
    clock.start_at(BASE + timedelta(minutes=2) + skew)
    _edit_case(second_device, demo_case.id, facts="乙：事实", address="上海市黄浦区九江路1号")
    sync_once(second_device)
    clock.start_at(BASE + timedelta(minutes=3))
    sync_once(store)
    clock.start_at(BASE + timedelta(minutes=4) + skew)
    sync_once(second_device)
    for st in (store, second_device):
        assert _get(st, Case, demo_case.id, "facts") == "甲：事实"
        assert _get(st, Case, demo_case.id, "address") == "上海市黄浦区九江路1号"
        assert [c["rule"] for c in sync_station.conflict_rows(st)] == ["owner"] or st is store
    rc, out, _ = hq.cli("devices", "--json")
    assert rc == 0
    skews = {d["device_id"]: d["clock_skew_ms"] for d in json.loads(out)}
    # each device's skew as of its last push: the second laptop at minute 2 (+ skew), the
    # owner at minute 3 of the suite's clock
    recorded = skews[second_device.device_id] - skews[store.device_id]
    assert abs(recorded - (skew - timedelta(minutes=1)).total_seconds() * 1000) < 30_000
