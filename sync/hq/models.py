"""The HQ schema (SQLAlchemy 2, portable between PostgreSQL and SQLite).

All server state lives here and in the blob store, so several server processes can serve one
district from one database. Contracts:
- ``Record`` is HQ's current copy of each station row (by entity and id); ``field_revs`` maps
  each field to ``[revision, device]`` of its last change, which is how a stale edit is told
  from a fresh one field by field.
- ``FeedEntry`` is the pull feed. ``seq`` is assigned inside the feed lock (see
  ``database.feed_lock``) as one more than the highest committed value, so entries become
  visible in ``seq`` order and a reader's cursor never passes an entry still being written.
- ``Receipt`` makes pushes idempotent: one per (device, change id), with the digest of the
  change as first received and the result given then.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gridapp.models.base import NAMING  # one naming convention for constraints


def utcnow() -> datetime:
    return datetime.now(UTC)


class HQBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


Stamp = DateTime(timezone=True)


class Device(HQBase):
    """An enrolled station device. ``id`` is the station's own device id (its rows' origin)."""

    __tablename__ = "hq_device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    station: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(Stamp, nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(Stamp, nullable=True)
    # The last clock difference seen (device wall clock minus HQ's), in milliseconds.
    clock_skew_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class EnrolCode(HQBase):
    """A one-time enrolment code (only its hash is kept)."""

    __tablename__ = "hq_enrol_code"

    code_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    station: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(Stamp)
    used_at: Mapped[datetime | None] = mapped_column(Stamp, nullable=True)
    device_id: Mapped[str] = mapped_column(String(64), default="")


class SegmentLease(HQBase):
    """A station segment (站点号段) and the one device that numbers in it.

    Case numbers, 文号 and evidence item numbers carry the segment, so no two devices may hold
    the same one: a device enrolling with a segment registers it (refused if another device
    holds it); a device with none (a further laptop of a station) is given the lowest free one.
    """

    __tablename__ = "hq_segment"

    segment: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    device_id: Mapped[str] = mapped_column(String(64), unique=True)
    station: Mapped[str] = mapped_column(String(100))
    leased_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class Receipt(HQBase):
    """The first answer to one pushed change; replays get it again."""

    __tablename__ = "hq_receipt"
    __table_args__ = (UniqueConstraint("device_id", "change_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(64))
    change_id: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, object]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class Record(HQBase):
    """HQ's current copy of one station row."""

    __tablename__ = "hq_record"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station: Mapped[str] = mapped_column(String(100), index=True)
    origin_device: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(96), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    values: Mapped[dict[str, object]] = mapped_column(JSON)
    field_revs: Mapped[dict[str, list[object]]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class FeedEntry(HQBase):
    """One state of a record, in commit order, for stations to pull."""

    __tablename__ = "hq_feed"
    __table_args__ = (Index("ix_hq_feed_station_seq", "station", "seq"),
                      Index("ix_hq_feed_grid_seq", "grid", "seq"))

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                     primary_key=True, autoincrement=False)
    station: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(96), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    values: Mapped[dict[str, object]] = mapped_column(JSON)
    # A case's grid: stations serving that grid receive the case as the grid's history.
    grid: Mapped[str] = mapped_column(String(40), default="")
    # The device whose push produced this state, and whether that device already holds it
    # (a clean apply of its own change): such entries are not sent back to it.
    source_device: Mapped[str] = mapped_column(String(64), default="")
    echo_free: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class Conflict(HQBase):
    """Two edits of one field that HQ could not order; both values kept."""

    __tablename__ = "hq_conflict"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    station: Mapped[str] = mapped_column(String(100), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    hq_value: Mapped[object] = mapped_column(JSON, nullable=True)
    hq_device: Mapped[str] = mapped_column(String(64), default="")
    hq_hlc: Mapped[str] = mapped_column(String(96), default="")
    incoming_value: Mapped[object] = mapped_column(JSON, nullable=True)
    incoming_device: Mapped[str] = mapped_column(String(64))
    incoming_hlc: Mapped[str] = mapped_column(String(96))
    kept: Mapped[str] = mapped_column(String(10))  # hq | incoming: the value in force now
    rule: Mapped[str] = mapped_column(String(20))  # owner | hq_state | open
    created_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(Stamp, nullable=True)
    resolved_by: Mapped[str] = mapped_column(String(100), default="")
    resolution: Mapped[str] = mapped_column(String(10), default="")


class Blob(HQBase):
    """A blob held at HQ, verified against its name when it was stored."""

    __tablename__ = "hq_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(64), default="")
    stored_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class Upload(HQBase):
    """A resumable upload in progress: ``offset`` bytes are durably received."""

    __tablename__ = "hq_upload"
    __table_args__ = (UniqueConstraint("device_id", "sha256"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class AuditLink(HQBase):
    """One station audit event as received; its hash continues the chain before it."""

    __tablename__ = "hq_audit"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    event: Mapped[dict[str, object]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class Alarm(HQBase):
    """Something HQ staff must look at (an audit chain break, a refused blob)."""

    __tablename__ = "hq_alarm"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)


class PublishedPack(HQBase):
    """A jurisdiction pack published for stations to apply."""

    __tablename__ = "hq_pack"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(Stamp, default=utcnow)
