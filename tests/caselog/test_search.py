"""Search: FTS5 trigram for 3+ characters, LIKE fallback for 1–2, filters, index kept in sync."""

from __future__ import annotations

from datetime import timedelta

from gridapp import clock
from gridapp.caselog import service
from gridapp.caselog.query import CaseFilter, count_cases, list_cases
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE, add_grid


def _add(store, **patch):  # type: ignore[no-untyped-def]
    with store.session() as s:
        return service.create_case(store, s, dict(DEMO_CASE_INPUT, **patch), LEAD_BADGE)


def _numbers(store, flt: CaseFilter) -> set[str]:  # type: ignore[no-untyped-def]
    with store.read() as s:
        return {r.number for r in list_cases(s, flt)}


def test_trigram_and_short_queries_find_cases_by_every_field(store, demo_case) -> None:
    other = _add(store, address="上海市静安区西康路5号", facts="乱张贴小广告",
                 party={"kind": "organisation", "name": "申城广告传媒有限公司"},
                 violation="illegal-posting")
    assert _numbers(store, CaseFilter(text="南京东路")) == {demo_case.number}
    assert _numbers(store, CaseFilter(text="占道")) == {demo_case.number}  # 2 chars: LIKE
    assert _numbers(store, CaseFilter(text="王")) == {demo_case.number}  # 1 char: LIKE
    assert _numbers(store, CaseFilter(text="广告传媒")) == {other.number}
    assert _numbers(store, CaseFilter(text=other.number)) == {other.number}
    assert _numbers(store, CaseFilter(text="西康路 广告")) == {other.number}  # mixed lengths
    assert _numbers(store, CaseFilter(text="不存在的地址")) == set()


def test_fts_index_follows_edits_and_party_renames(store, demo_case) -> None:
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.edit_case(store, s, case, {"address": "上海市徐汇区漕溪北路88号"}, LEAD_BADGE)
    assert _numbers(store, CaseFilter(text="南京东路")) == set()
    assert _numbers(store, CaseFilter(text="漕溪北路")) == {demo_case.number}
    with store.session() as s:
        party = service.find_party(s, demo_case.party_id)
        party.name = "王大明"
        store.record(s, party, op="update", actor=LEAD_BADGE, action="party.edit")
    assert _numbers(store, CaseFilter(text="王大明")) == {demo_case.number}


def test_filters_combine(store, demo_case) -> None:
    add_grid(store, "G0202", "南京东路第2网格")
    old = _add(store, source="hotline", grid="G0202", officers=[OFFICER_BADGE],
               opened_at=(clock.now() - timedelta(days=40)).isoformat(),
               act_date=(clock.now() - timedelta(days=41)).date().isoformat())
    with store.session() as s:
        case = service.find_case(s, old.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        case.due_at = clock.now() - timedelta(days=1)
        service.transition(store, s, case, "rectifying", LEAD_BADGE)
    assert _numbers(store, CaseFilter(source="hotline")) == {old.number}
    assert _numbers(store, CaseFilter(grid="G0101")) == {demo_case.number}
    assert _numbers(store, CaseFilter(status="rectifying", stage="orange")) == {old.number}
    assert _numbers(store, CaseFilter(overdue=True)) == {old.number}
    recent = clock.now().date() - timedelta(days=7)
    assert _numbers(store, CaseFilter(date_from=recent)) == {demo_case.number}
    assert _numbers(store, CaseFilter(officer=LEAD_BADGE)) == {demo_case.number}
    assert _numbers(store, CaseFilter(officer=OFFICER_BADGE)) == {demo_case.number, old.number}
    with store.read() as s:
        assert count_cases(s, CaseFilter(text="南京东路", source="hotline")) == 1


def test_fts_special_characters_do_not_break_search(store, demo_case) -> None:
    for text in ('"', "a\"b OR", "NEAR(", "*", "%_", "南京东路 AND"):
        _numbers(store, CaseFilter(text=text))  # must not raise


def test_list_grids(store) -> None:
    from gridapp.caselog.query import list_grids

    with store.read() as s:
        assert list_grids(s) == [("G0101", "南京东路第1网格")]


def test_common_terms_page_the_same_cases_as_the_index(store, demo_case, monkeypatch) -> None:
    from gridapp.caselog import query

    for i in range(4):
        _add(store, address=f"上海市黄浦区南京东路{200 + i}号", facts=f"占道设摊经营第{i}次")
    _add(store, address="上海市静安区西康路5号", facts="乱张贴", violation="illegal-posting")
    flt = CaseFilter(text="南京东路 设摊经营")
    indexed = _numbers(store, flt)
    monkeypatch.setattr(query, "COMMON_TERM_ROWS", 2)  # every term now counts as common
    assert _numbers(store, flt) == indexed and len(indexed) == 5
    with store.read() as s:
        assert count_cases(s, flt) == 5
