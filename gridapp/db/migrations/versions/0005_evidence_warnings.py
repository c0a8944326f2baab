"""evidence warnings: what an import found doubtful about an item, and the officer's reason

Revision ID: 0005
Revises: 0004

- evidence: ``warnings_json`` (a JSON list of ``{"code", "text"}``: the same content already
  held, a capture time far from the act or after the import, a place far from the case's, no
  capture time) and ``warning_reason`` (why the officer imported it all the same). Items
  imported before this revision have no recorded warnings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warnings_json", sa.Text(), nullable=False,
                                      server_default="[]"))
        batch_op.add_column(sa.Column("warning_reason", sa.Text(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("warning_reason")
        batch_op.drop_column("warnings_json")
