"""The migrated schema template the fixtures copy is a real, complete, identity-free database."""

from __future__ import annotations

from pathlib import Path

from gridapp.db.migrate import current_revision, head_revision
from gridapp.store import open_store
from tests.conftest import fresh_database


def test_copies_of_the_template_are_separate_stations_at_head(schema_template: Path,
                                                             tmp_path: Path) -> None:
    stores = []
    for name in ("a", "b"):
        fresh_database(schema_template, tmp_path / name)
        stores.append(open_store(tmp_path / name))
    try:
        a, b = stores
        assert a.device_id != b.device_id  # the template carries no device identity
        for st in stores:
            assert current_revision(st.engine) == head_revision()
            assert not (st.data_dir / "backups").exists()  # nothing to migrate, so no backup
            assert st.db_path.stat().st_size > 0 and st.db_path.resolve() != schema_template
    finally:
        for st in stores:
            st.close()
