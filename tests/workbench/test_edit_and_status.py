"""Editing a case's basic information and changing its status from the workbench."""

from __future__ import annotations

import json

import pytest

from gridapp import audit
from gridapp.errors import GridappError, ValidationError
from gridapp.models import Case
from gridapp.store import StationStore
from gridapp.workbench.actions import allowed_transitions, change_status, create_case, edit_case
from gridapp.workbench.checklist import case_checklist
from gridapp.workbench.drafts import CaseEdit, DraftInvalid
from tests.conftest import LEAD_BADGE, event_after
from tests.workbench.conftest import DRAFT, draft, holdings


@pytest.fixture
def case_id(store: StationStore, lead_id: str) -> str:
    return create_case(store, DRAFT, lead_id).case_id


def test_an_edit_is_recorded_as_the_officer(store: StationStore, case_id: str,
                                            lead_id: str) -> None:
    result = edit_case(store, case_id, CaseEdit(address="上海市黄浦区南京东路120号",
                                                facts=DRAFT.facts), lead_id)
    assert result.changed == ("address",), "unchanged values are not changes"
    with store.read() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.address == "上海市黄浦区南京东路120号"
        edits = [e for e in audit.events_for_case(s, case_id) if e.action == "case.edit"]
        assert len(edits) == 1 and edits[0].actor == LEAD_BADGE
        assert event_after(edits[0]) == {"address": "上海市黄浦区南京东路120号"}


def test_a_bad_edit_names_every_field_and_writes_nothing(store: StationStore, case_id: str,
                                                         lead_id: str) -> None:
    before = holdings(store)
    with pytest.raises(DraftInvalid) as caught:
        edit_case(store, case_id, CaseEdit(address="", grid_code="G9", lat=100.0,
                                           violation_code="nope"), lead_id)
    assert set(caught.value.errors) == {"address", "grid_code", "lat", "violation_code"}
    assert holdings(store) == before


def test_coordinates_are_set_in_pairs(store: StationStore, lead_id: str) -> None:
    case_id = create_case(store, draft(lat=None, lon=None), lead_id).case_id
    before = holdings(store)
    with pytest.raises(DraftInvalid) as one:
        edit_case(store, case_id, CaseEdit(lat=31.2), lead_id)
    assert one.value.errors == {"lon": "经度和纬度须同时填写"}
    assert holdings(store) == before
    assert edit_case(store, case_id, CaseEdit(lat=31.2, lon=121.5), lead_id).changed == (
        "lat", "lon")


def test_a_changed_violation_is_assessed_again(store: StationStore, case_id: str,
                                               lead_id: str) -> None:
    result = edit_case(store, case_id, CaseEdit(violation_code="road-piling"), lead_id)
    assert result.checklist is not None and result.checklist.saved
    assert case_checklist(store, case_id).outcome_code == "none"  # not on the exemption list
    listed = next(q for q in result.checklist.questions if q.id == "listed")
    assert listed.answer is False and listed.source_label == "规则包"


def test_transitions_offered_follow_the_state_machine(store: StationStore, case_id: str,
                                                      lead_id: str) -> None:
    offered = allowed_transitions(store, case_id)
    assert [(t.to_status, t.label, t.needs_reason) for t in offered] == [
        ("verified", "已核实", False), ("dismissed", "不予立案", True)]
    assert "不可撤销" in offered[1].warning_zh
    change_status(store, case_id, "verified", "", lead_id)
    codes = [t.to_status for t in allowed_transitions(store, case_id)]
    assert codes == ["rectifying", "filed", "closed", "dismissed"]
    closing = next(t for t in allowed_transitions(store, case_id) if t.to_status == "closed")
    assert closing.needs_disposition and ("service", "服务") in closing.dispositions


def test_a_status_change_needs_a_reason_where_asked_and_records_it(
    store: StationStore, case_id: str, lead_id: str
) -> None:
    before = holdings(store)
    with pytest.raises(ValidationError) as missing:
        change_status(store, case_id, "dismissed", " ", lead_id)
    assert missing.value.field == "reason" and "理由" in missing.value.message_zh
    with pytest.raises(GridappError) as illegal:
        change_status(store, case_id, "closed", "办结", lead_id)
    assert "不能转为" in illegal.value.message_zh
    assert holdings(store) == before
    result = change_status(store, case_id, "dismissed", "经核实系误报", lead_id)
    assert (result.status, result.status_label) == ("dismissed", "不予立案")
    with store.read() as s:
        event = audit.events_for_case(s, case_id)[-1]
        assert event.action == "case.transition.dismissed" and event.actor == LEAD_BADGE
        assert json.loads(event.after_json)["reason"] == "经核实系误报"
    assert allowed_transitions(store, case_id) == ()
    with pytest.raises(ValidationError) as closed:
        edit_case(store, case_id, CaseEdit(facts="补充"), lead_id)
    assert "不能再修改" in closed.value.message_zh


def test_closing_needs_the_721_disposition(store: StationStore, case_id: str,
                                           lead_id: str) -> None:
    change_status(store, case_id, "verified", "", lead_id)
    with pytest.raises(ValidationError) as caught:
        change_status(store, case_id, "closed", "已整改", lead_id)
    assert caught.value.field == "disposition"
    result = change_status(store, case_id, "closed", "已整改", lead_id, disposition="service")
    assert result.status == "closed"
