"""Station-local sync state (never synced): blob receipts from HQ and the conflicts HQ
recorded about this station's rows. The HQ address, token and cursor live in ``meta``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base
from gridapp.models.types import UTCDateTime


class BlobReceipt(Base):
    """A blob HQ must hold. Queued when a row naming it is first shipped; ``received_at`` is
    HQ's receipt (it holds the blob, verified against its SHA-256). Until then the blob counts
    as not yet safe at HQ."""

    __tablename__ = "sync_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SyncConflict(Base):
    """A conflict HQ recorded on one field of one of this station's rows (HQ's numbering)."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(60))
    hq_value_json: Mapped[str] = mapped_column(Text)
    incoming_value_json: Mapped[str] = mapped_column(Text)
    incoming_device: Mapped[str] = mapped_column(String(64))
    kept: Mapped[str] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    resolved_at: Mapped[str] = mapped_column(String(40), default="")
    resolution: Mapped[str] = mapped_column(String(10), default="")
