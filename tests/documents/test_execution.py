"""A penalty decided but not executed refuses closing (行政处罚法第六十六条、第七十二条): the
payment or other execution is recorded on the case (``gridapp case paid|executed``), the
closing gate reads it, and the 备案登记表 and 结案审批表 print it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.service import find_document, stored_pdf
from gridapp.models import AuditEvent, Case, Execution
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE
from tests.documents.conftest import (
    approve_step,
    days_ago,
    evaluate,
    issue,
    pdftotext,
    serve,
)

GATE_WORDS = ("【处罚未执行完毕】", "《行政处罚法》第六十六条、第七十二条")


def _counts(store: StationStore) -> tuple[int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(Execution)) or 0,
                s.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def _decided(store: StationStore, case: Case) -> str:
    """Filed, heard, decided (a 300-yuan fine) and served today; status 已作出决定."""
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    decision = issue(store, case, "penalty_decision")
    serve(store, decision.number)
    with store.session() as s:
        row = s.get(Case, case.id)
        assert row is not None
        for status in ("verified", "filed", "investigated", "decided"):
            service.transition(store, s, row, status, LEAD_BADGE)
    return decision.number


def _status(store: StationStore, case: Case) -> str:
    with store.read() as s:
        row = s.get(Case, case.id)
        assert row is not None
        return row.status


def _close(run_cli, store: StationStore, case: Case):  # type: ignore[no-untyped-def]
    return run_cli("case", "transition", case.number, "closed", "--disposition", "enforcement",
                   "--data-dir", store.data_dir)


def _paid(run_cli, store: StationStore, case: Case, amount: str, *extra: str):  # type: ignore[no-untyped-def]
    """A bank payment today; each receipt number new (the first is 缴款书No.20261128001)."""
    receipt = f"缴款书No.2026112800{_counts(store)[0] + 1}"
    return run_cli("case", "paid", case.number, "--amount", amount, "--date", days_ago(0),
                   "--way", "bank", "--receipt", receipt, *extra, "--data-dir", store.data_dir)


def test_a_fine_decided_but_not_paid_refuses_closing_until_paid(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    number = _decided(store, photo_case)
    res = _close(run_cli, store, photo_case)
    assert res.code == 2 and "Traceback" not in res.err
    assert all(w in res.err for w in GATE_WORDS)
    assert f"{number} 决定的罚款300元尚未执行完毕，尚未缴纳" in res.err
    assert _status(store, photo_case) == "decided"
    # Nor a 结案审批 asked, nor the 结案审批表 issued.
    asked = run_cli("approval", "submit", photo_case.number, "--step", "closing",
                    "--as", OFFICER_BADGE, "--data-dir", store.data_dir)
    assert asked.code == 2 and all(w in asked.err for w in GATE_WORDS)
    form = run_cli("doc", "fill", photo_case.number, "closing_report", "--json",
                   "--data-dir", store.data_dir)
    assert "penalty_not_executed" in form.json()["blocking_gates"]  # type: ignore[index]
    # Part paid: still refused, with what is left.
    assert _paid(run_cli, store, photo_case, "200").code == 0
    res = _close(run_cli, store, photo_case)
    assert res.code == 2 and "已缴纳200元，尚欠100元" in res.err
    done = _paid(run_cli, store, photo_case, "100", "--json")
    assert done.code == 0, done.err
    assert done.json()["executed"] is True and done.json()["outstanding"] == "0.00"  # type: ignore[index]
    res = _close(run_cli, store, photo_case)
    assert res.code == 0, res.err
    assert _status(store, photo_case) == "closed"


def test_a_late_payment_owes_the_computed_late_fee_before_closing(
        store: StationStore, photo_case: Case, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    # Served 11-28; the last day to pay is Monday 12-14; paid on 12-18: 4 days × 9 yuan.
    clock.start_at(clock.now() + timedelta(days=20))
    assert _paid(run_cli, store, photo_case, "300").code == 0
    res = _close(run_cli, store, photo_case)
    assert res.code == 2 and "罚款300元及加处罚款36元" in res.err and "尚欠36元" in res.err
    too_much = _paid(run_cli, store, photo_case, "40")
    assert too_much.code == 2 and "超过尚欠的 36元" in too_much.err
    assert _paid(run_cli, store, photo_case, "36").code == 0
    # The 结案审批表 states the execution from the record.
    approve_step(store, photo_case, "closing")
    form = issue(store, photo_case, "closing_report")
    out = tmp_path / "closing.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, form.id)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "罚款300元、加处罚款36元已全额缴纳" in text
    assert "2026年12月18日到指定银行缴纳300元（缴款凭证号缴款书No.20261128001）" in text
    assert _close(run_cli, store, photo_case).code == 0


def test_execution_by_the_court_lets_the_case_close(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    # The ruling alone (准予执行) executes nothing: the case stays open.
    ruling = run_cli("case", "executed", photo_case.number, "--by", "court", "--date",
                     days_ago(0), "--reference", "（2027）沪0101行审123号",
                     "--data-dir", store.data_dir)
    assert ruling.code == 0, ruling.err
    assert "裁定准予执行" in ruling.out and "已执行完毕" not in ruling.out
    assert _close(run_cli, store, photo_case).code == 2
    # What the court actually collected (执行到位): executed in full.
    res = run_cli("case", "executed", photo_case.number, "--by", "court", "--date", days_ago(0),
                  "--reference", "（2027）沪0101执123号", "--amount", "300",
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    assert "已执行完毕" in res.out
    assert _close(run_cli, store, photo_case).code == 0


def test_approved_instalments_move_the_last_day_to_pay(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    later = (date.fromisoformat(days_ago(0)) + timedelta(days=40)).isoformat()
    res = run_cli("case", "executed", photo_case.number, "--by", "instalment", "--date",
                  days_ago(0), "--reference", "沪黄城管延字〔2026〕1号",
                  "--schedule", f"{days_ago(-20)}:150,{later}:150", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    # Paid in full on the last instalment day: no late fee (行政处罚法第六十六条第二款).
    clock.start_at(clock.now() + timedelta(days=40))
    assert _paid(run_cli, store, photo_case, "300").code == 0
    assert _close(run_cli, store, photo_case).code == 0


def test_the_on_the_spot_filing_states_the_payment_from_the_record(
        store: StationStore, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        case = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    evaluate(store, case)
    decision = issue(store, case, "summary_penalty_decision")
    unpaid = run_cli("doc", "fill", case.number, "summary_penalty_filing", "--json",
                     "--data-dir", store.data_dir).json()
    payment = {f["name"]: f for f in unpaid["fields"]}["payment"]  # type: ignore[index]
    assert payment["value"] == f"{decision.number}决定的罚款100元尚未缴纳。"
    assert payment["provenance"] == "来自执行记录"
    res = run_cli("case", "paid", case.number, "--amount", "100", "--date", days_ago(0),
                  "--way", "on_site", "--receipt", "沪财罚No.0012345", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    filing = issue(store, case, "summary_penalty_filing")
    out = tmp_path / "filing.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, filing.id)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "罚款100元已全额缴纳：2026年11月28日当场收缴100元（专用票据号沪财罚No.0012345）" in text


@pytest.mark.parametrize(("args", "needle"), [
    (["--amount", "0"], "金额须大于零"),
    (["--amount", "-5"], "金额须大于零"),
    (["--amount", "三百"], "不是金额"),
    (["--amount", "nan"], "不是金额"),
    (["--amount", "300.123"], "精确到分"),
    (["--date", "2026-11-27"], "早于决定作出之日"),
    (["--date", "2026-11-29"], "晚于今天"),
    (["--date", "28/11/2026"], "不是日期"),
    (["--way", "cash"], "未知的缴纳方式"),
    (["--receipt", "  "], "请填写缴款凭证"),
    (["--receipt", "No.1\x1b[31m"], "控制字符"),
])
def test_bad_payment_input_is_refused_in_chinese_and_writes_nothing(
        store: StationStore, photo_case: Case, run_cli, args: list[str],  # type: ignore[no-untyped-def]
        needle: str) -> None:
    _decided(store, photo_case)
    before = _counts(store)
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = {"--amount": "300", "--date": days_ago(0), "--way": "bank", "--receipt": "No.1"} | given
    res = run_cli("case", "paid", photo_case.number, *[x for kv in argv.items() for x in kv],
                  "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err and "Traceback" not in res.err
    assert _counts(store) == before


def test_payment_on_an_unknown_case_or_one_without_a_fine_decision_is_refused(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    before = _counts(store)
    for ref, needle in (("沪城管案〔2026〕99-999999", "找不到"),
                        (photo_case.number, "没有有效的罚款决定")):
        res = run_cli("case", "paid", ref, "--amount", "300", "--date", days_ago(0), "--way",
                      "bank", "--receipt", "No.1", "--data-dir", store.data_dir)
        assert res.code == 2 and needle in res.err and "Traceback" not in res.err
        bad = run_cli("case", "executed", ref, "--by", "court", "--date", days_ago(0),
                      "--reference", "（2027）沪0101行审1号", "--data-dir", store.data_dir)
        assert bad.code == 2 and needle in bad.err
    assert _counts(store) == before
    _decided(store, photo_case)
    for args, needle in ((["--by", "police"], "未知的执行方式"),
                         (["--by", "instalment", "--schedule", "2026-12-15:100"], "与罚款 300元 不符"),
                         (["--by", "court", "--schedule", "2026-12-15:300"], "只有延期（分期）缴纳")):
        res = run_cli("case", "executed", photo_case.number, *args, "--date", days_ago(0),
                      "--reference", "X-1", "--data-dir", store.data_dir)
        assert res.code == 2 and needle in res.err, res.err
    assert _counts(store)[0] == before[0]


def test_the_payment_is_in_the_case_timeline_in_words(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    from gridapp.workbench.timeline import case_timeline

    number = _decided(store, photo_case)
    assert _paid(run_cli, store, photo_case, "300").code == 0
    events = [e for e in case_timeline(store, photo_case.id) if e.action_label == "记录执行情况"]
    assert [e.summary for e in events] == [
        f"缴纳罚款，300.00 元，到指定银行缴纳，2026年11月28日，缴款书No.20261128001（{number}）"]


def test_a_part_paid_on_time_leaves_the_rest_owing_the_late_fee(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    assert _paid(run_cli, store, photo_case, "200").code == 0  # on the day it was served
    # Twenty days on, 100 yuan is still unpaid: the late fee runs to today (4 days × 9 yuan).
    clock.start_at(clock.now() + timedelta(days=20))
    shown = run_cli("case", "execution", photo_case.number, "--json", "--data-dir", store.data_dir)
    assert shown.json()["late_fee"] == "36.00" and shown.json()["outstanding"] == "136.00"  # type: ignore[index]
    res = _close(run_cli, store, photo_case)
    assert res.code == 2 and "已缴纳200元，尚欠136元" in res.err
