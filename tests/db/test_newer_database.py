"""A station database written by a newer gridapp is refused in Chinese on every start, and
no start copies it again and again into backups/."""

from __future__ import annotations

from gridapp.paths import BACKUPS_DIRNAME, DB_FILENAME
from gridapp.store import StationStore
from tests.conftest import station_sql


def test_a_newer_database_is_refused_without_a_backup_per_start(store: StationStore,
                                                                run_cli: object) -> None:
    data = store.data_dir
    store.close()
    conn = station_sql(data / DB_FILENAME)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    backups = data / BACKUPS_DIRNAME
    before = sorted(backups.glob("*.sqlite")) if backups.is_dir() else []
    for _ in range(4):
        result = run_cli("--data-dir", str(data), "case", "list")  # type: ignore[operator]
        assert result.code == 2 and "Traceback" not in result.err
        assert "版本" in result.err
    after = sorted(backups.glob("*.sqlite")) if backups.is_dir() else []
    assert after == before
