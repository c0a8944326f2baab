"""The lead's 今日待办 (``team_work``): approvals waiting, the team's overdue work and
follow-ups, sync conflicts, most urgent first; an officer's own list shows a returned request."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from gridapp import clock
from gridapp.approvals import service as approvals
from gridapp.caselog import service
from gridapp.errors import PermissionDenied
from gridapp.models import Case, Officer, SyncConflict
from gridapp.store import StationStore
from gridapp.workbench.today import team_work, todays_work
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.documents.conftest import issue


def _id(store: StationStore, badge: str) -> str:
    with store.read() as s:
        return s.scalars(select(Officer.id).where(Officer.badge_no == badge)).one()


def test_only_a_lead_reads_the_teams_list(store: StationStore, demo_case: Case) -> None:
    with pytest.raises(PermissionDenied):
        team_work(store, _id(store, OFFICER_BADGE))
    assert team_work(store, _id(store, LEAD_BADGE)) == ()


def test_the_list_orders_overdue_work_then_approvals_then_follow_ups_then_conflicts(
        store: StationStore, demo_case: Case) -> None:
    issue(store, demo_case, "rectification_notice", ["deadline=2026-12-01"])
    with store.session() as s:
        approvals.submit(store, s, demo_case.number, "filing", OFFICER_BADGE, note="建议立案")
        other = service.create_case(store, s, {
            "violation": "street-vending", "address": "南京东路1号", "source": "hotline",
            "facts": "占道经营", "officers": [OFFICER_BADGE], "act_date": "2026-11-27"},
            OFFICER_BADGE)
        service.transition(store, s, other, "verified", OFFICER_BADGE)
        service.transition(store, s, other, "closed", OFFICER_BADGE, disposition="service")
        from gridapp.followups.service import schedule_after_close

        schedule_after_close(store, s, other, OFFICER_BADGE)
        s.add(SyncConflict(id=1, entity="case", entity_id=demo_case.id, field="address",
                           hq_value_json='"甲"', incoming_value_json='"乙"',
                           incoming_device="d", kept="hq", rule="hq_wins",
                           created_at="2026-11-28T02:00:00+00:00"))
    # Closed on Saturday 11-28: the 回访 is due three working days later, Wednesday 12-02.
    clock.start_at(datetime.fromisoformat("2026-12-04T09:00:00+08:00"))
    items = team_work(store, _id(store, LEAD_BADGE))
    kinds = [(i.kind, i.title, i.days) for i in items]
    assert kinds == [
        ("approval", "立案审批（待负责人审批）", 6),
        ("overdue_follow_up", "复查逾期", 3),
        ("overdue_follow_up", "12345来电人反馈逾期", 2),
        ("overdue_follow_up", "回访逾期", 2),
        ("conflict", "同步冲突：案件", 6),
    ]
    assert items[0].officers == "李明" and items[0].target == "approval"
    assert items[1].case_number == demo_case.number and items[1].officers == "张建国、李明"
    assert items[4].case_number == demo_case.number and items[4].target == "sync"
    assert items[3].since == date(2026, 12, 2)


def test_a_returned_request_is_on_the_officers_own_list_until_submitted_again(
        store: StationStore, demo_case: Case) -> None:
    with store.session() as s:
        first = approvals.submit(store, s, demo_case.number, "filing", OFFICER_BADGE)
        approvals.send_back(store, s, first.id, "补充当事人身份证明", LEAD_BADGE)
    officer = _id(store, OFFICER_BADGE)
    mine = [w for w in todays_work(store, officer) if w.kind == "returned"]
    assert [(w.title, w.tab) for w in mine] == [("立案审批被退回：补充当事人身份证明", "approvals")]
    assert not [w for w in todays_work(store, _id(store, LEAD_BADGE)) if w.kind == "returned"]
    with store.session() as s:
        approvals.submit(store, s, demo_case.number, "filing", OFFICER_BADGE)
    assert not [w for w in todays_work(store, officer) if w.kind == "returned"]
