"""``gridapp party history`` by name, identity number or phone; several parties are listed."""

from __future__ import annotations

from typing import Any

from gridapp.caselog import service
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, DEMO_PARTY_ID, LEAD_BADGE

OTHER_WANG_ID = "110101198505050016"


def add_case(store: StationStore, **party: Any) -> Case:
    data = dict(DEMO_CASE_INPUT, party=dict(DEMO_CASE_INPUT["party"], **party))  # type: ignore[arg-type]
    with store.session() as s:
        return service.create_case(store, s, data, LEAD_BADGE)


def test_history_by_name_id_number_phone_and_case(store: StationStore, demo_case: Case,
                                                  run_cli) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    second = add_case(store)  # the same 王小明 again
    third = add_case(store, id_number=OTHER_WANG_ID, phone="13911112222", address="北京市东城区1号")
    with store.session() as s:  # only verified cases are earlier cases
        for made in (demo_case, second, third):
            service.transition(store, s, service.find_case(s, made.id), "verified", LEAD_BADGE)

    r = run_cli("--data-dir", d, "party", "history", "王小明")
    assert r.code == 2
    assert "对应 2 位当事人" in r.err and "--phone" in r.err
    assert DEMO_PARTY_ID not in r.err  # identity and phone numbers are shown masked
    assert "138****8000" in r.err and "139****2222" in r.err  # enough to tell them apart
    assert "13800138000" not in r.err and "13911112222" not in r.err

    def count(*argv: str) -> int:
        result = run_cli("--data-dir", d, "--json", "party", "history", *argv)
        assert result.code == 0, result.err
        return int(result.json()["count"])  # type: ignore[index]

    assert count("--name", "王小明", "--phone", "138-0013-8000") == 2
    assert count("王小明", "--phone", "13911112222") == 1
    assert count("--id-number", DEMO_PARTY_ID.lower()) == 2
    assert count(DEMO_PARTY_ID) == 2
    assert count("--phone", "138 0013 8000") == 2
    assert count("--name", "小明", "--id-number", OTHER_WANG_ID) == 1
    # From a case: its party's other cases.
    assert count(second.number[-9:]) == 1


def test_history_refuses_what_names_no_party(store: StationStore, demo_case: Case,
                                             run_cli) -> None:  # type: ignore[no-untyped-def]
    d = store.data_dir
    r = run_cli("--data-dir", d, "party", "history", "--name", "赵六")
    assert r.code == 2 and "找不到当事人 “赵六”" in r.err
    r = run_cli("--data-dir", d, "party", "history")
    assert r.code == 2 and "请给出案件编号、当事人姓名" in r.err
    r = run_cli("--data-dir", d, "party", "history", "王小明", "--phone", "13000000000")
    assert r.code == 2 and "找不到当事人" in r.err
