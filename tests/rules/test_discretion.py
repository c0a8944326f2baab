"""Discretion ranges per tier and party kind, and the factors found."""

from __future__ import annotations

from tests.rules.helpers import base_input, history, patched, run


def test_tier_sub_range_and_statutory_range() -> None:
    ev = run(base_input(case={"severity": "严重"}))
    assert ev.discretion.to_dict()["range"] == [370, 500]
    assert ev.discretion.tier == "严重"
    plain = run(base_input())
    assert plain.discretion.to_dict() == {"range": [50, 500], "tier": None, "factors": []}


def test_party_kind_selects_the_range() -> None:
    org = run(base_input(violation="garbage-dumping", party={"kind": "organisation"}))
    assert org.discretion.range.as_list() == [5000, 50000]
    person = run(base_input(violation="garbage-dumping"))
    assert person.discretion.range.as_list() == [0, 200]


def test_beijing_statutory_serious_tier() -> None:
    ev = run(base_input(violation="illegal-posting", case={"severity": "严重"}), pack="beijing")
    assert ev.discretion.range.as_list() == [1000, 10000]


def test_mitigating_factors_from_article_32() -> None:
    raw = patched(base_input(), facts={"corrected": True, "coerced": True, "confessed": True,
                                       "meritorious": True})  # fmt: skip
    texts = run(raw).discretion.factor_texts()
    for item in ("第（一）项", "第（二）项", "第（三）项", "第（四）项"):
        assert any(item in t and t.startswith("从轻") for t in texts), item


def test_aggravating_repeat_over_three_obstruction_and_serious_harm() -> None:
    four = history(*[("street-vending", d) for d in ("2026-02-01", "2026-04-01", "2026-06-01",
                                                        "2026-08-01")])  # fmt: skip
    raw = patched(base_input(history=four), facts={"obstructed": True, "harm": "serious"})
    texts = run(raw).discretion.factor_texts()
    assert any("超过三次" in t for t in texts)
    assert any("阻碍" in t for t in texts)
    assert any("严重危害后果" in t for t in texts)
    three = run(base_input(history=four[:3])).discretion.factor_texts()
    assert not any("超过三次" in t for t in three)
