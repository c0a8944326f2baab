"""HQ schema: devices, enrolment codes, segments, receipts, records, the pull feed, conflicts,
blobs and uploads, audit links, alarms, published packs

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('hq_alarm',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_alarm'))
    )
    op.create_table('hq_audit',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('event', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq', name=op.f('pk_hq_audit'))
    )
    op.create_table('hq_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_hq_blob'))
    )
    op.create_table('hq_conflict',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('hq_value', sa.JSON(), nullable=True),
    sa.Column('hq_device', sa.String(length=64), nullable=False),
    sa.Column('hq_hlc', sa.String(length=96), nullable=False),
    sa.Column('incoming_value', sa.JSON(), nullable=True),
    sa.Column('incoming_device', sa.String(length=64), nullable=False),
    sa.Column('incoming_hlc', sa.String(length=96), nullable=False),
    sa.Column('kept', sa.String(length=10), nullable=False),
    sa.Column('rule', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.String(length=100), nullable=False),
    sa.Column('resolution', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_conflict'))
    )
    with op.batch_alter_table('hq_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hq_conflict_station'), ['station'], unique=False)

    op.create_table('hq_device',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('clock_skew_ms', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_device')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_hq_device_token_sha256'))
    )
    with op.batch_alter_table('hq_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hq_device_station'), ['station'], unique=False)

    op.create_table('hq_enrol_code',
    sa.Column('code_sha256', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('code_sha256', name=op.f('pk_hq_enrol_code'))
    )
    op.create_table('hq_feed',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=False, nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('hlc', sa.String(length=96), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('grid', sa.String(length=40), nullable=False),
    sa.Column('source_device', sa.String(length=64), nullable=False),
    sa.Column('echo_free', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_hq_feed'))
    )
    with op.batch_alter_table('hq_feed', schema=None) as batch_op:
        batch_op.create_index('ix_hq_feed_grid_seq', ['grid', 'seq'], unique=False)
        batch_op.create_index('ix_hq_feed_station_seq', ['station', 'seq'], unique=False)

    op.create_table('hq_pack',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_pack'))
    )
    op.create_table('hq_receipt',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('change_id', sa.BigInteger(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_receipt')),
    sa.UniqueConstraint('device_id', 'change_id', name=op.f('uq_hq_receipt_device_id'))
    )
    op.create_table('hq_record',
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('origin_device', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.Column('hlc', sa.String(length=96), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('field_revs', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'entity_id', name=op.f('pk_hq_record'))
    )
    with op.batch_alter_table('hq_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hq_record_station'), ['station'], unique=False)

    op.create_table('hq_segment',
    sa.Column('segment', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('station', sa.String(length=100), nullable=False),
    sa.Column('leased_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('segment', name=op.f('pk_hq_segment')),
    sa.UniqueConstraint('device_id', name=op.f('uq_hq_segment_device_id'))
    )
    op.create_table('hq_upload',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hq_upload')),
    sa.UniqueConstraint('device_id', 'sha256', name=op.f('uq_hq_upload_device_id'))
    )


def downgrade() -> None:
    op.drop_table('hq_upload')
    op.drop_table('hq_segment')
    with op.batch_alter_table('hq_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hq_record_station'))

    op.drop_table('hq_record')
    op.drop_table('hq_receipt')
    op.drop_table('hq_pack')
    with op.batch_alter_table('hq_feed', schema=None) as batch_op:
        batch_op.drop_index('ix_hq_feed_station_seq')
        batch_op.drop_index('ix_hq_feed_grid_seq')

    op.drop_table('hq_feed')
    op.drop_table('hq_enrol_code')
    with op.batch_alter_table('hq_device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hq_device_station'))

    op.drop_table('hq_device')
    with op.batch_alter_table('hq_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hq_conflict_station'))

    op.drop_table('hq_conflict')
    op.drop_table('hq_blob')
    op.drop_table('hq_audit')
    op.drop_table('hq_alarm')
