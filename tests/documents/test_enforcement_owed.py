"""The 强制执行申请书 asks the court for what the party still owes on the application day, as the
execution record has it (行政强制法第五十三条、第五十五条第一款第（四）项; 行政处罚法第七十二条):
refused once the decision is executed; a part payment leaves only the rest to apply for; an
approved deferral or instalment schedule moves the three months to its end (第七十二条第二款)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from gridapp import clock
from gridapp.execution import service as execution
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.documents.conftest import issue, pay
from tests.documents.test_coercion_gates import _decided_reminded, _in, _refused, _text


def test_a_fine_paid_in_full_with_its_fee_is_not_applied_for(
        store: StationStore, photo_case: Case) -> None:
    _decided_reminded(store, photo_case)
    clock.start_at(clock.now() + timedelta(days=20))
    pay(store, photo_case)  # the fine and the late fee owed today
    clock.start_at(clock.now() + timedelta(days=140))
    message = _refused(store, photo_case, "enforcement_application", "决定已履行",
                       "《行政强制法》第五十三条")
    assert "已全额缴纳" in message and "不能申请强制执行" in message


def test_a_part_payment_leaves_only_the_rest_to_apply_for(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    _decided_reminded(store, photo_case)
    pay(store, photo_case, "100")
    clock.start_at(clock.now() + timedelta(days=160))
    message = _refused(store, photo_case, "enforcement_application", "申请执行罚款金额",
                       "《行政强制法》第五十五条第一款第（四）项", ["fine=300"])
    assert "尚未缴纳的 200 元" in message and "已缴纳100元" in message
    done = issue(store, photo_case, "enforcement_application")
    with store.read() as s:
        row = s.get(Case, photo_case.id)
        assert row is not None
        owed = execution.obligation(s, store.pack, row, as_of=date.fromisoformat(_in(0)))
    assert owed is not None
    fee = owed.outstanding - 200
    text = _text(store, done.number, tmp_path)
    assert "缴纳罚款200元（大写：贰佰元整）" in text
    assert f"及加处罚款{execution.yuan(fee)}" in text


def test_an_instalment_schedule_moves_the_three_months_to_its_end(
        store: StationStore, photo_case: Case) -> None:
    _decided_reminded(store, photo_case)
    last = _in(270)
    with store.session() as s:
        execution.record_execution(store, s, photo_case.number, LEAD_BADGE, kind="instalment",
                                   on=_in(0), reference="延缴批字〔2027〕1号",
                                   schedule=f"{_in(120)}:150,{last}:150")
    # The six months to sue have run, the schedule has not: no application yet.
    clock.start_at(clock.now() + timedelta(days=200))
    message = _refused(store, photo_case, "enforcement_application", "复议诉讼期限未届满",
                       "《行政处罚法》第七十二条第二款")
    assert f"至 {last} 结束" in message
    # Three months after the suit period would be late; counted from the schedule's end it is not.
    clock.start_at(clock.now() + timedelta(days=120))
    assert issue(store, photo_case, "enforcement_application").number
