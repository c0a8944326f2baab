"""Stored legal-engine evaluations (免罚核查单 and the result) on a case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin
from gridapp.models.types import UTCDateTime


class RuleEvaluation(SyncMixin, Base):
    __tablename__ = "rule_evaluation"

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    pack_code: Mapped[str] = mapped_column(String(40))
    pack_version: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40), default="assess")
    input_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    checklist_json: Mapped[str] = mapped_column(Text, default="")
    history_as_of: Mapped[str] = mapped_column(String(40), default="")
    provisional: Mapped[bool] = mapped_column(default=True)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    officer_id: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
