"""当事人: find to reuse, a party's earlier cases, the party list."""

from __future__ import annotations

import pytest

from gridapp.caselog import query, service
from gridapp.errors import NotFoundError, ValidationError
from gridapp.store import StationStore
from gridapp.workbench.parties import (
    find_parties,
    party_count,
    party_history,
    party_page,
)
from tests.conftest import DEMO_PARTY_ID, LEAD_BADGE
from tests.workbench.conftest import assert_plain, make_case

OTHER = {"kind": "person", "name": "王小明", "id_number": "310101198502023458",
         "phone": "13900139000", "address": "上海市黄浦区河南中路1号"}


def test_a_party_is_found_by_name_id_number_or_phone(store: StationStore) -> None:
    make_case(store, officers=[LEAD_BADGE])
    make_case(store, officers=[LEAD_BADGE], party={
        **OTHER, "care_flags": ["elderly"]})  # type: ignore[dict-item]
    by_name = find_parties(store, "王小明")
    assert len(by_name) == 2  # two people of the same name: both offered, told apart
    by_id = find_parties(store, DEMO_PARTY_ID.lower())
    by_phone = find_parties(store, "138-0013-8000")
    assert [p.id for p in by_id] == [p.id for p in by_phone]
    [party] = by_id
    assert party.id_number_masked == "3101**********1234" and DEMO_PARTY_ID not in str(party)
    assert (party.kind, party.kind_label, party.phone) == ("person", "公民", "13800138000")
    [elderly] = find_parties(store, "13900139000")
    assert elderly.care_flags == ("elderly",) and elderly.care_flag_labels == ("高龄",)
    assert find_parties(store, "赵六") == ()
    assert_plain(by_name)


def test_party_history_lists_the_same_earlier_cases_as_the_rules(store: StationStore) -> None:
    first = make_case(store, officers=[LEAD_BADGE], opened="2026-06-01",
                      status_path=("verified", "closed"))
    make_case(store, officers=[LEAD_BADGE], opened="2026-07-01", status_path=("dismissed",))
    current = make_case(store, officers=[LEAD_BADGE], opened="2026-11-20",
                        status_path=("verified",))
    assert current.party_id
    history = party_history(store, current.party_id, case_id=current.id)
    with store.read() as s:
        party = service.find_party(s, current.party_id)
        case = service.find_case(s, current.id)
        expected = [p.number for p in query.earlier_cases(s, party, case=case)]
    assert [p.number for p in history.earlier] == expected == [first.number]
    [prior] = history.earlier
    assert (prior.status_label, prior.outcome_label) == ("已结案", "执法")
    assert str(prior.opened_on) == "2026-06-01" and str(prior.act_on) == "2026-06-01"
    assert history.party.name == "王小明"
    everything = party_history(store, current.party_id)
    assert everything.earlier[0].number == current.number
    assert_plain(history)


def test_party_list_page_counts_cases(store: StationStore) -> None:
    make_case(store, officers=[LEAD_BADGE], opened="2026-06-01")
    make_case(store, officers=[LEAD_BADGE], opened="2026-11-20")
    make_case(store, officers=[LEAD_BADGE], opened="2026-10-01", party=OTHER)
    page = party_page(store, "", 0, 10)
    assert [(r.name, r.case_count, str(r.last_case_on)) for r in page.rows] == [
        ("王小明", 2, "2026-11-20"), ("王小明", 1, "2026-10-01")]
    assert party_count(store, "") == 2 and party_count(store, OTHER["id_number"]) == 1
    assert [r.id_number_masked for r in party_page(store, "13900139000", 0, 10).rows] == [
        "3101**********3458"]
    assert_plain(page)


def test_bad_party_input_is_refused_in_chinese(store: StationStore) -> None:
    case = make_case(store, officers=[LEAD_BADGE])
    with pytest.raises(NotFoundError, match="找不到当事人"):
        party_history(store, "no-such-party")
    with pytest.raises(NotFoundError, match="找不到案件"):
        party_history(store, case.party_id or "", case_id="no-such-case")
    with pytest.raises(ValidationError, match="请输入当事人姓名、证件号码或电话"):
        find_parties(store, "  ")
    with pytest.raises(ValidationError, match="分页参数无效"):
        party_page(store, "", 0, 0)
