"""What the new-case wizard offers: violations with their articles and fact templates,
the station's grids, the case sources."""

from __future__ import annotations

from datetime import datetime

from gridapp.store import StationStore
from gridapp.workbench.choices import (
    fill_fact_template,
    grid_choices,
    search_violations,
    source_choices,
    violation_choices,
)


def test_violations_come_from_the_pack_with_articles_and_a_template(store: StationStore) -> None:
    choices = violation_choices(store)
    assert len(choices) == len(store.pack.violations)
    vending = next(c for c in choices if c.code == "street-vending")
    assert vending.name == "占道设摊经营" and vending.category == "街面秩序"
    assert vending.violated_article == "《上海市市容环境卫生管理条例》第二十五条第二款"
    assert vending.penalty_article == vending.violated_article and vending.exemptable
    assert "〔时间〕" in vending.fact_template and "〔地点〕" in vending.fact_template
    assert "占道设摊经营" in vending.fact_template
    assert "street-vending" in [c.code for c in search_violations(choices, "设摊")]
    assert [c.code for c in search_violations(choices, "占道设摊")] == ["street-vending"]
    assert search_violations(choices, "第二十五条第二款 设摊") == (vending,)


def test_a_template_is_filled_from_what_the_officer_entered(store: StationStore) -> None:
    vending = next(c for c in violation_choices(store) if c.code == "street-vending")
    text = fill_fact_template(vending.fact_template, act_at=datetime(2026, 11, 28, 9, 30),
                              address="南京东路100号门前", party_name="王小明")
    assert text.startswith("2026年11月28日09时30分，执法队员在南京东路100号门前发现当事人王小明")


def test_grids_are_the_stations_and_sources_have_labels(store: StationStore) -> None:
    assert [(g.code, g.name) for g in grid_choices(store)] == [("G0101", "南京东路第1网格")]
    sources = source_choices()
    assert [(s.code, s.label, s.needs_ticket) for s in sources] == [
        ("patrol", "巡查发现", False), ("hotline", "12345热线", True),
        ("public_report", "群众举报", False), ("dispatch", "上级交办", False)]
