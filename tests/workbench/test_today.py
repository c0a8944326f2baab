"""今日待办: what each officer sees, in the order they should act on it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.errors import NotFoundError
from gridapp.rules.record import build_case_input, evaluate_case
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ
from gridapp.workbench.today import todays_work
from tests.conftest import LEAD_BADGE, OFFICER_BADGE
from tests.workbench.conftest import assert_plain, make_case, officer_id

TODAY = date(2026, 11, 28)  # the suite's clock (tests/conftest.py)


def _at(day: date, hour: int = 17) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STATION_TZ).astimezone(UTC)


def _evaluate(store: StationStore, case_id: str, actor: str = LEAD_BADGE) -> None:
    with store.session() as s:
        case = service.find_case(s, case_id)
        raw = {"facts": {"harm": "slight", "corrected": False}}
        evaluate_case(store, s, case, build_case_input(s, case, raw), actor)


def test_overdue_first_for_its_officer_and_not_for_another(store: StationStore) -> None:
    lead, officer = officer_id(store, LEAD_BADGE), officer_id(store, OFFICER_BADGE)
    # The lead's: a filed case whose time limit passed 5 days ago, one due today, one 2 days.
    late = make_case(store, officers=[LEAD_BADGE], opened="2026-11-01",
                     status_path=("verified", "filed"), due_at=_at(TODAY - timedelta(days=5)))
    less_late = make_case(store, officers=[LEAD_BADGE], opened="2026-11-02",
                          status_path=("verified", "filed"), due_at=_at(TODAY - timedelta(days=2)))
    today = make_case(store, officers=[LEAD_BADGE], opened="2026-11-03",
                      status_path=("verified", "filed"), due_at=_at(TODAY, 18))
    later = make_case(store, officers=[LEAD_BADGE], opened="2026-11-04",
                      status_path=("verified", "filed"), due_at=_at(TODAY + timedelta(days=1)))
    closed = make_case(store, officers=[LEAD_BADGE], opened="2026-11-05",
                       status_path=("verified", "closed"), due_at=_at(TODAY - timedelta(days=9)))
    # The officer's: being rectified and the correction deadline was yesterday -> re-check.
    recheck = make_case(store, officers=[OFFICER_BADGE], opened="2026-11-06",
                        status_path=("verified", "rectifying"),
                        due_at=_at(TODAY - timedelta(days=1)), actor=OFFICER_BADGE)

    mine = todays_work(store, lead)
    assert [(w.case_number, w.kind, w.days_overdue) for w in mine] == [
        (late.number, "overdue", 5), (less_late.number, "overdue", 2),
        (today.number, "due_today", 0)]
    assert mine[0].title == "案件办理期限" and mine[0].due_on == TODAY - timedelta(days=5)
    assert mine[0].party_name == "王小明" and mine[0].violation_name and mine[0].address
    numbers = {w.case_number for w in mine}
    assert later.number not in numbers and closed.number not in numbers
    assert recheck.number not in numbers

    theirs = todays_work(store, officer)
    assert [(w.case_number, w.kind) for w in theirs] == [(recheck.number, "recheck")]
    assert "复查" in theirs[0].title
    assert late.number not in {w.case_number for w in theirs}
    assert_plain(mine + theirs)


def test_a_rules_deadline_is_due_until_the_case_shows_it_met(store: StationStore) -> None:
    lead = officer_id(store, LEAD_BADGE)
    # Opened 2026-08-01: the decision is due 90 days later (2026-10-30), long past on 11-28.
    case = make_case(store, officers=[LEAD_BADGE], opened="2026-08-01",
                     status_path=("verified", "filed"))
    _evaluate(store, case.id)
    [item] = [w for w in todays_work(store, lead) if w.case_id == case.id]
    assert (item.kind, item.title, item.deadline, item.tab) == (
        "overdue", "作出行政处罚决定期限", "decision_due", "documents")
    assert item.due_on == date(2026, 10, 30) and item.days_overdue == 29
    assert "第六十条" in item.basis
    # The same day seen from 2026-10-30 itself: due today; a week earlier: nothing yet.
    assert todays_work(store, lead, today=date(2026, 10, 30))[0].kind == "due_today"
    assert todays_work(store, lead, today=date(2026, 10, 23)) == ()
    with store.session() as s:
        row = service.find_case(s, case.id)
        service.transition(store, s, row, "investigated", LEAD_BADGE)
        service.transition(store, s, row, "decided", LEAD_BADGE)
    assert [w for w in todays_work(store, lead) if w.case_id == case.id] == []


def test_a_case_just_assigned_by_someone_else_until_the_officer_acts_on_it(
    store: StationStore,
) -> None:
    lead, officer = officer_id(store, LEAD_BADGE), officer_id(store, OFFICER_BADGE)
    given = make_case(store, officers=[OFFICER_BADGE], opened="2026-11-27")  # by the lead
    own = make_case(store, officers=[OFFICER_BADGE], opened="2026-11-27", actor=OFFICER_BADGE)
    items = todays_work(store, officer)
    assert [(w.case_number, w.kind, w.title) for w in items] == [
        (given.number, "assigned", "新指派的案件")]
    assert items[0].due_on == TODAY  # the day it was assigned
    assert own.number not in {w.case_number for w in items}
    assert todays_work(store, lead) == ()  # the lead is not on it
    # Three days later it is no longer new.
    clock.start_at(datetime(2026, 12, 1, 10, tzinfo=STATION_TZ))
    assert todays_work(store, officer) == ()
    clock.start_at(datetime(2026, 11, 28, 10, tzinfo=STATION_TZ))
    # Once the officer records something on it, it has been seen.
    with store.session() as s:
        row = service.find_case(s, given.id)
        service.edit_case(store, s, row, {"facts": row.facts + "已联系当事人。"}, OFFICER_BADGE)
    assert todays_work(store, officer) == ()


def test_unknown_officer_is_refused_in_chinese(store: StationStore) -> None:
    with pytest.raises(NotFoundError) as err:
        todays_work(store, "no-such-officer")
    assert "找不到执法人员" in err.value.message_zh and err.value.field == "officer"


def test_todays_work_and_the_case_list_agree_on_what_is_overdue(store: StationStore) -> None:
    """A time limit ends at its instant: midnight after the last day, or the hour it was set to.
    今日待办 and the list's overdue flag give the same answer for each."""
    from gridapp.workbench.cases import CaseQuery, case_page

    lead = officer_id(store, LEAD_BADGE)
    midnight = make_case(store, officers=[LEAD_BADGE], opened="2026-11-01",  # ended last night
                         status_path=("verified", "filed"),
                         due_at=datetime(2026, 11, 28, 0, 0, tzinfo=STATION_TZ))
    morning = make_case(store, officers=[LEAD_BADGE], opened="2026-11-02",  # 09:00, it is 10:00
                        status_path=("verified", "filed"), due_at=_at(TODAY, 9))
    evening = make_case(store, officers=[LEAD_BADGE], opened="2026-11-03",
                        status_path=("verified", "filed"), due_at=_at(TODAY, 18))
    work = {w.case_number: w for w in todays_work(store, lead)}
    assert (work[midnight.number].kind, work[midnight.number].days_overdue,
            work[midnight.number].due_on) == ("overdue", 1, TODAY - timedelta(days=1))
    assert (work[morning.number].kind, work[morning.number].days_overdue) == ("overdue", 0)
    assert work[evening.number].kind == "due_today"
    listed = {r.number: r.overdue for r in case_page(store, CaseQuery(), offset=0, limit=50).rows}
    for number, item in work.items():
        assert listed[number] == (item.kind == "overdue"), number
