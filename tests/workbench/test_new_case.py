"""The new-case wizard's services: a case created with photos, the legal engine's result,
validation that writes nothing, and officers who may not act."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from gridapp import audit, clock
from gridapp.errors import GridappError, ValidationError
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Party
from gridapp.officers import retire
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ
from gridapp.workbench.actions import change_status, create_case, import_files
from gridapp.workbench.checklist import case_checklist
from gridapp.workbench.drafts import DraftInvalid, PartyDraft, PartyRef, validate_draft
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import DRAFT, PARTY, TWO_PHOTOS, draft, holdings


def test_first_offence_case_with_two_photos(store: StationStore, lead_id: str,
                                            worker: DecodeWorker) -> None:
    result = create_case(store, DRAFT, lead_id)
    assert result.number.startswith("沪城管案〔2026〕")
    assert result.earlier_cases == 0
    assert result.exemption_code == "first_offence"
    assert result.exemption_outcome.startswith("首违不罚：初次违法")
    assert (result.stage, result.stage_label) == ("yellow", "黄色（温馨提示）")
    imported = import_files(store, result.case_id, [str(p) for p in TWO_PHOTOS], lead_id,
                            worker=worker, reason="已核实，属本案证据")
    assert imported.imported == (f"{result.number}#1", f"{result.number}#2")
    assert imported.skipped == () and imported.cancelled is False

    view = case_checklist(store, result.case_id)
    assert view.saved and view.outcome_code == "first_offence"
    assert view.evaluated_at_text == "2026年11月28日 10:00" and view.evaluated_by == "张建国"
    first = next(q for q in view.questions if q.id == "first_offence")
    assert first.answer is True and first.source_label == "历史记录" and first.provisional
    assert "首违判断为临时结论" in view.freshness_text
    assert "《中华人民共和国行政处罚法》第三十三条第一款" in view.cited_articles
    assert any("上海市市容环境卫生管理条例" in a for a in view.cited_articles)
    with store.read() as s:
        events = audit.events_for_case(s, result.case_id)
        actions = [e.action for e in events]
        assert actions.count("evidence.add") == 2
        assert {"case.create", "case.assign_officer", "rules.evaluate"} <= set(actions)
        assert {e.actor for e in events} == {LEAD_BADGE}, "every change as the signed-in officer"
        assert audit.verify(s).ok
        case = s.get(Case, result.case_id)
        assert case is not None and case.act_date == "2026-11-28" and case.grid_code == "G0101"


def test_a_second_case_for_the_same_party_is_no_first_offence(store: StationStore,
                                                               lead_id: str) -> None:
    first = create_case(store, DRAFT, lead_id)
    change_status(store, first.case_id, "verified", "", lead_id)  # an established case
    again = create_case(store, draft(party=PartyRef(first.party_id)), lead_id)
    assert again.earlier_cases == 1
    assert again.exemption_code == "none" and again.exemption_code != "first_offence"
    assert "不属于初次违法" in again.exemption_outcome
    assert again.stage == "orange"
    question = next(q for q in again.checklist.questions if q.id == "first_offence")
    assert question.answer is False and "同类记录 1 次" in question.note
    # Typing the same person in again finds the same party (by identity number).
    third = create_case(store, DRAFT, lead_id)
    assert third.party_id == first.party_id and third.earlier_cases == 1
    with store.read() as s:
        assert len(s.scalars(select(Party)).all()) == 1


def test_bad_id_number_and_empty_violation_name_those_fields_and_write_nothing(
    store: StationStore, lead_id: str
) -> None:
    bad = draft(violation_code="", party=PartyDraft(kind="person", name="王小明",
                                                    id_number="310101199001011235"))
    before = holdings(store)
    errors = validate_draft(store, bad)
    assert set(errors) == {"violation_code", "party.id_number"}
    assert errors["party.id_number"] == "身份证号校验位不正确，请核对"
    assert errors["violation_code"] == "请选择违法行为类型"
    with pytest.raises(DraftInvalid) as caught:
        create_case(store, bad, lead_id)
    assert caught.value.field in {"violation_code", "party.id_number"}
    assert caught.value.errors == errors
    assert holdings(store) == before, "no row, no outbox entry, no audit event, no file"


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"violation_code": "no-such-thing"}, "violation_code", "未知的违法行为类型"),
    ({"source": "hotline"}, "ticket_no", "工单号"),
    ({"address": "  "}, "address", "地址"),
    ({"grid_code": "G9999"}, "grid_code", "不是本站点的网格"),
    ({"grid_code": ""}, "grid_code", "请选择网格"),
    ({"lat": 91.0}, "lat", "纬度"),
    ({"lon": -181.0, "lat": 31.0}, "lon", "经度"),
    ({"lat": None}, "lat", "同时填写"),
    ({"act_at": datetime(2026, 11, 28, 12, 0)}, "act_at", "晚于当前时间"),
    ({"party": PartyDraft(kind="unit", name="某公司", id_number="91310000MA1FL0000X")},
     "party.id_number", "统一社会信用代码"),
    ({"party": PartyDraft(kind="robot", name="某")}, "party.kind", "公民或单位"),
    ({"party": PartyDraft(kind="person", name=" ")}, "party.name", "姓名"),
    ({"party": PartyDraft(kind="person", name="甲", care_flags=("rich",))},
     "party.care_flags", "关怀标识"),
    ({"party": PartyRef("no-such-party")}, "party", "找不到所选的当事人"),
])
def test_each_bad_field_is_named_in_chinese(store: StationStore, lead_id: str,
                                            changes: dict[str, object], field: str,
                                            words: str) -> None:
    bad = draft(**changes)
    before = holdings(store)
    errors = validate_draft(store, bad)
    assert list(errors) == [field], errors
    assert words in errors[field]
    with pytest.raises(DraftInvalid) as caught:
        create_case(store, bad, lead_id)
    assert caught.value.field == field and words in caught.value.message_zh
    assert holdings(store) == before


def test_a_hotline_case_keeps_its_ticket_number(store: StationStore, lead_id: str) -> None:
    result = create_case(store, draft(source="hotline", ticket_no="SH20261128-0042"), lead_id)
    with store.read() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.source == "hotline"
        assert case.facts.startswith("【12345工单号：SH20261128-0042】执法队员巡查发现")


def test_an_aware_act_time_and_a_time_a_few_minutes_ahead_are_accepted(
    store: StationStore, lead_id: str
) -> None:
    ahead = clock.now() + timedelta(minutes=5)  # another device's clock, a little ahead
    assert validate_draft(store, draft(act_at=ahead)) == {}
    late_evening = datetime(2026, 11, 27, 23, 30, tzinfo=STATION_TZ)
    result = create_case(store, draft(act_at=late_evening), lead_id)
    with store.read() as s:
        case = s.get(Case, result.case_id)
        assert case is not None and case.act_date == "2026-11-27"


def test_a_case_without_a_party_is_created_but_not_assessed(store: StationStore,
                                                            lead_id: str) -> None:
    result = create_case(store, draft(party=None), lead_id)
    assert result.exemption_code == "" and "尚未关联当事人" in result.exemption_outcome
    assert case_checklist(store, result.case_id).questions == ()


def test_an_impossible_birth_date_in_an_identity_number_is_not_used() -> None:
    from gridapp.workbench.drafts import birth_date_from_id

    assert birth_date_from_id("310101199001011234") == "1990-01-01"
    assert birth_date_from_id("310101180001011234") == ""  # 226 years old
    assert birth_date_from_id("310101203001011234") == ""  # not born yet
    assert birth_date_from_id("310101199013011234") == ""  # month 13


def test_the_birth_date_comes_from_the_identity_number(store: StationStore, lead_id: str) -> None:
    result = create_case(store, DRAFT, lead_id)
    with store.read() as s:
        party = s.get(Party, result.party_id)
        assert party is not None and party.birth_date == "1990-01-01"
    age = next(q for q in result.checklist.questions if q.id == "age_14")
    assert age.answer is True


def test_a_retired_or_unknown_officer_cannot_act(store: StationStore, lead_id: str,
                                                 officer: str) -> None:
    with store.session() as s:
        retire(store, s, OFFICER_BADGE, actor=LEAD_BADGE)
    before = holdings(store)
    with pytest.raises(GridappError) as caught:
        create_case(store, DRAFT, officer)
    assert "已停用" in caught.value.message_zh and caught.value.field == "actor"
    with pytest.raises(GridappError) as unknown:
        create_case(store, DRAFT, "not-an-officer")
    assert "找不到当前登录的执法人员" in unknown.value.message_zh
    assert holdings(store) == before


def test_the_evaluation_input_is_the_case_as_created(store: StationStore, lead_id: str) -> None:
    result = create_case(store, DRAFT, lead_id)
    with store.read() as s:
        from gridapp.models import RuleEvaluation

        row = s.scalars(select(RuleEvaluation).where(RuleEvaluation.case_id == result.case_id)).one()
        data = json.loads(row.input_json)
    assert data["violation"] == "street-vending" and data["party"] == {"kind": "person", "age": 36}
    assert data["facts"] == {"harm": "slight", "corrected": True, "act_date": "2026-11-28"}


def test_validation_needs_no_officer_and_rejects_nothing_good(store: StationStore) -> None:
    assert validate_draft(store, DRAFT) == {}
    assert validate_draft(store, draft(party=PARTY, lat=None, lon=None)) == {}
    with pytest.raises(ValidationError):
        raise DraftInvalid({"address": ValidationError("请填写地址", field="address")})
