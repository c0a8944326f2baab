"""Local rows derived from other tables by SQLite triggers (revision 0009).

Contract: no code writes these tables; the triggers of revision 0009 keep them equal to what
their source rows say, whatever wrote those (a service, sync, a migration). They are neither
synced nor audited, and a station rebuilds them from the sources when the revision runs.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base


class CaseStat(Base):
    """Per-case figures the statistics would otherwise look up case by case, a row only for a
    case that has one of them, keyed by the case's rowid (as the search index is) and coded in
    a few bytes:

    - ``first_response_at``: a 12345 (hotline) case's earliest ``case.transition.*`` audit
      event (its ``at``, ISO-8601 UTC) — its response; NULL for other cases;
    - ``visit`` / ``feedback``: the earliest done live 回访 / 12345 来电人反馈 — 1 when it was
      recorded by the end of its due day (station time), 0 when later, NULL when none;
      ``visit_satisfaction``: that visit's answer, 1 满意, 2 基本满意, 3 不满意, 0 none;
    - ``ground``: the 不予处罚 ground of the case's latest live legal-engine evaluation (the
      exemption branch when the exemption applies, else the first outcome gate of
      ``OUTCOME_GATES`` it holds; NULL for none).
    """

    __tablename__ = "case_stat"

    case_rowid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_response_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    visit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    visit_satisfaction: Mapped[int | None] = mapped_column(Integer, nullable=True)
    feedback: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ground: Mapped[str | None] = mapped_column(String(40), nullable=True)
