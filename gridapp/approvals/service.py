"""Approval service: an officer submits, a lead reviews, approves or returns. No Qt, no commits.

Who may do what (enforced here, whatever the front end shows): any active officer on the station
may submit a request for a case; recording the 法制审核 opinion, the 集体讨论 record, approving
and returning are a lead's acts (``roles.require(officer, "approve")``). A lead does not approve
their own request. Every step is one ``store.record`` (audit actions ``approval.*``).

When the 法制审核 and 集体讨论 are required (``review_requirements``; 行政处罚法第五十八条、
第五十七条第二款): the proposed fine reaches the pack's hearing threshold (较大数额, the same
table the hearing gate uses), the party was told of or asked for a hearing, or the officer marks
the case 重大复杂 with a reason. A 处罚审批 that requires them cannot be approved before both are
recorded. A returned request stays as it was (its comment is what the officer reads); the
officer submits a new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.accounts import roles
from gridapp.caselog import lookup
from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, PermissionDenied, ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import (
    Approval,
    Case,
    Document,
    DocumentService,
    Officer,
    Party,
    RuleEvaluation,
)
from gridapp.packs import JurisdictionPack
from gridapp.store import StationStore
from gridapp.vocab.approval import APPROVAL_STATUS, APPROVAL_STEP
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.party_kind import PARTY_KIND

MAX_OPINION = 2000
MAX_FINE = 100_000_000
# The case statuses a step can be asked for in: any open case (documents are not tied to a
# status either), but 立案审批 only before the case is filed.
OPEN = frozenset({"discovered", "verified", "rectifying", "filed", "investigated", "decided",
                  "executing"})
STEP_STATUSES: dict[str, frozenset[str]] = {
    "filing": frozenset({"discovered", "verified", "rectifying"}),
    "penalty": OPEN,
    "closing": OPEN,
    # A coercive measure or the preservation of evidence, approved by the 负责人 (行政强制法
    # 第十八条第一项、第二十五条第一款; 行政处罚法第五十六条), each once per case.
    "seizure": OPEN,
    "seizure_extend": OPEN,
    "preservation": OPEN,
}
# The approval form each step's approval lets the lead issue.
STEP_TEMPLATES: dict[str, str] = {"filing": "filing_approval", "penalty": "penalty_approval",
                                  "closing": "closing_report"}
TEMPLATE_STEPS = {template: step for step, template in STEP_TEMPLATES.items()}


@dataclass(frozen=True)
class Requirements:
    legal_review: bool
    collective: bool
    reasons: tuple[str, ...]  # Chinese, why (empty when neither is required)


@dataclass(frozen=True)
class ApprovalRow:
    """One approval request as the queue, the case view and the CLI show it (plain data)."""

    id: str
    case_id: str
    case_number: str
    step: str
    step_label: str
    status: str
    status_label: str
    submitted_by: str  # name
    submitted_badge: str
    submitted_at: datetime
    note: str
    proposed_fine: int | None
    legal_review_required: bool
    collective_required: bool
    major_reason: str
    legal_review: str
    legal_reviewer: str
    legal_reviewed_at: datetime | None
    collective: str
    collective_by: str
    collective_at: datetime | None
    decided_by: str
    decided_at: datetime | None
    opinion: str
    violation_name: str = ""
    party_name: str = ""

    @property
    def waiting_for(self) -> str:
        """What the request waits for next, in words ("" once decided)."""
        if self.status != "pending":
            return ""
        if self.legal_review_required and not self.legal_review:
            return "待法制审核"
        if self.collective_required and not self.collective:
            return "待集体讨论"
        return "待负责人审批"


def _text(value: str, field: str, label: str, *, required: bool) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError(f"{label}不能为空", f"{field} is required", field=field)
    return check_text(text, field, multiline=True, max_chars=MAX_OPINION, label=label)


def _step(step: str) -> str:
    """A step code; its Chinese label (立案审批) is taken for it."""
    step = next((t.code for t in APPROVAL_STEP if step.strip() in (t.code, t.zh)), step)
    if step not in APPROVAL_STEP:
        raise ValidationError(f"未知的审批环节“{step}”，可选：{APPROVAL_STEP.choices_zh()}",
                              f"unknown approval step {step!r}", field="step")
    return step


def check_fine(value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FINE:
        raise ValidationError(f"拟罚款金额须为 0 至 {MAX_FINE} 之间的整数（元）",
                              "proposed fine must be a whole number of yuan", field="fine")
    return value


def _evaluation_input(session: Session, case_id: str) -> dict[str, object]:
    row = session.scalars(
        select(RuleEvaluation.input_json)
        .where(RuleEvaluation.case_id == case_id, RuleEvaluation.deleted.is_(False))
        .order_by(RuleEvaluation.evaluated_at.desc())).first()
    try:
        data = json.loads(row) if row else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def stored_fine(session: Session, case_id: str) -> int | None:
    """The proposed fine of the case's latest rules evaluation, if any."""
    part = _evaluation_input(session, case_id).get("case")
    fine = part.get("proposed_fine") if isinstance(part, dict) else None
    return int(fine) if isinstance(fine, int | float) and not isinstance(fine, bool) else None


def _hearing(session: Session, case_id: str) -> bool:
    part = _evaluation_input(session, case_id).get("case")
    if isinstance(part, dict) and part.get("hearing_requested"):
        return True
    served = session.execute(
        select(Document.id).join(DocumentService, DocumentService.document_id == Document.id)
        .where(Document.case_id == case_id, Document.template_id == "hearing_notice",
               Document.voided_at.is_(None), Document.deleted.is_(False),
               DocumentService.deleted.is_(False))).first()
    return served is not None


def review_requirements(session: Session, pack: JurisdictionPack, case: Case,
                        fine: int | None, major_reason: str = "") -> Requirements:
    """Whether a 处罚 decision on ``case`` with ``fine`` needs 法制审核 and 集体讨论, and why."""
    reasons: list[str] = []
    party = session.get(Party, case.party_id) if case.party_id else None
    kind = party.kind if party is not None else "person"
    thresholds = pack.hearing_thresholds
    if fine is not None and thresholds.requires_hearing(kind, fine):
        reasons.append(f"拟对{PARTY_KIND.zh(kind)}罚款 {fine} 元，属较大数额（{thresholds.zh(kind)}）")
    if _hearing(session, case.id):
        reasons.append("已告知听证权利或当事人要求听证")
    if major_reason.strip():
        reasons.append(f"重大复杂案件：{major_reason.strip()}")
    required = bool(reasons)
    return Requirements(required, required, tuple(reasons))


def _acting(store: StationStore, session: Session, actor: str) -> Officer:
    return store.officer_by_badge(session, actor)


def submit(store: StationStore, session: Session, case_ref: str, step: str, actor: str, *,
           note: str = "", proposed_fine: int | None = None, major_reason: str = "") -> Approval:
    """The officer ``actor`` asks for ``step`` on the case. Refused (nothing written): an
    unknown step; a case whose status does not take the step; a request of that step already
    waiting, or (立案、结案) approved; for ``penalty``, no fine given or stored on the case is allowed (a
    non-fine penalty), a bad amount is not; a note over ``MAX_OPINION`` characters."""
    step = _step(step)
    note = _text(note, "note", "承办人意见", required=False)
    major_reason = _text(major_reason, "major", "重大复杂案件理由", required=False)
    fine = check_fine(proposed_fine)
    if fine is not None and step != "penalty":
        raise ValidationError(f"拟罚款金额只用于处罚审批，{APPROVAL_STEP.zh(step)}不填写",
                              f"a proposed fine is for the penalty step only, not {step}",
                              field="fine")
    if major_reason and step != "penalty":
        raise ValidationError(f"重大复杂案件（须法制审核、集体讨论）只用于处罚审批，"
                              f"{APPROVAL_STEP.zh(step)}不适用（《行政处罚法》第五十七条第二款、第五十八条）",
                              f"the major-case reason is for the penalty step only, not {step}",
                              field="major")
    officer = _acting(store, session, actor)
    if officer.role == "admin":
        raise PermissionDenied(f"{officer.name}（管理员）不办理案件，不能提交审批",
                               "an administrator does not handle cases", field="role")
    case = lookup.find_case(session, case_ref)
    if case.status not in STEP_STATUSES[step]:
        allowed = "、".join(CASE_STATUS.zh(s) for s in sorted(STEP_STATUSES[step],
                                                              key=CASE_STATUS.codes.index))
        raise ValidationError(
            f"案件 {case.number} 当前状态为“{CASE_STATUS.zh(case.status)}”，不能提交"
            f"{APPROVAL_STEP.zh(step)}（可在：{allowed}）",
            f"case status {case.status} does not take a {step} approval", field="step")
    # A 处罚审批 may be asked again after approval (a different amount); the others once.
    blocking = ("pending",) if step == "penalty" else ("pending", "approved")
    for other in session.scalars(
        select(Approval).where(Approval.case_id == case.id, Approval.step == step,
                               Approval.status.in_(blocking), Approval.deleted.is_(False))
    ):
        raise ValidationError(
            f"案件 {case.number} 的{APPROVAL_STEP.zh(step)}已{APPROVAL_STATUS.zh(other.status)}，"
            "不能重复提交", f"a {step} approval is already {other.status}", field="step")
    if step == "seizure_extend":
        _check_live_seizure(session, case)
    if step == "closing":  # a penalty decided but not executed is not closed
        from gridapp.execution.service import check_closing

        check_closing(session, store.pack, case)
    if step == "penalty" and fine is None:
        fine = stored_fine(session, case.id)
    needs = Requirements(False, False, ())
    if step == "penalty":
        needs = review_requirements(session, store.pack, case, fine, major_reason)
    row = Approval(
        case_id=case.id, step=step, status="pending", submitted_by=officer.id,
        submitted_at=clock.now(), note=note, proposed_fine=fine if step == "penalty" else None,
        legal_review_required=needs.legal_review, collective_required=needs.collective,
        major_reason="；".join(needs.reasons),
    )
    session.add(row)
    store.record(session, row, op="insert", actor=actor, action="approval.submit",
                 case_id=case.id, audit_extra={"step": step, "note": note,
                                               "proposed_fine": row.proposed_fine,
                                               "major_reason": row.major_reason})
    return row


def _check_live_seizure(session: Session, case: Case) -> None:
    """延长扣押 (行政强制法第二十五条第一款) extends a seizure in force: the case holds a valid
    扣押决定书, not released, made on an approved 扣押审批 or 情况紧急 on the spot (第十九条)."""
    basis = "（《行政强制法》第二十五条第一款）"
    decision = session.scalars(
        select(Document).where(Document.case_id == case.id,
                               Document.template_id == "seizure_decision",
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at.desc())).first()
    if decision is None:
        raise ValidationError(f"案件 {case.number} 没有有效的扣押决定书，无从延长扣押期限{basis}",
                              "no seizure decision to extend", field="step")
    released = session.scalar(
        select(Document.number).where(Document.case_id == case.id,
                                      Document.template_id == "seizure_release",
                                      Document.voided_at.is_(None), Document.deleted.is_(False),
                                      Document.issued_at >= decision.issued_at).limit(1))
    if released is not None:
        raise ValidationError(f"扣押决定书 {decision.number} 已解除扣押（{released}），无从延长{basis}",
                              "the seizure was released", field="step")
    try:
        urgent = bool(str(json.loads(decision.fields_json).get("urgent") or "").strip())
    except ValueError:
        urgent = False
    if not urgent and approved(session, case.id, "seizure") is None:
        raise ValidationError(f"扣押决定书 {decision.number} 没有已批准的扣押审批，也不是情况紧急当场实施的，"
                              f"不能延长（《行政强制法》第十八条第一项、第十九条、第二十五条第一款）",
                              "the seizure has no approval", field="step")


def find_approval(session: Session, ref: str, *, step: str | None = None) -> Approval:
    """An approval by its id (or an id prefix of at least 6 characters), or the waiting request
    of a case given by its number (``step`` picks one when several wait)."""
    ref = ref.strip()
    if step is not None:
        step = _step(step)
    if len(ref) >= 6:
        rows = list(session.scalars(select(Approval).where(Approval.id.like(f"{ref}%"),
                                                           Approval.deleted.is_(False))))
        if len(rows) == 1:
            return rows[0]
    if not ref:
        raise ValidationError("请给出审批编号或案件编号", "an approval or case is required",
                              field="approval")
    try:
        case = lookup.find_case(session, ref)
    except NotFoundError:
        raise NotFoundError(f"找不到审批 {ref}（请给出审批编号或案件编号）",
                            f"no approval {ref}", field="approval") from None
    query = select(Approval).where(Approval.case_id == case.id, Approval.status == "pending",
                                   Approval.deleted.is_(False))
    if step is not None:
        query = query.where(Approval.step == step)
    rows = list(session.scalars(query))
    if not rows:
        raise NotFoundError(f"案件 {case.number} 没有待审批的请求",
                            f"case {case.number} has no approval waiting", field="approval")
    if len(rows) > 1:
        steps = "、".join(APPROVAL_STEP.zh(r.step) for r in rows)
        raise ValidationError(f"案件 {case.number} 有多个待审批请求（{steps}），请用 --step 指明",
                              "several approvals wait; name the step", field="step")
    return rows[0]


def _lead_act(store: StationStore, session: Session, ref: str, actor: str,
              step: str | None) -> tuple[Approval, Officer]:
    officer = _acting(store, session, actor)
    roles.require(officer, "approve")
    row = find_approval(session, ref, step=step)
    if row.status != "pending":
        raise ValidationError(
            f"该{APPROVAL_STEP.zh(row.step)}已{APPROVAL_STATUS.zh(row.status)}，不能再处理",
            f"approval is already {row.status}", field="approval")
    return row, officer


# The review is not the investigators' own: the unit's 查审分离 rule (本机关查审分离制度), with
# the articles it rests on as context — the statute asks for the 负责人's review and a 法制审核,
# not in so many words for reviewers outside the investigation.
SEPARATION = "本机关查审分离制度"
SEPARATED: dict[str, tuple[str, str]] = {
    "penalty": ("调查终结后的负责人审查",
                SEPARATION + "，参照《行政处罚法》第五十七条第一款"),
    "closing": ("结案时负责人对执行情况的审查",
                SEPARATION + "，参照《行政处罚法》第五十七条第一款"),
}
LEGAL_REVIEW_RULE = ("负责人作出决定前的法制审核", SEPARATION + "，参照《行政处罚法》第五十八条")


def _not_investigator(session: Session, row: Approval, officer: Officer, act: str,
                      rule: tuple[str, str]) -> None:
    """Refuse ``officer`` for ``act`` on ``row`` when they are one of the case's officers."""
    from gridapp.caselog.service import case_officers

    if officer.id not in {o.id for o in case_officers(session, row.case_id)}:
        return
    why, basis = rule
    raise PermissionDenied(
        f"{officer.name}是本案执法（调查）人员，不能{act}：按本机关查审分离制度，{why}由未参与"
        f"本案调查的人员进行（{basis}）", f"an officer on the case may not {act}", field="investigator")


def record_legal_review(store: StationStore, session: Session, ref: str, opinion: str,
                        actor: str, *, step: str | None = None) -> Approval:
    """法制审核意见 on a waiting 处罚审批 (行政处罚法第五十八条), by a lead who is not one of
    the case's officers."""
    opinion = _text(opinion, "opinion", "法制审核意见", required=True)
    row, officer = _lead_act(store, session, ref, actor, step)
    if row.step != "penalty":
        raise ValidationError("法制审核只针对处罚审批", "legal review is for penalty approvals",
                              field="step")
    _not_investigator(session, row, officer, "进行法制审核", LEGAL_REVIEW_RULE)
    before = snapshot(row)
    row.legal_review, row.legal_reviewed_by, row.legal_reviewed_at = opinion, officer.id, clock.now()
    store.record(session, row, op="update", actor=actor, action="approval.legal_review",
                 case_id=row.case_id, before=before, audit_extra={"step": row.step})
    return row


def record_collective(store: StationStore, session: Session, ref: str, record: str,
                      actor: str, *, step: str | None = None) -> Approval:
    """集体讨论 record (who took part, the conclusion) on a waiting 处罚审批
    (行政处罚法第五十七条第二款), entered by a lead."""
    record = _text(record, "record", "集体讨论记录", required=True)
    row, officer = _lead_act(store, session, ref, actor, step)
    if row.step != "penalty":
        raise ValidationError("集体讨论只针对处罚审批", "collective discussion is for penalty approvals",
                              field="step")
    before = snapshot(row)
    row.collective, row.collective_by, row.collective_at = record, officer.id, clock.now()
    store.record(session, row, op="update", actor=actor, action="approval.collective",
                 case_id=row.case_id, before=before, audit_extra={"step": row.step})
    return row


def approve(store: StationStore, session: Session, ref: str, opinion: str, actor: str, *,
            step: str | None = None) -> Approval:
    """A lead approves a waiting request with their opinion (default “同意。”). Refused while
    a required 法制审核 or 集体讨论 is missing, for the lead's own request, and — for a 处罚审批
    or 结案审批 — for a lead who is one of the case's officers (``SEPARATED``)."""
    opinion = _text(opinion, "opinion", "审批意见", required=False) or "同意。"
    row, officer = _lead_act(store, session, ref, actor, step)
    if row.submitted_by == officer.id:
        raise PermissionDenied(f"{officer.name} 不能审批自己提交的请求，请由其他负责人审批",
                               "a lead does not approve their own request", field="approval")
    if row.step in SEPARATED:
        _not_investigator(session, row, officer, f"审批本案的{APPROVAL_STEP.zh(row.step)}",
                          SEPARATED[row.step])
    if row.step == "closing":
        from gridapp.execution.service import check_closing

        case = session.get(Case, row.case_id)
        if case is not None:
            check_closing(session, store.pack, case)
    if row.legal_review_required and not row.legal_review:
        raise ValidationError(
            f"本案须经法制审核（{row.major_reason}），请先记录法制审核意见（《行政处罚法》第五十八条）",
            "legal review required before approval", field="legal_review")
    if row.collective_required and not row.collective:
        raise ValidationError(
            f"本案须经负责人集体讨论（{row.major_reason}），请先记录集体讨论（《行政处罚法》第五十七条第二款）",
            "collective discussion required before approval", field="collective")
    before = snapshot(row)
    row.status, row.decided_by, row.decided_at, row.opinion = (
        "approved", officer.id, clock.now(), opinion)
    store.record(session, row, op="update", actor=actor, action="approval.approve",
                 case_id=row.case_id, before=before, audit_extra={"step": row.step})
    return row


def send_back(store: StationStore, session: Session, ref: str, comment: str, actor: str, *,
              step: str | None = None) -> Approval:
    """A lead returns a waiting request with a comment (required): the officer sees it on the
    case and submits again."""
    comment = _text(comment, "comment", "退回意见", required=True)
    row, officer = _lead_act(store, session, ref, actor, step)
    before = snapshot(row)
    row.status, row.decided_by, row.decided_at, row.opinion = (
        "returned", officer.id, clock.now(), comment)
    store.record(session, row, op="update", actor=actor, action="approval.return",
                 case_id=row.case_id, before=before, audit_extra={"step": row.step})
    return row


def latest(session: Session, case_id: str, step: str) -> Approval | None:
    """The case's most recent request of ``step`` (any status)."""
    return session.scalars(
        select(Approval).where(Approval.case_id == case_id, Approval.step == step,
                               Approval.deleted.is_(False))
        .order_by(Approval.submitted_at.desc())).first()


def approved(session: Session, case_id: str, step: str) -> Approval | None:
    return session.scalars(
        select(Approval).where(Approval.case_id == case_id, Approval.step == step,
                               Approval.status == "approved", Approval.deleted.is_(False))
        .order_by(Approval.decided_at.desc())).first()


def rows(session: Session, approvals: list[Approval], pack: JurisdictionPack | None = None
         ) -> list[ApprovalRow]:
    """Plain rows for ``approvals`` (names resolved, case number, violation and party)."""
    ids = {a.case_id for a in approvals}
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
    people = {o.id: o for o in session.scalars(select(Officer).where(Officer.id.in_(
        {x for a in approvals for x in (a.submitted_by, a.legal_reviewed_by, a.collective_by,
                                        a.decided_by) if x})))}
    parties = dict(session.execute(select(Party.id, Party.name).where(Party.id.in_(
        {c.party_id for c in cases.values() if c.party_id}))).all())
    out = []
    for a in approvals:
        case = cases.get(a.case_id)
        sub = people.get(a.submitted_by)

        def name(officer_id: str | None) -> str:
            person = people.get(officer_id or "")
            return person.name if person is not None else ""

        violation = ""
        if case is not None and pack is not None:
            vt = pack.violations.get(case.violation_code)
            violation = vt.name if vt is not None else case.violation_code
        out.append(ApprovalRow(
            id=a.id, case_id=a.case_id, case_number=case.number if case else "", step=a.step,
            step_label=APPROVAL_STEP.zh(a.step), status=a.status,
            status_label=APPROVAL_STATUS.zh(a.status), submitted_by=sub.name if sub else "",
            submitted_badge=sub.badge_no if sub else "", submitted_at=a.submitted_at,
            note=a.note, proposed_fine=a.proposed_fine,
            legal_review_required=a.legal_review_required,
            collective_required=a.collective_required, major_reason=a.major_reason,
            legal_review=a.legal_review, legal_reviewer=name(a.legal_reviewed_by),
            legal_reviewed_at=a.legal_reviewed_at, collective=a.collective,
            collective_by=name(a.collective_by), collective_at=a.collective_at,
            decided_by=name(a.decided_by), decided_at=a.decided_at, opinion=a.opinion,
            violation_name=violation,
            party_name=parties.get(case.party_id, "") if case and case.party_id else ""))
    return out


def waiting(session: Session, pack: JurisdictionPack | None = None) -> list[ApprovalRow]:
    """The lead's queue: every waiting request, oldest first."""
    found = list(session.scalars(
        select(Approval).join(Case, Case.id == Approval.case_id)
        .where(Approval.status == "pending", Approval.deleted.is_(False),
               Case.deleted.is_(False))
        .order_by(Approval.submitted_at)))
    return rows(session, found, pack)


def approvals_of_case(session: Session, case_id: str, pack: JurisdictionPack | None = None
                      ) -> list[ApprovalRow]:
    """Every request on the case, newest first (a returned one shows its comment)."""
    found = list(session.scalars(
        select(Approval).where(Approval.case_id == case_id, Approval.deleted.is_(False))
        .order_by(Approval.submitted_at.desc())))
    return rows(session, found, pack)
