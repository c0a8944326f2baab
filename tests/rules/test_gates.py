"""Every procedure gate: when it appears, whether it blocks, and its article."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.rules.helpers import base_input, gates, history, patched, run

RED = history(("street-vending", "2026-05-01"), ("street-vending", "2026-08-01"))


def penalty(
    fine: int = 300, served: list[dict[str, str]] | None = None, **case: Any
) -> dict[str, Any]:
    """A red-stage street-vending penalty decision, advance notice served long ago."""
    state = {
        "opened": "2026-11-02", "officers": 2, "severity": "一般", "proposed_fine": fine,
        "served": served if served is not None else [{"document": "advance_notice", "date": "2026-11-05"}],
    }  # fmt: skip
    state.update(case)
    return base_input(history=RED, case=state, action="issue_penalty_decision")


def test_clean_penalty_decision_has_no_gates_and_points_to_the_decision() -> None:
    ev = run(penalty())
    assert ev.gates == ()
    assert ev.next_documents == ("penalty_decision",)


def test_limitation_expired_blocks_penalty_but_not_a_no_penalty_decision() -> None:
    raw = patched(base_input(), facts={"act_date": "2024-11-18"})
    assert gates(run(raw)) == {"limitation_expired": True}
    exact = patched(base_input(), facts={"act_date": "2024-11-20"})
    assert "limitation_expired" not in gates(run(exact))
    no_pen = patched(raw, case={"opened": "2026-11-20", "officers": 2})
    no_pen["action"] = "issue_no_penalty_decision"
    ev = run(no_pen)
    assert gates(ev) == {"limitation_expired": False}
    assert ev.next_documents == ("no_penalty_decision",)


def test_limitation_counts_to_discovery_not_as_of() -> None:
    raw = patched(base_input(), facts={"act_date": "2024-11-18"}, case={"opened": "2026-11-10"})
    assert "limitation_expired" not in gates(run(raw))


def test_minor_under_14_and_14_to_17_mitigates() -> None:
    assert gates(run(base_input(party={"kind": "person", "age": 13}))) == {"minor_under_14": True}
    ev = run(base_input(party={"kind": "person", "age": 16}))
    assert "minor_under_14" not in gates(ev)
    assert any("第三十条" in f for f in ev.discretion.factor_texts())


def test_two_officers_required() -> None:
    ev = run(penalty(officers=1))
    assert gates(ev)["two_officers_required"] is True
    assert any("第四十二条" in g.basis for g in ev.gates)


@pytest.mark.parametrize(
    ("kind", "fine", "gated"),
    [("person", 200, False), ("person", 201, True), ("organisation", 3000, False),
     ("organisation", 3001, True)],
)  # fmt: skip
def test_summary_procedure_limit(kind: str, fine: int, gated: bool) -> None:
    raw = penalty(fine, severity=None, served=[])
    raw["violation"] = "road-piling" if kind == "person" else "street-car-wash"
    raw["history"] = []
    raw["party"] = {"kind": kind}
    raw["action"] = "issue_summary_decision"
    got = gates(run(raw))
    assert ("summary_procedure_limit" in got) is gated
    assert "advance_notice_required" not in got


def test_advance_notice_required_unless_waived() -> None:
    assert gates(run(penalty(served=[]))) == {"advance_notice_required": True}
    assert run(penalty(served=[])).next_documents == ("advance_notice",)
    assert gates(run(penalty(served=[], statement_waived=True))) == {}


def test_statement_period_open_until_five_working_days_pass() -> None:
    served = [{"document": "advance_notice", "date": "2026-11-13"}]  # Fri → due Fri 11-20
    raw = penalty(served=served)
    assert gates(run(raw)) == {"statement_period_open": True}
    raw["as_of"] = "2026-11-23"
    assert gates(run(raw)) == {}


@pytest.mark.parametrize(
    ("pack", "kind", "fine", "gated"),
    [("shanghai", "person", 5000, True), ("shanghai", "person", 4999, False),
     ("beijing", "person", 3000, False), ("beijing", "person", 3001, True)],
)  # fmt: skip
def test_hearing_notice_required_at_the_pack_threshold(
    pack: str, kind: str, fine: int, gated: bool
) -> None:
    raw = penalty(fine, severity=None)
    raw["violation"] = "road-piling"
    ev = run(raw, pack=pack)
    assert ("hearing_notice_required" in gates(ev)) is gated
    if gated:
        assert ev.next_documents == ("hearing_notice",)


def test_hearing_request_window_and_answers() -> None:
    served = [{"document": "advance_notice", "date": "2026-11-05"},
              {"document": "hearing_notice", "date": "2026-11-16"}]  # fmt: skip
    raw = penalty(5000, served=served, severity=None)
    raw["violation"] = "road-piling"
    assert gates(run(raw)) == {"hearing_request_window_open": True}
    raw["case"]["hearing_requested"] = False
    assert gates(run(raw)) == {}
    raw["case"]["hearing_requested"] = True
    assert gates(run(raw)) == {"hearing_pending": True}
    raw["case"]["hearing_date"] = "2026-11-19"
    assert gates(run(raw)) == {}
    del raw["case"]["hearing_requested"], raw["case"]["hearing_date"]
    raw["as_of"] = "2026-11-24"  # window closed on 11-23
    assert gates(run(raw)) == {}


def test_fine_outside_benchmark_blocks_unless_justified() -> None:
    ev = run(penalty(450))
    assert gates(ev) == {"fine_outside_benchmark": True}
    assert "190–370" in ev.gates[0].reason
    justified = run(penalty(450, fine_justification="当事人多次阻挠，报负责人批准"))
    assert gates(justified) == {"fine_outside_benchmark": False}


def test_fine_increased_after_statement() -> None:
    assert gates(run(penalty(300, prior_proposed_fine=250))) == {
        "fine_increased_after_statement": True
    }
    assert gates(run(penalty(250, prior_proposed_fine=300))) == {}


def test_decision_deadline_passed_warns_without_blocking() -> None:
    raw = penalty(opened="2026-08-01")
    ev = run(raw)
    assert gates(ev) == {"decision_deadline_passed": False}
    assert "第六十条" in ev.gates[0].basis


def test_mandatory_exemption_blocks_a_penalty_decision() -> None:
    raw = patched(penalty(), facts={"harm": "none", "corrected": True})
    raw["history"] = []
    ev = run(raw)
    assert gates(ev) == {"mandatory_exemption": True}
    assert ev.next_documents == ("no_penalty_decision",)


def test_refusal_to_correct_is_a_precondition_where_the_law_says_so() -> None:
    raw = penalty(severity=None)
    raw["violation"] = "illegal-posting"
    assert gates(run(raw)) == {"refusal_to_correct_required": True}
    assert run(raw).next_documents == ("rectification_notice",)
    raw["case"]["served"].append({"document": "rectification_notice", "date": "2026-11-01"})
    # Served, but 拒不改正 needs the 改正期限 passed and a 复查 after it finding no correction.
    ev = run(raw)
    assert gates(ev) == {"refusal_to_correct_required": True}
    assert "未记录改正期限" in ev.gates[0].reason
    assert ev.next_documents == (), "the order is served: no second order is proposed"
    raw["case"]["correction_due"] = raw["as_of"]
    raw["case"]["not_corrected_on"] = raw["as_of"]
    ev = run(raw)
    assert gates(ev) == {"refusal_to_correct_required": True}
    assert "期满前不能认定拒不改正" in ev.gates[0].reason
    due = date.fromisoformat(raw["as_of"]) - timedelta(days=3)
    raw["case"]["correction_due"] = due.isoformat()
    raw["case"]["not_corrected_on"] = due.isoformat()  # checked on the last day: too early
    assert "届满后尚未复查" in run(raw).gates[0].reason
    raw["case"]["not_corrected_on"] = (due + timedelta(days=1)).isoformat()
    assert gates(run(raw)) == {}
    raw["facts"]["corrected"] = True
    assert gates(run(raw)) == {"refusal_to_correct_required": True}


def test_assess_previews_penalty_gates_only_on_the_red_path() -> None:
    raw = penalty(served=[])
    raw["action"] = "assess"
    assert gates(run(raw)) == {"advance_notice_required": True}
    raw["history"] = history(("street-vending", "2026-05-01"))
    assert gates(run(raw)) == {}
    raw["history"] = RED
    raw["case"]["procedure"] = "summary"
    raw["case"]["proposed_fine"] = 300
    assert gates(run(raw)) == {"summary_procedure_limit": True}


def test_fine_above_the_statutory_maximum_blocks_even_when_justified() -> None:
    ev = run(penalty(600, severity=None, fine_justification="情节特别严重"))
    assert gates(ev) == {"fine_outside_benchmark": True}
    assert "超过法定最高罚款" in ev.gates[0].reason
    assert "第二十五条第二款" in ev.gates[0].basis


def test_fine_below_the_statutory_minimum_needs_a_ground_for_mitigation() -> None:
    raw = penalty(30, severity=None, fine_justification="当事人经济困难")
    ev = run(raw)
    assert gates(ev) == {"fine_outside_benchmark": True}
    assert "减轻处罚" in ev.gates[0].reason
    raw["facts"]["confessed"] = True  # 第三十二条第（三）项: 减轻 below the minimum is lawful
    assert gates(run(raw)) == {"fine_outside_benchmark": False}
    del raw["case"]["fine_justification"]
    assert gates(run(raw)) == {"fine_outside_benchmark": True}


@pytest.mark.parametrize(("fine", "gated"), [(50, False), (200, False), (120, True), (100, True)])
def test_beijing_article_52_allows_only_its_two_fixed_amounts(fine: int, gated: bool) -> None:
    raw = penalty(fine, severity=None)
    raw["violation"] = "littering"
    ev = run(raw, pack="beijing")
    assert ("fine_outside_benchmark" in gates(ev)) is gated
    if gated:
        assert "不属于任一情节档次" in ev.gates[0].reason and "200元" in ev.gates[0].reason
