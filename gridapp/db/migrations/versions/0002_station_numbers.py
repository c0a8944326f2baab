"""station number ranges and per-station uniqueness

Revision ID: 0002
Revises: 0001

- ``number_pool`` becomes the one pool mechanism for case and document numbers: ``kind``,
  ``segment`` and ``holder_device`` (only the holder takes numbers from a pool); unique per
  (kind, series, year, segment, first).
- Existing stations are numbered in segment 0: their per-year case counters (``meta``
  ``case_seq:YYYY``) become case pools held by this device that continue where the counter
  stopped, their document pools are marked as held by this device and widened to the full
  ``{seq}`` width of their series' format in the station's pack, and ``meta`` records
  ``station_segment = 0`` (the station takes a real segment with ``device set-segment``).
- ``officer.badge_no`` and ``grid.code`` unique per station; evidence numbered per
  (case, item_segment).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gridapp import clock
from gridapp.errors import GridappError
from gridapp.packs import load_pack
from gridapp.packs.model import number_format_specs

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_SEGMENT = 0
CASE_LAST = 999_999  # {seq:06d}


def upgrade() -> None:
    with op.batch_alter_table("number_pool", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False,
                                      server_default="document"))
        batch_op.add_column(sa.Column("segment", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("holder_device", sa.String(length=64), nullable=False,
                                      server_default=""))
        batch_op.drop_constraint("uq_number_pool_series", type_="unique")
        batch_op.create_unique_constraint(
            "uq_number_pool_kind", ["kind", "series", "year", "segment", "first"])

    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_constraint("uq_officer_badge_no", type_="unique")
        batch_op.create_unique_constraint("uq_officer_station_id", ["station_id", "badge_no"])

    with op.batch_alter_table("grid", schema=None) as batch_op:
        batch_op.drop_constraint("uq_grid_code", type_="unique")
        batch_op.create_unique_constraint("uq_grid_station_id", ["station_id", "code"])

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_segment", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.drop_index("ix_evidence_case_item")
        batch_op.create_unique_constraint(
            "uq_evidence_case_id", ["case_id", "item_segment", "item_no"])

    _number_existing_station()


def _number_existing_station() -> None:
    bind = op.get_bind()
    meta = dict(bind.execute(sa.text("SELECT key, value FROM meta")).all())
    has_station = bind.execute(sa.text("SELECT count(*) FROM station")).scalar()
    device = meta.get("device_id", "")
    if not has_station and not device:
        return  # a fresh database: `gridapp init` sets the segment
    if "station_segment" not in meta:
        bind.execute(sa.text("INSERT INTO meta (key, value) VALUES ('station_segment', :v)"),
                     {"v": str(LEGACY_SEGMENT)})
    bind.execute(sa.text("UPDATE number_pool SET holder_device = :d, segment = :s, "
                         "kind = 'document'"), {"d": device, "s": LEGACY_SEGMENT})
    _widen_document_pools(bind)
    now = clock.now()
    stamp = f"{clock.now_ms():013d}-{0:05d}-{device}"
    for key, value in sorted(meta.items()):
        if not key.startswith("case_seq:"):
            continue
        used = int(value)
        bind.execute(
            sa.text(
                "INSERT INTO number_pool (id, kind, series, year, segment, first, last, "
                "next_value, source, holder_device, origin_device, revision, updated_at, hlc, "
                "deleted) VALUES (:id, 'case', 'case', :year, :seg, 1, :last, :next, 'local', "
                ":dev, :dev, 1, :now, :hlc, 0)"
            ),
            {"id": str(uuid.uuid4()), "year": int(key.split(":", 1)[1]), "seg": LEGACY_SEGMENT,
             "last": max(CASE_LAST, used), "next": used + 1, "dev": device,
             "now": now.strftime("%Y-%m-%d %H:%M:%S.%f"),
             "hlc": stamp},
        )
        bind.execute(sa.text("DELETE FROM meta WHERE key = :k"), {"k": key})


def _seq_capacity(fmt: str) -> int | None:
    """The largest ``{seq}`` a format shows at its fixed width (``{seq:05d}`` → 99999)."""
    spec = number_format_specs(fmt).get("seq")
    digits = (spec or "").rstrip("d").lstrip("0")
    return 10 ** int(digits) - 1 if digits.isdigit() else None


def _widen_document_pools(bind: sa.Connection) -> None:
    """Schema 0001 capped document pools at 9999 whatever the format; cover the format's width."""
    pack_code = bind.execute(sa.text("SELECT pack_code FROM station LIMIT 1")).scalar()
    if not pack_code:
        return
    try:
        formats = load_pack(pack_code).document_number_formats
    except GridappError:
        return  # an unknown pack: the pools keep their range
    for pool_id, series, last in bind.execute(
            sa.text("SELECT id, series, last FROM number_pool WHERE kind = 'document'")).all():
        capacity = _seq_capacity(formats[series]) if series in formats else None
        if capacity is not None and capacity > last:
            bind.execute(sa.text("UPDATE number_pool SET last = :last WHERE id = :id"),
                         {"last": capacity, "id": pool_id})


def downgrade() -> None:
    raise NotImplementedError("station numbering cannot be downgraded; restore a backup")
