"""Evaluations stored on a case, with the pack version, visible in the audit trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp import audit, clock
from gridapp.caselog import service
from gridapp.errors import ValidationError
from gridapp.models import Case, Meta, RuleEvaluation
from gridapp.rules.record import build_case_input, evaluate_case, evaluations_for_case
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE

# No as_of: the station evaluates "today", the day the demo case was opened.
FACTS = {"facts": {"harm": "slight", "corrected": True}}


def test_case_input_comes_from_the_case_log(store: StationStore, demo_case: Case) -> None:
    with store.read() as s:
        raw = build_case_input(s, demo_case, FACTS)
    assert raw["violation"] == "street-vending"
    assert raw["party"] == {"kind": "person"}
    assert raw["history"] == []
    assert raw["facts"]["act_date"] == "2026-11-19"
    assert raw["case"]["officers"] == 2
    assert raw["case"]["opened"] == station_time(demo_case.opened_at).date().isoformat()


def test_history_of_the_same_party_makes_it_a_repeat(store: StationStore, demo_case: Case) -> None:
    with store.session() as s:
        second = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    with store.read() as s:
        raw = build_case_input(s, second, FACTS)
    assert raw["history"] == []  # the first report is still 待核实: it established nothing
    with store.session() as s:
        first = service.find_case(s, demo_case.id)
        service.transition(store, s, first, "verified", LEAD_BADGE)
    with store.read() as s:
        raw = build_case_input(s, second, FACTS)
    assert [h["violation"] for h in raw["history"]] == ["street-vending"]
    assert raw["history"][0]["case_number"] == demo_case.number


def test_evaluation_is_stored_and_audited(store: StationStore, demo_case: Case) -> None:
    with store.session() as s:
        raw = build_case_input(s, demo_case, FACTS)
        row, ev = evaluate_case(store, s, demo_case, raw, LEAD_BADGE)
    assert ev.exemption.branch == "first_offence"
    with store.read() as s:
        rows = evaluations_for_case(s, demo_case.id)
        assert len(rows) == 1
        stored = rows[0]
        assert (stored.pack_code, stored.pack_version) == ("shanghai", store.pack.version)
        assert stored.provisional is True
        result = json.loads(stored.result_json)
        assert result["exemption"]["branch"] == "first_offence"
        checklist = json.loads(stored.checklist_json)
        assert any(q["id"] == "first_offence" for q in checklist["questions"])
        events = [e for e in audit.events_for_case(s, demo_case.id) if e.action == "rules.evaluate"]
        assert len(events) == 1 and events[0].actor == LEAD_BADGE
        assert audit.verify(s).ok
    assert row.id == stored.id


def test_last_sync_time_makes_answer_final(store: StationStore, demo_case: Case) -> None:
    with store.session() as s:
        s.add(Meta(key="last_sync_at", value=clock.now().isoformat()))
    with store.session() as s:
        raw = build_case_input(s, demo_case, FACTS)
        row, ev = evaluate_case(store, s, demo_case, raw, LEAD_BADGE)
    assert ev.provisional is False and row.history_as_of


def test_bad_input_writes_nothing(store: StationStore, demo_case: Case) -> None:
    with pytest.raises(ValidationError) as err, store.session() as s:
        raw = build_case_input(s, demo_case, {"facts": {"harm": "meh"}})
        evaluate_case(store, s, demo_case, raw, LEAD_BADGE)
    assert err.value.field == "facts.harm"
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(RuleEvaluation)) == 0
        assert not [
            e for e in audit.events_for_case(s, demo_case.id) if e.action == "rules.evaluate"
        ]


def test_cli_case_variant_stores_the_evaluation(
    store: StationStore,
    demo_case: Case,
    tmp_path: Path,
    run_cli,  # type: ignore[no-untyped-def]
) -> None:
    data_dir = store.data_dir
    number = demo_case.number
    store.close()
    source = tmp_path / "facts.json"
    source.write_text(json.dumps(FACTS), encoding="utf-8")
    res = run_cli("--data-dir", data_dir, "rules", "evaluate", "--case", number, "--input", source,
                  "--checklist")  # fmt: skip
    assert res.code == 0, res.err
    out = res.json()
    assert out["case_number"] == number and out["exemption"]["branch"] == "first_offence"  # type: ignore[index]
    assert out["checklist"]["provisional"] is True  # type: ignore[index]
    wrong = run_cli("--data-dir", data_dir, "rules", "evaluate", "--case", number, "--pack",
                    "beijing", "--input", source)  # fmt: skip
    assert wrong.code == 2 and "站点使用规则包" in wrong.err
    missing = run_cli("--data-dir", data_dir, "rules", "evaluate", "--case", "沪城管案〔2026〕999999",
                      "--input", source)  # fmt: skip
    assert missing.code == 2 and "找不到案件" in missing.err
    verify = run_cli("--data-dir", data_dir, "audit", "verify")
    assert verify.code == 0


def test_age_is_taken_on_the_act_date(store: StationStore) -> None:
    """第三十条: 13 on the day of the act stays 不予处罚 after the 14th birthday."""
    data = dict(DEMO_CASE_INPUT)
    data["party"] = dict(DEMO_CASE_INPUT["party"], id_number="", birth_date="2012-11-25")
    with store.session() as s:
        case = service.create_case(store, s, data, LEAD_BADGE)
        raw = build_case_input(s, case, {"as_of": "2026-11-30", **FACTS})
        assert raw["party"] == {"kind": "person", "age": 13}
        typed = build_case_input(
            s, case, {"as_of": "2026-11-30", "facts": {"harm": "slight", "act_date": "2026-11-26"}}
        )
        assert typed["party"]["age"] == 14
        _, ev = evaluate_case(store, s, case, raw, LEAD_BADGE)
    assert [g.gate for g in ev.gates] == ["minor_under_14"]
