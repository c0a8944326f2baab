"""HQ's models equal the schema its migrations build, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sync.hq.database import create_hq_engine, database_url
from sync.hq.models import HQBase
from tests.sync.conftest import HQServer


def test_hq_models_match_the_migrated_schema(hq: HQServer) -> None:
    engine = create_hq_engine(database_url(hq.data, hq.db_url))  # migrated by the server
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, HQBase.metadata)
    finally:
        engine.dispose()
    assert diff == []
