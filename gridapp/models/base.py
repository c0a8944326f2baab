"""Declarative base and the columns every syncable record carries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from gridapp import clock
from gridapp.models.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return clock.now()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SyncMixin:
    """Client-generated UUID, origin device, revision, updated_at, HLC stamp, tombstone.

    Rows are never deleted: ``deleted`` is set instead. ``revision`` starts at 1 and is bumped by
    ``gridapp.changes.record_change`` (via ``store.record``) on every local mutation, which also
    writes the outbox entry and the audit event; a session guard refuses any other write.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    origin_device: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hlc: Mapped[str] = mapped_column(String(96), default="")
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
