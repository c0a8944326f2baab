"""Station, officers and grids."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin

ROLES = ("officer", "lead", "admin")


class Station(SyncMixin, Base):
    __tablename__ = "station"

    name: Mapped[str] = mapped_column(String(200))
    pack_code: Mapped[str] = mapped_column(String(40))
    authority: Mapped[str] = mapped_column(String(200), default="")
    district_code: Mapped[str] = mapped_column(String(12), default="")
    # Added by revision 0008 (``changes.ADDED_LATER``): where fines are paid (bank, account
    # name, account number, channel) — ``gridapp.documents.payment``.
    payment_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class Officer(SyncMixin, Base):
    __tablename__ = "officer"
    # Badges are station data: unique within a station, not across a city.
    __table_args__ = (UniqueConstraint("station_id", "badge_no"),)

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    name: Mapped[str] = mapped_column(String(100))
    badge_no: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(16), default="officer")
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)


class Grid(SyncMixin, Base):
    __tablename__ = "grid"
    __table_args__ = (UniqueConstraint("station_id", "code"),)

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
