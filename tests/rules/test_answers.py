"""The officer's checklist answers in the rules input (``answers``): what they decide, what
they cannot, and how they are shown on the checklist."""

from __future__ import annotations

import pytest

from gridapp.errors import ValidationError
from gridapp.packs import load_pack
from gridapp.rules import build_checklist
from tests.rules.helpers import base_input, history, patched, run

CORRECTED = patched(base_input(), facts={"corrected": True})


def _questions(raw: dict[str, object], pack: str = "shanghai") -> dict[str, dict[str, object]]:
    checklist = build_checklist(load_pack(pack), run(raw, pack))
    return {str(q["id"]): q for q in checklist["questions"]}


def test_facts_answers_win_over_the_typed_facts() -> None:
    assert run(CORRECTED).exemption.branch == "first_offence"
    assert run(base_input(answers={"corrected": True})).exemption.branch == "first_offence"
    assert run({**CORRECTED, "answers": {"corrected": False}}).exemption.applies is False
    assert run({**CORRECTED, "answers": {"no_harm": True}}).exemption.branch == "minor_no_harm"
    serious = run({**CORRECTED, "answers": {"harm_slight": False}})
    assert serious.exemption.applies is False and serious.input.facts.harm == "serious"
    assert run({**CORRECTED, "answers": {"no_fault": True, "corrected": False}}
               ).exemption.branch == "no_fault"


def test_first_offence_can_be_denied_but_not_asserted_against_the_records() -> None:
    denied = run({**CORRECTED, "answers": {"first_offence": False}})
    assert denied.exemption.applies is False
    assert any("执法人员确认" in r for r in denied.exemption.reasons)
    q = _questions({**CORRECTED, "answers": {"first_offence": False}})["first_offence"]
    assert (q["answer"], q["source"], q["confirmed"]) == (False, "officer", True)
    repeat = {**CORRECTED, "history": history(("street-vending", "2026-06-01")),
              "answers": {"first_offence": True}}
    assert run(repeat).exemption.branch != "first_offence", "the records stand"
    assert _questions(repeat)["first_offence"]["answer"] is False
    assert _questions(repeat)["first_offence"]["confirmed"] is False


def test_limit_answers_decide_a_limit_without_a_measurement() -> None:
    raw = base_input(violation="road-piling",
                     facts={"harm": "slight", "corrected": True, "act_date": "2026-11-19"})
    assert run(raw, "beijing").exemption.applies is False  # area and duration not recorded
    within = {**raw, "answers": {"limit_area_m2": True, "limit_duration_days": True}}
    assert run(within, "beijing").exemption.branch == "first_offence"
    over = {**raw, "answers": {"limit_area_m2": False, "limit_duration_days": True}}
    result = run(over, "beijing").exemption
    assert not result.applies and any("执法人员确认占用面积" in r for r in result.reasons)
    q = _questions(within, "beijing")["limit_area_m2"]
    assert (q["answer"], q["source"]) == (True, "officer")


def test_officer_questions_show_the_answer_given() -> None:
    plain = _questions(CORRECTED)
    assert plain["undertaking"]["answer"] is None and plain["undertaking"]["confirmed"] is False
    given = _questions({**CORRECTED, "answers": {"undertaking": True, "photos": False}})
    assert given["undertaking"]["answer"] is True and given["photos"]["answer"] is False
    assert given["undertaking"]["confirmed"] is True


@pytest.mark.parametrize(("answers", "field"), [
    ({"sunny": True}, "answers.sunny"),
    ({"corrected": "yes"}, "answers.corrected"),
    ({"no_harm": True, "harm_slight": False}, "answers.harm_slight"),
])
def test_bad_answers_are_refused_naming_the_question(answers: dict[str, object],
                                                     field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        run({**CORRECTED, "answers": answers})
    assert caught.value.field == field


def test_answers_must_be_an_object() -> None:
    with pytest.raises(ValidationError) as caught:
        run({**CORRECTED, "answers": ["corrected"]})
    assert caught.value.field == "answers"
