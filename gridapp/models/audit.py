"""Append-only, hash-chained audit events (执法全过程记录) and the sync outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, new_id
from gridapp.models.types import UTCDateTime


class AuditEvent(Base):
    """One action. ``hash`` = SHA-256 over the canonical event content and the previous hash.

    Rows are only ever inserted; ``gridapp.audit.verify`` detects any later edit or deletion.
    ``v`` is the hash format: 1 = the event stores ``prev_hash`` and the full rows it touched
    (stations before schema 0003); 2 = the event stores only the changed fields and its hash
    covers the previous event's hash, which is not stored again (``prev_hash`` is empty).
    """

    __tablename__ = "audit_event"
    # A case's events are found by the first 8 characters of its id (then the whole id is
    # compared): an index a quarter the size of one on the full id, as selective in practice.
    __table_args__ = (Index("ix_audit_event_case_prefix", func.substr(text("case_id"), 1, 8)),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), default=new_id)
    at: Mapped[str] = mapped_column(String(40))  # ISO-8601 UTC, part of the hash
    device: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    case_id: Mapped[str] = mapped_column(String(36), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    v: Mapped[int] = mapped_column(Integer, default=2, server_default="1")


class OutboxEntry(Base):
    """A row with local changes HQ has not acknowledged (待同步). See ``gridapp.changes``.

    One unsent entry per row: later changes fold into it. ``seq`` is the change id (never
    reused). ``fields`` names the columns changed since ``base_revision`` (``*``: whole row).
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_entity_id", "entity_id"), {"sqlite_autoincrement": True})

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(10))  # insert | update | tombstone | append
    base_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    hlc: Mapped[str] = mapped_column(String(96))
    fields: Mapped[str] = mapped_column(Text, default="*", server_default="*")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The row's values as first shipped (JSON), so a retry sends exactly the same change.
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
