"""The case list: officer filters, sorting that pages cleanly, the repeat-offender marker."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from gridapp.caselog import query, service
from gridapp.errors import GridappError, ValidationError
from gridapp.models import Case, CaseOfficer
from gridapp.store import StationStore
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import STAGE
from gridapp.workbench.cases import (
    SORT_KEYS,
    CaseQuery,
    case_count,
    case_page,
    filter_choices,
)
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import assert_plain, make_case, officer_id


def _all(store: StationStore, q: CaseQuery, **kw: object) -> list[str]:
    return [r.number for r in case_page(store, q, offset=0, limit=1000, **kw).rows]  # type: ignore[arg-type]


def test_filter_by_officer_returns_only_their_cases(demo_store: StationStore) -> None:
    mine = officer_id(demo_store, OFFICER_BADGE)
    with demo_store.read() as s:
        expected = set(s.scalars(
            select(Case.number).join(CaseOfficer, CaseOfficer.case_id == Case.id)
            .where(CaseOfficer.officer_id == mine, CaseOfficer.deleted.is_(False))))
    q = CaseQuery(officer_id=mine)
    rows = case_page(demo_store, q, offset=0, limit=1000).rows
    assert {r.number for r in rows} == expected
    assert 0 < len(expected) < case_count(demo_store, CaseQuery())
    assert case_count(demo_store, q) == len(expected)
    assert all("李明" in r.officer_names for r in rows)
    # 我的案件 of one officer and the officer filter of another: only cases with both.
    lead = officer_id(demo_store, LEAD_BADGE)
    both = case_page(demo_store, CaseQuery(officer_id=lead, mine_officer_id=mine), offset=0,
                     limit=1000).rows
    assert both and all({"张建国", "李明"} <= set(r.officer_names.split("、")) for r in both)
    assert_plain(rows)


def test_repeat_offender_marker_agrees_with_earlier_cases(demo_store: StationStore) -> None:
    rows = case_page(demo_store, CaseQuery(), offset=0, limit=1000).rows
    with demo_store.read() as s:
        for row in rows:
            case = s.get(Case, row.id)
            assert case is not None
            party = service.find_party(s, case.party_id) if case.party_id else None
            expected = bool(party and query.earlier_cases(s, party, case=case))
            assert row.repeat_offender == expected, row.number
    assert any(r.repeat_offender for r in rows) and not all(r.repeat_offender for r in rows)


@pytest.mark.parametrize("sort", SORT_KEYS)
@pytest.mark.parametrize("q", [CaseQuery(), CaseQuery(text="执法队员巡查")], ids=["all", "search"])
def test_every_sort_pages_without_gaps_or_repeats(demo_store: StationStore, sort: str,
                                                  q: CaseQuery) -> None:
    expected = _all(demo_store, q)
    for descending in (True, False):
        whole = _all(demo_store, q, sort=sort, descending=descending)
        assert sorted(whole) == sorted(expected)
        paged: list[str] = []
        offset = 0
        while True:
            page = case_page(demo_store, q, offset=offset, limit=7, sort=sort,
                             descending=descending)
            if not page.rows:
                break
            assert page.offset == offset
            paged += [r.number for r in page.rows]
            offset += 7
        assert paged == whole and len(set(whole)) == len(whole) == case_count(demo_store, q)
        assert len(whole) == 60 if not q.text else 0 < len(whole) <= 60


def test_a_search_sorts_status_in_the_same_order_as_the_whole_list(
        demo_store: StationStore) -> None:
    for descending in (True, False):
        rows = case_page(demo_store, CaseQuery(text="执法队员巡查"), offset=0, limit=1000,
                         sort="status", descending=descending).rows
        positions = [CASE_STATUS.codes.index(r.status) for r in rows]
        assert positions == sorted(positions, reverse=descending) and len(set(positions)) > 2


def test_status_and_stage_sort_in_the_order_a_case_moves(demo_store: StationStore) -> None:
    rows = case_page(demo_store, CaseQuery(), offset=0, limit=1000, sort="status",
                     descending=False).rows
    positions = [CASE_STATUS.codes.index(r.status) for r in rows]
    assert positions == sorted(positions) and len(set(positions)) > 2
    rows = case_page(demo_store, CaseQuery(), offset=0, limit=1000, sort="stage").rows
    positions = [STAGE.codes.index(r.stage) for r in rows]
    assert positions == sorted(positions, reverse=True)
    # Within one status the newest case comes first.
    filed = [r.opened_on for r in rows if r.stage == rows[0].stage]
    assert filed == sorted(filed, reverse=True)


def test_rows_carry_labels_and_station_dates(store: StationStore) -> None:
    make_case(store, officers=[LEAD_BADGE], opened="2026-11-20", status_path=("verified",))
    [row] = case_page(store, CaseQuery(status="verified"), offset=0, limit=10).rows
    assert (row.status_label, row.stage_label, row.source_label) == (
        "已核实", "黄色（温馨提示）", "巡查发现")
    assert row.opened_on == date(2026, 11, 20)
    assert row.violation_name != row.violation_code and row.party_name == "王小明"
    assert row.officer_names == "张建国"


def test_text_search_and_date_range(demo_store: StationStore) -> None:
    make_case(demo_store, officers=[LEAD_BADGE], opened="2026-11-20")
    q = CaseQuery(text="王小明", date_from=date(2026, 11, 20), date_to=date(2026, 11, 20))
    rows = case_page(demo_store, q, offset=0, limit=100).rows
    assert [r.party_name for r in rows] == ["王小明"] and case_count(demo_store, q) == 1


def test_filter_choices_offer_every_code_with_both_labels(demo_store: StationStore) -> None:
    choices = filter_choices(demo_store)
    assert ("closed", "已结案", "closed") in choices.statuses
    assert [c[0] for c in choices.stages] == ["yellow", "orange", "red"]
    assert ("hotline", "12345热线", "12345 hotline") in choices.sources
    assert any(code == "G0101" for code, _, _ in choices.grids)
    assert {label for _, label, _ in choices.officers} >= {"张建国（31010001）", "李明（31010002）"}
    assert_plain(choices)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"q": CaseQuery(status="finished")}, "status"),
    ({"q": CaseQuery(stage="purple")}, "stage"),
    ({"q": CaseQuery(source="radio")}, "source"),
    ({"q": CaseQuery(date_from=date(2026, 11, 2), date_to=date(2026, 11, 1))}, "date_from"),
    ({"q": CaseQuery(), "sort": "colour"}, "sort"),
    ({"q": CaseQuery(), "limit": 0}, "page"),
    ({"q": CaseQuery(), "offset": -1}, "page"),
])
def test_bad_list_input_is_refused_in_chinese(store: StationStore, kwargs: dict[str, object],
                                              field: str) -> None:
    args = {"offset": 0, "limit": 10, **kwargs}
    with pytest.raises(ValidationError) as err:
        case_page(store, **args)  # type: ignore[arg-type]
    assert err.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message_zh)
    assert isinstance(err.value, GridappError)


def test_repeat_offender_without_an_id_number_is_matched_by_name_and_address(
        store: StationStore) -> None:
    vendor = {"kind": "person", "name": "无证摊贩甲", "address": "上海市黄浦区福州路8号"}
    first = make_case(store, officers=[LEAD_BADGE], opened="2026-10-01", party=vendor,
                      status_path=("verified",))
    unverified = make_case(store, officers=[LEAD_BADGE], opened="2026-10-15",
                           party={**vendor, "address": "上海市黄浦区 福州路８号"})
    later = make_case(store, officers=[LEAD_BADGE], opened="2026-11-01",
                      party={**vendor, "address": "上海市黄浦区 福州路８号"})
    stranger = make_case(store, officers=[LEAD_BADGE], opened="2026-11-02",
                         party={**vendor, "address": "上海市黄浦区福州路9号"})
    marks = {r.number: r.repeat_offender
             for r in case_page(store, CaseQuery(), offset=0, limit=100).rows}
    assert marks == {first.number: False, unverified.number: True, later.number: True,
                     stranger.number: False}


def test_a_search_of_one_or_two_characters_looks_at_the_newest_cases_only(
    store: StationStore,
) -> None:
    """Search as you type: the trigram index cannot answer 1–2 characters, so with a window only
    the newest cases are scanned; 3+ characters, and the CLI (no window), search the whole log."""
    from gridapp.workbench.cases import short_search

    old = make_case(store, officers=[LEAD_BADGE], opened="2026-01-05",
                    party={"kind": "person", "name": "欧阳修远", "address": "上海市黄浦区"})
    for day in range(10, 13):
        make_case(store, officers=[LEAD_BADGE], opened=f"2026-11-{day}")
    windowed = CaseQuery(text="欧阳", short_search_window=3)
    assert short_search("欧阳") and not short_search("欧阳修") and not short_search("")
    assert case_count(store, windowed) == 0
    assert case_page(store, windowed, offset=0, limit=10).rows == ()
    assert case_count(store, CaseQuery(text="欧阳")) == 1, "no window: the whole log"
    whole = case_page(store, CaseQuery(text="欧阳修", short_search_window=3), offset=0, limit=10)
    assert [r.id for r in whole.rows] == [old.id], "3 characters: the index, the whole log"
    assert case_count(store, CaseQuery(text="欧阳", short_search_window=4)) == 1
