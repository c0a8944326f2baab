"""HQ's signed audit anchors: kept at sync, and a chain rewritten or cut below one is reported by
``gridapp verify`` even when the station's chain key was used to reseal it."""

from __future__ import annotations

import json
import sqlite3

from gridapp import anchors, audit
from gridapp.caselog import service
from gridapp.integrity.station import verify_station
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, station_sql
from tests.integrity.test_verify_station import _rehash_from
from tests.sync.conftest import HQServer, enrolled, sync_once


def _synced(store: StationStore, hq: HQServer) -> dict[str, object]:
    with store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    enrolled(store, hq)
    report = sync_once(store)
    assert not report.alarms, report.alarms
    con = station_sql(store.db_path)
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (anchors.ANCHOR_KEY,)).fetchone()
    finally:
        con.close()
    assert row is not None, "HQ's anchor is kept after a sync"
    anchor: dict[str, object] = json.loads(row[0])
    return anchor


def _reseal(store: StationStore, con: sqlite3.Connection) -> None:
    """What someone holding the whole data directory (the chain key too) can do."""
    seq, digest = con.execute("SELECT value FROM meta WHERE key = 'audit_head'"
                              ).fetchone()[0].split(":", 1)
    assert store.chain_key is not None
    value = f"{seq}:{audit.seal(store.chain_key, int(seq), digest)}"
    con.execute("UPDATE meta SET value = ? WHERE key = 'audit_seal'", (value,))


def test_a_synced_station_verifies_clean_with_hqs_anchor(hq: HQServer, store: StationStore) -> None:
    anchor = _synced(store, hq)
    assert anchor["device"] == store.device_id and int(str(anchor["seq"])) > 1
    report = verify_station(store)
    assert report.ok, [f.describe() for f in report.findings]


def test_a_chain_rewritten_below_the_anchor_and_resealed_is_reported(
        hq: HQServer, store: StationStore) -> None:
    _synced(store, hq)
    con = station_sql(store.db_path, isolation_level=None)
    try:
        seq, after = con.execute("SELECT seq, after_json FROM audit_event WHERE action = "
                                 "'party.create' ORDER BY seq LIMIT 1").fetchone()
        forged = json.loads(after) | {"name": "李四"}
        con.execute("UPDATE audit_event SET after_json = ? WHERE seq = ?",
                    (audit.canonical_json(forged), seq))
        _rehash_from(con, seq)
        _reseal(store, con)
    finally:
        con.close()
    found = [f.describe() for f in verify_station(store).findings]
    assert any("同步之后审计链被改写" in f for f in found), found
    assert not any("签章" in f for f in found), "the seal was forged with the key"


def test_a_chain_cut_below_the_anchor_and_resealed_is_reported(
        hq: HQServer, store: StationStore) -> None:
    anchor = _synced(store, hq)
    keep = int(str(anchor["seq"])) - 2
    con = station_sql(store.db_path, isolation_level=None)
    try:
        con.execute("DELETE FROM audit_event WHERE seq > ?", (keep,))
        head = con.execute("SELECT hash FROM audit_event WHERE seq = ?", (keep,)).fetchone()[0]
        con.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (f"{keep}:{head}",))
        _reseal(store, con)
    finally:
        con.close()
    found = [f.describe() for f in verify_station(store).findings]
    assert any("截断" in f and "指挥中心" in f for f in found), found


def test_a_forged_anchor_does_not_verify(hq: HQServer, store: StationStore) -> None:
    anchor = _synced(store, hq)
    forged = dict(anchor, seq=1)
    con = station_sql(store.db_path, isolation_level=None)
    try:
        con.execute("UPDATE meta SET value = ? WHERE key = ?",
                    (json.dumps(forged), anchors.ANCHOR_KEY))
    finally:
        con.close()
    found = [f.describe() for f in verify_station(store).findings]
    assert any("签名不成立" in f for f in found), found
