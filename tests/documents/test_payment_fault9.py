"""Issue 10, fault 9 — a fine decision says where the fine is paid (行政处罚法第五十九条第一款第（四）项,
第六十七条第三款): the bank, account name and number configured for the station (or its bureau in
the pack), or the decision's payment code and electronic channel; without them it is refused with
the gate and the article named. The collecting bank gets its own copy (收缴银行联)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.documents.context import today_local
from gridapp.errors import GateBlockedError
from gridapp.models import AuditEvent, Case, Document
from gridapp.setup import set_payment
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.documents.conftest import issue, pdftotext, serve


def _flat(path: Path) -> str:
    return re.sub(r"\s+", "", pdftotext(path))


def _ready_for_decision(store: StationStore, case: Case) -> None:
    back = (date.fromisoformat(today_local()) - timedelta(days=20)).isoformat()
    notice = issue(store, case, "advance_notice", issue_date=date.fromisoformat(back))
    serve(store, notice.number, served_on=back)


def _unconfigured(store: StationStore) -> None:
    set_payment(store, {"payment_bank": "", "payment_account_name": "", "payment_account": ""},
                actor=LEAD_BADGE, reason="清除")


def _count(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


def test_a_fine_decision_without_payment_details_is_refused_naming_what_is_missing(
        store: StationStore, photo_case: Case) -> None:
    _ready_for_decision(store, photo_case)
    _unconfigured(store)
    before = _count(store)
    with pytest.raises(GateBlockedError) as err:
        issue(store, photo_case, "penalty_decision")
    message = err.value.message_zh
    assert "缴款信息" in message or "缴款" in message
    assert "代收银行" in message and "收款账户户名" in message and "收款账号" in message
    assert "第六十七条第三款" in message and "第五十九条第一款第（四）项" in message
    assert _count(store) == before, "nothing written, no number taken"


def test_the_cli_refuses_it_with_exit_code_2_naming_the_gate_and_article(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    from tests.documents.conftest import approve_step

    _ready_for_decision(store, photo_case)
    approve_step(store, photo_case, "penalty")
    _unconfigured(store)
    before = _count(store)
    res = run_cli("doc", "issue", photo_case.number, "penalty_decision", "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert "【缴款信息】" in res.err and "第六十七条第三款" in res.err and "set-payment" in res.err
    assert _count(store) == before
    res = run_cli("doc", "issue", photo_case.number, "penalty_decision", "--field",
                  "payment_code=3101012026000456", "--field", "payment_channel=非税收入电子缴款系统",
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err


def test_the_decision_prints_the_bank_and_account_and_the_bank_gets_its_copy(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _ready_for_decision(store, photo_case)
    d = store.data_dir
    res = run_cli("station", "set-payment", "--bank", "中国工商银行上海市黄浦支行",
                  "--account-name", "上海市黄浦区财政局", "--account", "1001 0000 0000 1234",
                  "--reason", "区财政局指定的罚没款代收账户", "--json", "--data-dir", d)
    assert res.code == 0, res.err
    assert res.json()["payment_bank"] == "中国工商银行上海市黄浦支行" and res.json()["changed"]
    decision = issue(store, photo_case, "penalty_decision")
    out = tmp_path / "file.pdf"
    assert run_cli("doc", "render", decision.number, "--out", str(out), "--data-dir", d).code == 0
    text = _flat(out)
    assert "代收银行：中国工商银行上海市黄浦支行" in text
    assert "户名：上海市黄浦区财政局" in text and "账号：1001000000001234" in text
    bank = tmp_path / "bank.pdf"
    res = run_cli("doc", "render", decision.number, "--copy", "bank", "--out", str(bank),
                  "--data-dir", d)
    assert res.code == 0, res.err
    bank_text = _flat(bank)
    assert "【收缴银行联】" in bank_text and "账号：1001000000001234" in bank_text
    assert "310101199001011234" not in bank_text, "the bank's copy masks the identity number"
    res = run_cli("doc", "verify", str(bank), "--data-dir", d)
    assert res.code == 0, res.out + res.err
    with store.read() as s:
        actions = s.scalars(select(AuditEvent.action)).all()
    assert "station.payment" in actions


def test_a_payment_code_and_channel_instead_of_an_account(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    _unconfigured(store)
    summary = issue(store, photo_case, "summary_penalty_decision",
                    ["payment_code=3101012026000123", "payment_channel=非税收入电子缴款系统"])
    out = tmp_path / "s.pdf"
    assert run_cli("doc", "render", summary.number, "--out", str(out),
                   "--data-dir", store.data_dir).code == 0
    assert "缴款码：3101012026000123；电子缴款渠道：非税收入电子缴款系统" in _flat(out)


def test_no_bank_copy_for_a_document_without_a_fine(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    out = tmp_path / "x.pdf"
    res = run_cli("doc", "render", notice.number, "--copy", "bank", "--out", str(out),
                  "--data-dir", store.data_dir)
    assert res.code == 2 and "不需要收缴银行联" in res.err and not out.exists()


@pytest.mark.parametrize(
    ("args", "field", "needle"),
    [
        (["--account", "62-22abc"], "payment_account", "只能包含数字"),
        (["--bank", "银行\x1b[2J"], "payment_bank", "控制字符"),
        ([], "payment_bank", "至少填写一项"),
        (["--bank", "某银行", "--reason", " "], "reason", "变更理由"),
    ],
)
def test_bad_payment_settings_are_refused_and_nothing_is_written(
        store: StationStore, run_cli, args: list[str], field: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    with store.read() as s:
        before = s.scalar(select(func.count(AuditEvent.seq)))
    argv = args if "--reason" in args else [*args, "--reason", "设置"]
    res = run_cli("station", "set-payment", *argv, "--data-dir", store.data_dir)
    assert res.code == 2 and needle in res.err and f"[{field}]" in res.err, res.err
    with store.read() as s:
        assert s.scalar(select(func.count(AuditEvent.seq))) == before


def test_an_officer_cannot_change_where_fines_are_paid(store: StationStore, run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("station", "set-payment", "--bank", "别的银行", "--reason", "改", "--as",
                  OFFICER_BADGE, "--data-dir", store.data_dir)
    assert res.code == 2, res.out
