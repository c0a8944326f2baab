"""Issue 10, item 4 — the further documents, each refused (nothing written, no number taken) until
the record allows it, the refusal naming the gate and its article; then issued as a real PDF.

行政强制法第二十五条、第二十七条、第二十八条 (扣押 延长/解除/发还), 第五十条、第五十一条 (代履行),
第五十三条、第五十四条 (强制执行申请); 行政处罚法第五十二条 (当场处罚备案), 第五十四条、第五十七条
(不予立案, 销案), 第五十七条第二款、第五十八条 (集体讨论, 法制审核), 第六十三条至第六十五条 (听证),
第五十九条、第六十四条 (法定代表人身份证明, 授权委托书)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.context import today_local
from gridapp.documents.service import find_document, stored_pdf
from gridapp.errors import GateBlockedError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, REVIEWER_NAME
from tests.documents.conftest import issue, pdftotext, review_and_discuss, serve


def _today() -> date:
    return date.fromisoformat(today_local())


def _in(days: int) -> str:
    return (_today() + timedelta(days=days)).isoformat()


def _count(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


def _refused(store: StationStore, case: Case, template: str, gate_label: str, article: str,
             extra: list[str] | None = None, **kw: object) -> str:
    before = _count(store)
    with pytest.raises(GateBlockedError) as err:
        issue(store, case, template, extra, **kw)  # type: ignore[arg-type]
    assert _count(store) == before, "nothing written, no number taken"
    message = err.value.message_zh
    assert f"【{gate_label}】" in message and article in message, message
    return message


def _text(store: StationStore, number: str, tmp_path: Path) -> str:
    out = tmp_path / "doc.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, number)))
    return re.sub(r"\s+", "", pdftotext(out))


def test_a_seizure_is_extended_once_within_its_period_then_released_and_returned(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "seizure_extension", "扣押决定书", "第二十五条第一款",
             [f"new_end={_in(59)}", f"approved_on={_in(0)}"])
    _refused(store, photo_case, "seizure_release", "扣押决定书", "第二十八条第一款")
    issue(store, photo_case, "seizure_decision")
    _refused(store, photo_case, "seizure_extension", "扣押延长", "第二十五条第一款",
             ["extension_days=31", f"new_end={_in(60)}", f"approved_on={_in(0)}"])
    message = _refused(store, photo_case, "seizure_extension", "扣押延长", "第二十五条第一款",
                       [f"new_end={_in(40)}", f"approved_on={_in(0)}"])
    # Handed over today, thirty days run from tomorrow to day 30; thirty more end on day 60.
    assert f"应至 {_in(60)}" in message, "the end date is computed, never typed"
    extension = issue(store, photo_case, "seizure_extension",
                      [f"new_end={_in(60)}", f"approved_on={_in(0)}"])
    text = _text(store, extension.number, tmp_path)
    # The approver is the lead who approved the 延长扣押审批 (from the record, not typed).
    assert "延长30日" in text and REVIEWER_NAME in text and "第二十五条第一款" in text
    _refused(store, photo_case, "seizure_extension", "扣押延长", "第二十五条第一款",
             [f"new_end={_in(90)}", f"approved_on={_in(0)}"])
    _refused(store, photo_case, "seized_items_return", "解除扣押决定", "第二十八条第二款")
    release = issue(store, photo_case, "seizure_release")
    assert "不再需要扣押" in _text(store, release.number, tmp_path)
    returned = issue(store, photo_case, "seized_items_return")
    assert release.number in _text(store, returned.number, tmp_path)


def test_no_extension_once_the_seizure_period_has_run_out(
        store: StationStore, photo_case: Case) -> None:
    issue(store, photo_case, "seizure_decision", issue_date=_today() - timedelta(days=31))
    _refused(store, photo_case, "seizure_extension", "扣押期限届满", "第二十五条第一款",
             [f"new_end={_in(29)}", f"approved_on={_in(0)}"])


def test_a_hearing_follows_its_steps(store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "hearing_notice")
    _refused(store, photo_case, "hearing_application", "听证告知书未送达", "第六十四条第（一）项",
             [f"request_date={_in(0)}"])
    _refused(store, photo_case, "hearing_schedule_notice", "听证申请", "第六十三条第一款",
             [f"hearing_time={_in(8)} 09:30"])
    serve(store, notice.number)
    clock.start_at(clock.now() + timedelta(days=12))
    _refused(store, photo_case, "hearing_application", "听证申请期限", "第六十四条第（一）项",
             [f"request_date={_in(0)}"])
    issue(store, photo_case, "hearing_application", [f"request_date={_in(-11)}"])
    _refused(store, photo_case, "hearing_record", "听证通知", "第六十四条第（二）项",
             [f"start={_in(0)} 09:30", f"end={_in(0)} 10:00"])
    _refused(store, photo_case, "hearing_schedule_notice", "听证七日前通知", "第六十四条第（二）项",
             [f"hearing_time={_in(5)} 09:30"])
    _refused(store, photo_case, "hearing_schedule_notice", "听证主持人", "第六十四条第（四）项",
             [f"hearing_time={_in(8)} 09:30", "host=张建国"])
    notification = issue(store, photo_case, "hearing_schedule_notice", [f"hearing_time={_in(8)} 09:30"])
    assert "赵法制（法制科）主持" in _text(store, notification.number, tmp_path)
    _refused(store, photo_case, "hearing_report", "听证笔录", "第六十五条")
    clock.start_at(clock.now() + timedelta(days=8))
    record = issue(store, photo_case, "hearing_record", [f"start={_in(0)} 09:30", f"end={_in(0)} 10:40"])
    text = _text(store, record.number, tmp_path)
    assert "赵法制（法制科）" in text and "照片属实" in text
    report = issue(store, photo_case, "hearing_report")
    assert record.number in _text(store, report.number, tmp_path)


def test_review_records_only_once_the_review_and_discussion_are_recorded(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "legal_review_opinion", "法制审核记录", "第五十八条")
    _refused(store, photo_case, "collective_discussion_record", "集体讨论记录", "第五十七条第二款")
    review_and_discuss(store, photo_case)
    opinion = issue(store, photo_case, "legal_review_opinion")
    text = _text(store, opinion.number, tmp_path)
    assert "事实清楚，证据充分，程序合法，同意。" in text and "陈立" in text  # the reviewer
    record = issue(store, photo_case, "collective_discussion_record")
    assert "负责人集体讨论，同意处罚。" in _text(store, record.number, tmp_path)


def test_an_on_the_spot_decision_is_filed_with_the_bureau(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "summary_penalty_filing", "当场处罚决定", "第五十二条第三款")
    decision = issue(store, photo_case, "summary_penalty_decision")
    filing = issue(store, photo_case, "summary_penalty_filing")
    text = _text(store, filing.number, tmp_path)
    assert decision.number in text and "100" in text


def test_substitute_performance_only_after_the_order_ran_out_a_written_reminder_and_three_days(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "substitute_performance_decision", "履行期限未届满", "第五十条",
             [f"performance_date={_in(5)}"])
    order = issue(store, photo_case, "rectification_notice", [f"deadline={_in(3)}"])
    _refused(store, photo_case, "substitute_performance_decision", "履行期限未届满", "第五十条",
             [f"performance_date={_in(5)}"])
    _refused(store, photo_case, "performance_reminder", "履行期限未届满", "第五十条",
             [f"deadline={_in(9)}"])
    clock.start_at(clock.now() + timedelta(days=4))
    # 行政强制法第五十条: 逾期不履行, 经催告仍不履行 — a written 催告, served, its time run out.
    _refused(store, photo_case, "substitute_performance_decision", "代履行前催告",
             "《行政强制法》第三十五条、第五十条", [f"performance_date={_in(3)}"])
    _refused(store, photo_case, "performance_reminder", "催告履行期限", "第三十五条第一项",
             [f"deadline={_in(0)}"])
    reminder = issue(store, photo_case, "performance_reminder", [f"deadline={_in(5)}"])
    message = _refused(store, photo_case, "substitute_performance_decision", "代履行前催告",
                       "第三十五条", [f"performance_date={_in(3)}"])
    assert "尚未送达" in message
    serve(store, reminder.number)
    message = _refused(store, photo_case, "substitute_performance_decision", "代履行前催告",
                       "第三十五条", [f"performance_date={_in(8)}"])
    assert f"催告于 {_in(5)} 前履行，期限尚未届满" in message
    clock.start_at(clock.now() + timedelta(days=6))
    _refused(store, photo_case, "substitute_performance_decision", "代履行三日前催告",
             "第五十一条第一款第（二）项", [f"performance_date={_in(2)}"])
    # Friday 2026-12-11: three days are working days (行政强制法第六十九条), so not Monday but
    # Wednesday at the earliest.
    clock.start_at(clock.now() + timedelta(days=3))
    assert _today() == date(2026, 12, 11)
    message = _refused(store, photo_case, "substitute_performance_decision", "代履行三日前催告",
                       "第六十九条", [f"performance_date={_in(3)}"])
    assert f"请将代履行日期定在 {_in(5)} 或以后" in message
    decision = issue(store, photo_case, "substitute_performance_decision",
                     [f"performance_date={_in(5)}"])
    text = _text(store, decision.number, tmp_path)
    assert order.number in text and "费用预算" in text and "代履行人" in text
    # The 催告 and the 标的 as the served 催告书 records them, never typed in the decision.
    assert f"送达《履行义务催告书》（{reminder.number}）" in text
    assert "代履行标的：清除南京东路100号门前人行道上的水果摊架一组；" in text
    assert "本机关；费用预算：200元" in text


def test_enforcement_is_applied_for_only_after_the_remedy_periods_and_the_reminder(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    back = _in(-20)
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    decision = issue(store, photo_case, "penalty_decision")
    serve(store, decision.number)
    _refused(store, photo_case, "enforcement_application", "复议诉讼期限未届满", "第五十三条")
    clock.start_at(clock.now() + timedelta(days=30))
    reminder = issue(store, photo_case, "payment_reminder")
    serve(store, reminder.number)
    clock.start_at(clock.now() + timedelta(days=160))
    issued = issue(store, photo_case, "enforcement_application")
    text = _text(store, issued.number, tmp_path)
    assert decision.number in text and reminder.number in text and "上海市黄浦区人民法院" in text
    clock.start_at(clock.now() + timedelta(days=100))
    _refused(store, photo_case, "enforcement_application", "申请强制执行期限", "第五十三条")


def test_the_reminder_must_have_been_served_ten_days(
        store: StationStore, photo_case: Case) -> None:
    back = _in(-20)
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    serve(store, issue(store, photo_case, "penalty_decision").number)
    clock.start_at(clock.now() + timedelta(days=185))
    reminder = issue(store, photo_case, "payment_reminder")
    serve(store, reminder.number)
    _refused(store, photo_case, "enforcement_application", "催告后十日", "第五十四条")


def test_no_filing_only_before_filing_and_cancellation_only_before_a_decision(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "case_cancellation_approval", "未立案", "第五十七条第一款")
    done = issue(store, photo_case, "no_filing_approval")
    assert "违法事实不存在或者不能成立" in _text(store, done.number, tmp_path)
    issue(store, photo_case, "filing_approval")
    _refused(store, photo_case, "no_filing_approval", "已立案", "第五十四条第二款")
    cancel = issue(store, photo_case, "case_cancellation_approval")
    assert "立案错误" in _text(store, cancel.number, tmp_path)
    issue(store, photo_case, "no_penalty_decision",
          ["branch=初次违法且危害后果轻微并及时改正", "branch_basis=《中华人民共和国行政处罚法》第三十三条第一款"])
    _refused(store, photo_case, "case_cancellation_approval", "已作出决定", "第五十七条第一款")


def test_attachments_power_of_attorney_and_legal_representative(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    poa = issue(store, photo_case, "power_of_attorney")
    assert "王大明" in _text(store, poa.number, tmp_path)
    _refused(store, photo_case, "legal_rep_certificate", "当事人为单位", "第五十九条第一款第（一）项")
    with store.session() as s:
        unit = service.create_case(store, s, dict(DEMO_CASE_INPUT, party={
            "kind": "organisation", "name": "上海某某餐饮管理有限公司",
            "id_number": "91310101MA1FPX1234", "address": "上海市黄浦区福州路8号"}), LEAD_BADGE)
    cert = issue(store, unit, "legal_rep_certificate")
    text = _text(store, cert.number, tmp_path)
    assert "上海某某餐饮管理有限公司" in text and "执行董事" in text and "91310101MA1FPX1234" in text


def test_a_requested_hearing_holds_the_decision_until_its_record(
        store: StationStore, photo_case: Case) -> None:
    back = _in(-20)
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)
    hearing = issue(store, photo_case, "hearing_notice", issue_date=date.fromisoformat(back))
    serve(store, hearing.number, served_on=back)
    issue(store, photo_case, "hearing_application", [f"request_date={_in(-19)}"])
    message = _refused(store, photo_case, "penalty_decision", "听证未结束", "第六十五条")
    assert "尚未安排" in message
    issue(store, photo_case, "hearing_schedule_notice", [f"hearing_time={_in(7)} 09:30"])
    assert f"定于 {_in(7)} 举行" in _refused(store, photo_case, "penalty_decision", "听证未结束",
                                          "第六十五条")
    clock.start_at(clock.now() + timedelta(days=7))
    issue(store, photo_case, "hearing_record", [f"start={_in(0)} 09:30", f"end={_in(0)} 10:40"])
    assert issue(store, photo_case, "penalty_decision").number


def test_the_record_proposes_what_it_calls_for(store: StationStore, photo_case: Case) -> None:
    from gridapp.workbench.casefiles import check_case_file
    from gridapp.workbench.drafting import document_choices

    issue(store, photo_case, "seizure_decision")
    proposed = [c.kind for c in document_choices(store, photo_case.id) if c.proposed]
    assert "seizure_release" in proposed
    assert "解除扣押决定书" in check_case_file(store, photo_case.id).missing
    issue(store, photo_case, "seizure_release")
    proposed = [c.kind for c in document_choices(store, photo_case.id) if c.proposed]
    assert "seized_items_return" in proposed and "seizure_release" not in proposed


def test_an_on_the_spot_fine_is_enforced_after_the_review_period_alone(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    """A 当场 decision must be reviewed before any suit (行政复议法第二十三条): its remedy period
    is the sixty days of review, not six months of suit."""
    decision = issue(store, photo_case, "summary_penalty_decision")
    serve(store, decision.number)
    text = _text(store, decision.number, tmp_path)
    assert "应当先在收到本决定书之日起六十日内" in text and "六个月" not in text
    clock.start_at(clock.now() + timedelta(days=30))
    _refused(store, photo_case, "enforcement_application", "复议诉讼期限未届满", "第二十三条")
    reminder = issue(store, photo_case, "payment_reminder")
    serve(store, reminder.number)
    clock.start_at(clock.now() + timedelta(days=40))  # past the sixty days, long before six months
    issued = issue(store, photo_case, "enforcement_application")
    assert decision.number in _text(store, issued.number, tmp_path)


def test_the_seizure_list_ties_return_to_the_seizure_not_to_accepting_a_penalty(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    """Return follows the end of the seizure (行政强制法第二十七条、第二十八条), not the party's
    accepting a penalty; perishables are dealt with only after the party was told."""
    issue(store, photo_case, "seizure_decision")
    listed = issue(store, photo_case, "seizure_list")
    text = _text(store, listed.number, tmp_path)
    assert "接受处理后，暂扣物品予以发还" not in text
    assert "解除扣押、返还物品" in text and "第二十八条" in text
    assert "依法通知你限期接受处理" in text and "留存证据后可以依法先行处理" not in text
