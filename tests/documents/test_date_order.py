"""Dates across the case file (案卷评查: 文书日期前后一致): a document dated before a document or
a service it rests on is refused, naming the gate, both documents with their numbers and
dates, and the article; nothing is issued (no number taken)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.documents.context import today_local
from gridapp.errors import GateBlockedError, ValidationError
from gridapp.models import Case, Document, DocumentService
from gridapp.store import StationStore
from tests.documents.conftest import days_ago, issue, serve


def _count(store: StationStore, model: type) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _refused(store: StationStore, case: Case, template: str, extra: list[str] | None = None,
             **kw: object) -> GateBlockedError:
    before = _count(store, Document)
    with pytest.raises(GateBlockedError) as err:
        issue(store, case, template, extra, **kw)  # type: ignore[arg-type]
    assert _count(store, Document) == before  # nothing written, no number taken
    return err.value


def _day(n: int) -> date:
    return date.fromisoformat(days_ago(n))


def _cn(n: int) -> str:
    d = _day(n)
    return f"{d.year}年{d.month}月{d.day}日"


def test_an_approval_form_dated_before_the_report_it_approves_is_refused(
        store: StationStore, photo_case: Case) -> None:
    report = issue(store, photo_case, "investigation_report")
    err = _refused(store, photo_case, "penalty_approval", issue_date=_day(1))
    assert err.field == "date_order"
    msg = err.message_zh
    assert "【文书日期先后】" in msg and "《行政处罚法》第五十七条第一款" in msg
    assert f"行政处罚审批表的日期 {_cn(1)} 早于其所依据的案件调查终结报告（{report.number}）的日期 {_cn(0)}" in msg
    issue(store, photo_case, "penalty_approval")  # dated the same day: issued


def test_a_report_dated_after_the_approval_that_rests_on_it_is_refused(
        store: StationStore, photo_case: Case) -> None:
    approval = issue(store, photo_case, "penalty_approval", issue_date=_day(2))
    err = _refused(store, photo_case, "investigation_report")
    assert err.field == "date_order"
    assert f"晚于已签发的行政处罚审批表（{approval.number}）的日期 {_cn(2)}" in err.message_zh


def test_an_approval_form_dated_before_the_inquiry_record_is_refused(
        store: StationStore, photo_case: Case) -> None:
    record = issue(store, photo_case, "inquiry_record",
                   [f"start={days_ago(1)} 10:15", f"end={days_ago(1)} 10:40"], )
    err = _refused(store, photo_case, "penalty_approval", issue_date=_day(3))
    assert f"询问笔录（{record.number}）的日期 {_cn(1)}" in err.message_zh


def test_a_record_dated_after_the_day_it_is_issued_is_refused(
        store: StationStore, photo_case: Case) -> None:
    tomorrow = (date.fromisoformat(today_local()) + timedelta(days=1)).isoformat()
    err = _refused(store, photo_case, "inquiry_record",
                   [f"start={tomorrow} 10:15", f"end={tomorrow} 10:40"])
    assert err.field == "record_dated_after_issue"
    assert "【笔录日期】" in err.message_zh and "第五十五条" in err.message_zh


def test_a_decision_dated_before_its_advance_notice_was_served_names_both_dates(
        store: StationStore, photo_case: Case) -> None:
    clock.start_at(clock.now() + timedelta(days=30))  # the case was opened a month ago
    notice = issue(store, photo_case, "advance_notice", issue_date=_day(20))
    serve(store, notice.number, served_on=days_ago(10))
    issue(store, photo_case, "statement_record", ["time=" + days_ago(9) + " 14:00"])
    err = _refused(store, photo_case, "penalty_decision",
                   ["statement_answer=不予采纳", "statement_reason=所述不能否定违法事实"],
                   issue_date=_day(12))
    assert "date_order" in err.message_en
    assert (f"行政处罚决定书的日期 {_cn(12)} 早于行政处罚事先告知书（{notice.number}）的送达日期 "
            f"{_cn(10)}") in err.message_zh
    assert "《行政处罚法》第四十四条、第四十五条、第六十二条" in err.message_zh
    hearing = issue(store, photo_case, "hearing_notice", issue_date=_day(20))
    serve(store, hearing.number, served_on=days_ago(11))
    err = _refused(store, photo_case, "penalty_decision",
                   ["statement_answer=不予采纳", "statement_reason=所述不能否定违法事实"],
                   issue_date=_day(12))
    assert f"早于行政处罚听证告知书（{hearing.number}）的送达日期 {_cn(11)}" in err.message_zh
    assert "第六十四条第（一）项" in err.message_zh


def test_a_closing_form_dated_before_the_last_service_is_refused(
        store: StationStore, photo_case: Case) -> None:
    notice = issue(store, photo_case, "rectification_notice", issue_date=_day(3))
    serve(store, notice.number, served_on=days_ago(1))
    err = _refused(store, photo_case, "closing_report", issue_date=_day(2))
    assert (f"结案审批表的日期 {_cn(2)} 早于责令（限期）改正通知书（{notice.number}）的送达日期 "
            f"{_cn(1)}：文书送达前不能结案") in err.message_zh
    assert "第六十一条" in err.message_zh


def test_a_service_or_mailing_before_the_document_was_issued_is_refused(
        store: StationStore, photo_case: Case) -> None:
    notice = issue(store, photo_case, "rectification_notice", issue_date=_day(2))
    for kw in ({"served_on": days_ago(3)},
               {"method": "post", "served_on": days_ago(0), "tracking_number": "1151",
                "mailed_on": days_ago(3)}):
        with pytest.raises(ValidationError) as err:
            serve(store, notice.number, **kw)  # type: ignore[arg-type]
        assert "早于" in err.value.message_zh and notice.number in err.value.message_zh
    assert _count(store, DocumentService) == 0


def test_a_decision_dated_before_the_leader_approved_it_is_refused(
        store: StationStore, photo_case: Case) -> None:
    clock.start_at(clock.now() + timedelta(days=30))  # the case was opened a month ago
    notice = issue(store, photo_case, "advance_notice", issue_date=_day(20))
    serve(store, notice.number, served_on=days_ago(20))
    issue(store, photo_case, "statement_record", ["time=" + days_ago(15) + " 14:00"])
    answer = ["statement_answer=不予采纳", "statement_reason=所述不能否定违法事实"]
    err = _refused(store, photo_case, "penalty_decision", answer, issue_date=_day(5))
    assert err.field == "date_order"
    assert (f"行政处罚决定书的日期 {_cn(5)} 早于负责人批准处罚审批的日期 {_cn(0)}"
            in err.message_zh)
    assert "《行政处罚法》第五十七条第一款" in err.message_zh
    issue(store, photo_case, "penalty_decision", answer)  # dated the day of the approval: issued


def test_a_record_dated_after_the_report_but_before_the_decision_is_refused(
        store: StationStore, photo_case: Case) -> None:
    """先定后取证 (行政处罚法第五十七条第一款): a 笔录 dated by its own time is excused only when
    it is dated after the case's decision."""
    report = issue(store, photo_case, "investigation_report", issue_date=_day(2))
    err = _refused(store, photo_case, "inquiry_record",
                   [f"start={days_ago(0)} 10:00", f"end={days_ago(0)} 10:30"])
    assert err.field == "date_order"
    assert f"晚于已签发的案件调查终结报告（{report.number}）的日期 {_cn(2)}" in err.message_zh
    assert "第五十七条第一款" in err.message_zh


def test_a_record_dated_after_the_penalty_approval_but_before_the_decision_is_refused(
        store: StationStore, photo_case: Case) -> None:
    from tests.documents.conftest import approve_step

    approve_step(store, photo_case, "penalty")
    clock.start_at(clock.now() + timedelta(days=1))
    err = _refused(store, photo_case, "site_inspection_record",
                   [f"start={today_local()} 09:00", f"end={today_local()} 09:30"])
    assert err.field == "date_order"
    assert "晚于负责人批准处罚审批的日期" in err.message_zh and "先定后取证" in err.message_zh
    assert "《行政处罚法》第五十七条第一款" in err.message_zh
