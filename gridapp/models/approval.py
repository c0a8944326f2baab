"""Approvals (审批) and what the follow-up rows (跟踪, ``follow_up``) hold.

``Approval`` — one request an officer submits for a lead's decision on a case (one row per
request; a returned request stays as it was and the officer submits a new one):

- ``step``: ``filing`` 立案审批 | ``penalty`` 处罚审批 | ``closing`` 结案审批 | ``seizure`` 扣押审批 |
  ``seizure_extend`` 延长扣押审批 | ``preservation`` 先行登记保存审批 (``vocab.approval``);
- ``status``: ``pending`` 待审批 → ``approved`` 已批准 | ``returned`` 已退回 (terminal);
- ``submitted_by`` / ``submitted_at`` / ``note``: the officer (``Officer.id``), when, and the
  承办人意见 they wrote;
- ``proposed_fine``: for ``penalty``, the amount (元) the approval is for (the decision may not
  exceed it); None otherwise;
- ``legal_review_required`` / ``collective_required`` and ``major_reason``: set at submission by
  the legal engine (a 较大数额 fine that reaches the pack's hearing threshold, a hearing
  requested, or the officer/lead marking the case 重大复杂 — 行政处罚法第五十八条、第五十七条第二款);
- ``legal_review`` / ``legal_reviewed_by`` / ``legal_reviewed_at``: 法制审核意见 (by a lead);
- ``collective`` / ``collective_by`` / ``collective_at``: 集体讨论 record (who took part, the
  conclusion), entered by a lead;
- ``decided_by`` / ``decided_at`` / ``opinion``: the lead who approved or returned it, when,
  and their 审批意见 (for a return: the comment the officer sees).

``FollowUp`` (table ``follow_up``, model in ``models/case.py``) — one follow-up due on a case:

- ``kind``: ``recheck`` 复查 (scheduled when an order to correct is issued; ``due`` = its 改正期限)
  | ``return_visit`` 回访 (scheduled when a case is closed; ``due`` = 3 working days later)
  | ``caller_feedback`` 12345 来电人反馈/双向确认 (hotline cases, scheduled with the return visit);
- ``due``: station date ``YYYY-MM-DD``; ``done_at``: when it was recorded (None = still due;
  overdue once the station's today is after ``due``);
- ``finding``: recheck ``corrected`` 已改正 | ``not_corrected`` 未改正; caller feedback
  ``confirmed`` 来电人确认 | ``disputed`` 来电人有异议; "" for a return visit;
- ``satisfaction``: ``satisfied`` 满意 | ``basically_satisfied`` 基本满意 | ``dissatisfied``
  不满意 (return visit, caller feedback), "" otherwise;
- ``result``: the officer's words; ``done_by``: the ``Officer.id`` who recorded it.

A ``deadline`` row named ``correction_due`` (``due`` = the 改正期限, ``basis`` = the notice's
number) is written with the recheck, and ``Case.due_at`` is set to the end of that day.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gridapp.models.base import Base, SyncMixin
from gridapp.models.types import UTCDateTime

APPROVAL_STEPS = ("filing", "penalty", "closing", "seizure", "seizure_extend", "preservation")
APPROVAL_STATUSES = ("pending", "approved", "returned")
FOLLOW_UP_KINDS = ("recheck", "return_visit", "caller_feedback")
FINDINGS = ("corrected", "not_corrected", "confirmed", "disputed")
SATISFACTION = ("satisfied", "basically_satisfied", "dissatisfied")


class Approval(SyncMixin, Base):
    __tablename__ = "approval"
    # The lead's queue: pending requests, oldest first.
    __table_args__ = (Index("ix_approval_status_live", "status", "deleted", "submitted_at"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("case.id"), index=True)
    step: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    submitted_by: Mapped[str] = mapped_column(ForeignKey("officer.id"))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    proposed_fine: Mapped[int | None] = mapped_column(Integer, nullable=True)
    legal_review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    collective_required: Mapped[bool] = mapped_column(Boolean, default=False)
    major_reason: Mapped[str] = mapped_column(Text, default="")
    legal_review: Mapped[str] = mapped_column(Text, default="")
    legal_reviewed_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    legal_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    collective: Mapped[str] = mapped_column(Text, default="")
    collective_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    collective_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("officer.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    opinion: Mapped[str] = mapped_column(Text, default="")
