"""审批 and 跟踪 for the desktop: the approval queue, a case's approvals and follow-ups, and the
acts on them as the acting officer (``Officer.id``), returning plain data.

The role checks are the core's (``gridapp.approvals.service``): the desktop only hides what an
officer may not do. Every function opens its own unit of work; nothing here runs on the GUI
thread (the desktop calls it on the database lane).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gridapp.accounts import roles
from gridapp.approvals import service as approvals
from gridapp.approvals.service import ApprovalRow
from gridapp.errors import ValidationError
from gridapp.execution import service as execution
from gridapp.followups import service as followups
from gridapp.followups.service import FollowUpRow
from gridapp.models import Case
from gridapp.store import StationStore
from gridapp.workbench.acting import acting_badge, acting_officer
from gridapp.workbench.labels import no_case

LeadAct = Literal["approve", "return", "legal_review", "collective"]


@dataclass(frozen=True)
class ApprovalQueue:
    may_decide: bool  # the acting officer is a lead (may review, approve, return)
    rows: tuple[ApprovalRow, ...]


@dataclass(frozen=True)
class CaseFollowWork:
    """What the case view's 审批与跟踪 panel shows."""

    approvals: tuple[ApprovalRow, ...]  # newest first
    follow_ups: tuple[FollowUpRow, ...]
    status: str
    source: str
    has_correction_deadline: bool
    # The fine decision's execution in words ("" without a fine decision), and whether a
    # payment may still be recorded (a fine decision not executed in full, the case not closed).
    execution: str = ""
    payable: bool = False


def parse_fine(text: str) -> int | None:
    """The 拟罚款 an officer typed ("" → None); refused unless a whole number of yuan."""
    raw = text.strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 12:
        raise ValidationError(f"拟罚款金额“{raw}”不是整数元（如 500）",
                              f"fine {raw!r} is not a whole number of yuan", field="fine")
    return approvals.check_fine(int(raw))


def approval_queue(store: StationStore, officer_id: str) -> ApprovalQueue:
    """Every request waiting (oldest first) and whether the officer may decide them."""
    with store.read() as s:
        officer = acting_officer(store, s, officer_id)
        return ApprovalQueue(roles.may(officer, "approve"),
                             tuple(approvals.waiting(s, store.pack)))


def case_follow_work(store: StationStore, case_id: str) -> CaseFollowWork:
    with store.read() as s:
        case = s.get(Case, case_id) if case_id else None
        if case is None or case.deleted:
            raise no_case(case_id)
        owed = execution.obligation(s, store.pack, case)
        return CaseFollowWork(
            tuple(approvals.approvals_of_case(s, case.id, store.pack)),
            tuple(followups.follow_ups_of_case(s, case.id)), case.status, case.source,
            followups.correction_deadline(s, case.id) is not None,
            execution.document_values(s, store.pack, case)["execution.summary"],
            owed is not None and not owed.executed and case.status != "closed")


def record_payment(store: StationStore, case_id: str, actor_id: str, *, amount: str,
                   paid_on: str, way: str, receipt: str, note: str = "") -> str:
    """Record a payment on the case as the acting officer; the execution in words after it.
    Bad input raises ``ValidationError`` naming the field (nothing written)."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        row = execution.record_payment(store, s, case_id, badge, amount=amount, paid_on=paid_on,
                                       way=way, receipt=receipt, note=note)
        s.flush()
        case = s.get(Case, row.case_id)
        assert case is not None
        return execution.document_values(s, store.pack, case)["execution.summary"]


def submit_approval(store: StationStore, case_id: str, step: str, actor_id: str, *,
                    note: str = "", fine: str = "", major: str = "") -> ApprovalRow:
    amount = parse_fine(fine)
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        row = approvals.submit(store, s, case_id, step, badge, note=note, proposed_fine=amount,
                               major_reason=major)
        s.flush()
        return approvals.rows(s, [row], store.pack)[0]


def decide(store: StationStore, approval_id: str, act: LeadAct, text: str,
           actor_id: str) -> ApprovalRow:
    """A lead's act on a waiting request: approve (opinion may be empty: “同意。”), return
    (comment required), or record the 法制审核 opinion / 集体讨论 record."""
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        if act == "approve":
            row = approvals.approve(store, s, approval_id, text, badge)
        elif act == "return":
            row = approvals.send_back(store, s, approval_id, text, badge)
        elif act == "legal_review":
            row = approvals.record_legal_review(store, s, approval_id, text, badge)
        else:
            row = approvals.record_collective(store, s, approval_id, text, badge)
        s.flush()
        return approvals.rows(s, [row], store.pack)[0]


def record_follow_up(store: StationStore, case_id: str, kind: str, actor_id: str, *,
                     finding: str = "", satisfaction: str = "", result: str = "") -> FollowUpRow:
    with store.session() as s:
        badge = acting_badge(store, s, actor_id)
        row = followups.record_follow_up(store, s, case_id, kind, badge, finding=finding,
                                         satisfaction=satisfaction, result=result)
        s.flush()
        return next(r for r in followups.follow_ups_of_case(s, row.case_id) if r.id == row.id)
