"""Legal timers, day counting (working days, holidays, months) and the late fee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gridapp.packs import load_pack
from gridapp.rules import late_fee
from gridapp.rules.daycount import add_months, due_after, due_before
from gridapp.rules.latefee import days_until_cap
from tests.rules.helpers import base_input, deadline, run

SH = load_pack("shanghai")


def with_case(**case: object) -> dict[str, object]:
    return base_input(as_of="2026-12-31", case=case)


def served(doc: str, day: str) -> list[dict[str, str]]:
    return [{"document": doc, "date": day}]


def test_no_case_no_deadlines() -> None:
    assert run(base_input()).deadlines == ()


def test_hearing_request_five_working_days_across_national_day() -> None:
    # Notice Wed 2026-09-30; 10-01..07 holiday, Sat 10-10 is a make-up working day.
    ev = run(with_case(served=served("hearing_notice", "2026-09-30")))
    assert deadline(ev, "hearing_request") == "2026-10-13"
    d = ev.deadlines[0].to_dict()
    assert d["counting"] == "working" and "第六十四条" in str(d["basis"])


def test_hearing_notice_lead_counts_back_seven_working_days() -> None:
    ev = run(with_case(hearing_date="2026-12-10"))
    assert deadline(ev, "hearing_notice_lead") == "2026-12-01"


def test_statement_until_uses_the_pack_period() -> None:
    ev = run(with_case(served=served("advance_notice", "2026-11-13")))
    assert SH.statement_period_days == 5
    assert deadline(ev, "statement_until") == "2026-11-20"


def test_decision_due_ninety_days_moved_off_a_weekend() -> None:
    ev = run(with_case(opened="2026-03-01"))  # +90 = Sat 05-30 → Mon 06-01
    assert deadline(ev, "decision_due") == "2026-06-01"


def test_service_due_only_when_not_handed_over_on_the_spot() -> None:
    ev = run(with_case(decided="2026-11-20"))
    assert deadline(ev, "service_due") == "2026-12-01"
    on_spot = run(with_case(decided="2026-11-20", served=served("penalty_decision", "2026-11-20")))
    assert deadline(on_spot, "service_due") is None


def test_payment_and_remedies_from_service_of_the_decision() -> None:
    ev = run(with_case(served=served("penalty_decision", "2026-09-16")))
    assert deadline(ev, "payment_due") == "2026-10-08"  # 10-01 is a holiday
    assert deadline(ev, "reconsideration_until") == "2026-11-16"  # 11-15 is a Sunday
    assert deadline(ev, "lawsuit_until") == "2027-03-16"
    no_pen = run(with_case(served=served("no_penalty_decision", "2026-09-16")))
    assert deadline(no_pen, "payment_due") is None
    assert deadline(no_pen, "reconsideration_until") == "2026-11-16"


def test_uncovered_year_is_flagged() -> None:
    ev = run(with_case(served=served("penalty_decision", "2026-09-16")))
    lawsuit = next(d for d in ev.deadlines if d.name == "lawsuit_until").to_dict()
    assert "节假日数据未覆盖" in str(lawsuit["note"])
    payment = next(d for d in ev.deadlines if d.name == "payment_due").to_dict()
    assert "note" not in payment


def test_preserved_evidence_decision_seven_working_days() -> None:
    ev = run(with_case(served=served("evidence_preservation_notice", "2026-12-18")))
    assert deadline(ev, "preserved_evidence_decision") == "2026-12-29"


def test_deadlines_listed_in_fixed_order() -> None:
    ev = run(
        with_case(
            opened="2026-11-02",
            hearing_date="2026-12-10",
            served=[
                {"document": "hearing_notice", "date": "2026-11-20"},
                {"document": "advance_notice", "date": "2026-11-20"},
            ],
        )
    )
    assert [d.name for d in ev.deadlines] == [
        "hearing_request", "hearing_notice_lead", "statement_until", "decision_due",
    ]  # fmt: skip


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_calendar_rule_without_holiday_shift() -> None:
    rule = SH.deadlines["payment_due"]
    from dataclasses import replace

    plain = replace(SH.day_rules, holiday_rule="none")
    assert due_after(rule, date(2026, 9, 16), plain).date == date(2026, 10, 1)
    assert due_after(rule, date(2026, 9, 16), SH.day_rules).date == date(2026, 10, 8)
    lead = SH.deadlines["hearing_notice_lead"]
    # Back from Mon 10-12: Sat 10-10 (make-up day), 10-09, 10-08, 09-30, 09-29, 09-28, then
    # 09-25 is 中秋 and 09-26/27 a weekend, so the seventh working day is Thu 09-24.
    assert due_before(lead, date(2026, 10, 12), SH.day_rules).date == date(2026, 9, 24)


@pytest.mark.parametrize(
    ("fine", "days", "expected"),
    [(1000, 0, "0.00"), (1000, 1, "30.00"), (1000, 10, "300.00"), (1000, 34, "1000.00"),
     (1000, 400, "1000.00"), (50, 1, "1.50"), (0, 5, "0.00")],
)  # fmt: skip
def test_late_fee_three_percent_a_day_capped_at_the_fine(
    fine: int, days: int, expected: str
) -> None:
    due = date(2026, 10, 8)
    assert late_fee(fine, due, date.fromordinal(due.toordinal() + days)) == Decimal(expected)


def test_late_fee_is_zero_before_the_due_date_and_cap_day() -> None:
    assert late_fee(500, date(2026, 10, 8), date(2026, 10, 1)) == Decimal("0.00")
    assert days_until_cap(1000) == 34
    with pytest.raises(ValueError):
        late_fee(-1, date(2026, 10, 8), date(2026, 10, 9))
