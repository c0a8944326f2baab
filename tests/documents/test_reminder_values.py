"""The 履行义务催告书's own values and the 代履行 that rests on it (行政强制法第三十五条、第三十六条、
第五十条、第六十九条): a real time to perform after the issue day and within a year, a 陈述申辩
period of 3–30 working days in digits, a 标的 of at most 500 characters — refused otherwise
(exit 2, nothing written); the 代履行决定书 waits for the party's 陈述申辩 period after service
to run out, or a 陈述申辩笔录 made after service."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from gridapp import clock
from gridapp.models import Case, Document
from gridapp.store import StationStore
from tests.documents.conftest import issue, serve
from tests.documents.test_coercion_gates import _in, _refused


def _docs(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


def _order_ran_out(store: StationStore, case: Case) -> None:
    issue(store, case, "rectification_notice", [f"deadline={_in(3)}"])
    clock.start_at(clock.now() + timedelta(days=4))


@pytest.mark.parametrize(
    ("field", "label", "needle"),
    [
        ("deadline=2027-02-30", "催告履行期限", "不是有效的日期"),
        ("deadline=9999-12-31", "催告履行期限", "超过一年"),
        ("deadline=20271220", "催告履行期限", "不是有效的日期"),
        ("statement_days=abc", "催告陈述申辩期限", "3 至 30"),
        ("statement_days=-1", "催告陈述申辩期限", "3 至 30"),
        ("statement_days=0", "催告陈述申辩期限", "3 至 30"),
        ("statement_days=1e309", "催告陈述申辩期限", "3 至 30"),
        ("statement_days=１００", "催告陈述申辩期限", "3 至 30"),
        ("statement_days=999999999999", "催告陈述申辩期限", "3 至 30"),
        ("target=" + "清除水果摊架" * 1700, "催告标的过长", "超过 500 个字"),
    ],
)
def test_a_bad_reminder_value_is_refused_on_the_cli(
        store: StationStore, photo_case: Case, run_cli, field: str, label: str,  # type: ignore[no-untyped-def]
        needle: str) -> None:
    _order_ran_out(store, photo_case)
    before = _docs(store)
    res = run_cli("doc", "issue", photo_case.number, "performance_reminder",
                  "--field", "target=清除南京东路100号门前人行道上的水果摊架一组",
                  "--field", f"deadline={_in(10)}", "--field", "contact=南京东路中队",
                  "--field", field, "--data-dir", store.data_dir)
    assert res.code == 2, res.out + res.err
    assert f"【{label}】" in res.err and needle in res.err and "第三十五条" in res.err, res.err
    assert _docs(store) == before


def _reminded(store: StationStore, case: Case) -> str:
    _order_ran_out(store, case)
    reminder = issue(store, case, "performance_reminder",
                     [f"deadline={_in(2)}", "statement_days=10"])
    serve(store, reminder.number)
    clock.start_at(clock.now() + timedelta(days=3))  # the time to perform ran out
    message = _refused(store, case, "substitute_performance_decision", "催告陈述申辩期",
                       "《行政强制法》第三十六条、第六十九条", [f"performance_date={_in(8)}"])
    assert "10 个工作日" in message and reminder.number in message
    return reminder.number


def test_substitute_performance_waits_out_the_statement_period_of_the_reminder(
        store: StationStore, photo_case: Case) -> None:
    _reminded(store, photo_case)
    clock.start_at(clock.now() + timedelta(days=14))  # ten working days after service
    assert issue(store, photo_case, "substitute_performance_decision",
                 [f"performance_date={_in(8)}"]).number


def test_substitute_performance_after_the_party_was_heard(
        store: StationStore, photo_case: Case) -> None:
    _reminded(store, photo_case)
    issue(store, photo_case, "statement_record", [f"time={_in(0)} 10:00"])
    assert issue(store, photo_case, "substitute_performance_decision",
                 [f"performance_date={_in(8)}"]).number


def test_a_reminder_whose_time_to_perform_cannot_be_read_never_lets_the_decision_through(
        store: StationStore, photo_case: Case) -> None:
    """A 催告书 from before these checks with "2027-02-30" as its time to perform: read as no
    date, never as "no time set"."""
    import json

    from sqlalchemy import update

    _order_ran_out(store, photo_case)
    reminder = issue(store, photo_case, "performance_reminder", [f"deadline={_in(2)}"])
    serve(store, reminder.number)
    with store.session() as s:
        doc = s.scalars(select(Document).where(Document.number == reminder.number)).one()
        fields = json.loads(doc.fields_json)
        fields["deadline"] = "2027-02-30"
        s.execute(update(Document).where(Document.id == doc.id)
                  .values(fields_json=json.dumps(fields, ensure_ascii=False)))
    clock.start_at(clock.now() + timedelta(days=30))
    message = _refused(store, photo_case, "substitute_performance_decision", "代履行前催告",
                       "《行政强制法》第三十五条、第五十条", [f"performance_date={_in(8)}"])
    assert f"催告书 {reminder.number} 的履行期限无效" in message
