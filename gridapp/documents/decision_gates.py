"""Gates on the decision itself and on who reviewed it (each refusal cites its article):

- one decision per case: a 行政处罚决定书, 当场行政处罚决定书 or 不予行政处罚决定书 is refused
  while the case holds another valid (not voided) one (``decision_already_made``; 行政处罚法
  第五十七条第一款: the 负责人's review ends in one of its decisions — a wrong one is voided
  and reissued; 第二十九条 forbids a second fine only and is not cited);
- the procedures do not mix: a 当场行政处罚决定书 (简易程序, 第五十一条) is refused once the case
  was filed (``summary_after_filing``: the general procedure, 第五十四条), and a 行政处罚决定书
  (普通程序) before it was filed (``decision_before_filing``, 第五十四条第二款);
- the review is not the investigators' own: the 负责人 who approved the 处罚审批 and the
  法制审核 reviewer are not officers on the case (``approver_is_investigator``,
  ``legal_reviewer_is_investigator``) — the unit's 查审分离 rule (本机关查审分离制度; the law
  asks for the 负责人's review and a 法制审核 before the decision, 第五十七条第一款, 第五十八条,
  not in so many words for reviewers outside the investigation) — checked again here in case
  they were put on the case after reviewing;
- the 结案审批表 of a case whose fine is not executed in full (``penalty_not_executed``,
  ``execution.service``; 第六十六条、第七十二条);
- a 不予行政处罚决定书 is one of the outcomes of the 负责人 review too (第五十七条第一款第（二）、
  （三）项): issued only after an approved 处罚审批 (``no_penalty_approval_required``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.approvals import service as approvals
from gridapp.caselog.service import case_officers
from gridapp.documents.fill import GateView
from gridapp.documents.templates import Template
from gridapp.execution.service import CLOSING_GATE, closing_problem
from gridapp.models import Approval, Case, Document
from gridapp.packs import JurisdictionPack
from gridapp.vocab.document_kind import DOCUMENT_KIND

SEPARATION = "本机关查审分离制度"  # the unit's rule; the statute does not say it in these words
DECISIONS = ("penalty_decision", "summary_penalty_decision", "no_penalty_decision")
FILED_STATUSES = frozenset({"filed", "investigated"})


def filed(session: Session, case: Case) -> bool:
    """The case was filed (立案): a valid 立案审批表, an approved 立案审批, or the status."""
    form = session.scalar(select(Document.id).where(
        Document.case_id == case.id, Document.template_id == "filing_approval",
        Document.voided_at.is_(None), Document.deleted.is_(False)).limit(1))
    return (form is not None or approvals.approved(session, case.id, "filing") is not None
            or case.status in FILED_STATUSES)


def earlier_decision(session: Session, case: Case) -> Document | None:
    """The case's valid decision (of any of the three kinds), if one was issued."""
    return session.scalars(
        select(Document).where(Document.case_id == case.id, Document.template_id.in_(DECISIONS),
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at)).first()


def decision_gates(session: Session, case: Case, template: Template) -> list[GateView]:
    """One decision per case and the procedure it belongs to."""
    if template.id not in DECISIONS:
        return []
    out: list[GateView] = []
    earlier = earlier_decision(session, case)
    if earlier is not None:
        out.append(GateView(
            "decision_already_made", True,
            f"本案已作出{DOCUMENT_KIND.zh(earlier.template_id)} {earlier.number}：调查终结后由负责人"
            "审查作出决定，一案只作一个决定，不得再作决定",
            "《行政处罚法》第五十七条第一款",
            f"原决定有错误的，请先作废 {earlier.number}（说明理由）再重新作出"))
    if template.id == "summary_penalty_decision" and filed(session, case):
        out.append(GateView(
            "summary_after_filing", True,
            "本案已立案，适用普通程序，不能再当场作出行政处罚决定",
            "《行政处罚法》第五十一条、第五十四条",
            "请按普通程序调查终结，经负责人审查后作出行政处罚决定书"))
    if template.id == "penalty_decision" and not filed(session, case):
        out.append(GateView(
            "decision_before_filing", True,
            "本案尚未立案（没有批准的立案审批），不能按普通程序作出行政处罚决定",
            "《行政处罚法》第五十四条第二款",
            "请先提交立案审批，经负责人批准后立案调查"))
    return out


def closing_gates(session: Session, pack: JurisdictionPack, case: Case,
                  template: Template) -> list[GateView]:
    """The 结案审批表: a fine decided but not executed in full is not closed."""
    if template.id != "closing_report":
        return []
    problem = closing_problem(session, pack, case)
    if problem is None:
        return []
    return [GateView(CLOSING_GATE, True, problem.reason, problem.basis, problem.cure)]


def _investigators(session: Session, case: Case) -> dict[str, str]:
    return {o.id: o.name for o in case_officers(session, case.id)}


def review_gates(session: Session, case: Case, template: Template) -> list[GateView]:
    """Who reviewed: the approver and the 法制审核 reviewer of the approved 处罚审批 are not
    the case's officers; a no-penalty decision needs that approval too."""
    if template.id not in ("penalty_decision", "no_penalty_decision"):
        return []
    row = approvals.approved(session, case.id, "penalty")
    out: list[GateView] = []
    if row is None and template.id == "no_penalty_decision":
        latest = approvals.latest(session, case.id, "penalty")
        out.append(GateView(
            "no_penalty_approval_required", True,
            "不予行政处罚是调查终结后行政机关负责人审查作出的决定之一："
            + _waiting(latest),
            "《行政处罚法》第五十七条第一款",
            "请先提交处罚审批（写明不予处罚的理由），经负责人批准后再签发"))
    if row is not None:
        out += investigator_gates(session, case, row)
    return out


def _waiting(row: Approval | None) -> str:
    if row is None:
        return "尚未提交处罚审批"
    if row.status == "returned":
        return f"处罚审批已被退回（{row.opinion}），须重新提交"
    return "处罚审批已提交，尚待审批"


def investigator_gates(session: Session, case: Case, row: Approval) -> list[GateView]:
    staff = _investigators(session, case)
    out: list[GateView] = []
    if row.decided_by in staff:
        out.append(GateView(
            "approver_is_investigator", True,
            f"处罚审批由本案执法（调查）人员{staff[row.decided_by]}批准；按本机关查审分离制度，"
            "负责人审查由未参与本案调查的负责人进行",
            SEPARATION + "（参照《行政处罚法》第五十七条第一款：调查终结，由行政机关负责人审查）",
            "请重新提交处罚审批，由未参与本案调查的负责人审批"))
    if row.legal_review and row.legal_reviewed_by in staff:
        out.append(GateView(
            "legal_reviewer_is_investigator", True,
            f"法制审核由本案执法（调查）人员{staff[row.legal_reviewed_by]}进行；按本机关查审分离制度，"
            "法制审核由未参与本案调查的人员进行",
            SEPARATION + "（参照《行政处罚法》第五十八条：决定前由从事法制审核的人员审核）",
            "请重新提交处罚审批，由未参与本案调查的人员进行法制审核"))
    return out
