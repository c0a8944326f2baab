"""The status bar, the sign-in list, and the vocabularies the workbench labels with."""

from __future__ import annotations

from gridapp import officers
from gridapp.caselog.service import EDITABLE
from gridapp.models.party import CARE_FLAGS
from gridapp.packs.model import DEADLINE_NAMES
from gridapp.rules.input import ACTIONS
from gridapp.store import StationStore
from gridapp.vocab.care_flag import CARE_FLAG
from gridapp.vocab.deadline import DEADLINE
from gridapp.vocab.field import FIELD, field_label
from gridapp.vocab.rules_action import RULES_ACTION
from gridapp.workbench.status import officer_choices, station_status
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import assert_plain, make_case


def test_station_status_names_the_station_pack_and_unsynced_changes(store: StationStore) -> None:
    before = station_status(store)
    assert (before.name, before.pack_name, before.segment) == ("测试中队", store.pack.name, 1)
    assert before.pack_version == store.pack.version and before.device_id == store.device_id
    assert before.write_refused == ""
    make_case(store, officers=[LEAD_BADGE])
    after = station_status(store)
    # A case with a new party and two officers: case, party and two assignments (+ pool).
    assert after.unsynced_changes >= before.unsynced_changes + 4
    assert_plain(after)


def test_sign_in_lists_active_officers_and_filters_keep_retired_ones(store: StationStore) -> None:
    names = [(o.name, o.badge_no, o.active) for o in officer_choices(store)]
    assert names == [("张建国", LEAD_BADGE, True), ("李明", OFFICER_BADGE, True)]
    assert officer_choices(store)[0].label == "张建国（31010001）"
    with store.session() as s:
        officers.retire(store, s, OFFICER_BADGE, actor=LEAD_BADGE)
    assert [o.badge_no for o in officer_choices(store)] == [LEAD_BADGE]
    everyone = officer_choices(store, include_retired=True)
    assert [(o.badge_no, o.active) for o in everyone] == [(LEAD_BADGE, True),
                                                          (OFFICER_BADGE, False)]
    assert_plain(everyone)


def test_labels_cover_every_code_they_name() -> None:
    assert set(DEADLINE.codes) == {*DEADLINE_NAMES, "due_at", "correction_due"}
    assert set(CARE_FLAG.codes) == set(CARE_FLAGS)
    assert set(RULES_ACTION.codes) == set(ACTIONS)
    changed_by_services = {f"case.{c}" for c in (*EDITABLE, "status", "stage", "disposition",
                                                  "outcome", "closed_at", "party_id")}
    changed_by_services |= {"evidence.caption", "evidence.withdrawn_reason",
                            "evidence.withdrawn_at", "document.void_reason", "document.voided_at"}
    assert changed_by_services <= set(FIELD.codes), changed_by_services - set(FIELD.codes)
    for term in FIELD:
        assert term.zh.strip() and term.en.strip() and term.zh != term.code
    assert field_label("case", "status") == "状态"
    assert field_label("case", "status", english=True) == "status"
    assert field_label("case", "no_such_column") == "no_such_column"
