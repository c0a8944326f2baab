"""The change log: a clock that survives restarts, the outbox sync reads, and the change guard."""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp import audit, changes, clock
from gridapp.caselog import service
from gridapp.changes import ChangeGuardError
from gridapp.errors import ValidationError
from gridapp.evidence.capture import import_files
from gridapp.hlc import HybridLogicalClock, parse
from gridapp.models import AuditEvent, Case, Evidence, OutboxEntry, Party, Station
from gridapp.setup import add_officer
from gridapp.store import StationStore, open_store
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, event_after, station_sql

PHOTOS = Path(__file__).resolve().parents[1] / "data" / "photos"


def _stamps(store: StationStore) -> list[str]:
    with store.read() as s:
        return sorted(s.scalars(select(Case.hlc)))


def test_stamps_keep_rising_after_the_wall_clock_moves_back(
    data_dir: Path, store: StationStore, caplog: pytest.LogCaptureFixture
) -> None:
    with store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    issued = _stamps(store)[-1]
    store.close()
    start = clock.now()
    clock.start_at(start - timedelta(days=3))  # the laptop's clock is set back three days
    try:
        with caplog.at_level(logging.WARNING, logger="gridapp.store"):
            reopened = open_store(data_dir)
        assert any("behind" in r.getMessage() for r in caplog.records)
        try:
            with reopened.session() as s:
                case = service.create_case(reopened, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
            with reopened.read() as s:
                row = s.get(Case, case.id)
                assert row is not None
                new_stamp = row.hlc
                skew = changes.clock_skew(s)
                last = changes.last_stamp(s)
        finally:
            reopened.close()
    finally:
        clock.start_at(start)
    assert new_stamp > issued and parse(new_stamp) > parse(issued)
    assert last >= new_stamp and last >= max(_stamps_in(data_dir))
    assert skew is not None and skew["behind_ms"] > 2 * 24 * 3600 * 1000
    assert skew["last_stamp"] >= new_stamp


def _stamps_in(data_dir: Path) -> list[str]:
    st = open_store(data_dir)
    try:
        return _stamps(st)
    finally:
        st.close()


def test_a_clock_seeded_from_storage_never_goes_below_the_seed() -> None:
    wall = [1_000_000]
    hlc = HybridLogicalClock("dev", wall_ms=lambda: wall[0])
    assert hlc.seed(["0000002000000-00007-other", ""]) == 1_000_000
    assert hlc.skewed
    first = hlc.now()
    assert parse(first) == (2_000_000, 8)
    wall[0] = 3_000_000
    assert parse(hlc.now()) == (3_000_000, 0) and not hlc.skewed


def test_a_stamp_received_from_elsewhere_is_never_undercut_even_after_restart(
    data_dir: Path, store: StationStore
) -> None:
    far = f"{clock.now_ms() + 3_600_000:013d}-00004-otherdevice000000"
    with store.session() as s:
        store.observe(s, far)
    store.close()
    reopened = open_store(data_dir)
    try:
        assert reopened.clock.now() > far
    finally:
        reopened.close()


def test_an_unreadable_stored_stamp_does_not_stop_the_station(
    data_dir: Path, store: StationStore
) -> None:
    store.close()
    con = station_sql(data_dir / "station.sqlite")
    con.execute("UPDATE meta SET value = 'garbage' WHERE key = 'hlc_last'")
    con.commit()
    con.close()
    reopened = open_store(data_dir)
    try:
        with reopened.session() as s:
            case = service.create_case(reopened, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        with reopened.read() as s:
            assert changes.last_stamp(s) >= case.hlc  # the stored stamp is readable again
    finally:
        reopened.close()


def test_every_row_names_its_origin_device_append_only_included(
    store: StationStore, demo_case: Case
) -> None:
    ids = import_files(store, demo_case.number, [PHOTOS / "jpg_orientation_landscape_1.jpg"], actor=LEAD_BADGE, reason="已核实，属本案证据")
    with store.read() as s:
        row = s.get(Evidence, ids[0])
        assert row is not None and row.origin_device == store.device_id
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == row.id)).one()
        assert (entry.op, entry.base_revision, entry.fields) == ("append", 0, "*")
        assert entry.hlc == row.hlc


def test_direct_edit_of_a_case_fails_the_flush_and_writes_nothing(
    store: StationStore, demo_case: Case
) -> None:
    with pytest.raises(ChangeGuardError, match=r"store\.record"), store.session() as s:
        case = s.get(Case, demo_case.id)
        assert case is not None
        case.facts = "改过的事实"
    with pytest.raises(ChangeGuardError), store.session() as s:
        s.add(Party(kind="person", name="未记录的当事人"))
    with pytest.raises(ChangeGuardError, match="tombstone"), store.session() as s:
        case = s.get(Case, demo_case.id)
        s.delete(case)
    with store.read() as s:
        row = s.get(Case, demo_case.id)
        assert row is not None and row.facts == DEMO_CASE_INPUT["facts"]
        assert s.scalars(select(Party).where(Party.name == "未记录的当事人")).first() is None


def test_an_explicit_unrecorded_write_is_allowed(store: StationStore, demo_case: Case) -> None:
    with store.session() as s, changes.unrecorded(s, "repair: restore a row from a backup"):
        case = s.get(Case, demo_case.id)
        assert case is not None
        case.facts = "从备份恢复"
    with pytest.raises(ValueError), store.session() as s, changes.unrecorded(s, ""):
        pass


def test_recorded_edit_after_an_unrecorded_one_in_the_same_flush_is_refused(
    store: StationStore, demo_case: Case
) -> None:
    # Recording one row does not launder an unrecorded edit of another.
    with pytest.raises(ChangeGuardError), store.session() as s:
        party = s.get(Party, demo_case.party_id)
        assert party is not None
        party.phone = "13900000000"
        case = s.get(Case, demo_case.id)
        assert case is not None
        service.transition(store, s, case, "verified", LEAD_BADGE)


def test_credentials_never_enter_the_audit_chain_or_the_outbox(store: StationStore) -> None:
    with store.session() as s:
        station = s.scalars(select(Station)).one()
        officer = add_officer(store, s, station, "赵六", "31010009", password="correct horse 9",
                              actor=LEAD_BADGE)
        secret = officer.password_hash
        officer.password_hash = "changed-hash-value-xyz"
        store.record(s, officer, op="update", actor=LEAD_BADGE, action="officer.password")
    assert secret
    with store.read() as s:
        events = s.scalars(select(AuditEvent)).all()
        text = " ".join(e.before_json + e.after_json for e in events)
        pending = changes.pending(s)
    assert secret not in text and "changed-hash-value-xyz" not in text
    assert any("password_hash" in e.after_json for e in events if e.action == "officer.password")
    shipped = json.dumps([c.values for c in pending], ensure_ascii=False, default=str)
    assert secret not in shipped and "changed-hash-value-xyz" not in shipped
    assert "password_hash" not in shipped
    assert any(c.entity == "officer" for c in pending)


def test_audit_event_holds_the_changed_fields_not_the_row(
    store: StationStore, demo_case: Case
) -> None:
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
    with store.read() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "case.transition.verified")
                       ).one()
        assert (ev.entity, ev.entity_id, ev.v) == ("case", demo_case.id, 2)
        assert json.loads(ev.before_json) == {"status": "discovered"}
        assert event_after(ev) == {"status": "verified"}
        assert audit.verify(s).ok


def test_outbox_compacts_until_sent_and_acknowledged_entries_are_pruned(
    store: StationStore, demo_case: Case
) -> None:
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.edit_case(store, s, case, {"address": "上海市黄浦区福州路1号"}, LEAD_BADGE)
    with store.read() as s:
        pending = [c for c in changes.pending(s) if c.entity_id == demo_case.id]
    assert len(pending) == 1 and pending[0].whole_row and pending[0].revision == 2
    assert pending[0].values["address"] == "上海市黄浦区福州路1号"  # the latest values
    with store.session() as s:
        changes.mark_sent(s, [c.change_id for c in changes.pending(s)])
        case = service.find_case(s, demo_case.id)
        service.edit_case(store, s, case, {"facts": "第二次修改"}, LEAD_BADGE)
        service.transition(store, s, case, "verified", LEAD_BADGE)
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.edit_case(store, s, case, {"address": "上海市黄浦区福州路2号"}, LEAD_BADGE)
    with store.read() as s:
        mine = [c for c in changes.pending(s) if c.entity_id == demo_case.id]
    assert [(c.op, c.base_revision, c.revision) for c in mine] == [
        ("insert", 0, 2), ("update", 2, 5)]
    update = mine[1]
    assert set(update.fields) == {"facts", "status", "address"}
    assert update.values["address"] == "上海市黄浦区福州路2号" and update.values["revision"] == 5
    assert "number" not in update.values  # unchanged fields are not shipped again
    with store.session() as s:
        assert changes.acknowledge(s, [mine[0].change_id]) == 1
        assert changes.prune(s) == 1
        assert changes.prune(s) == 0
    with store.read() as s:
        left = [c.change_id for c in changes.pending(s) if c.entity_id == demo_case.id]
    assert left == [update.change_id]
    # Change ids are never handed out again, even after pruning the newest entries.
    with store.session() as s:
        changes.acknowledge(s, [c.change_id for c in changes.pending(s, limit=10_000)])
        changes.prune(s)
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "dismissed", LEAD_BADGE)
    with store.read() as s:
        newest = changes.pending(s)
    assert [c.change_id for c in newest] and min(c.change_id for c in newest) > update.change_id


def test_audit_events_are_shipped_from_the_chain_after_the_last_acknowledged(
    store: StationStore, demo_case: Case
) -> None:
    with store.read() as s:
        everything = changes.pending_audit(s)
    assert [e.seq for e in everything] == list(range(1, len(everything) + 1))
    with store.session() as s:
        changes.acknowledge_audit(s, everything[-2].seq)
        changes.acknowledge_audit(s, 1)  # never moves back
    with store.read() as s:
        assert [e.seq for e in changes.pending_audit(s)] == [everything[-1].seq]
        assert audit.verify(s).ok
    for wrong in (everything[-1].seq + 1, -1):
        with pytest.raises(ValidationError, match="审计记录确认序号"), store.session() as s:
            changes.acknowledge_audit(s, wrong)
    with store.read() as s:
        assert [e.seq for e in changes.pending_audit(s)] == [everything[-1].seq]


def test_acknowledging_unknown_change_ids_changes_nothing(
    store: StationStore, demo_case: Case
) -> None:
    with store.read() as s:
        before = [(c.change_id, c.revision) for c in changes.pending(s)]
    with store.session() as s:
        assert changes.acknowledge(s, [10_000_000, -3]) == 0
        assert changes.acknowledge(s, []) == 0 and changes.mark_sent(s, []) == 0
        assert changes.prune(s) == 0
    with store.read() as s:
        assert [(c.change_id, c.revision) for c in changes.pending(s)] == before


def test_unknown_op_is_refused(store: StationStore, demo_case: Case) -> None:
    with pytest.raises(ValueError), store.session() as s:
        case = service.find_case(s, demo_case.id)
        store.record(s, case, op="upsert", actor=LEAD_BADGE, action="case.edit")
