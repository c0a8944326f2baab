"""Follow-ups: the 复查 due on the 改正期限 of an order to correct (and the 拒不改正 gate that
waits for it), the 回访 and 12345 feedback due three working days after closing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.service import fill_for_case, void_document
from gridapp.errors import ValidationError
from gridapp.followups import service as followups
from gridapp.models import AuditEvent, Case, Deadline, FollowUp
from gridapp.store import StationStore
from gridapp.timeutil import station_day_start
from gridapp.workbench.timeline import case_timeline
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE
from tests.documents.conftest import FREE_FIELDS, evaluate, issue, serve

CST = "+08:00"


def _at(day: str, hour: int = 10) -> None:
    clock.start_at(datetime.fromisoformat(f"{day}T{hour:02d}:00:00{CST}"))


def _counts(store: StationStore) -> tuple[int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(FollowUp)) or 0,
                s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _posting_case(store: StationStore, source: str = "patrol") -> Case:
    """A 乱张贴 case: the Shanghai pack fines it only after 责令改正 is refused."""
    today = clock.now().date()
    data = {**DEMO_CASE_INPUT, "violation": "illegal-posting", "source": source,
            "facts": "当事人在公交站亭张贴小广告。", "act_date": today.isoformat()}
    with store.session() as s:
        return service.create_case(store, s, data, LEAD_BADGE)


def _refusal_gate(store: StationStore, case: Case) -> str:
    with store.read() as s:
        _, _, result = fill_for_case(store, s, case.number, "penalty_decision",
                                     FREE_FIELDS["penalty_decision"])
    found = [g for g in result.gates if g.gate == "refusal_to_correct_required"]
    return found[0].sentence() if found else ""


def _record(store: StationStore, case: Case, kind: str, **kw: str) -> FollowUp:
    with store.session() as s:
        return followups.record_follow_up(store, s, case.number, kind, OFFICER_BADGE, **kw)


def test_an_order_to_correct_stores_its_deadline_and_schedules_the_recheck(
        store: StationStore, demo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, demo_case, "rectification_notice", ["deadline=2026-12-05"])
    with store.read() as s:
        case = s.get(Case, demo_case.id)
        deadline = s.scalars(select(Deadline).where(Deadline.case_id == demo_case.id)).one()
        due = followups.follow_ups_of_case(s, demo_case.id)
    assert case is not None and case.due_at == station_day_start(date(2026, 12, 6))
    assert (deadline.name, deadline.due) == ("correction_due", "2026-12-05")
    assert deadline.basis == f"责令（限期）改正通知书 {notice.number}"
    assert [(f.kind, f.due, f.done) for f in due] == [("recheck", date(2026, 12, 5), False)]
    # The stored deadline is what a refilled notice shows, and the timeline says it in words.
    with store.read() as s:
        _, _, result = fill_for_case(store, s, demo_case.number, "rectification_notice", [])
    assert result.values()["deadline"] == "2026-12-05"
    words = [f"{e.action_label} {e.summary}" for e in case_timeline(store, demo_case.id)]
    assert "设定期限 责令改正期限：2026年12月5日" in words
    assert "安排跟踪（复查、回访） 复查，应于 2026年12月5日 前完成" in words
    # On the deadline day it is due; the day after, it is overdue.
    _at("2026-12-06")
    listed = run_cli("followup", "list", "--overdue", "--data-dir", store.data_dir)
    assert "复查" in listed.out and "逾期 1 天" in listed.out and demo_case.number in listed.out


def test_voiding_the_order_takes_its_deadline_and_recheck_back(store: StationStore,
                                                               demo_case: Case) -> None:
    notice = issue(store, demo_case, "rectification_notice", ["deadline=2026-12-05"])
    with store.session() as s:
        void_document(store, s, notice.number, "改正期限写错", LEAD_BADGE)
    with store.read() as s:
        assert followups.follow_ups_of_case(s, demo_case.id) == []
        assert followups.correction_deadline(s, demo_case.id) is None
        assert s.get(Case, demo_case.id).due_at is None  # type: ignore[union-attr]


def test_refusal_to_correct_needs_the_deadline_passed_and_a_recheck_finding_no_correction(
        store: StationStore) -> None:
    case = _posting_case(store)
    evaluate(store, case, fine=200)
    assert "尚未送达责令（限期）改正通知书" in _refusal_gate(store, case)
    notice = issue(store, case, "rectification_notice", ["deadline=2026-12-02"])
    serve(store, notice.number)
    gate = _refusal_gate(store, case)
    assert "改正期限至 2026-12-02 届满，期满前不能认定拒不改正" in gate
    assert "请在改正期限届满后复查" in gate, "the cure is the re-check, not a second order"
    before = _counts(store)
    with pytest.raises(ValidationError) as err:
        _record(store, case, "recheck", finding="not_corrected")
    assert "期满前不能认定当事人未改正" in str(err.value)
    assert _counts(store) == before
    _at("2026-12-03")
    assert "届满后尚未复查并记录当事人未改正" in _refusal_gate(store, case)
    row = _record(store, case, "recheck", finding="not_corrected", result="小广告仍未清除")
    assert row.due == "2026-12-02" and row.finding == "not_corrected"
    assert _refusal_gate(store, case) == ""
    with store.read() as s:
        assert followups.due_follow_ups(s, case_ids=[case.id]) == []


def test_a_recheck_that_finds_the_order_complied_with_meets_the_deadline(
        store: StationStore, demo_case: Case) -> None:
    issue(store, demo_case, "rectification_notice", ["deadline=2026-12-05"])
    row = _record(store, demo_case, "recheck", finding="已改正")  # the label is taken for the code
    assert row.finding == "corrected"
    with store.read() as s:
        deadline = followups.correction_deadline(s, demo_case.id)
        assert deadline is not None and deadline.met_at is not None


@pytest.mark.parametrize(("closed_on", "due"), [
    ("2026-11-27", "2026-12-02"),  # Friday: the weekend is not counted
    ("2026-09-30", "2026-10-10"),  # before 国庆: 10-01..07 are holidays, Saturday 10-10 is 调休上班
    ("2026-09-24", "2026-09-30"),  # before 中秋 (09-25..27)
    ("2026-02-13", "2026-02-25"),  # before 春节: 02-14 (Saturday) is a working day
])
def test_the_return_visit_is_due_three_working_days_after_closing(
        store: StationStore, closed_on: str, due: str) -> None:
    assert followups.return_visit_due(store.pack, date.fromisoformat(closed_on)).isoformat() == due


def test_closing_a_hotline_case_schedules_the_return_visit_and_the_caller_feedback(
        store: StationStore, run_cli) -> None:  # type: ignore[no-untyped-def]
    _at("2026-09-30", 16)
    case = _posting_case(store, source="hotline")
    for status in ("verified", "closed"):
        res = run_cli("case", "transition", case.number, status, "--disposition", "service",
                      "--data-dir", store.data_dir)
        assert res.code == 0, res.err
    res = run_cli("followup", "list", "--case", case.number, "--json", "--data-dir",
                  store.data_dir)
    rows = res.json()
    assert [(r["kind"], r["due"]) for r in rows] == [("return_visit", "2026-10-10"),
                                                     ("caller_feedback", "2026-10-10")]
    _at("2026-10-12")
    res = run_cli("followup", "list", "--overdue", "--json", "--data-dir", store.data_dir)
    assert {(r["kind"], r["days_overdue"]) for r in res.json()} == {("return_visit", 2),
                                                                   ("caller_feedback", 2)}
    res = run_cli("followup", "record", case.number, "--kind", "return_visit", "--satisfaction",
                  "basically_satisfied", "--result", "当事人已清除小广告", "--as", OFFICER_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err and "基本满意" in res.out
    res = run_cli("followup", "record", case.number, "--kind", "caller_feedback", "--finding",
                  "confirmed", "--satisfaction", "satisfied", "--as", OFFICER_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    rows = run_cli("followup", "list", "--case", case.number, "--json", "--data-dir",
                   store.data_dir).json()
    assert [(r["kind"], r["satisfaction"], r["finding"], r["done_by"]) for r in rows] == [
        ("return_visit", "basically_satisfied", "", "李明"),
        ("caller_feedback", "satisfied", "confirmed", "李明")]
    assert run_cli("followup", "list", "--overdue", "--json", "--data-dir",
                   store.data_dir).json() == []


@pytest.mark.parametrize(("argv", "needle"), [
    (["--kind", "visit"], "未知的跟踪种类"),
    (["--kind", "recheck", "--finding", "corrected"], "没有责令改正期限"),
    (["--kind", "return_visit"], "满意度不能为空"),
    (["--kind", "return_visit", "--satisfaction", "很满意"], "可选：satisfied"),
    (["--kind", "return_visit", "--satisfaction", "satisfied", "--finding", "corrected"],
     "不记录结论"),
    (["--kind", "caller_feedback", "--finding", "confirmed", "--satisfaction", "satisfied"],
     "不是12345热线案件"),
    (["--kind", "recheck", "--finding", "maybe"], "结论不能为“maybe”"),
    (["--kind", "return_visit", "--satisfaction", "satisfied", "--result", "x" * 1001], "过长"),
    (["--kind", "return_visit", "--satisfaction", "satisfied", "--result", "好\x1b[2J"],
     "控制字符"),
])
def test_bad_follow_up_input_is_refused_in_chinese_and_writes_nothing(
        store: StationStore, demo_case: Case, run_cli, argv: list[str],  # type: ignore[no-untyped-def]
        needle: str) -> None:
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="service")
        followups.schedule_after_close(store, s, case, LEAD_BADGE)
    before = _counts(store)
    res = run_cli("followup", "record", demo_case.number, *argv, "--as", OFFICER_BADGE,
                  "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err and "Traceback" not in res.err
    assert _counts(store) == before


def test_a_return_visit_waits_for_the_closing_and_is_recorded_once(store: StationStore,
                                                                   demo_case: Case) -> None:
    with pytest.raises(ValidationError) as err:
        _record(store, demo_case, "return_visit", satisfaction="satisfied")
    assert "尚未结案" in str(err.value)
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="service")
    _record(store, demo_case, "return_visit", satisfaction="dissatisfied", result="摊位又回来了")
    with pytest.raises(ValidationError) as err:
        _record(store, demo_case, "return_visit", satisfaction="satisfied")
    assert "已记录回访" in str(err.value)
