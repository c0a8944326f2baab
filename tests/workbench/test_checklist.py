"""The exemption checklist: pre-answered, confirmed and corrected by the officer, saved on
the case and visible in the audit chain."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from gridapp import audit
from gridapp.caselog import service
from gridapp.errors import GridappError, ValidationError
from gridapp.models import Case, RuleEvaluation
from gridapp.store import StationStore
from gridapp.workbench.actions import change_status, create_case
from gridapp.workbench.checklist import case_checklist, confirm_checklist
from gridapp.workbench.drafts import PartyRef
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import DRAFT, draft, holdings


def _evaluations(store: StationStore, case_id: str) -> list[RuleEvaluation]:
    with store.read() as s:
        return list(s.scalars(select(RuleEvaluation).where(RuleEvaluation.case_id == case_id)
                              .order_by(RuleEvaluation.evaluated_at)))


def test_a_corrected_answer_changes_the_outcome_and_is_saved_in_the_audit_chain(
    store: StationStore, lead_id: str, officer: str
) -> None:
    case_id = create_case(store, DRAFT, lead_id).case_id
    view = confirm_checklist(store, case_id, {"corrected": False}, officer)
    assert view.outcome_code == "none" and view.outcome_text.startswith("不适用免罚")
    assert any("未及时改正" in r for r in view.reasons)
    corrected = next(q for q in view.questions if q.id == "corrected")
    assert corrected.answer is False and corrected.confirmed
    assert view.saved and view.evaluated_by == "李明" and view.answers == (("corrected", False),)
    assert case_checklist(store, case_id) == view, "the saved evaluation is what the tab shows"
    rows = _evaluations(store, case_id)
    assert len(rows) == 2, "append-only: the first evaluation stays"
    with store.read() as s:
        events = [e for e in audit.events_for_case(s, case_id) if e.action.startswith("rules.")]
        assert [(e.action, e.actor) for e in events] == [
            ("rules.evaluate", LEAD_BADGE), ("rules.confirm", OFFICER_BADGE)]
        after = json.loads(events[-1].after_json)
        assert after["answers"] == {"corrected": False} and after["exemption"] is None
        assert audit.verify(s).ok


def test_confirming_officer_questions_and_undoing_a_correction(store: StationStore,
                                                              lead_id: str) -> None:
    case_id = create_case(store, DRAFT, lead_id).case_id
    start = case_checklist(store, case_id)
    undertaking = next(q for q in start.questions if q.id == "undertaking")
    assert undertaking.answer is None and undertaking.source_label == "执法人员"
    confirm_checklist(store, case_id, {"corrected": False}, lead_id)
    view = confirm_checklist(store, case_id, {"corrected": True, "undertaking": True,
                                              "photos": True, "listed": True}, lead_id)
    assert view.outcome_code == "first_offence"
    answers = {q.id: (q.answer, q.confirmed) for q in view.questions}
    assert answers["undertaking"] == (True, True) and answers["photos"] == (True, True)
    assert answers["listed"] == (True, True)


def test_the_officer_can_record_an_earlier_offence_the_records_do_not_show(
    store: StationStore, lead_id: str
) -> None:
    case_id = create_case(store, DRAFT, lead_id).case_id
    view = confirm_checklist(store, case_id, {"first_offence": False}, lead_id)
    question = next(q for q in view.questions if q.id == "first_offence")
    assert question.answer is False and question.source_label == "执法人员"
    assert view.outcome_code == "none"
    assert any("执法人员确认当事人" in r for r in view.reasons)


def test_answers_the_records_or_the_pack_decide_are_refused(store: StationStore,
                                                           lead_id: str) -> None:
    first = create_case(store, DRAFT, lead_id)
    change_status(store, first.case_id, "verified", "", lead_id)
    repeat = create_case(store, draft(party=PartyRef(first.party_id)), lead_id).case_id
    before = holdings(store)
    for answers, field, words in (
        ({"first_offence": True}, "answers.first_offence", "不能确认为初次违法"),
        ({"listed": False}, "answers.listed", "不能在核查单中更改"),
        ({"no_such_question": True}, "answers.no_such_question", "核查单中没有问题"),
        ({"corrected": "是"}, "answers.corrected", "“是”或“否”"),
    ):
        with pytest.raises(ValidationError) as caught:
            confirm_checklist(store, repeat, answers, lead_id)  # type: ignore[arg-type]
        assert caught.value.field == field and words in caught.value.message_zh
    assert holdings(store) == before


def test_a_case_without_a_saved_evaluation_is_assessed_on_the_spot(store: StationStore,
                                                                   lead_id: str) -> None:
    with store.session() as s:  # a case registered through the CLI path: nothing evaluated
        case = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        case_id = case.id
    before = holdings(store)
    view = case_checklist(store, case_id)
    assert not view.saved and view.evaluated_at_text == ""
    assert view.outcome_code == "first_offence"
    assert holdings(store) == before, "showing the checklist writes nothing"
    saved = confirm_checklist(store, case_id, {}, lead_id)
    assert saved.saved and saved.outcome_code == "first_offence"


def test_a_retired_officer_cannot_confirm(store: StationStore, lead_id: str,
                                          officer: str) -> None:
    from gridapp.officers import retire

    case_id = create_case(store, DRAFT, lead_id).case_id
    with store.session() as s:
        retire(store, s, OFFICER_BADGE, actor=LEAD_BADGE)
    before = holdings(store)
    with pytest.raises(GridappError) as caught:
        confirm_checklist(store, case_id, {"corrected": True}, officer)
    assert "已停用" in caught.value.message_zh
    assert holdings(store) == before
    with store.read() as s:
        assert s.get(Case, case_id) is not None


def test_confirming_every_pre_answer_marks_them_confirmed_and_keeps_the_outcome(
    store: StationStore, lead_id: str
) -> None:
    created = create_case(store, DRAFT, lead_id)
    shown = {q.id: q.answer for q in created.checklist.questions if q.answer is not None}
    assert {"listed", "within_limitation", "age_14", "corrected", "first_offence"} <= set(shown)
    view = confirm_checklist(store, created.case_id, shown, lead_id)
    assert view.outcome_code == created.exemption_code == "first_offence"
    assert all(q.confirmed for q in view.questions if q.id in shown)
    assert [q.id for q in view.questions if not q.confirmed] == [
        "undertaking", "photos", "education"], "the officer's own to-dos are still open"
