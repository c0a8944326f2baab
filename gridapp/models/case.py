"""Cases (案件), the officers on them, deadlines and follow-ups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin
from gridapp.models.types import UTCDateTime

CASE_SOURCES = ("patrol", "hotline", "public_report", "dispatch", "other")
DISPOSITIONS = ("service", "management", "enforcement")
STAGES = ("yellow", "orange", "red")


class Case(SyncMixin, Base):
    __tablename__ = "case"
    __table_args__ = (
        UniqueConstraint("number"),
        # List filters are equality on one column + live rows + newest first: each index
        # answers both the page (in order, stops at LIMIT) and the count (index-only scan).
        Index("ix_case_live_opened", "deleted", "opened_at"),
        Index("ix_case_status_live", "status", "deleted", "opened_at"),
        Index("ix_case_grid_live", "grid_code", "deleted", "opened_at"),
        Index("ix_case_stage_live", "stage", "deleted", "opened_at"),
        Index("ix_case_source_live", "source", "deleted", "opened_at"),
        Index("ix_case_due", "due_at"),
        # Statistics (gridapp.workbench.stats) read a period's cases from this index alone.
        Index("ix_case_stats", "deleted", "opened_at", "status", "closed_at", "grid_code", "stage",
              "disposition", "violation_code", "source", "party_id", "id"),
    )

    number: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(20))
    grid_code: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    violation_code: Mapped[str] = mapped_column(String(60))
    facts: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="discovered")
    stage: Mapped[str] = mapped_column(String(10), default="yellow")
    disposition: Mapped[str | None] = mapped_column(String(16), nullable=True)
    outcome: Mapped[str] = mapped_column(String(40), default="")
    party_id: Mapped[str | None] = mapped_column(ForeignKey("party.id"), nullable=True, index=True)
    act_date: Mapped[str] = mapped_column(String(10), default="")
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CaseOfficer(SyncMixin, Base):
    __tablename__ = "case_officer"
    __table_args__ = (
        UniqueConstraint("case_id", "officer_id"),
        # Tombstoned assignments only (rare): statistics count assignments from the unique
        # index alone and take these off (gridapp.workbench.stats).
        Index("ix_case_officer_tombstoned", "case_id", sqlite_where=text("deleted = 1")),
    )

    # Looked up by case through the unique (case_id, officer_id) index.
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"))
    officer_id: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    role: Mapped[str] = mapped_column(String(16), default="handler")


class Deadline(SyncMixin, Base):
    __tablename__ = "deadline"

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    due: Mapped[str] = mapped_column(String(10))
    basis: Mapped[str] = mapped_column(String(200), default="")
    met_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class FollowUp(SyncMixin, Base):
    """One follow-up (跟踪) due on a case: fields described in ``gridapp.models.approval``."""

    __tablename__ = "follow_up"
    # Statistics count the re-checks due in a period (revision 0009).
    __table_args__ = (
        Index("ix_follow_up_recheck_due", "due", sqlite_where=text("kind = 'recheck'")),
    )

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # recheck | return_visit | caller_feedback
    due: Mapped[str] = mapped_column(String(10), default="")
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")
    # Added by revision 0006 (``changes.ADDED_LATER`` keeps older digests valid).
    finding: Mapped[str] = mapped_column(String(20), default="")
    satisfaction: Mapped[str] = mapped_column(String(20), default="")
    done_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
