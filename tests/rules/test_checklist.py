"""The exemption checklist: plain-Chinese questions pre-answered, with history freshness."""

from __future__ import annotations

from gridapp.packs import load_pack
from gridapp.rules import build_checklist
from tests.rules.helpers import base_input, history, patched, run


def answers(checklist: dict[str, object]) -> dict[str, object]:
    return {q["id"]: q["answer"] for q in checklist["questions"]}  # type: ignore[attr-defined, index]


def test_first_offence_checklist_is_provisional_without_a_sync_time() -> None:
    ev = run(patched(base_input(), facts={"corrected": True}))
    cl = build_checklist(load_pack("shanghai"), ev)
    assert cl["item"] == "sh-mf-01" and cl["provisional"] is True
    assert "临时结论" in cl["freshness"]
    got = answers(cl)
    assert got["listed"] is True and got["first_offence"] is True and got["corrected"] is True
    assert got["undertaking"] is None and got["education"] is None


def test_freshness_names_the_sync_time() -> None:
    raw = patched(base_input(history_synced_at="2026-11-20T08:30:00"), facts={"corrected": True})
    cl = build_checklist(load_pack("shanghai"), run(raw))
    assert cl["freshness"] == "历史记录截至 2026-11-20 08:30 同步" and cl["provisional"] is False
    stale = patched(base_input(history_synced_at="2026-11-17T08:30:00"), facts={"corrected": True})
    cl = build_checklist(load_pack("shanghai"), run(stale))
    assert cl["provisional"] is True and "2026-11-17 08:30" in cl["freshness"]


def test_prior_answers_no_and_notes_the_count() -> None:
    raw = base_input(history=history(("street-vending", "2026-09-01")))
    cl = build_checklist(load_pack("shanghai"), run(raw))
    question = next(q for q in cl["questions"] if q["id"] == "first_offence")
    assert question["answer"] is False and "同类记录 1 次" in question["note"]
    assert "初次违法" in question["question"]


def test_beijing_limits_become_questions() -> None:
    raw = patched(base_input(violation="road-piling"), facts={"area_m2": 8, "duration_days": 1})
    got = answers(build_checklist(load_pack("beijing"), run(raw, pack="beijing")))
    assert got["limit_area_m2"] is False and got["limit_duration_days"] is True


def test_unlisted_violation_and_minor() -> None:
    raw = base_input(violation="road-piling", party={"kind": "person", "age": 12})
    got = answers(build_checklist(load_pack("shanghai"), run(raw)))
    assert got["listed"] is False and got["age_14"] is False and got["education"] is None
