"""approvals and follow-ups: the lead's approval requests; what a follow-up found

Revision ID: 0006
Revises: 0005

- approval: one approval request (立案/处罚/结案审批) with its 法制审核 and 集体讨论 records and
  the lead's decision (see ``gridapp.models.approval``).
- follow_up: ``finding`` (复查: corrected / not_corrected; 12345 反馈: confirmed / disputed),
  ``satisfaction`` (满意 / 基本满意 / 不满意) and ``done_by`` (the officer who recorded it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("origin_device", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hlc", sa.String(96), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "approval",
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_by", sa.String(36), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("proposed_fine", sa.Integer(), nullable=True),
        sa.Column("legal_review_required", sa.Boolean(), nullable=False),
        sa.Column("collective_required", sa.Boolean(), nullable=False),
        sa.Column("major_reason", sa.Text(), nullable=False),
        sa.Column("legal_review", sa.Text(), nullable=False),
        sa.Column("legal_reviewed_by", sa.String(36), nullable=True),
        sa.Column("legal_reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("collective", sa.Text(), nullable=False),
        sa.Column("collective_by", sa.String(36), nullable=True),
        sa.Column("collective_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], name=op.f("fk_approval_case_id_case")),
        sa.ForeignKeyConstraint(["submitted_by"], ["officer.id"],
                                name=op.f("fk_approval_submitted_by_officer")),
        sa.ForeignKeyConstraint(["legal_reviewed_by"], ["officer.id"],
                                name=op.f("fk_approval_legal_reviewed_by_officer")),
        sa.ForeignKeyConstraint(["collective_by"], ["officer.id"],
                                name=op.f("fk_approval_collective_by_officer")),
        sa.ForeignKeyConstraint(["decided_by"], ["officer.id"],
                                name=op.f("fk_approval_decided_by_officer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval")),
    )
    op.create_index(op.f("ix_approval_case_id"), "approval", ["case_id"])
    op.create_index("ix_approval_status_live", "approval", ["status", "deleted", "submitted_at"])
    with op.batch_alter_table("follow_up") as batch:
        batch.add_column(sa.Column("finding", sa.String(20), nullable=False, server_default=""))
        batch.add_column(sa.Column("satisfaction", sa.String(20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("done_by", sa.String(36), nullable=True))
        batch.create_foreign_key(op.f("fk_follow_up_done_by_officer"), "officer", ["done_by"],
                                 ["id"])


def downgrade() -> None:
    with op.batch_alter_table("follow_up") as batch:
        batch.drop_constraint(op.f("fk_follow_up_done_by_officer"), type_="foreignkey")
        batch.drop_column("done_by")
        batch.drop_column("satisfaction")
        batch.drop_column("finding")
    op.drop_index("ix_approval_status_live", table_name="approval")
    op.drop_index(op.f("ix_approval_case_id"), table_name="approval")
    op.drop_table("approval")
