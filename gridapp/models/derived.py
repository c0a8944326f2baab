"""Local rows derived from other tables by SQLite triggers (revision 0009).

Contract: no code writes these tables; the triggers of revision 0009 keep them equal to what
their source rows say, whatever wrote those (a service, sync, a migration). They are neither
synced nor audited, and a station rebuilds them from the sources when the revision runs.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base


class CaseStat(Base):
    """Per-case figures the statistics would otherwise look up case by case (a row only for a
    case that has one of them):

    - ``first_response_at``: a 12345 (hotline) case's earliest ``case.transition.*`` audit
      event (its ``at``, ISO-8601 UTC) — its response; NULL for other cases;
    - ``visit_*`` / ``feedback_*``: the earliest done live 回访 / 12345 来电人反馈 (its
      ``done_at`` as stored, its ``due`` day and the visit's satisfaction);
    - ``ground``: the 不予处罚 ground of the case's latest live legal-engine evaluation (the
      exemption branch when the exemption applies, else the first outcome gate of
      ``OUTCOME_GATES`` it holds; NULL for none).
    """

    __tablename__ = "case_stat"
    __table_args__ = ({"sqlite_with_rowid": False},)  # looked up by case id only

    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_response_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    visit_done_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    visit_due: Mapped[str | None] = mapped_column(String(10), nullable=True)
    visit_satisfaction: Mapped[str | None] = mapped_column(String(20), nullable=True)
    feedback_done_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    feedback_due: Mapped[str | None] = mapped_column(String(10), nullable=True)
    ground: Mapped[str | None] = mapped_column(String(40), nullable=True)
