"""Storage contract: pragmas, data directory resolution, migrations with a backup first."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from gridapp.db.migrate import current_revision, head_revision
from gridapp.paths import resolve_data_dir
from gridapp.store import open_store
from tests.conftest import station_sql


def test_pragmas_on_every_connection(store) -> None:
    with store.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_data_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GRIDAPP_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"
    assert resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"
    monkeypatch.delenv("GRIDAPP_DATA_DIR")
    assert "gridapp" in str(resolve_data_dir(None))


def test_unknown_schema_revision_is_refused_untouched(store) -> None:

    from gridapp.errors import StorageError

    db = store.db_path
    store.close()
    con = station_sql(db)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    before = db.read_bytes()
    with pytest.raises(StorageError) as err:
        open_store(db.parent)
    assert "无法识别" in err.value.message_zh
    assert db.read_bytes() == before


def test_backup_is_a_consistent_copy(store, demo_case) -> None:

    from gridapp.db.migrate import backup

    copy = backup(store.db_path, "0001", store.data_key)
    assert copy.parent.name == "backups" and "0001" in copy.name
    con = station_sql(copy, store.data_key)
    assert con.execute("SELECT number FROM \"case\"").fetchall() == [(demo_case.number,)]
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_fresh_database_is_at_head(store) -> None:
    assert current_revision(store.engine) == head_revision()
    backups = list((store.data_dir / "backups").glob("*.sqlite"))
    assert backups == []  # nothing to back up for a brand-new file
