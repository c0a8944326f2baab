"""Alembic environment for the HQ schema: runs on a connection handed in by ``upgrade``."""

from __future__ import annotations

from alembic import context

from sync.hq.models import HQBase

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("HQ migrations run through sync.hq.database.upgrade()")

context.configure(connection=connection, target_metadata=HQBase.metadata, compare_type=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
