"""Schema history as released software: frozen revisions, models == migrated schema, upgrades."""

from __future__ import annotations

import hashlib
import json
import shutil
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from gridapp import audit
from gridapp.caselog import service
from gridapp.db.engine import create_station_engine
from gridapp.db.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade
from gridapp.documents.numbering import allocate_number
from gridapp.errors import ValidationError
from gridapp.evidence.capture import import_files
from gridapp.models import AuditEvent, Base, Case, Document, Evidence, Meta, NumberPool, Officer
from gridapp.paths import BACKUPS_DIRNAME
from gridapp.store import StationStore, confirm_move, open_store
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, event_after
from tests.documents.conftest import PHOTOS

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "data" / "fixtures"
FTS_PREFIX = "case_fts"
BADGE = "31010001"  # the fixture station's lead
PHOTO = PHOTOS / "jpg_gps_DSCN0010.jpg"


def _released() -> list[tuple[str, str]]:
    rows = []
    for line in (HERE / "released_revisions.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, digest = line.split()
            rows.append((name, digest))
    return rows


def test_released_revisions_are_never_rewritten() -> None:
    for name, digest in _released():
        body = (MIGRATIONS_DIR / "versions" / name).read_bytes()
        assert hashlib.sha256(body).hexdigest() == digest, (
            f"{name} has shipped: add a new revision instead of editing it"
        )


def _schema_diff(db: Path) -> list[object]:
    engine = create_station_engine(db)
    try:
        upgrade(engine, db)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            with warnings.catch_warnings():
                # SQLite cannot reflect the expression index on audit events; its own test
                # (tests/db/test_change_log_migration.py) checks that it exists and is used.
                warnings.filterwarnings("ignore", message=".*expression-based index")
                diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    # The FTS5 table and its shadow tables are created by SQL in the migration, not by models.
    return [
        d for d in diff
        if not (isinstance(d, tuple) and d[0] == "remove_table" and d[1].name.startswith(FTS_PREFIX))
    ]


def test_models_match_a_freshly_migrated_schema(tmp_path: Path) -> None:
    assert _schema_diff(tmp_path / "fresh.sqlite") == []


def _copy_fixture(name: str, dest: Path) -> Path:
    shutil.copytree(FIXTURES / name, dest)
    return dest


def test_station_made_with_the_first_schema_upgrades_intact(tmp_path: Path) -> None:
    data = _copy_fixture("station_schema_0001", tmp_path / "old")
    db = data / "station.sqlite"
    engine = create_station_engine(db)
    assert current_revision(engine) == "0001"
    engine.dispose()

    store = open_store(data, create=False)
    try:
        assert current_revision(store.engine) == head_revision()
        with store.read() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 12
            assert s.scalar(select(func.count()).select_from(Evidence)) == 1
            assert s.scalar(select(func.count()).select_from(Document)) == 1
            assert s.scalar(select(func.count()).select_from(Officer)) == 2
            result = audit.verify(s)
        assert result.ok, result.describe()
    finally:
        store.close()
    backups = list((data / BACKUPS_DIRNAME).glob("*.sqlite"))
    assert len(backups) == 1 and "-0001" in backups[0].name
    assert _schema_diff(db) == []


def _pools(store: StationStore) -> dict[tuple[str, int], tuple[int, int, int, int, str]]:
    with store.read() as s:
        return {(p.kind, p.year): (p.segment, p.first, p.last, p.next_value, p.holder_device)
                for p in s.scalars(select(NumberPool).where(NumberPool.segment == 0))}


def test_an_upgraded_station_takes_a_real_segment_before_it_numbers_again(
    tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
) -> None:
    """Schema 0001 counted cases in ``meta`` (2026: 1..3): the upgrade keeps them as segment-00
    history, and the station issues nothing new until HQ's segment is set; then it numbers in
    that segment from 1 and the old numbers stay valid."""
    data = _copy_fixture("station_schema_0001", tmp_path / "old")
    store = open_store(data, create=False)
    try:
        assert store.identity_error is None  # bound on its first open after the upgrade
        device = store.device_id
        with store.read() as s:
            keys = set(s.scalars(select(Meta.key)))
            old_numbers = sorted(s.scalars(select(Case.number)))
            grid = s.scalars(select(Case.grid_code)).first()
            evidence_case = s.scalars(select(Evidence.case_id)).first()
            evidence_number = s.scalars(select(Case.number).where(Case.id == evidence_case)).one()
        assert "station_segment" in keys and not any(k.startswith("case_seq:") for k in keys)
        # The migrated document pool covers its format's full width ({seq:05d} → 99999).
        assert _pools(store) == {("case", 2026): (0, 1, 999999, 4, device),
                                 ("case", 2025): (0, 1, 999999, 10, device),
                                 ("document", 2026): (0, 1, 99999, 2, device)}
        new_case = dict(DEMO_CASE_INPUT, grid=grid, officers=[BADGE])
        with pytest.raises(ValidationError) as err, store.session() as s:
            service.create_case(store, s, dict(new_case), BADGE)
        assert "gridapp device set-segment N" in err.value.message_zh
        assert "向市局（指挥中心）申请本站号段" in err.value.message_zh
        with pytest.raises(ValidationError, match="set-segment"), store.session() as s:
            allocate_number(store, s, store.pack, "internal", 2026, BADGE)
        with pytest.raises(ValidationError, match="set-segment"):
            import_files(store, evidence_number, [PHOTO], actor=BADGE, reason="已核实，属本案证据")
        with store.read() as s:  # reads keep working; nothing was written
            assert service.find_case(s, old_numbers[0]).number == old_numbers[0]
            assert s.scalar(select(func.count()).select_from(Case)) == 12
            assert s.scalar(select(func.count()).select_from(Evidence)) == 1
        # Another device's pools hold segment 5 (arrived by sync): it cannot be taken.
        with store.session() as s:
            store.record(s, NumberPool(kind="case", series="case", year=2026, segment=5, first=1,
                                       last=999999, next_value=1, holder_device="otherdevice"),
                         op="insert", actor=BADGE, action="numbers.pool_open")
    finally:
        store.close()

    bad = run_cli("device", "set-segment", "0", "--data-dir", data)
    assert bad.code == 2 and "站点号段" in bad.err
    held = run_cli("device", "set-segment", "5", "--data-dir", data)
    assert held.code == 2 and "号段 05" in held.err
    ok = run_cli("device", "set-segment", "7", "--data-dir", data, "--as", BADGE, "--json")
    assert ok.code == 0, ok.err
    assert ok.json() == {"device_id": device, "segment": 7}  # type: ignore[attr-defined]
    again = run_cli("device", "set-segment", "8", "--data-dir", data)
    assert again.code == 2 and "gridapp device reenrol" in again.err

    # A station from before bureaus were data issues no 文号 until a lead names the district
    # bureau it acts for; its 文号 then carry that bureau's 文号代字.
    unset = open_store(data, create=False)
    try:
        with pytest.raises(ValidationError, match="set-bureau"), unset.session() as s:
            allocate_number(unset, s, unset.pack, "internal", 2026, BADGE)
    finally:
        unset.close()
    set_body = run_cli("station", "set-bureau", "310101", "--reason", "中队属黄浦区",
                       "--data-dir", data, "--as", BADGE)
    assert set_body.code == 0, set_body.err
    store = open_store(data, create=False)
    try:
        assert store.device_id == device
        with store.session() as s:
            case = service.create_case(store, s, dict(new_case), BADGE)
            number = allocate_number(store, s, store.pack, "internal", 2026, BADGE,
                                     bureau=store.pack.bureau("310101"))
        assert case.number == "沪城管案〔2026〕07-000001"
        assert number == "沪黄城管内〔2026〕第07-00001号"
        # The segment-00 pools are closed at the last number they gave and stay as history.
        assert _pools(store) == {("case", 2026): (0, 1, 3, 4, device),
                                 ("case", 2025): (0, 1, 9, 10, device),
                                 ("document", 2026): (0, 1, 1, 2, device)}
        with store.read() as s:
            assert [service.find_case(s, n).number for n in old_numbers] == old_numbers
            result = audit.verify(s)
            assert result.ok, result.describe()
            ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "device.set_segment")).one()
        assert ev.actor == BADGE
        assert json.loads(ev.before_json) == {"device_id": device, "segment": 0}
        assert event_after(ev) == {"device_id": device, "segment": 7}
    finally:
        store.close()


def test_station_made_with_schema_0003_opens_and_numbers_on(tmp_path: Path) -> None:
    data = _copy_fixture("station_schema_0003", tmp_path / "s3")
    store = open_store(data, create=False)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.identity_error is not None  # a copy of another machine's directory
        confirm_move(store)
        with store.read() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 3
            assert audit.verify(s).ok
        with store.session() as s:
            case = service.create_case(store, s, dict(DEMO_CASE_INPUT, officers=[]), LEAD_BADGE)
        assert case.number == "沪城管案〔2026〕02-000004"
        with store.read() as s:
            assert audit.verify(s).ok
    finally:
        store.close()
