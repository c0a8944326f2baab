"""Numbers that never collide across stations: two stations side by side, merged into one DB."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from gridapp import audit
from gridapp.caselog import service
from gridapp.errors import IntegrityError, StorageError, ValidationError
from gridapp.evidence.capture import import_files
from gridapp.evidence.service import list_items
from gridapp.models import AuditEvent, Case, Evidence, NumberPool, Officer, Station
from gridapp.setup import add_officer, init_station
from gridapp.store import StationStore, open_store
from tests.conftest import (
    DEMO_CASE_INPUT,
    LEAD_BADGE,
    OFFICER_BADGE,
    TEST_DATA_KEY,
    TEST_PASSWORD,
    event_after,
    fresh_database,
    station_sql,
)
from tests.documents.conftest import PHOTOS, evaluate, issue

PHOTO_FILES = [PHOTOS / "jpg_gps_DSCN0010.jpg", PHOTOS / "jpg_orientation_landscape_6.jpg"]
# Tables that are not station data: schema version, device-local settings, FTS (trigger-fed).
NOT_MERGED = ("alembic_version", "meta", "sqlite_sequence")


def _station(root: Path, name: str, segment: int, template: Path) -> StationStore:
    """A station made as a person would: same badges and grid codes as every other station
    (on a copy of the migrated ``template``)."""
    fresh_database(template, root / name)
    store = open_store(root / name)
    station = init_station(store, name=name, pack_code="shanghai", officer_name="张建国",
                           badge=LEAD_BADGE, grids=[("G0101", "南京东路第1网格")],
                           segment=segment, password=TEST_PASSWORD)
    with store.session() as s:
        row = s.get(Station, station.id)
        assert row is not None
        add_officer(store, s, row, "李明", OFFICER_BADGE, actor=LEAD_BADGE,
                    password=TEST_PASSWORD)
    return store


def _case(store: StationStore) -> Case:
    with store.session() as s:
        return service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)


def _copy_case_into(src: StationStore, dest: StationStore, case: Case) -> None:
    """What sync will do: the case (and its party) arrive at another station as the same rows."""
    src.close()
    with station_sql(dest.db_path) as con:
        con.execute("ATTACH DATABASE ? AS src", (str(src.db_path),))
        con.execute("INSERT INTO main.party SELECT * FROM src.party WHERE id = ?",
                    (case.party_id,))
        con.execute("INSERT INTO main.\"case\" SELECT * FROM src.\"case\" WHERE id = ?",
                    (case.id,))
        con.commit()
        con.execute("DETACH DATABASE src")


def _merge(target: Path, sources: list[Path]) -> dict[str, int]:
    """Insert every row of every source into ``target`` table by table; returns rows per table.

    Rows with the same id in two sources are the same record (it travelled by sync) and are
    taken once; every other unique key must not clash (a clash raises IntegrityError).
    Integer sequence keys (audit chain, outbox position) are per device and are renumbered.
    """
    con = station_sql(target, TEST_DATA_KEY)
    con.execute("PRAGMA foreign_keys=OFF")
    merged: dict[str, int] = {}
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'case_fts%'")
        if r[0] not in NOT_MERGED]
    for i, src in enumerate(sources):
        con.execute(f"ATTACH DATABASE ? AS s{i}", (str(src),))
        for table in tables:
            info = con.execute(f'PRAGMA main.table_info("{table}")').fetchall()
            cols = [r[1] for r in info if not (r[5] and r[2].upper() == "INTEGER")]
            names = ", ".join(f'"{c}"' for c in cols)
            same_record = (f"WHERE id NOT IN (SELECT id FROM main.\"{table}\")"
                           if "id" in cols and any(r[1] == "id" and r[5] for r in info) else "")
            cur = con.execute(f'INSERT INTO main."{table}" ({names}) '
                              f'SELECT {names} FROM s{i}."{table}" {same_record}')
            merged[table] = merged.get(table, 0) + cur.rowcount
        con.commit()
        con.execute(f"DETACH DATABASE s{i}")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    return merged


def test_two_stations_side_by_side_merge_without_a_unique_key_clash(
        tmp_path: Path, schema_template: Path) -> None:
    a = _station(tmp_path, "南京东路中队", 3, schema_template)
    b = _station(tmp_path, "外滩中队", 5, schema_template)
    cases_a = [_case(a) for _ in range(3)]
    cases_b = [_case(b) for _ in range(2)]
    assert [c.number for c in cases_a] == [f"沪城管案〔2026〕03-00000{n}" for n in (1, 2, 3)]
    assert [c.number for c in cases_b] == [f"沪城管案〔2026〕05-00000{n}" for n in (1, 2)]
    for store, case in ((a, cases_a[0]), (b, cases_b[0])):
        import_files(store, case.number, PHOTO_FILES, actor=LEAD_BADGE, caption="现场", reason="已核实，属本案证据")
    for store, case in ((a, cases_a[0]), (a, cases_a[1]), (b, cases_b[0])):
        evaluate(store, case)
    docs_a = [issue(a, cases_a[0], "rectification_notice"), issue(a, cases_a[1], "reminder_card")]
    docs_b = [issue(b, cases_b[0], "rectification_notice")]
    assert docs_a[0].number == "沪黄城管改字〔2026〕第03-0001号"
    assert docs_b[0].number == "沪黄城管改字〔2026〕第05-0001号"

    # Station B works on station A's case too, offline: both add evidence to the same case.
    shared = cases_a[0]
    _copy_case_into(a, b, shared)
    import_files(b, shared.number, PHOTO_FILES[:1], actor=LEAD_BADGE, caption="复查", reason="已核实，属本案证据")
    with b.read() as s:
        refs = [v.label for v in list_items(s, shared.number)]
    # B's item is numbered in B's segment and shown with it (the case belongs to A).
    assert refs == [f"{shared.number}#05-1"]
    b.close()

    hq = tmp_path / "hq.sqlite"
    shutil.copyfile(schema_template, hq)  # the migrated schema, no rows
    merged = _merge(hq, [a.db_path, b.db_path])

    assert merged["station"] == 2 and merged["officer"] == 4 and merged["grid"] == 2
    assert merged["case"] == 5 and merged["document"] == 3 and merged["evidence"] == 5
    con = station_sql(hq, TEST_DATA_KEY)
    numbers = [r[0] for r in con.execute('SELECT number FROM "case" ORDER BY number')]
    assert len(set(numbers)) == 5
    items = con.execute("SELECT item_segment, item_no FROM evidence WHERE case_id = ? "
                        "ORDER BY item_segment, item_no", (shared.id,)).fetchall()
    assert items == [(3, 1), (3, 2), (5, 1)]
    badges = con.execute("SELECT badge_no, count(*) FROM officer GROUP BY badge_no").fetchall()
    assert sorted(badges) == [(LEAD_BADGE, 2), (OFFICER_BADGE, 2)]
    holders = con.execute("SELECT DISTINCT segment, holder_device FROM number_pool").fetchall()
    assert {seg for seg, _ in holders} == {3, 5} and len({d for _, d in holders}) == 2
    con.close()


def test_numbers_are_gapless_and_an_exhausted_range_is_refused_in_chinese(store) -> None:  # type: ignore[no-untyped-def]
    numbers = []
    for _ in range(3):
        with store.session() as s:
            numbers.append(service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE).number)
    # A unit of work that fails after taking a number gives it back.
    with pytest.raises(RuntimeError), store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        raise RuntimeError("interrupted")
    with store.session() as s:
        numbers.append(service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE).number)
    assert [int(n[-6:]) for n in numbers] == [1, 2, 3, 4]
    assert all(re.fullmatch(r"沪城管案〔2026〕01-\d{6}", n) for n in numbers)

    # The range ends at 999999 ({seq:06d}); bring it to its last number.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE number_pool SET next_value = last WHERE kind = 'case'"))
    with store.session() as s:
        last = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE).number
    assert last == "沪城管案〔2026〕01-999999"
    with pytest.raises(IntegrityError) as err, store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    assert "号段 01" in err.value.message_zh and "已用完" in err.value.message_zh
    assert err.value.field == "segment"
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 5
        pools = s.scalars(select(NumberPool).where(NumberPool.kind == "case")).all()
    assert [(p.segment, p.first, p.last, p.next_value) for p in pools] == [(1, 1, 999999, 1000000)]


def test_pools_from_another_device_are_never_used(store) -> None:  # type: ignore[no-untyped-def]
    """A pool that arrived from another device (same series and year) is not taken from."""
    with store.session() as s:
        store.record(s, NumberPool(kind="case", series="case", year=2026, segment=7, first=1,
                                   last=999999, next_value=1, holder_device="otherdevice"),
                     op="insert", actor=LEAD_BADGE, action="numbers.pool_open")
        case = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    assert case.number == "沪城管案〔2026〕01-000001"
    with store.read() as s:
        foreign = s.scalars(select(NumberPool).where(NumberPool.segment == 7)).one()
    assert foreign.next_value == 1


def test_badges_and_grids_are_unique_per_station_only(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s, pytest.raises(ValidationError, match="已存在"):
        add_officer(store, s, store.station(s), "重名", OFFICER_BADGE, actor=LEAD_BADGE)
    with store.session() as s:
        other = Station(name="外站", pack_code="shanghai")
        store.record(s, other, op="insert", actor=LEAD_BADGE, action="station.init")
        add_officer(store, s, other, "外站李明", OFFICER_BADGE, actor=LEAD_BADGE)
    with store.read() as s:
        same = s.scalars(select(Officer).where(Officer.badge_no == OFFICER_BADGE)).all()
        assert len(same) == 2
        # The acting officer is this station's, not the other station's namesake badge.
        assert store.officer_by_badge(s, OFFICER_BADGE).name == "李明"


@pytest.mark.parametrize("bad", ["0", "100", "-1", "abc", "", "1.5"])
def test_init_refuses_a_bad_segment_and_writes_nothing(run_cli, data_dir: Path, bad: str) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("init", "--station", "测试中队", "--officer", "张建国", "--badge", LEAD_BADGE,
                "--segment", bad, "--data-dir", data_dir)
    assert r.code == 2 and "站点号段" in r.err and "1–99" in r.err
    assert not (data_dir / "station.sqlite").exists()


def test_init_segment_shows_in_every_number(run_cli, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("init", "--station", "测试中队", "--officer", "张建国", "--badge", LEAD_BADGE,
                "--segment", "12", "--data-dir", data_dir)
    assert r.code == 0, r.err
    assert "站点号段 12" in r.out
    store = open_store(data_dir)
    try:
        with store.session() as s:
            case = service.create_case(store, s, dict(DEMO_CASE_INPUT, officers=[LEAD_BADGE]),
                                       LEAD_BADGE)
        assert case.number == "沪城管案〔2026〕12-000001"
    finally:
        store.close()


def test_a_copied_data_directory_refuses_to_write_until_it_reenrols(
    store: StationStore, demo_case: Case, tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
) -> None:
    original_device = store.device_id
    store.close()
    copy = tmp_path / "copy"
    shutil.copytree(store.data_dir, copy)

    clone = open_store(copy)
    try:
        assert clone.device_id == original_device and clone.identity_error is not None
        with clone.read() as s:  # reading stays possible
            assert service.find_case(s, demo_case.number).id == demo_case.id
        with pytest.raises(StorageError) as err, clone.session() as s:
            service.create_case(clone, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        assert "复制" in err.value.message_zh and "gridapp device reenrol" in err.value.message_zh
        with pytest.raises(StorageError):
            import_files(clone, demo_case.number, PHOTO_FILES[:1], actor=LEAD_BADGE, reason="已核实，属本案证据")
        with clone.read() as s:
            assert s.scalar(select(func.count()).select_from(Evidence)) == 0
    finally:
        clone.close()

    src = tmp_path / "case.json"
    src.write_text(json.dumps(DEMO_CASE_INPUT, ensure_ascii=False), encoding="utf-8")
    refused = run_cli("case", "add", "--from", src, "--data-dir", copy, "--as", LEAD_BADGE)
    assert refused.code == 2 and "gridapp device reenrol" in refused.err
    # The original's segment (01) has pools held by the original: the copy cannot take it.
    same = run_cli("device", "reenrol", "--segment", "1", "--data-dir", copy)
    assert same.code == 2 and "号段 01" in same.err
    bad = run_cli("device", "reenrol", "--segment", "x", "--data-dir", copy)
    assert bad.code == 2 and "站点号段" in bad.err
    ok = run_cli("device", "reenrol", "--segment", "2", "--data-dir", copy, "--json")
    assert ok.code == 0, ok.err
    new_device = ok.json()["device_id"]  # type: ignore[index]
    assert new_device != original_device

    again = open_store(copy)
    try:
        assert again.device_id == new_device and again.identity_error is None
        with again.session() as s:
            case = service.create_case(again, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        assert case.number == "沪城管案〔2026〕02-000001"
    finally:
        again.close()

    # The original, untouched, keeps its identity and its numbers.
    original = open_store(store.data_dir)
    try:
        assert original.device_id == original_device and original.identity_error is None
        with original.session() as s:
            assert service.create_case(original, s, dict(DEMO_CASE_INPUT),
                                       LEAD_BADGE).number == "沪城管案〔2026〕01-000002"
    finally:
        original.close()


def test_a_restore_from_backup_is_confirmed_once_as_a_move(
    store: StationStore, demo_case: Case, run_cli,  # type: ignore[no-untyped-def]
) -> None:
    device = store.device_id
    store.close()
    db = store.db_path
    saved = db.with_name("saved.sqlite")
    with station_sql(db) as src, station_sql(saved) as dst:
        src.backup(dst)
    db.unlink()
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    saved.rename(db)  # a restored file: same content, a different file

    restored = open_store(store.data_dir)
    assert restored.identity_error is not None
    restored.close()
    ok = run_cli("device", "confirm-move", "--data-dir", store.data_dir)
    assert ok.code == 0, ok.err
    assert "已确认" in ok.out
    moved = open_store(store.data_dir)
    try:
        assert moved.device_id == device and moved.identity_error is None
        with moved.session() as s:
            assert service.create_case(moved, s, dict(DEMO_CASE_INPUT),
                                       LEAD_BADGE).number == "沪城管案〔2026〕01-000002"
    finally:
        moved.close()


def test_device_commands_refuse_a_directory_without_a_station(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "empty"
    for argv in (("device", "confirm-move"), ("device", "reenrol", "--segment", "4")):
        r = run_cli(*argv, "--data-dir", empty)
        assert r.code == 2 and "gridapp init" in r.err, (argv, r.err)
    assert not (empty / "station.sqlite").exists()


def _events(store: StationStore, action: str) -> list[AuditEvent]:
    with store.read() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_init_without_a_segment_is_refused_in_chinese_and_writes_nothing(
    run_cli, data_dir: Path,  # type: ignore[no-untyped-def]
) -> None:
    r = run_cli("init", "--station", "测试中队", "--officer", "张建国", "--badge", LEAD_BADGE,
                "--data-dir", data_dir)
    assert r.code == 2 and "--segment" in r.err and "站点号段" in r.err and "市局" in r.err
    assert not (data_dir / "station.sqlite").exists()


def test_a_copy_cannot_reenrol_into_the_segment_of_an_original_that_numbered_nothing(
    run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    original = tmp_path / "original"
    r = run_cli("init", "--station", "测试中队", "--officer", "张建国", "--badge", LEAD_BADGE,
                "--segment", "3", "--data-dir", original)
    assert r.code == 0, r.err
    copy = tmp_path / "copy"
    shutil.copytree(original, copy)
    same = run_cli("device", "reenrol", "--segment", "3", "--data-dir", copy)
    assert same.code == 2 and "号段 03" in same.err and "原" in same.err
    refused = open_store(copy)
    try:
        assert refused.identity_error is not None  # nothing changed
        assert _events(refused, "device.reenrol") == []
    finally:
        refused.close()
    ok = run_cli("device", "reenrol", "--segment", "4", "--data-dir", copy)
    assert ok.code == 0, ok.err
    again = open_store(copy)
    try:
        with again.session() as s:
            case = service.create_case(again, s, dict(DEMO_CASE_INPUT, officers=[LEAD_BADGE]),
                                       LEAD_BADGE)
        assert case.number == "沪城管案〔2026〕04-000001"
    finally:
        again.close()


def test_a_restored_older_database_is_refused_until_it_takes_a_new_segment(
    store: StationStore, demo_case: Case, run_cli,  # type: ignore[no-untyped-def]
) -> None:
    """A backup copied over station.sqlite is behind the numbers already handed out."""
    device = store.device_id
    backup = store.data_dir / "backups" / "older.sqlite"
    backup.parent.mkdir(exist_ok=True)
    src, dst = station_sql(store.db_path), station_sql(backup, store.data_key)
    src.backup(dst)
    src.close()
    dst.close()
    with store.session() as s:  # numbers handed out after the backup
        issued = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE).number
    import_files(store, demo_case.number, PHOTO_FILES[:1], actor=LEAD_BADGE, reason="已核实，属本案证据")
    store.close()
    for suffix in ("", "-wal", "-shm"):
        store.db_path.with_name(store.db_path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, store.db_path)

    restored = open_store(store.data_dir)
    try:
        assert restored.device_id == device
        with restored.read() as s:  # reading stays possible; the later case is not there
            assert service.find_case(s, demo_case.number).id == demo_case.id
            assert s.scalar(select(func.count()).select_from(Case)) == 1
        with pytest.raises(StorageError) as err, restored.session() as s:
            service.create_case(restored, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        assert "已发出" in err.value.message_zh and "device reenrol" in err.value.message_zh
    finally:
        restored.close()
    moved = run_cli("device", "confirm-move", "--data-dir", store.data_dir)
    assert moved.code == 2 and "device reenrol" in moved.err

    ok = run_cli("device", "reenrol", "--segment", "2", "--data-dir", store.data_dir)
    assert ok.code == 0, ok.err
    fresh = open_store(store.data_dir)
    try:
        assert fresh.identity_error is None and fresh.device_id != device
        with fresh.session() as s:
            number = service.create_case(fresh, s, dict(DEMO_CASE_INPUT), LEAD_BADGE).number
        assert number == "沪城管案〔2026〕02-000001" and number != issued
    finally:
        fresh.close()
    again = open_store(store.data_dir)
    assert again.identity_error is None  # the new identity's mark matches the database
    again.close()
    # The same old backup restored once more still carries the old identity: refused again.
    for suffix in ("", "-wal", "-shm"):
        store.db_path.with_name(store.db_path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, store.db_path)
    twice = open_store(store.data_dir)
    try:
        assert twice.device_id == device and twice.identity_error is not None
        assert "已发出" in twice.identity_error.message_zh
    finally:
        twice.close()


def test_identity_changes_are_recorded_in_the_audit_chain(
    store: StationStore, tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
) -> None:
    device = store.device_id
    store.close()
    copy = tmp_path / "copy"
    shutil.copytree(store.data_dir, copy)
    ok = run_cli("device", "reenrol", "--segment", "6", "--data-dir", copy, "--as",
                 OFFICER_BADGE, "--json")
    assert ok.code == 0, ok.err
    new_device = ok.json()["device_id"]  # type: ignore[index]
    unknown = run_cli("device", "confirm-move", "--data-dir", store.data_dir, "--as", "nobody")
    assert unknown.code == 2 and "nobody" in unknown.err
    moved = run_cli("device", "confirm-move", "--data-dir", store.data_dir)
    assert moved.code == 0, moved.err

    clone = open_store(copy)
    original = open_store(store.data_dir)
    try:
        (ev,) = _events(clone, "device.reenrol")
        assert ev.actor == OFFICER_BADGE and ev.device == new_device
        assert json.loads(ev.before_json) == {"device_id": device, "segment": 1}
        assert event_after(ev) == {"device_id": new_device, "segment": 6}
        (mv,) = _events(original, "device.move_confirmed")
        assert mv.actor == LEAD_BADGE  # the station's first officer when --as is not given
        assert json.loads(mv.after_json)["device_id"] == device
        assert json.loads(mv.after_json)["segment"] == 1
        for st in (clone, original):
            with st.read() as s:
                result = audit.verify(s)
            assert result.ok, result.describe()
    finally:
        clone.close()
        original.close()


def test_the_copy_message_says_what_changed(
    store: StationStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    store.close()
    copy = tmp_path / "copy"
    shutil.copytree(store.data_dir, copy)
    clone = open_store(copy)  # same computer, another file
    assert clone.identity_error is not None
    assert "数据库文件不是原来的文件" in clone.identity_error.message_zh
    assert "电脑" not in clone.identity_error.message_zh.split("：", 1)[1].split("。")[0]
    clone.close()

    monkeypatch.setattr("gridapp.store.machine_id", lambda: "another-laptop")
    elsewhere = open_store(store.data_dir)  # the same file seen from another computer
    assert elsewhere.identity_error is not None
    assert "这台电脑不是该数据目录原来所在的电脑" in elsewhere.identity_error.message_zh
    elsewhere.close()


def test_without_stable_inodes_only_the_computer_is_compared(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A filesystem that reports inode 0 (e.g. a removable disk) is not taken for a copy."""
    open_store(data_dir).close()  # bound with this file's real inode
    real_stat = Path.stat

    def no_inode(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        st = real_stat(self, *args, **kwargs)  # type: ignore[arg-type]
        if self.name != "station.sqlite":
            return st
        fields = list(st)
        fields[1] = 0  # st_ino as such filesystems report it
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "stat", no_inode)
    again = open_store(data_dir)
    try:
        assert again.identity_error is None
    finally:
        again.close()
    monkeypatch.setattr("gridapp.store.machine_id", lambda: "another-laptop")
    other = open_store(data_dir)  # another computer is still recognised
    try:
        assert other.identity_error is not None
        assert "这台电脑不是" in other.identity_error.message_zh
    finally:
        other.close()
