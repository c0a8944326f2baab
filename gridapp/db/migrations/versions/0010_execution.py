"""execution records: how a decided penalty was executed (paid, by the court, by substitution,
or paid in approved instalments)

Revision ID: 0010
Revises: 0009

- execution: one record per payment or other execution of a case's decision (see
  ``gridapp.models.execution``); the closing gate reads it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "execution",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("decision_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=True),
        sa.Column("on", sa.String(10), nullable=False),
        sa.Column("way", sa.String(16), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("schedule_json", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(36), nullable=True),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("origin_device", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hlc", sa.String(96), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_execution_case_id_case")),
        sa.ForeignKeyConstraint(["decision_id"], ["document.id"],
                                name=op.f("fk_execution_decision_id_document")),
        sa.ForeignKeyConstraint(["recorded_by"], ["officer.id"],
                                name=op.f("fk_execution_recorded_by_officer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_execution")),
    )
    op.create_index(op.f("ix_execution_case_id"), "execution", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_execution_case_id"), table_name="execution")
    op.drop_table("execution")
