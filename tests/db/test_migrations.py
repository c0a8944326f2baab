"""Schema history as released software: frozen revisions, models == migrated schema, upgrades."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from gridapp import audit
from gridapp.db.engine import create_station_engine
from gridapp.db.migrate import MIGRATIONS_DIR, current_revision, head_revision, upgrade
from gridapp.models import Base, Case, Document, Evidence, Officer
from gridapp.paths import BACKUPS_DIRNAME
from gridapp.store import open_store

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
