"""Alembic environment: always runs on a connection handed in by gridapp.db.migrate."""

from __future__ import annotations

from alembic import context

from gridapp.models import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("gridapp migrations run through gridapp.db.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
