"""Schema history as released software: frozen revisions, models == migrated schema, upgrades."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from gridapp import audit
from gridapp.caselog import service
from gridapp.db.engine import create_station_engine
from gridapp.db.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade
from gridapp.documents.numbering import allocate_number
from gridapp.models import Base, Case, Document, Evidence, Meta, NumberPool, Officer
from gridapp.paths import BACKUPS_DIRNAME
from gridapp.store import open_store
from tests.conftest import DEMO_CASE_INPUT

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "data" / "fixtures"
FTS_PREFIX = "case_fts"


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


def test_numbering_continues_the_old_sequence_after_the_upgrade(tmp_path: Path) -> None:
    """Schema 0001 counted cases in ``meta`` (2026: 1..3): the next one is 4, in segment 00."""
    data = _copy_fixture("station_schema_0001", tmp_path / "old")
    store = open_store(data, create=False)
    try:
        assert store.identity_error is None  # bound on its first open after the upgrade
        with store.session() as s:
            grid = s.scalars(select(Case.grid_code)).first()
            case = service.create_case(
                store, s, dict(DEMO_CASE_INPUT, grid=grid, officers=["31010001"]), "31010001")
            pool = s.scalars(select(NumberPool).where(NumberPool.kind == "document")).one()
            number = allocate_number(store, s, store.pack, pool.series, pool.year, "31010001")
        assert case.number == "沪城管案〔2026〕00-000004"
        assert number == "沪城管内〔2026〕第00-00002号"
        with store.read() as s:
            keys = set(s.scalars(select(Meta.key)))
            pools = {(p.kind, p.year): (p.segment, p.first, p.next_value, p.holder_device)
                     for p in s.scalars(select(NumberPool))}
            assert audit.verify(s).ok
        assert "station_segment" in keys and not any(k.startswith("case_seq:") for k in keys)
        device = store.device_id
        assert pools == {("case", 2026): (0, 1, 5, device), ("case", 2025): (0, 1, 10, device),
                         ("document", 2026): (0, 1, 3, device)}
    finally:
        store.close()
