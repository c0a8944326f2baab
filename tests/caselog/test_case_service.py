"""Case service on a real SQLite station: creation, validation, transitions, parties, outbox."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp import changes
from gridapp.caselog import query, service
from gridapp.errors import NotFoundError, TransitionError, ValidationError
from gridapp.models import AuditEvent, Case, OutboxEntry, Party
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE


def _count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_created_case_has_number_party_officers_and_history(store, demo_case) -> None:
    with store.read() as s:
        case = service.find_case(s, demo_case.number)
        assert case.number.startswith("沪")
        assert case.status == "discovered" and case.stage == "yellow"
        assert {o.badge_no for o in service.case_officers(s, case.id)} == {"31010001", "31010002"}
        party = service.find_party(s, case.party_id)
        assert party.name == "王小明"
        events = s.scalars(select(AuditEvent).where(AuditEvent.case_id == case.id)).all()
        assert [e.action for e in events][:1] == ["case.create"]
        assert sum(e.action == "case.assign_officer" for e in events) == 2


def test_every_mutation_writes_an_outbox_row_with_sync_columns(store, demo_case) -> None:
    with store.read() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == demo_case.id)).all()
        case = s.get(Case, demo_case.id)
    assert [e.op for e in entries] == ["insert"]
    assert case.origin_device == store.device_id and case.revision == 1 and case.hlc
    first_hlc = case.hlc
    with store.session() as s:
        case = service.find_case(s, demo_case.number)
        service.transition(store, s, case, "verified", LEAD_BADGE)
    with store.read() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == demo_case.id)).all()
        case2 = s.get(Case, demo_case.id)
    # Unsent changes to one row fold into its one entry: HQ has seen nothing yet.
    assert [(e.op, e.base_revision, e.revision) for e in entries] == [("insert", 0, 2)]
    assert case2.revision == 2 and case2.hlc > first_hlc and entries[0].hlc == case2.hlc
    with store.session() as s:
        changes.mark_sent(s, [entries[0].seq])
        case = service.find_case(s, demo_case.number)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="service")
    with store.read() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == demo_case.id)
                            .order_by(OutboxEntry.seq)).all()
    # A change after the entry was sent is a new entry based on the revision HQ received.
    assert [(e.op, e.base_revision, e.revision) for e in entries] == [
        ("insert", 0, 2), ("update", 2, 3)]
    assert {"status", "disposition", "closed_at"} <= set(entries[1].fields.split(","))


def test_same_identity_number_reuses_the_party(store, demo_case) -> None:
    second = dict(DEMO_CASE_INPUT, party=dict(DEMO_CASE_INPUT["party"], name="王小明 "))
    with store.session() as s:
        other = service.create_case(store, s, second, LEAD_BADGE)
    assert other.party_id == demo_case.party_id
    assert _count(store, Party) == 1


def test_unknown_violation_is_refused_and_nothing_written(store) -> None:
    before = (_count(store, Case), _count(store, AuditEvent), _count(store, OutboxEntry))
    with pytest.raises(ValidationError) as err, store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT, violation="no-such-code"), LEAD_BADGE)
    assert err.value.field == "violation"
    assert (_count(store, Case), _count(store, AuditEvent), _count(store, OutboxEntry)) == before


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"source": "rumour"}, "source"),
        ({"party": {"kind": "alien", "name": "x"}}, "party.kind"),
        ({"party": {"kind": "person", "name": "张三", "id_number": "310101199001011237"}},
         "party.id_number"),
        ({"party": {"kind": "person", "name": ""}}, "party.name"),
        ({"lat": 200}, "lat"),
        ({"act_date": "2026-13-01"}, "act_date"),
        ({"officers": "31010001"}, "officers"),
    ],
)
def test_bad_case_input_names_the_field(store, patch, field) -> None:
    with pytest.raises(ValidationError) as err, store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT, **patch), LEAD_BADGE)
    assert err.value.field == field
    assert err.value.message_zh
    assert _count(store, Case) == 0


def test_state_machine_refuses_illegal_transitions(store, demo_case) -> None:
    with pytest.raises(TransitionError) as err, store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "decided", LEAD_BADGE)
    assert "待核实" in err.value.message_zh and "已作出决定" in err.value.message_zh
    with store.read() as s:
        assert service.find_case(s, demo_case.id).status == "discovered"


def test_closing_needs_a_721_disposition_and_raises_stage(store, demo_case) -> None:
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.transition(store, s, case, "rectifying", LEAD_BADGE)
    with store.read() as s:
        assert service.find_case(s, demo_case.id).stage == "orange"
    with pytest.raises(ValidationError) as err, store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "closed", LEAD_BADGE)
    assert err.value.field == "disposition"
    with store.session() as s:
        case = service.find_case(s, demo_case.id)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="management")
    with store.read() as s:
        case = service.find_case(s, demo_case.id)
        assert case.status == "closed" and case.closed_at is not None
        assert case.disposition == "management"


def test_repeat_offence_lookup_by_id_number_and_by_name_address(store, demo_case) -> None:
    with store.session() as s:
        later = service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        nameless = {"kind": "person", "name": "赵 四", "address": "上海市静安区昌平路1号"}
        a = service.create_case(store, s, dict(DEMO_CASE_INPUT, party=nameless), LEAD_BADGE)
        same = dict(nameless, name="赵四", address="上海市静安区昌平路1号 ")
        b = service.create_case(store, s, dict(DEMO_CASE_INPUT, party=same), LEAD_BADGE)
        for earlier in (service.find_case(s, demo_case.id), a):
            service.transition(store, s, earlier, "verified", LEAD_BADGE)
    with store.read() as s:
        party = service.find_party(s, later.party_id)
        hist = query.earlier_cases(s, party, case=later)
        assert [h.number for h in hist] == [demo_case.number]
        party_b = service.find_party(s, b.party_id)
        assert [h.number for h in query.earlier_cases(s, party_b, case=b)] == [a.number]


def test_find_case_unknown_reference(store) -> None:
    with pytest.raises(NotFoundError), store.read() as s:
        service.find_case(s, "沪城管案〔2026〕999999")


@pytest.mark.parametrize(
    ("patch", "field", "needle"),
    [
        ({"opened_at": "2062-11-20T09:00:00+08:00"}, "opened_at", "晚于当前时间"),
        ({"opened_at": "2026-11-01T09:00:00+08:00", "act_date": "2026-11-02"}, "act_date",
         "晚于发现时间"),
    ],
)
def test_impossible_dates_are_refused_before_a_number_is_used(store, patch, field, needle) -> None:
    with pytest.raises(ValidationError) as err, store.session() as s:
        service.create_case(store, s, dict(DEMO_CASE_INPUT, **patch), LEAD_BADGE)
    assert err.value.field == field and needle in err.value.message_zh
    assert _count(store, Case) == 0 and _count(store, Party) == 0
    with store.session() as s:  # the year's counter was not used up
        case = service.create_case(
            store, s, dict(DEMO_CASE_INPUT, opened_at="2026-11-20T09:00:00+08:00"), LEAD_BADGE
        )
    assert case.number.endswith("000001")
