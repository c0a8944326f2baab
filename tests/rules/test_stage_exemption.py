"""Priors, the three-colour stage and the three exemption branches (行政处罚法第三十三条)."""

from __future__ import annotations

import pytest

from tests.rules.helpers import base_input, gates, history, patched, run

SV = "street-vending"


@pytest.mark.parametrize(
    ("dates", "priors", "stage", "doc"),
    [
        ([], 0, "yellow", "reminder_card"),
        (["2026-06-01"], 1, "orange", "rectification_notice"),
        (["2026-06-01", "2026-09-01"], 2, "red", "filing_approval"),
        (["2025-11-20", "2025-11-19"], 1, "orange", "rectification_notice"),  # 365 days: edge in
    ],
)
def test_priors_and_stage(dates: list[str], priors: int, stage: str, doc: str) -> None:
    ev = run(base_input(history=history(*[(SV, d) for d in dates])))
    assert (ev.priors, ev.stage) == (priors, stage)
    assert ev.next_documents == (doc,)
    assert ev.education_required is False


def test_other_violations_do_not_count_as_priors() -> None:
    ev = run(
        base_input(history=history(("littering", "2026-10-01"), ("road-piling", "2026-10-02")))
    )
    assert ev.priors == 0 and ev.stage == "yellow"


def test_minor_no_harm_is_mandatory() -> None:
    ev = run(patched(base_input(), facts={"harm": "none", "corrected": True}))
    ex = ev.exemption
    assert (ex.applies, ex.branch, ex.mandatory, ex.item) == (
        True,
        "minor_no_harm",
        True,
        "sh-mf-01",
    )
    assert "第三十三条第一款" in ex.reasons[0]
    assert ev.education_required is True
    assert ev.next_documents == ("no_penalty_decision",)


def test_first_offence_is_discretionary_and_needs_an_undertaking() -> None:
    ev = run(patched(base_input(), facts={"harm": "slight", "corrected": True}))
    ex = ev.exemption
    assert (ex.applies, ex.branch, ex.mandatory) == (True, "first_offence", False)
    assert ev.next_documents == ("no_penalty_decision", "first_offence_undertaking")
    assert ev.education_required is True


def test_first_offence_fails_with_a_prior_and_says_why() -> None:
    raw = patched(base_input(history=history((SV, "2026-03-01"))), facts={"corrected": True})
    ev = run(raw)
    assert ev.exemption.applies is False
    assert any("不属于初次违法" in r for r in ev.exemption.reasons)
    assert any("已造成危害后果" in r for r in ev.exemption.reasons)
    assert ev.stage == "orange" and ev.next_documents == ("rectification_notice",)


def test_not_corrected_means_no_exemption() -> None:
    ev = run(patched(base_input(), facts={"harm": "none", "corrected": False}))
    assert ev.exemption.applies is False
    assert any("未及时改正" in r for r in ev.exemption.reasons)


def test_serious_harm_blocks_first_offence() -> None:
    ev = run(patched(base_input(), facts={"harm": "serious", "corrected": True}))
    assert ev.exemption.applies is False
    assert any("并非轻微" in r for r in ev.exemption.reasons)


def test_no_fault_is_mandatory_through_the_item() -> None:
    ev = run(patched(base_input(), facts={"no_fault_evidence": True}))
    ex = ev.exemption
    assert (ex.branch, ex.mandatory, ex.item) == ("no_fault", True, "sh-mf-01")


def test_no_fault_applies_even_off_the_list() -> None:
    raw = patched(base_input(violation="road-piling"), facts={"no_fault_evidence": True})
    ex = run(raw).exemption
    assert (ex.applies, ex.branch, ex.item) == (True, "no_fault", None)
    assert any("不以免罚清单为限" in r for r in ex.reasons)


def test_unlisted_violation_has_no_minor_exemption() -> None:
    raw = patched(base_input(violation="road-piling"), facts={"harm": "none", "corrected": True})
    ex = run(raw).exemption
    assert ex.applies is False and ex.reasons[0] == "免罚清单未列入该违法行为"


def test_mandatory_branch_wins_when_several_hold() -> None:
    raw = patched(
        base_input(), facts={"harm": "none", "corrected": True, "no_fault_evidence": True}
    )
    assert run(raw).exemption.branch == "minor_no_harm"


@pytest.mark.parametrize(
    ("area", "days", "applies", "reason"),
    [
        (3.0, 1, True, None),
        (5.0, 2, True, None),
        (8.0, 1, False, "超过免罚清单限定的 5"),
        (3.0, 3, False, "持续天数 3 超过免罚清单限定的 2"),
        (None, 1, False, "未填写占用面积"),
    ],
)
def test_beijing_quantitative_limits(
    area: float | None, days: int, applies: bool, reason: str | None
) -> None:
    facts = {"harm": "none", "corrected": True, "duration_days": days}
    if area is not None:
        facts["area_m2"] = area
    ev = run(patched(base_input(violation="road-piling"), facts=facts), pack="beijing")
    assert ev.exemption.applies is applies
    if reason:
        assert any(reason in r for r in ev.exemption.reasons), ev.exemption.reasons
    else:
        assert ev.exemption.item == "bj-mf-01"


def test_branch_not_allowed_by_item_falls_to_first_offence() -> None:
    facts = {"harm": "none", "corrected": True, "duration_days": 1}
    ev = run(patched(base_input(violation="street-car-wash"), facts=facts), pack="beijing")
    assert (ev.exemption.branch, ev.exemption.item) == ("first_offence", "bj-mf-04")


def test_outcome_gates_mean_education_and_no_penalty_decision() -> None:
    ev = run(base_input(party={"kind": "person", "age": 12}))
    assert gates(ev) == {"minor_under_14": True}
    assert ev.education_required and ev.next_documents == ("no_penalty_decision",)
