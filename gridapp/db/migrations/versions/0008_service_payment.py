"""service details and payment: what a 送达回证 records beyond the method; where a fine is paid

Revision ID: 0008
Revises: 0007

- document_service: ``details_json`` (代收人 and relation, the 留置送达 witnesses, the 邮寄送达
  tracking number and mailing day, the 电子送达确认书 an electronic service relies on), a JSON
  object; ``{}`` for a service recorded before this revision.
- station: ``payment_json`` (the bank, account name and account number — or the payment
  channel — where this station's fines are paid, 行政处罚法第六十七条第三款), a JSON object;
  ``{}`` until an admin configures it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("document_service", schema=None) as batch:
        batch.add_column(sa.Column("details_json", sa.Text(), nullable=False, server_default="{}"))
    with op.batch_alter_table("station", schema=None) as batch:
        batch.add_column(sa.Column("payment_json", sa.Text(), nullable=False, server_default="{}"))


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch:
        batch.drop_column("payment_json")
    with op.batch_alter_table("document_service", schema=None) as batch:
        batch.drop_column("details_json")
