"""Issued documents (文书), their service records (送达) and the number pools (文号)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin
from gridapp.models.types import UTCDateTime


class Document(SyncMixin, Base):
    """An issued document. Immutable once issued: corrections are void-and-reissue."""

    __tablename__ = "document"
    __table_args__ = (UniqueConstraint("number"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    template_id: Mapped[str] = mapped_column(String(60))
    template_version: Mapped[str] = mapped_column(String(40), default="")
    number: Mapped[str] = mapped_column(String(80))
    fields_json: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    # The template as it was at issue (TOML text in the blob store): copies and the case file
    # are laid out from it, so later template edits never change an issued document.
    template_sha256: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str] = mapped_column(Text, default="")
    replaces_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class DocumentService(SyncMixin, Base):
    """One 送达 of a document."""

    __tablename__ = "document_service"

    document_id: Mapped[str] = mapped_column(ForeignKey("document.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(200))
    served_on: Mapped[str] = mapped_column(String(10))
    place: Mapped[str] = mapped_column(String(300), default="")
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    witness: Mapped[str] = mapped_column(String(200), default="")
    evidence_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    deemed_served_on: Mapped[str] = mapped_column(String(10), default="")
    # Added by revision 0008 (``changes.ADDED_LATER``): 代收人, witnesses, tracking number,
    # mailing day, consent document — see ``gridapp.documents.serving.ServiceDetails``.
    details_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class NumberPool(SyncMixin, Base):
    """A range of numbers one device holds (gapless within the range).

    One mechanism for case numbers (``kind="case"``, ``series="case"``) and document numbers
    (``kind="document"``, ``series`` = the template's series). ``segment`` is the station
    segment shown in the number (``{segment}`` in the pack's format) and ``first``..``last`` the
    ``{seq}`` values of the range. Only the device named by ``holder_device`` takes numbers from
    a pool; pools that arrive from other devices are never used. ``source``: ``local`` (opened
    from the station's own segment) or ``hq`` (reserved by HQ).
    """

    __tablename__ = "number_pool"
    __table_args__ = (UniqueConstraint("kind", "series", "year", "segment", "first"),)

    kind: Mapped[str] = mapped_column(String(20), default="document")  # case | document
    series: Mapped[str] = mapped_column(String(40))  # e.g. "penalty_decision"; "case" for cases
    year: Mapped[int] = mapped_column(Integer)
    segment: Mapped[int] = mapped_column(Integer, default=0)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    next_value: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20), default="local")  # local | hq
    holder_device: Mapped[str] = mapped_column(String(64), default="")
