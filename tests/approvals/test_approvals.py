"""Approvals: an officer submits, a lead reviews, approves or returns; the legal engine's gates
know them (行政处罚法第五十七条、第五十八条) and the approval forms print them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.approvals import service as approvals
from gridapp.documents.service import fill_for_case, issue_document
from gridapp.errors import GateBlockedError, PermissionDenied, ValidationError
from gridapp.models import Approval, AuditEvent, Case
from gridapp.store import StationStore
from gridapp.workbench.timeline import case_timeline
from tests.conftest import LEAD_BADGE, OFFICER_BADGE, REVIEWER_BADGE, add_reviewer
from tests.documents.conftest import (
    FREE_FIELDS,
    approve_step,
    days_ago,
    evaluate,
    issue,
    pdftotext,
    serve,
)

HIGH_FINE = 6000  # ≥ the Shanghai pack's 较大数额 for a person (5000 inclusive)


def _counts(store: StationStore) -> tuple[int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(Approval)) or 0,
                s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _submit(store: StationStore, case: Case, step: str, **kw: object) -> str:
    with store.session() as s:
        return approvals.submit(store, s, case.number, step, OFFICER_BADGE, **kw).id  # type: ignore[arg-type]


def _gates(store: StationStore, case: Case, template: str, fine: int | None = None) -> dict[str, str]:
    """The blocking gates of issuing ``template`` today, as the document wizard shows them."""
    pairs = list(FREE_FIELDS[template]) + ([f"fine_amount={fine}"] if fine is not None else [])
    with store.read() as s:
        _, _, result = fill_for_case(store, s, case.number, template, pairs)
    return {g.gate: g.sentence() for g in result.gates if g.blocking}


def _ready_for_decision(store: StationStore, case: Case) -> None:
    """Case filed, advance notice served twenty days ago: only the 处罚审批 stands between the
    officer and the decision (reviewed by the lead who is not on the case)."""
    add_reviewer(store)
    approve_step(store, case, "filing")
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))


def test_a_decision_waits_for_the_penalty_approval(store: StationStore, photo_case: Case) -> None:
    _ready_for_decision(store, photo_case)
    gates = _gates(store, photo_case, "penalty_decision")
    assert set(gates) == {"penalty_approval_required"}
    assert "尚未提交处罚审批" in gates["penalty_approval_required"]
    assert "第五十七条" in gates["penalty_approval_required"]
    approval_id = _submit(store, photo_case, "penalty", note="建议罚款300元")
    assert "尚待审批" in _gates(store, photo_case, "penalty_decision")["penalty_approval_required"]
    with store.session() as s, pytest.raises(GateBlockedError) as err:
        issue_document(store, s, photo_case.number, "penalty_decision", [], LEAD_BADGE)
    assert err.value.field == "penalty_approval_required"
    assert "处罚审批" in err.value.message_zh and "《行政处罚法》第五十七条第一款" in err.value.message_zh
    with store.session() as s:
        approvals.approve(store, s, approval_id, "同意按裁量基准罚款300元。", REVIEWER_BADGE)
    assert _gates(store, photo_case, "penalty_decision") == {}
    assert set(_gates(store, photo_case, "penalty_decision", fine=500)) == {"fine_above_approved"}
    decision = issue(store, photo_case, "penalty_decision")
    assert decision.number


def test_a_major_decision_is_blocked_until_legal_review_and_collective_discussion(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _ready_for_decision(store, photo_case)
    approval_id = _submit(store, photo_case, "penalty", major_reason="涉及多个法律关系，案情复杂")
    with store.read() as s:
        row = s.get(Approval, approval_id)
        assert row is not None and row.legal_review_required and row.collective_required
    gates = _gates(store, photo_case, "penalty_decision")
    assert {"penalty_approval_required", "legal_review_required",
            "collective_discussion_required"} == set(gates)
    assert "《行政处罚法》第五十八条" in gates["legal_review_required"]
    assert "第五十七条第二款" in gates["collective_discussion_required"]
    with store.session() as s, pytest.raises(ValidationError) as err:
        approvals.approve(store, s, approval_id, "同意。", REVIEWER_BADGE)
    assert err.value.field == "legal_review" and "法制审核" in err.value.message_zh
    with store.session() as s:
        approvals.record_legal_review(store, s, approval_id, "事实清楚，证据确凿，适用法律正确。",
                                      REVIEWER_BADGE)
    assert "legal_review_required" not in _gates(store, photo_case, "penalty_decision")
    with store.session() as s, pytest.raises(ValidationError) as err:
        approvals.approve(store, s, approval_id, "同意。", REVIEWER_BADGE)
    assert err.value.field == "collective"
    with store.session() as s:
        approvals.record_collective(store, s, approval_id,
                                    "张建国、王芳参加，一致同意罚款300元。", LEAD_BADGE)
        approvals.approve(store, s, approval_id, "同意。", REVIEWER_BADGE)
    assert _gates(store, photo_case, "penalty_decision") == {}
    issue(store, photo_case, "penalty_decision")
    # The approval form prints the approval: opinion, approver and day; review and discussion.
    form = issue(store, photo_case, "penalty_approval")
    out = tmp_path / "form.pdf"
    from gridapp.cli.main import main as cli_main

    assert cli_main(["doc", "render", form.number, "--out", str(out),
                     "--data-dir", str(store.data_dir)]) == 0
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "事实清楚，证据确凿，适用法律正确。" in text and "审核人：陈立" in text
    assert "张建国、王芳参加，一致同意罚款300元。（2026年11月28日，张建国记录）" in text
    assert "审批人：陈立日期：2026年11月28日" in text


def test_a_fine_at_the_hearing_threshold_needs_legal_review(store: StationStore,
                                                             photo_case: Case) -> None:
    with store.read() as s:
        case = s.get(Case, photo_case.id)
        assert case is not None
        big = approvals.review_requirements(s, store.pack, case, HIGH_FINE)
        small = approvals.review_requirements(s, store.pack, case, 300)
    assert big.legal_review and big.collective and "较大数额" in big.reasons[0]
    assert not small.legal_review and not small.collective
    # A decision for more than the approved amount that crosses the threshold needs them too.
    _ready_for_decision(store, photo_case)
    with store.session() as s:
        approvals.approve(store, s, _submit(store, photo_case, "penalty"), "同意。", REVIEWER_BADGE)
    gates = _gates(store, photo_case, "penalty_decision", fine=HIGH_FINE)
    assert {"fine_above_approved", "legal_review_required",
            "collective_discussion_required"} <= set(gates)


def test_a_returned_approval_goes_back_to_the_officer_with_the_comment(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    approval_id = _submit(store, photo_case, "filing", note="建议立案")
    res = run_cli("approval", "return", photo_case.number, "--comment", "证据不足，请补充现场照片后再报",
                  "--as", LEAD_BADGE, "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    assert "已退回" in res.out
    with store.read() as s:
        rows = approvals.approvals_of_case(s, photo_case.id, store.pack)
        queue = approvals.waiting(s)
    assert rows[0].status == "returned" and rows[0].opinion == "证据不足，请补充现场照片后再报"
    assert rows[0].decided_by == "张建国" and rows[0].id == approval_id
    assert queue == []
    # The form cannot be issued, and says why: the comment.
    gates = _gates(store, photo_case, "filing_approval")
    assert "已被退回（证据不足，请补充现场照片后再报）" in gates["approval_required"]
    listed = run_cli("approval", "list", "--case", photo_case.number, "--data-dir", store.data_dir)
    assert "退回意见：证据不足，请补充现场照片后再报（张建国" in listed.out
    # The officer submits again; a returned request cannot be approved any more.
    again = _submit(store, photo_case, "filing", note="已补充照片")
    with store.session() as s, pytest.raises(ValidationError):
        approvals.approve(store, s, approval_id, "同意。", LEAD_BADGE)
    with store.session() as s:
        approvals.approve(store, s, again, "同意立案。", LEAD_BADGE)
    words = [f"{e.action_label} {e.summary}" for e in case_timeline(store, photo_case.id)]
    joined = "\n".join(words)
    for label in ("提交审批", "审批退回", "审批通过"):
        assert label in joined, (label, words)
    assert "审批退回 立案审批：退回，意见：证据不足，请补充现场照片后再报" in joined
    assert "提交审批 立案审批，承办人意见：已补充照片" in joined


def test_every_step_is_in_the_audit_trail_with_its_label(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    add_reviewer(store)
    approval_id = _submit(store, photo_case, "penalty", major_reason="重大复杂")
    with store.session() as s:
        approvals.record_legal_review(store, s, approval_id, "合法。", REVIEWER_BADGE)
        approvals.record_collective(store, s, approval_id, "集体讨论同意。", LEAD_BADGE)
        approvals.approve(store, s, approval_id, "同意。", REVIEWER_BADGE)
    with store.read() as s:
        actions = [a for (a,) in s.execute(select(AuditEvent.action).where(
            AuditEvent.entity == "approval").order_by(AuditEvent.seq))]
    assert actions == ["approval.submit", "approval.legal_review", "approval.collective",
                       "approval.approve"]
    shown = run_cli("audit", "show", photo_case.number, "--data-dir", store.data_dir).out
    for label in ("提交审批", "法制审核", "集体讨论", "审批通过"):
        assert label in shown
    assert "approval." not in shown


def test_an_officer_cannot_approve_through_the_api(store: StationStore, photo_case: Case) -> None:
    approval_id = _submit(store, photo_case, "filing")
    before = _counts(store)
    for act in (lambda s: approvals.approve(store, s, approval_id, "同意。", OFFICER_BADGE),
                lambda s: approvals.send_back(store, s, approval_id, "退回", OFFICER_BADGE),
                lambda s: approvals.record_legal_review(store, s, approval_id, "合法", OFFICER_BADGE),
                lambda s: approvals.record_collective(store, s, approval_id, "同意", OFFICER_BADGE)):
        with store.session() as s, pytest.raises(PermissionDenied) as err:
            act(s)
        assert "无权审批" in err.value.message_zh
    assert _counts(store) == before
    with store.read() as s:
        assert s.get(Approval, approval_id).status == "pending"  # type: ignore[union-attr]


def test_an_officer_cannot_approve_through_the_cli(store: StationStore, photo_case: Case,
                                                   run_cli) -> None:  # type: ignore[no-untyped-def]
    _submit(store, photo_case, "closing")
    before = _counts(store)
    for argv in (["approve", photo_case.number], ["return", photo_case.number, "--comment", "退回"],
                 ["legal-review", photo_case.number, "--opinion", "合法"],
                 ["discuss", photo_case.number, "--record", "同意"]):
        res = run_cli("approval", *argv, "--as", OFFICER_BADGE, "--data-dir", store.data_dir)
        assert res.code == 2, argv
        assert "无权审批" in res.err and "Traceback" not in res.err
    assert _counts(store) == before


def test_a_lead_does_not_approve_their_own_request(store: StationStore, photo_case: Case) -> None:
    with store.session() as s:
        own = approvals.submit(store, s, photo_case.number, "closing", LEAD_BADGE).id
    with store.session() as s, pytest.raises(PermissionDenied) as err:
        approvals.approve(store, s, own, "同意。", LEAD_BADGE)
    assert "自己提交" in err.value.message_zh


def test_an_approval_form_needs_its_approval_and_prints_it(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s, pytest.raises(GateBlockedError) as err:
        issue_document(store, s, photo_case.number, "filing_approval",
                       FREE_FIELDS["filing_approval"], LEAD_BADGE)
    assert err.value.field == "approval_required" and "尚未提交立案审批" in err.value.message_zh
    res = run_cli("approval", "submit", photo_case.number, "--step", "filing", "--note", "建议立案",
                  "--as", OFFICER_BADGE, "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    ok = run_cli("approval", "approve", photo_case.number, "--opinion", "同意立案调查。",
                 "--as", LEAD_BADGE, "--data-dir", store.data_dir)
    assert ok.code == 0, ok.err
    out = tmp_path / "filing.pdf"
    res = run_cli("doc", "issue", photo_case.number, "filing_approval", "--out", out,
                  "--as", LEAD_BADGE, "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "同意立案调查。" in text and "审批人：张建国日期：2026年11月28日" in text


@pytest.mark.parametrize(("argv", "needle"), [
    (["submit", "{case}", "--step", "arrest"], "未知的审批环节"),
    (["submit", "{case}", "--step", "penalty", "--fine", "三百"], "不是整数元"),
    (["submit", "{case}", "--step", "penalty", "--fine", "-5"], "不是整数元"),
    (["submit", "{case}", "--step", "penalty", "--fine", "9" * 13], "不是整数元"),
    (["submit", "{case}", "--step", "penalty", "--fine", "200000000"], "0 至"),
    (["submit", "{case}", "--step", "filing", "--note", "x" * 2001], "过长"),
    (["submit", "{case}", "--step", "filing", "--note", "同意\x1b[31m"], "控制字符"),
    (["submit", "{case}", "--step", "penalty", "--major", "\u202e复杂"], "控制字符"),
    (["submit", "沪城管案〔2026〕99-999999", "--step", "filing"], "找不到"),
    (["approve", ""], "请给出审批编号"),
    (["approve", "nonexistent-approval"], "找不到"),
    (["approve", "{case}", "--step", "arrest"], "未知的审批环节"),
    (["return", "{case}", "--comment", "  "], "退回意见不能为空"),
    (["legal-review", "{case}", "--opinion", ""], "法制审核意见不能为空"),
    (["discuss", "{case}", "--record", "\x00"], "控制字符"),
])
def test_bad_approval_input_is_refused_in_chinese_and_writes_nothing(
        store: StationStore, photo_case: Case, run_cli, argv: list[str],  # type: ignore[no-untyped-def]
        needle: str) -> None:
    before = _counts(store)
    args = [a.replace("{case}", photo_case.number) for a in argv]
    res = run_cli("approval", *args, "--as", LEAD_BADGE, "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err and "Traceback" not in res.err
    assert _counts(store) == before


def test_a_step_cannot_be_submitted_twice_or_on_a_closed_case(store: StationStore,
                                                              photo_case: Case) -> None:
    _submit(store, photo_case, "filing")
    with pytest.raises(ValidationError) as err:
        _submit(store, photo_case, "filing")
    assert "已待审批" in err.value.message_zh
    from gridapp.caselog import service

    with store.session() as s:
        case = service.find_case(s, photo_case.id)
        service.transition(store, s, case, "dismissed", LEAD_BADGE)
    with pytest.raises(ValidationError) as err:
        _submit(store, photo_case, "closing")
    assert "不能提交结案审批" in err.value.message_zh


def test_the_queue_lists_waiting_requests_oldest_first(store: StationStore, photo_case: Case,
                                                       run_cli) -> None:  # type: ignore[no-untyped-def]
    first = _submit(store, photo_case, "filing", note="建议立案")
    evaluate(store, photo_case, fine=HIGH_FINE)
    second = _submit(store, photo_case, "penalty")
    res = run_cli("approval", "list", "--json", "--data-dir", store.data_dir)
    rows = res.json()
    assert [r["id"] for r in rows] == [first, second]
    assert rows[1]["proposed_fine"] == HIGH_FINE and rows[1]["waiting_for"] == "待法制审核"
    assert rows[0]["waiting_for"] == "待负责人审批" and rows[0]["submitted_by"] == "李明"
    # Two requests wait on the case: the case number alone is ambiguous, the step decides.
    res = run_cli("approval", "approve", photo_case.number, "--as", LEAD_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 2 and "--step" in res.err
    res = run_cli("approval", "approve", photo_case.number, "--step", "立案审批", "--as", LEAD_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err


def test_a_higher_fine_needs_a_new_penalty_approval(store: StationStore, photo_case: Case) -> None:
    _ready_for_decision(store, photo_case)
    with store.session() as s:
        approvals.approve(store, s, _submit(store, photo_case, "penalty", proposed_fine=300),
                          "同意。", REVIEWER_BADGE)
    assert set(_gates(store, photo_case, "penalty_decision", fine=400)) == {"fine_above_approved"}
    again = _submit(store, photo_case, "penalty", proposed_fine=400, note="情节较重，建议400元")
    with pytest.raises(ValidationError):
        _submit(store, photo_case, "penalty", proposed_fine=450)
    with store.session() as s:
        approvals.approve(store, s, again, "同意400元。", REVIEWER_BADGE)
    assert _gates(store, photo_case, "penalty_decision", fine=400) == {}
