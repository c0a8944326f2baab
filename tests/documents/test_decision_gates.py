"""One decision per case, in its own procedure, reviewed by someone who did not investigate it
(行政处罚法第二十九条、第五十一条、第五十四条、第五十七条、第五十八条): each refusal names the gate and
the article, and nothing is issued."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from gridapp.approvals import service as approvals
from gridapp.caselog import service
from gridapp.documents.service import issue_document, void_document
from gridapp.errors import GateBlockedError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE, REVIEWER_BADGE, add_reviewer
from tests.documents.conftest import (
    FREE_FIELDS,
    approve_step,
    days_ago,
    evaluate,
    issue,
    serve,
)


def _documents(store: StationStore) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(Document)) or 0)


def _refused(store: StationStore, case: Case, template: str,
             extra: list[str] | None = None) -> GateBlockedError:
    """Issuing ``template`` directly (no approval made for it) is refused; nothing written."""
    before = _documents(store)
    with store.session() as s, pytest.raises(GateBlockedError) as err:
        issue_document(store, s, case.number, template, FREE_FIELDS[template] + (extra or []),
                       LEAD_BADGE)
    assert _documents(store) == before
    return err.value


def _decided(store: StationStore, case: Case) -> str:
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    decision = issue(store, case, "penalty_decision")
    return decision.number


def test_a_second_decision_on_the_same_case_is_refused_until_the_first_is_voided(
        store: StationStore, photo_case: Case) -> None:
    first = _decided(store, photo_case)
    again = _refused(store, photo_case, "penalty_decision")
    assert again.field == "decision_already_made"
    assert "【已作出决定】" in again.message_zh and first in again.message_zh
    # 第五十七条第一款 (one review, one decision); 第二十九条 forbids a second fine only.
    assert "《行政处罚法》第五十七条第一款" in again.message_zh
    assert "第二十九条" not in again.message_zh
    # Nor another kind of decision on the same act: no-penalty after a fine.
    evaluate(store, photo_case, fine=None, harm="none", corrected=True)
    issue(store, photo_case, "education_record")
    other = _refused(store, photo_case, "no_penalty_decision")
    assert "decision_already_made" in other.message_en and "第五十七条第一款" in other.message_zh
    assert "第二十九条" not in other.message_zh
    # Voided (with the reason), the decision is made again.
    with store.session() as s:
        void_document(store, s, first, "罚款金额书写错误，作废重新作出", LEAD_BADGE)
    evaluate(store, photo_case)
    redone = issue(store, photo_case, "penalty_decision", replaces=first)
    assert redone.replaces == first


def test_an_on_the_spot_decision_is_refused_once_the_case_is_filed(
        store: StationStore, photo_case: Case) -> None:
    approve_step(store, photo_case, "filing")  # 立案: the general procedure from here on
    err = _refused(store, photo_case, "summary_penalty_decision")
    assert err.field == "summary_after_filing"
    assert "【已立案不适用简易程序】" in err.message_zh
    assert "《行政处罚法》第五十一条、第五十四条" in err.message_zh
    # An unfiled case takes it (简易程序), and then no general-procedure decision follows.
    with store.session() as s:
        on_spot = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    evaluate(store, on_spot)
    done = issue(store, on_spot, "summary_penalty_decision")
    assert done.number
    approve_step(store, on_spot, "filing")
    after = _refused(store, on_spot, "penalty_decision")
    assert after.field == "decision_already_made"


def test_a_penalty_decision_before_the_case_is_filed_is_refused(
        store: StationStore, photo_case: Case) -> None:
    err = _refused(store, photo_case, "penalty_decision")
    assert "decision_before_filing" in err.message_en
    assert "【未立案不得作出处罚决定】" in err.message_zh
    assert "《行政处罚法》第五十四条第二款" in err.message_zh


def test_a_no_penalty_decision_needs_the_heads_review(store: StationStore,
                                                      photo_case: Case) -> None:
    evaluate(store, photo_case, fine=None, harm="none", corrected=True)
    issue(store, photo_case, "education_record")
    err = _refused(store, photo_case, "no_penalty_decision")
    assert err.field == "no_penalty_approval_required"
    assert "【不予处罚审批】" in err.message_zh and "尚未提交处罚审批" in err.message_zh
    assert "《行政处罚法》第五十七条第一款" in err.message_zh
    approve_step(store, photo_case, "penalty")
    with store.session() as s:
        done = issue_document(store, s, photo_case.number, "no_penalty_decision",
                              FREE_FIELDS["no_penalty_decision"], LEAD_BADGE)
    assert done.number


def test_a_decision_approved_by_an_officer_later_put_on_the_case_is_refused(
        store: StationStore, photo_case: Case) -> None:
    """The approver took part in the investigation after approving (assigned to the case):
    the review was not independent and the decision waits for a new one."""
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    approve_step(store, photo_case, "penalty")
    with store.session() as s:
        case = s.get(Case, photo_case.id)
        assert case is not None
        service.assign_officer(store, s, case, store.officer_by_badge(s, REVIEWER_BADGE),
                               LEAD_BADGE)
    err = _refused(store, photo_case, "penalty_decision")
    assert err.field == "approver_is_investigator"
    assert "【审批人为调查人员】" in err.message_zh and "陈立" in err.message_zh
    assert "《行政处罚法》第五十七条第一款" in err.message_zh
    assert "本机关查审分离制度" in err.message_zh


def test_the_legal_reviewer_who_investigated_is_named_at_the_decision(
        store: StationStore, photo_case: Case) -> None:
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    add_reviewer(store)
    approve_step(store, photo_case, "filing")
    with store.session() as s:
        row = approvals.submit(store, s, photo_case.number, "penalty", OFFICER_BADGE,
                               major_reason="案情复杂")
        approvals.record_legal_review(store, s, row.id, "合法。", REVIEWER_BADGE)
        approvals.record_collective(store, s, row.id, "同意。", REVIEWER_BADGE)
        approvals.approve(store, s, row.id, "同意。", REVIEWER_BADGE)
        case = s.get(Case, photo_case.id)
        assert case is not None
        service.assign_officer(store, s, case, store.officer_by_badge(s, REVIEWER_BADGE),
                               LEAD_BADGE)
    err = _refused(store, photo_case, "penalty_decision")
    assert "legal_reviewer_is_investigator" in err.message_en
    assert "【法制审核人为调查人员】" in err.message_zh and "《行政处罚法》第五十八条" in err.message_zh
    assert "本机关查审分离制度" in err.message_zh
