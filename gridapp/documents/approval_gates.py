"""What approvals and follow-ups add to issuing documents (one hook per step of issuing).

- ``gates``: the approval gates next to the legal engine's —
  an approval form (立案审批表 / 行政处罚审批表 / 结案审批表) is issued only after its step was
  approved (``approval_required``); a 行政处罚决定书 only after an approved 处罚审批
  (``penalty_approval_required``, 行政处罚法第五十七条), for no more than the approved amount
  (``fine_above_approved``), and for a case that needs them (``approvals.review_requirements``
  with the decision's fine, or the approval's own finding) only with the 法制审核 opinion
  (``legal_review_required``, 第五十八条) and the 集体讨论 (``collective_discussion_required``,
  第五十七条第二款) recorded. A 当场处罚决定书 (第五十一条、第五十二条) and a 不予行政处罚决定书
  are not gated here.
- ``case_facts``: the 改正期限 and the 复查 finding for the rules input (the engine's
  ``refusal_to_correct_required`` gate).
- ``approval_values``: the approval (who, when, opinion; 法制审核; 集体讨论) printed on the form,
  and the stored 改正期限 for the order to correct.
- ``after_issue`` / ``after_void``: an issued order to correct stores its 改正期限 and schedules
  the 复查; voiding it takes them back.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from gridapp.approvals import service as approvals
from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template
from gridapp.followups import service as followups
from gridapp.models import Approval, Case, Document, Officer
from gridapp.packs import JurisdictionPack
from gridapp.store import StationStore
from gridapp.timeutil import station_date
from gridapp.vocab.approval import APPROVAL_STEP

RECTIFICATION_NOTICE = "rectification_notice"
RECTIFICATION_TITLE = "责令（限期）改正通知书"
FORM_BASIS = {"filing": "《行政处罚法》第五十四条第二款", "penalty": "《行政处罚法》第五十七条",
              "closing": ""}
REFUSAL_CURE = "请在改正期限届满后复查，并记录当事人未改正"


def case_facts(session: Session, case_id: str) -> dict[str, str]:
    """``case.correction_due`` / ``case.not_corrected_on`` for the rules input (absent when
    unknown)."""
    out: dict[str, str] = {}
    row = followups.correction_deadline(session, case_id)
    if row is not None and row.due:
        out["correction_due"] = row.due
    found = followups.not_corrected_on(session, case_id)
    if found is not None:
        out["not_corrected_on"] = found.isoformat()
    return out


def _status_words(row: Approval | None, step: str) -> str:
    label = APPROVAL_STEP.zh(step)
    if row is None:
        return f"尚未提交{label}"
    if row.status == "returned":
        return f"{label}已被退回（{row.opinion}），须重新提交"
    return f"{label}已提交，尚待审批"


def gates(session: Session, pack: JurisdictionPack, case: Case, template: Template,
          found: list[GateView], fine: int | None) -> list[GateView]:
    """``found`` (the document's other gates) with the approval gates added and the
    拒不改正 gate's cure saying what to do once the order was served."""
    out = [_refusal_cure(session, case, g) for g in found]
    step = approvals.TEMPLATE_STEPS.get(template.id)
    if step is not None:
        if approvals.approved(session, case.id, step) is None:
            out.append(GateView(
                "approval_required", True,
                f"{APPROVAL_STEP.zh(step)}尚未批准，审批表须在负责人批准后签发："
                + _status_words(approvals.latest(session, case.id, step), step),
                FORM_BASIS[step], f"请承办人提交{APPROVAL_STEP.zh(step)}，经负责人批准后再签发"))
    elif template.gate_action == "issue_penalty_decision":
        out.extend(_decision_gates(session, pack, case, fine))
    return out


def _refusal_cure(session: Session, case: Case, gate: GateView) -> GateView:
    if gate.gate != "refusal_to_correct_required" or "尚未送达" in gate.reason:
        return gate
    return GateView(gate.gate, gate.blocking, gate.reason, gate.basis,
                    REFUSAL_CURE if gate.blocking else "")


def _decision_gates(session: Session, pack: JurisdictionPack, case: Case,
                    fine: int | None) -> list[GateView]:
    out: list[GateView] = []
    row = approvals.approved(session, case.id, "penalty")
    if row is None:
        out.append(GateView(
            "penalty_approval_required", True,
            "作出行政处罚决定前，须经行政机关负责人审查决定："
            + _status_words(approvals.latest(session, case.id, "penalty"), "penalty"),
            "《行政处罚法》第五十七条第一款", "请先提交处罚审批，经负责人批准后再签发决定书"))
    elif row.proposed_fine is not None and fine is not None and fine > row.proposed_fine:
        out.append(GateView(
            "fine_above_approved", True,
            f"决定罚款 {fine} 元超过负责人批准的 {row.proposed_fine} 元",
            "《行政处罚法》第五十七条第一款", "请按批准的金额填写，或重新提交处罚审批"))
    needs = approvals.review_requirements(session, pack, case, fine)
    # The request on file (approved, else the one waiting) may have found the case major.
    asked = row or approvals.latest(session, case.id, "penalty")
    if asked is not None and asked.status == "returned":
        asked = None
    major = needs.legal_review or (asked is not None and asked.legal_review_required)
    why = "；".join(needs.reasons) or (asked.major_reason if asked is not None else "")
    if major and (asked is None or not asked.legal_review):
        out.append(GateView(
            "legal_review_required", True,
            f"重大行政处罚决定（{why}）作出前须经法制审核，尚未记录法制审核意见",
            "《行政处罚法》第五十八条", "请负责人在处罚审批中记录法制审核意见"))
    if major and (asked is None or not asked.collective):
        out.append(GateView(
            "collective_discussion_required", True,
            f"对情节复杂或者重大违法行为给予行政处罚（{why}），须经负责人集体讨论决定，尚未记录集体讨论",
            "《行政处罚法》第五十七条第二款", "请负责人在处罚审批中记录集体讨论意见"))
    return out


def _name(session: Session, officer_id: str | None) -> str:
    person = session.get(Officer, officer_id) if officer_id else None
    return person.name if person is not None else ""


def _day(value: Any) -> str:
    return station_date(value).isoformat() if value is not None else ""


def _cn_day(value: Any) -> str:
    day = station_date(value) if value is not None else None
    return f"{day.year}年{day.month}月{day.day}日" if day is not None else ""


def approval_values(session: Session, case: Case, template_id: str) -> dict[str, str]:
    """Context values from the approved request of the form's step (and the stored 改正期限)."""
    out: dict[str, str] = {}
    if template_id == RECTIFICATION_NOTICE:
        row = followups.correction_deadline(session, case.id)
        if row is not None and row.due:
            out["rules.correction_deadline"] = row.due
    step = approvals.TEMPLATE_STEPS.get(template_id)
    found = approvals.approved(session, case.id, step) if step else None
    if found is None:
        return out
    out.update({
        "approval.opinion": found.opinion,
        "approval.approver": _name(session, found.decided_by),
        "approval.approved_on": _day(found.decided_at),
        "approval.legal_review": found.legal_review,
        "approval.legal_reviewer": _name(session, found.legal_reviewed_by),
        "approval.legal_reviewed_on": _day(found.legal_reviewed_at),
        "approval.collective": (f"{found.collective}（{_cn_day(found.collective_at)}，"
                                f"{_name(session, found.collective_by)}记录）"
                                if found.collective else ""),
    })
    return out


def after_issue(store: StationStore, session: Session, case: Case, template: Template,
                values: dict[str, Any], number: str, actor: str) -> None:
    """An order to correct stores its 改正期限 and schedules the 复查 due on it."""
    if template.id != RECTIFICATION_NOTICE:
        return
    try:
        deadline = date.fromisoformat(str(values.get("deadline") or ""))
    except ValueError:
        return
    followups.schedule_recheck(store, session, case, deadline, actor,
                               basis=f"{RECTIFICATION_TITLE} {number}")


def after_void(store: StationStore, session: Session, doc: Document, actor: str) -> None:
    """Voiding an order to correct takes back the 改正期限 and 复查 it scheduled."""
    if doc.template_id != RECTIFICATION_NOTICE:
        return
    case = session.get(Case, doc.case_id)
    if case is not None:
        followups.cancel_recheck(store, session, case, f"{RECTIFICATION_TITLE} {doc.number}", actor)
