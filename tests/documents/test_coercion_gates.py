"""The coercive measures as a legal officer checks them against 行政强制法 and 行政处罚法: each
document refused (nothing written, no 文号 taken) until the record allows it, the refusal naming
the gate and its article in Chinese; what the issued PDF says comes from the record.

- 扣押: 负责人批准 first (第十八条第一项) or, 情况紧急, made up within 24 hours (第十九条); a 现场笔录
  recording the party told and heard (第十八条第五、六、七、九项); the list cites its decision
  (第二十四条); the period counted from the day after (第二十五条, 民事诉讼法第八十五条);
- 代履行 only after a written 催告 served and run out (第三十五条、第五十条) — see
  ``test_more_documents``;
- no penalty decision while the hearing right told is unserved or its five days open
  (行政处罚法第六十三条、第六十四条第（一）项);
- 强制执行申请书: the party's answer to the 催告 from the record, the amounts never typed
  (第五十五条; 行政处罚法第七十二条);
- 先行登记保存: 负责人批准 from the record, the seven working days printed (行政处罚法第五十六条).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.approvals import service as approvals
from gridapp.documents.context import today_local
from gridapp.documents.service import IssuedDocument, find_document, issue_document, stored_pdf
from gridapp.errors import GateBlockedError
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.documents.conftest import (
    FREE_FIELDS,
    SEIZURE_TOLD,
    evaluate,
    issue,
    pdftotext,
    serve,
)

SITE_PLAIN = [f for f in FREE_FIELDS["site_inspection_record"] if not f.startswith("measure_")]


def _today() -> date:
    return date.fromisoformat(today_local())


def _in(days: int) -> str:
    return (_today() + timedelta(days=days)).isoformat()


def _count(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


def _issue(store: StationStore, case: Case, template: str, extra: list[str] | None = None,
           *, plain: bool = False, **kw: object) -> IssuedDocument:
    """Issue as the lead with exactly the record the test made (no approval or record added)."""
    fields = [] if plain else FREE_FIELDS[template]
    with store.session() as s:
        return issue_document(store, s, case.number, template, fields + (extra or []), LEAD_BADGE,
                              **kw)  # type: ignore[arg-type]


def _refused(store: StationStore, case: Case, template: str, label: str, article: str,
             extra: list[str] | None = None, *, plain: bool = False) -> str:
    before = _count(store)
    with pytest.raises(GateBlockedError) as err:
        _issue(store, case, template, extra, plain=plain)
    assert _count(store) == before, "nothing written, no number taken"
    message = err.value.message_zh
    assert f"【{label}】" in message and article in message, message
    return message


def _text(store: StationStore, number: str, tmp_path: Path) -> str:
    out = tmp_path / f"{number[-6:]}.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, number)))
    return re.sub(r"\s+", "", pdftotext(out))


def _ask(store: StationStore, case: Case, step: str) -> str:
    with store.session() as s:
        return approvals.submit(store, s, case.number, step, OFFICER_BADGE, note="建议批准").id


def _approve(store: StationStore, ref: str) -> None:
    with store.session() as s:
        approvals.approve(store, s, ref, "同意。", LEAD_BADGE)


def _send_back(store: StationStore, ref: str, comment: str) -> None:
    with store.session() as s:
        approvals.send_back(store, s, ref, comment, LEAD_BADGE)


# --- 扣押 -----------------------------------------------------------------------------------


def test_a_seizure_needs_the_approval_and_a_site_record_that_told_and_heard_the_party(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _refused(store, photo_case, "seizure_decision", "扣押负责人批准", "《行政强制法》第十八条第一项")
    ref = _ask(store, photo_case, "seizure")
    pending = _refused(store, photo_case, "seizure_decision", "扣押负责人批准", "第十八条第一项")
    assert "尚待批准" in pending
    _approve(store, ref)
    _refused(store, photo_case, "seizure_decision", "扣押现场笔录", "《行政强制法》第十八条第七项")
    # A record silent on telling the party and hearing them does not do.
    _issue(store, photo_case, "site_inspection_record", SITE_PLAIN, plain=True)
    _refused(store, photo_case, "seizure_decision", "扣押告知与陈述申辩", "第十八条第五项、第六项")
    # Absent: a witness must be recorded (第九项).
    absent = [f for f in SITE_PLAIN if not f.startswith(("witness=", "party_presence=",
                                                          "present=", "recusal="))]
    _issue(store, photo_case, "site_inspection_record",
           [*absent, "party_presence=当事人不在场", "measure_told=当事人不到场，已邀请见证人到场"],
           plain=True)
    _refused(store, photo_case, "seizure_decision", "扣押告知与陈述申辩", "第十八条第九项")
    record = _issue(store, photo_case, "site_inspection_record")
    assert "当事人称周转箱是自己的，请求从轻处理" in _text(store, record.number, tmp_path)
    # The last day is counted from the day after, never typed.
    wrong = _refused(store, photo_case, "seizure_decision", "扣押期限", "第二十五条第一款",
                     [f"period_end={_in(29)}"])
    assert f"应至 {_in(30)} 届满" in wrong
    decision = _issue(store, photo_case, "seizure_decision")
    text = _text(store, decision.number, tmp_path)
    assert "经本机关负责人张建国于2026年11月28日批准" in text
    assert "自本决定书送达之日的次日起计算，至2026年12月28日届满" in text
    assert f"并听取了当事人的陈述和申辩（现场笔录{record.number}）" in text
    assert "当事人的陈述和申辩：当事人称周转箱是自己的，请求从轻处理。" in text


def test_the_seizure_list_goes_with_its_decision_and_cites_the_power_to_seize(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    decision = issue(store, photo_case, "seizure_decision")
    _refused(store, photo_case, "seizure_list", "清单与扣押决定书", "《行政强制法》第二十四条",
             ["seizure_number=沪黄城管暂扣字〔2026〕第01-9999号"])
    listed = issue(store, photo_case, "seizure_list")
    text = _text(store, listed.number, tmp_path)
    assert f"根据《扣押决定书》（{decision.number}）" in text
    # The clause that grants the power (行政强制法第十条), not the fine clause.
    assert "城管执法部门可以暂扣当事人经营兜售的物品" in text
    assert "第1页共1页" in text, "handed over on the spot with the decision: one page"


def test_an_urgent_seizure_is_released_unless_approved_within_24_hours(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    issue(store, photo_case, "site_inspection_record")
    decision = _issue(store, photo_case, "seizure_decision", ["urgent=情况紧急，当场实施"])
    assert "二十四小时内向本机关负责人报告并补办批准手续" in _text(store, decision.number, tmp_path)
    _issue(store, photo_case, "seizure_list")  # handed over on the spot, within the 24 hours
    clock.start_at(clock.now() + timedelta(hours=25))
    message = _refused(store, photo_case, "seizure_extension", "扣押补办批准", "《行政强制法》第十九条",
                       plain=False)
    assert "至今未补办批准手续" in message and "应当立即解除扣押" in message
    _refused(store, photo_case, "seizure_list", "扣押补办批准", "第十九条")
    release = issue(store, photo_case, "seizure_release")  # the duty: release at once
    assert release.number


def test_an_urgent_seizure_the_lead_refuses_ends(store: StationStore, photo_case: Case) -> None:
    issue(store, photo_case, "site_inspection_record")
    _issue(store, photo_case, "seizure_decision", ["urgent=情况紧急，当场实施"])
    _send_back(store, _ask(store, photo_case, "seizure"), "不符合扣押条件")
    message = _refused(store, photo_case, "seizure_list", "扣押补办批准", "第十九条")
    assert "负责人认为不应当采取（不符合扣押条件）" in message
    again = _refused(store, photo_case, "seizure_decision", "扣押负责人批准", "第十九条",
                     ["urgent=情况紧急，当场实施"])
    assert "不得扣押" in again


def test_an_urgent_seizure_approved_in_time_goes_on(store: StationStore, photo_case: Case) -> None:
    from gridapp.documents.context import today_local

    issue(store, photo_case, "site_inspection_record")
    _issue(store, photo_case, "seizure_decision", ["urgent=情况紧急，当场实施"])
    decided = date.fromisoformat(today_local())
    clock.start_at(clock.now() + timedelta(hours=20))
    _approve(store, _ask(store, photo_case, "seizure"))
    clock.start_at(clock.now() + timedelta(days=3))
    # (the list bears its decision's day: 第二十四条 — it is entered three days on)
    assert issue(store, photo_case, "seizure_list", issue_date=decided).number


def test_an_extension_needs_the_leads_approval(store: StationStore, photo_case: Case,
                                              tmp_path: Path) -> None:
    issue(store, photo_case, "seizure_decision")
    _refused(store, photo_case, "seizure_extension", "延长扣押批准", "《行政强制法》第二十五条第一款")
    _approve(store, _ask(store, photo_case, "seizure_extend"))
    done = _issue(store, photo_case, "seizure_extension")
    text = _text(store, done.number, tmp_path)
    # Original last day 2026-12-28; thirty more days end on 2027-01-27.
    assert "扣押期限至2026年12月28日届满" in text and "至2027年1月27日届满" in text
    assert "经本机关负责人张建国于2026年11月28日批准" in text


# --- 听证 before a penalty decision ---------------------------------------------------------


def _advance_served(store: StationStore, case: Case, days_back: int, extra: list[str]) -> None:
    day = _in(-days_back)
    notice = issue(store, case, "advance_notice", extra, issue_date=date.fromisoformat(day))
    serve(store, notice.number, served_on=day)


def test_no_decision_while_the_hearing_notice_is_unserved(
        store: StationStore, photo_case: Case) -> None:
    _advance_served(store, photo_case, 20, [])
    hearing = issue(store, photo_case, "hearing_notice")
    message = _refused(store, photo_case, "penalty_decision", "听证告知未送达",
                       "《行政处罚法》第六十三条、第六十四条第（一）项")
    assert hearing.number in message and "尚未送达" in message
    serve(store, hearing.number)
    _refused(store, photo_case, "penalty_decision", "听证申请期", "第六十四条第（一）项")
    clock.start_at(clock.now() + timedelta(days=10))
    assert issue(store, photo_case, "penalty_decision").number


def test_an_advance_notice_with_the_hearing_right_waits_its_five_days_or_a_waiver(
        store: StationStore, photo_case: Case) -> None:
    # The party waived the statement, not the hearing the notice told them of.
    evaluate(store, photo_case, statement_waived=True)
    _advance_served(store, photo_case, 2, ["hearing_applicable=是"])
    message = _refused(store, photo_case, "penalty_decision", "听证申请期（事先告知）",
                       "第六十四条第（一）项")
    assert "没有当事人放弃听证的记录" in message
    # The officer's note in the evaluation is no waiver (第六十二条 明确放弃: the party signs).
    evaluate(store, photo_case, statement_waived=True, hearing_requested=False)
    _refused(store, photo_case, "penalty_decision", "听证申请期（事先告知）", "第六十二条")
    issue(store, photo_case, "statement_record",
          [f"time={_in(0)} 10:00", "kind=放弃陈述、申辩", "statement=我放弃陈述、申辩，也放弃听证。",
           "hearing_opinion=明确放弃听证"])
    assert issue(store, photo_case, "penalty_decision").number


# --- 强制执行申请书 ---------------------------------------------------------------------------


def _decided_reminded(store: StationStore, case: Case) -> IssuedDocument:
    _advance_served(store, case, 20, [])
    decision = issue(store, case, "penalty_decision")
    serve(store, decision.number)
    clock.start_at(clock.now() + timedelta(days=30))
    reminder = issue(store, case, "payment_reminder")
    serve(store, reminder.number)
    return reminder


def test_the_enforcement_application_carries_the_record_and_computed_amounts(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    reminder = _decided_reminded(store, photo_case)
    clock.start_at(clock.now() + timedelta(days=160))
    _refused(store, photo_case, "enforcement_application", "加处罚款计算",
             "《行政处罚法》第七十二条第一款第（一）项", ["late_fee=50"])
    _refused(store, photo_case, "enforcement_application", "申请执行罚款金额",
             "《行政强制法》第五十五条", ["fine=200"])
    done = issue(store, photo_case, "enforcement_application")
    text = _text(store, done.number, tmp_path)
    # Served 2026-12-28 (a Monday); three working days to answer end on 2026-12-31.
    assert ("当事人的意见：经催告，被申请人在催告书规定的期限内（至2026年12月31日）未提出陈述、申辩，"
            "仍未履行。") in text
    assert "当事人在法定期限内未申请行政复议，也未提起行政诉讼；经催告，未提出陈述、申辩" not in text
    # 300 yuan, capped at the fine (第七十二条: 不得超出罚款数额).
    assert "缴纳罚款300元（大写：叁佰元整）及加处罚款300元（大写：叁佰元整）（计至申请之日）" in text
    assert reminder.number in text


def test_enforcement_waits_out_the_partys_periods_as_the_pack_counts_them(
        store: StationStore, photo_case: Case) -> None:
    """The six months to sue end on a Saturday and run to Monday (民事诉讼法第八十五条); the ten
    days after the 催告书 are working days (行政强制法第五十四条、第六十九条)."""
    clock.start_at(clock.now() + timedelta(days=21))
    assert _today() == date(2026, 12, 19)
    _advance_served(store, photo_case, 20, [])
    serve(store, issue(store, photo_case, "penalty_decision").number)
    clock.start_at(clock.now() + timedelta(days=184))
    assert _today() == date(2027, 6, 21)
    message = _refused(store, photo_case, "enforcement_application", "复议诉讼期限未届满",
                       "《行政强制法》第五十三条")
    assert "期限至 2027-06-21 届满" in message
    clock.start_at(clock.now() + timedelta(days=1))
    serve(store, issue(store, photo_case, "payment_reminder").number)
    clock.start_at(clock.now() + timedelta(days=10))
    message = _refused(store, photo_case, "enforcement_application", "催告后十日",
                       "《行政强制法》第五十四条、第六十九条")
    assert "至 2027-07-06" in message
    clock.start_at(clock.now() + timedelta(days=5))
    assert issue(store, photo_case, "enforcement_application").number


def test_the_partys_answer_to_the_reminder_is_quoted(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _decided_reminded(store, photo_case)
    clock.start_at(clock.now() + timedelta(days=1))
    said = issue(store, photo_case, "statement_record",
                 ["statement=我没有钱缴纳罚款，请求分期。", "time=2026-12-29 10:00"])
    clock.start_at(clock.now() + timedelta(days=160))
    done = issue(store, photo_case, "enforcement_application")
    text = _text(store, done.number, tmp_path)
    assert f"（陈述申辩笔录{said.number}）：我没有钱缴纳罚款，请求分期。" in text


# --- 先行登记保存 -----------------------------------------------------------------------------


def test_preservation_prints_the_recorded_approval_and_the_seven_working_days(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    message = _refused(store, photo_case, "evidence_preservation_notice", "先行登记保存批准",
                       "《行政处罚法》第五十六条")
    assert "尚未提交先行登记保存审批" in message
    _approve(store, _ask(store, photo_case, "preservation"))
    notice = _issue(store, photo_case, "evidence_preservation_notice")
    text = _text(store, notice.number, tmp_path)
    assert "经本机关负责人张建国于2026年11月28日批准" in text
    # Saturday 2026-11-28: seven working days (行政处罚法第八十五条) end on Tuesday 2026-12-08.
    assert "本机关将在七日内作出处理决定（于2026年12月8日前作出）" in text


def test_the_seven_day_duty_is_on_todays_list_until_the_notice_is_voided(
        store: StationStore, photo_case: Case) -> None:
    from gridapp.documents.service import void_document
    from gridapp.workbench.today import todays_work

    notice = issue(store, photo_case, "evidence_preservation_notice")
    with store.read() as s:
        lead = store.officer_by_badge(s, LEAD_BADGE).id

    def duty(day: date) -> list[str]:
        return [f"{w.kind}:{w.title}" for w in todays_work(store, lead, today=day)
                if w.case_id == photo_case.id and w.deadline == "preserved_evidence_decision"]

    assert duty(date(2026, 12, 7)) == []
    assert duty(date(2026, 12, 8)) == ["due_today:先行登记保存证据处理决定期限"]
    assert duty(date(2026, 12, 9)) == ["overdue:先行登记保存证据处理决定期限"]
    with store.session() as s:
        void_document(store, s, notice.number, "物品清单填错", LEAD_BADGE)
    assert duty(date(2026, 12, 9)) == []


def test_the_site_record_tells_no_seizure_it_did_not_record(store: StationStore,
                                                            photo_case: Case) -> None:
    """The told-and-heard sentence is chosen from the record: never pre-printed on the decision."""
    from gridapp.documents.service import fill_for_case

    issue(store, photo_case, "site_inspection_record", [f"measure_told={SEIZURE_TOLD}",
                                                       "measure_statement=当事人未提出陈述、申辩"])
    with store.read() as s:
        _, _, result = fill_for_case(store, s, photo_case.number, "seizure_decision", [])
    rights = {f.name: f for f in result.fields}["rights"]
    assert rights.value.endswith("当事人的陈述和申辩：当事人未提出陈述、申辩。")
    assert rights.provenance == "来自行政强制和证据保存记录"


def test_the_seizure_list_is_made_on_the_spot_with_its_decision(
        store: StationStore, photo_case: Case) -> None:
    """行政强制法第二十四条第一款: 制作并当场交付扣押决定书和清单 — a list dated another day is
    refused; dated with its decision it issues."""
    from gridapp.documents.context import today_local

    issue(store, photo_case, "seizure_decision")
    decided = date.fromisoformat(today_local())
    clock.start_at(clock.now() + timedelta(days=1))
    message = _refused(store, photo_case, "seizure_list", "清单当场交付", "《行政强制法》第二十四条第一款")
    assert f"（{decided}）" in message
    assert issue(store, photo_case, "seizure_list", issue_date=decided).number
