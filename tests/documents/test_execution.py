"""A penalty decided but not executed refuses closing (行政处罚法第六十六条、第七十二条): the
payment or other execution is recorded on the case (``gridapp case paid|executed``), the
closing gate reads it, and the 备案登记表 and 结案审批表 print it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.caselog import service
from gridapp.documents.service import find_document, stored_pdf
from gridapp.errors import GateBlockedError
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


# --- the law's limits and hostile input (legal review and input pass) ---------------------


def _executed(run_cli, store: StationStore, case: Case, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("case", "executed", case.number, *args, "--data-dir", store.data_dir)


def _shown(run_cli, store: StationStore, case: Case) -> dict[str, object]:  # type: ignore[no-untyped-def]
    res = run_cli("case", "execution", case.number, "--json", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    data = res.json()
    assert isinstance(data, dict)
    return data


def test_the_late_fee_stops_on_the_day_the_fine_is_paid(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    # Last day to pay 12-14; the fine paid in full on 12-18: 4 days × 9 yuan, and no more.
    clock.start_at(clock.now() + timedelta(days=20))
    assert _paid(run_cli, store, photo_case, "300").code == 0
    clock.start_at(clock.now() + timedelta(days=10))
    shown = _shown(run_cli, store, photo_case)
    assert shown["late_fee"] == "36.00" and shown["outstanding"] == "36.00"
    assert shown["outstanding_fine"] == "0.00" and shown["outstanding_fee"] == "36.00"
    assert shown["fine_paid_on"] == "2026-12-18"
    # The unpaid fee earns no fee: paying the 36 yuan ten days later settles it.
    done = _paid(run_cli, store, photo_case, "36", "--json")
    assert done.code == 0, done.err
    assert done.json()["executed"] is True and done.json()["outstanding"] == "0.00"  # type: ignore[index]
    assert _close(run_cli, store, photo_case).code == 0


def test_the_late_fee_keeps_jiao_and_fen_of_the_fine(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    from gridapp.rules.latefee import late_fee

    due = date(2026, 12, 14)
    assert late_fee(Decimal("300.50"), due, date(2027, 6, 1)) == Decimal("300.50")  # the cap
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    decision = issue(store, photo_case, "penalty_decision", ["fine_amount=300.50"])
    serve(store, decision.number)
    # 300.50 × 3% × 4 days = 36.06 (the fine cut to 300 gave 36.00).
    clock.start_at(clock.now() + timedelta(days=20))
    shown = _shown(run_cli, store, photo_case)
    assert shown["fine"] == "300.50" and shown["late_fee"] == "36.06"


def test_on_the_spot_collection_only_for_an_on_the_spot_decision(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    before = _counts(store)
    res = run_cli("case", "paid", photo_case.number, "--amount", "300", "--date", days_ago(0),
                  "--way", "on_site", "--receipt", "沪财罚No.1", "--data-dir", store.data_dir)
    assert res.code == 2 and "Traceback" not in res.err
    assert "不能当场收缴" in res.err and "第六十七条第二款、第六十八条" in res.err
    assert _counts(store) == before


def test_the_same_receipt_is_not_recorded_twice(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    argv = ("case", "paid", photo_case.number, "--amount", "100", "--date", days_ago(0),
            "--way", "bank", "--data-dir", store.data_dir)
    assert run_cli(*argv, "--receipt", "缴款书No.7").code == 0
    before = _counts(store)
    res = run_cli(*argv, "--receipt", " 缴款书no.7 ")
    assert res.code == 2 and "同一票据不能重复记录" in res.err
    assert _counts(store) == before


def test_the_court_ruling_alone_is_not_printed_as_executed(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    assert _executed(run_cli, store, photo_case, "--by", "court", "--date", days_ago(0),
                     "--reference", "（2027）沪0101行审123号").code == 0
    form = run_cli("doc", "fill", photo_case.number, "closing_report", "--json",
                   "--data-dir", store.data_dir).json()
    values = " ".join(str(f["value"]) for f in form["fields"])  # type: ignore[index]
    assert "人民法院裁定准予执行（（2027）沪0101行审123号）" in values
    assert "已执行完毕" not in values
    assert "penalty_not_executed" in form["blocking_gates"]  # type: ignore[index]
    # Nor the same ruling twice without what it collected.
    again = _executed(run_cli, store, photo_case, "--by", "court", "--date", days_ago(0),
                      "--reference", "（2027）沪0101行审123号")
    assert again.code == 2 and "执行到位" in again.err


def test_court_execution_only_of_what_is_owed(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    before = _counts(store)
    much = _executed(run_cli, store, photo_case, "--by", "court", "--date", days_ago(0),
                     "--reference", "（2027）沪0101执1号", "--amount", "99999999")
    assert much.code == 2 and "超过尚欠的 300元" in much.err
    assert _counts(store) == before
    assert _paid(run_cli, store, photo_case, "300").code == 0
    before = _counts(store)
    for kind in ("court", "terminated", "not_enforced", "instalment"):
        res = _executed(run_cli, store, photo_case, "--by", kind, "--date", days_ago(0),
                        "--reference", "（2027）沪0101执2号", "--note", "理由")
        assert res.code == 2 and "已执行完毕，无须再记录" in res.err, (kind, res.err)
    assert _counts(store) == before


def test_termination_and_a_refusal_to_enforce_are_lawful_ends(
        store: StationStore, photo_case: Case, run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    before = _counts(store)
    bare = _executed(run_cli, store, photo_case, "--by", "terminated", "--date", days_ago(0),
                     "--reference", "沪黄城管终字〔2026〕1号")
    assert bare.code == 2 and "终结执行须写明理由" in bare.err and "第四十条" in bare.err
    nameless = _executed(run_cli, store, photo_case, "--by", "not_enforced", "--date",
                         days_ago(0), "--reference", " ")
    assert nameless.code == 2 and "请填写人民法院不予执行裁定书文号" in nameless.err
    assert _counts(store) == before
    ended = _executed(run_cli, store, photo_case, "--by", "terminated", "--date", days_ago(0),
                      "--reference", "沪黄城管终字〔2026〕1号", "--note", "当事人死亡，无遗产可供执行")
    assert ended.code == 0, ended.err
    assert "尚欠 300元，已终结执行（沪黄城管终字〔2026〕1号；理由：当事人死亡，无遗产可供执行）" in ended.out
    assert "已执行完毕" not in ended.out
    approve_step(store, photo_case, "closing")
    form = issue(store, photo_case, "closing_report")
    out = tmp_path / "closing.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, form.id)))
    text = re.sub(r"\s+", "", pdftotext(out))
    assert "终结执行（沪黄城管终字〔2026〕1号；理由：当事人死亡，无遗产可供执行）" in text
    assert "尚未缴纳，已终结执行" in text and "本案已终结执行（《行政强制法》第四十条），建议结案" in text
    assert "已执行完毕" not in text and "已全额缴纳" not in text
    assert _close(run_cli, store, photo_case).code == 0
    # Closed: nothing more is recorded on it.
    late = _paid(run_cli, store, photo_case, "300")
    assert late.code == 2 and "已结案" in late.err


def test_a_court_refusal_to_enforce_lets_the_case_close(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    res = _executed(run_cli, store, photo_case, "--by", "not_enforced", "--date", days_ago(0),
                    "--reference", "（2027）沪0101行审9号")
    assert res.code == 0, res.err
    assert "人民法院裁定不予执行" in res.out
    assert _close(run_cli, store, photo_case).code == 0


def test_a_paid_decision_is_voided_only_after_the_refund(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    number = _decided(store, photo_case)
    assert _paid(run_cli, store, photo_case, "100").code == 0
    before = _counts(store)
    void = ("doc", "void", number, "--reason", "适用法律错误", "--data-dir", store.data_dir)
    res = run_cli(*void)
    assert res.code == 2 and "已缴纳（执行）100元，不能作废" in res.err and "退还罚款" in res.err
    assert _counts(store) == before
    too_much = _executed(run_cli, store, photo_case, "--by", "refund", "--date", days_ago(0),
                         "--reference", "退付书No.1", "--amount", "150")
    assert too_much.code == 2 and "超过" in too_much.err
    back = _executed(run_cli, store, photo_case, "--by", "refund", "--date", days_ago(0),
                     "--reference", "退付书No.1", "--amount", "100")
    assert back.code == 0, back.err
    assert run_cli(*void).code == 0


def test_money_held_on_a_voided_decision_refuses_closing(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    from gridapp.documents.service import void_document
    from gridapp.execution import service as execution

    number = _decided(store, photo_case)
    assert _paid(run_cli, store, photo_case, "100").code == 0
    with store.session() as s:  # as a record synced from an older station would leave it
        doc = find_document(s, number)
        assert doc.voided_at is None
        original = execution.check_void
        try:
            execution.check_void = lambda session, doc: None  # type: ignore[assignment]
            import gridapp.documents.service as docs

            docs.check_void = execution.check_void  # type: ignore[attr-defined]
            void_document(store, s, number, "适用法律错误", LEAD_BADGE)
        finally:
            execution.check_void = original  # type: ignore[assignment]
            docs.check_void = original  # type: ignore[attr-defined]
    res = _close(run_cli, store, photo_case)
    assert res.code == 2 and f"已作废的罚款决定 {number}（100元）仍有已缴纳的款项" in res.err


def test_one_instalment_approval_within_bounds(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    before = _counts(store)
    base = ("--by", "instalment", "--date", days_ago(0), "--reference", "沪黄城管延字〔2026〕1号")
    for schedule, needle in ((f"{days_ago(0)}:300", "晚于批准之日"),
                             ("9999-12-31:300", "过远"),
                             ("2026-12-15:1e30", "过大"),
                             ("20261215:300", "不是日期")):
        res = _executed(run_cli, store, photo_case, *base, "--schedule", schedule)
        assert res.code == 2 and needle in res.err and "Traceback" not in res.err, res.err
    assert _counts(store) == before
    assert _executed(run_cli, store, photo_case, *base, "--schedule", "2026-12-30:300").code == 0
    again = _executed(run_cli, store, photo_case, *base, "--schedule", "2027-06-30:300")
    assert again.code == 2 and "不能再次批准" in again.err
    assert _shown(run_cli, store, photo_case)["schedule_end"] == "2026-12-30"


def test_substitute_performance_only_of_the_cases_order_to_act(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    _decided(store, photo_case)
    before = _counts(store)
    for reference in ("沪黄城管代字〔2026〕1号", "（2027）沪0101行审123号"):
        res = _executed(run_cli, store, photo_case, "--by", "substitute", "--date", days_ago(0),
                        "--reference", reference)
        assert res.code == 2 and "本案没有代履行决定" in res.err
    assert _counts(store) == before


@pytest.mark.parametrize(("args", "needle"), [
    (["--amount", "1e30"], "过大"),
    (["--amount", "1e309"], "过大"),
    (["--amount", "1E+999999"], "过大"),
    (["--amount", "１００"], "不是金额"),
    (["--amount", "١٠٠"], "不是金额"),
    (["--date", "20261128"], "不是日期"),
    (["--date", "2026-W48-6"], "不是日期"),
    (["--receipt", "No.1\u200b"], "不可见的字符"),
])
def test_hostile_amounts_and_days_are_refused(
        store: StationStore, photo_case: Case, run_cli, args: list[str],  # type: ignore[no-untyped-def]
        needle: str) -> None:
    _decided(store, photo_case)
    before = _counts(store)
    given = dict(zip(args[::2], args[1::2], strict=True))
    argv = {"--amount": "300", "--date": days_ago(0), "--way": "bank", "--receipt": "No.1"} | given
    res = run_cli("case", "paid", photo_case.number, *[x for kv in argv.items() for x in kv],
                  "--data-dir", store.data_dir)
    assert res.code == 2 and needle in res.err and "Traceback" not in res.err, res.err
    if "--amount" in given:
        court = _executed(run_cli, store, photo_case, "--by", "court", "--date", days_ago(0),
                          "--reference", "（2027）沪0101执1号", "--amount", given["--amount"])
        assert court.code == 2 and needle in court.err and "Traceback" not in court.err
    assert _counts(store) == before


def test_substitute_performance_is_recorded_once_on_the_cases_decision(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    def on(days: int) -> str:
        return days_ago(-days)

    issue(store, photo_case, "rectification_notice", [f"deadline={on(3)}"])
    clock.start_at(clock.now() + timedelta(days=4))
    reminder = issue(store, photo_case, "performance_reminder", [f"deadline={on(5)}"])
    serve(store, reminder.number)
    clock.start_at(clock.now() + timedelta(days=20))
    decision = issue(store, photo_case, "substitute_performance_decision",
                     [f"performance_date={on(7)}"])
    before = _counts(store)
    other = _executed(run_cli, store, photo_case, "--by", "substitute", "--date", days_ago(0),
                      "--reference", "（2027）沪0101行审123号")
    assert other.code == 2 and f"本案的为：{decision.number}" in other.err
    assert _counts(store) == before
    done = _executed(run_cli, store, photo_case, "--by", "substitute", "--date", days_ago(0),
                     "--reference", decision.number)
    assert done.code == 0, done.err
    assert f"代履行完毕  {decision.number}" in done.out
    again = _executed(run_cli, store, photo_case, "--by", "substitute", "--date", days_ago(0),
                      "--reference", decision.number)
    assert again.code == 2 and "记录代履行完毕" in again.err
    assert _counts(store)[0] == before[0] + 1


def test_the_payment_reminder_asks_what_the_record_says_is_owed(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    """The 催告书's 加处罚款 is the execution record's: it stopped the day the fine was paid
    (行政处罚法第七十二条); once everything is paid there is nothing to remind of."""
    _decided(store, photo_case)
    # Last day to pay 12-14; the fine paid on 12-18 (4 days × 9 yuan), reminded on 12-28.
    clock.start_at(clock.now() + timedelta(days=20))
    assert _paid(run_cli, store, photo_case, "300").code == 0
    clock.start_at(clock.now() + timedelta(days=10))
    with pytest.raises(GateBlockedError, match=r"加处罚款应为 36\.00 元"):
        issue(store, photo_case, "payment_reminder", ["late_fee=126.00"])
    issue(store, photo_case, "payment_reminder", ["late_fee=36.00"])
    assert _paid(run_cli, store, photo_case, "36").code == 0
    with pytest.raises(GateBlockedError, match="已履行完毕"):
        issue(store, photo_case, "payment_reminder", ["late_fee=36.00"])
