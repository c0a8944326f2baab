"""Evidence items (证据). Append-only: withdrawn with a reason, never deleted.

``sha256`` is the hash of the original bytes computed at capture; the file lives in the blob
store under that name. ``thumb_sha256``/``print_sha256`` name the derived upright JPEGs (photos
only). Times are stored in UTC; ``capture_utc_offset`` keeps the camera's local offset.
``capture_time_source``: ``exif`` (EXIF time with offset), ``exif_local`` (EXIF time without an
offset, read in the station's time zone), ``exif_datetime`` (only the basic EXIF DateTime, a
save time), ``media`` (container header), ``file`` (file time).
``item_no`` numbers the items one station adds to a case 1, 2, 3 … in import order, gapless;
``item_segment`` is that station's segment, so two stations adding evidence to the same case
never clash: (case, item_segment, item_no) is unique. Items added by the case's own station
are shown as ``#3``, items from another station as ``#05-3``.
``warnings_json``: what the import found doubtful about the item (the same content already held,
a capture time far from the act or after the import, a place far from the case's, no capture
time) as a JSON list of ``{"code", "text"}``; ``warning_reason`` is the officer's reason for
importing it all the same (required whenever there is a warning; also in the audit event).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin
from gridapp.models.types import UTCDateTime

EVIDENCE_KINDS = (
    "书证",
    "物证",
    "视听资料",
    "电子数据",
    "证人证言",
    "当事人陈述",
    "鉴定意见",
    "勘验笔录·现场笔录",
)


class Evidence(SyncMixin, Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "item_segment", "item_no"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    item_no: Mapped[int] = mapped_column(Integer, default=0)
    item_segment: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(80))
    media: Mapped[str] = mapped_column(String(10))  # photo | video | audio | document
    kind: Mapped[str] = mapped_column(String(20))
    caption: Mapped[str] = mapped_column(Text, default="")
    original_name: Mapped[str] = mapped_column(String(300), default="")
    captured_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    capture_time_source: Mapped[str] = mapped_column(String(16), default="file")
    capture_utc_offset: Mapped[str] = mapped_column(String(6), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    camera: Mapped[str] = mapped_column(String(200), default="")
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    thumb_sha256: Mapped[str] = mapped_column(String(64), default="")
    print_sha256: Mapped[str] = mapped_column(String(64), default="")
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    warnings_json: Mapped[str] = mapped_column(Text, default="[]")
    warning_reason: Mapped[str] = mapped_column(Text, default="")
