"""The 负责人 who approves a 处罚审批 or 结案审批, and the 法制审核 reviewer, did not investigate
the case (行政处罚法第五十七条第一款、第五十八条): a lead who is one of its officers is refused,
through the API and the CLI, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.approvals import service as approvals
from gridapp.errors import PermissionDenied
from gridapp.models import Approval, AuditEvent, Case
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE, OFFICER_BADGE, REVIEWER_BADGE, add_reviewer


def _counts(store: StationStore) -> tuple[int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(Approval)) or 0,
                s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _submit(store: StationStore, case: Case, step: str, **kw: object) -> str:
    with store.session() as s:
        return approvals.submit(store, s, case.number, step, OFFICER_BADGE, **kw).id  # type: ignore[arg-type]


def test_a_lead_on_the_case_does_not_approve_its_penalty(store: StationStore,
                                                          photo_case: Case) -> None:
    approval_id = _submit(store, photo_case, "penalty")
    before = _counts(store)
    with store.session() as s, pytest.raises(PermissionDenied) as err:
        approvals.approve(store, s, approval_id, "同意。", LEAD_BADGE)  # 张建国 is on the case
    assert err.value.field == "investigator"
    assert "张建国是本案执法（调查）人员，不能审批本案的处罚审批" in err.value.message_zh
    assert "《行政处罚法》第五十七条第一款" in err.value.message_zh
    assert "按本机关查审分离制度" in err.value.message_zh
    assert _counts(store) == before
    add_reviewer(store)
    with store.session() as s:
        approvals.approve(store, s, approval_id, "同意。", REVIEWER_BADGE)
        assert s.get(Approval, approval_id).status == "approved"  # type: ignore[union-attr]


def test_a_lead_on_the_case_does_not_give_the_legal_review(store: StationStore,
                                                            photo_case: Case) -> None:
    approval_id = _submit(store, photo_case, "penalty", major_reason="案情复杂，涉及多个法律关系")
    before = _counts(store)
    with store.session() as s, pytest.raises(PermissionDenied) as err:
        approvals.record_legal_review(store, s, approval_id, "合法。", LEAD_BADGE)
    assert "不能进行法制审核" in err.value.message_zh
    assert "《行政处罚法》第五十八条" in err.value.message_zh
    assert "按本机关查审分离制度" in err.value.message_zh
    assert _counts(store) == before


def test_the_cli_refuses_the_closing_approval_by_an_officer_of_the_case(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _submit(store, photo_case, "closing")
    before = _counts(store)
    res = run_cli("approval", "approve", photo_case.number, "--as", LEAD_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 2 and "Traceback" not in res.err
    assert "不能审批本案的结案审批" in res.err and "第五十七条第一款" in res.err
    assert _counts(store) == before
    # The filing approval stays the lead's (立案 is not the review of an investigation).
    filing = _submit(store, photo_case, "filing")
    with store.session() as s:
        approvals.approve(store, s, filing, "同意立案。", LEAD_BADGE)
