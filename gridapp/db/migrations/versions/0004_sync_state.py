"""sync state: frozen outbox payloads, blob receipts, conflicts

Revision ID: 0004
Revises: 0003

- outbox: ``payload`` keeps the values of a change as first shipped, so a retry after a lost
  answer sends exactly the same change.
- sync_blob: the blobs HQ must hold, queued when a row naming them is shipped, with HQ's
  receipt once it holds them (verified).
- sync_conflict: conflicts HQ recorded on this station's rows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("payload", sa.Text(), nullable=True))
    op.create_table(
        "sync_blob",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_sync_blob")),
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entity", sa.String(40), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(60), nullable=False),
        sa.Column("hq_value_json", sa.Text(), nullable=False),
        sa.Column("incoming_value_json", sa.Text(), nullable=False),
        sa.Column("incoming_device", sa.String(64), nullable=False),
        sa.Column("kept", sa.String(10), nullable=False),
        sa.Column("rule", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("resolved_at", sa.String(40), nullable=False),
        sa.Column("resolution", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflict")),
    )


def downgrade() -> None:
    op.drop_table("sync_conflict")
    op.drop_table("sync_blob")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("payload")
