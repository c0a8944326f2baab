"""The hand-built statistics station (the ``dataset`` fixture) shared by the statistics,
report and register tests.

The dataset (station time, UTC+8; the period is October 2026; three officers: 张建国 31010001
"L", 李明 31010002 "OF", 王芳 31010003 "T"; grids G0101 and G0102):

    case  opened            grid   officers source   party  violation      path                 closed (disp.)
    C10   2025-10-20 09:00  G0101  L OF     patrol   P3     street-vending verified             —
    C9    2025-11-15 09:00  G0101  L OF     patrol   P2     street-vending verified→closed      2025-11-20 (service)
    C6    2026-09-20 09:00  G0101  L OF     patrol   P1     street-vending verified→closed      2026-10-01 15:00 (service)
    C1    2026-10-02 09:00  G0101  L OF     hotline  P1     street-vending verified 10:30→closed 2026-10-03 14:00 (service)
    C2    2026-10-05 09:00  G0101  L OF     patrol   P1     street-vending verified→rectifying→closed 2026-10-10 (management)
    C3    2026-10-08 09:00  G0102  L T      patrol   P2     road-piling    verified→filed→closed 2026-10-20 (enforcement)
    C4    2026-10-12 09:00  G0102  OF T     hotline  P2     street-vending verified 12:00→filed→closed 2026-10-25 (enforcement)
    C5    2026-10-15 09:00  G0101  L OF     public   P3     street-vending verified→closed      2026-11-02 (service)
    C7    2026-10-20 09:00  G0101  L OF     hotline  P3     street-vending (待核实, never touched)
    C8    2026-10-22 09:00  G0102  L T      patrol   P3     street-vending dismissed

P1 王小明 has an identity number; P2 李四 and P3 钱七 have none (matched by name + address).
Evaluations: C3 had an exemption at 10-09 but its latest (10-18) has none; C4's latest (10-13)
is 首违不罚 (first_offence); C6's latest (09-21) hit the limitation gate (limitation_expired).
Follow-ups: 回访 C1 due 10-06 done 10-05 "满意"; C2 due 10-13 done 10-16 "基本满意"; C4 no due
date, done 10-27 "不满意"; C6 not done; C5 done 11-03 (closed in November: not in the period).
复查 C2 due 10-09 done 10-09; C3 due 10-15 done 10-17; C5 due 10-30 not done; C4 due 11-05.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.changes import unrecorded
from gridapp.models import Case, FollowUp, RuleEvaluation
from gridapp.setup import add_officer
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ
from gridapp.workbench.stats import parse_period
from tests.conftest import DEMO_PARTY_ID, LEAD_BADGE, OFFICER_BADGE, add_grid
from tests.workbench.conftest import THIRD_BADGE

L, OF, T = LEAD_BADGE, OFFICER_BADGE, THIRD_BADGE
P1 = {"kind": "person", "name": "王小明", "id_number": DEMO_PARTY_ID, "phone": "13800138000",
      "address": "上海市黄浦区福州路8号"}
P2 = {"kind": "person", "name": "李四", "phone": "13900139000", "address": "上海市黄浦区河南中路1号"}
P3 = {"kind": "person", "name": "钱七", "address": "上海市黄浦区九江路20号"}
OCTOBER = parse_period("2026-10-01", "2026-10-31")


def at(text: str) -> datetime:
    """A station-time instant ``YYYY-MM-DD HH:MM`` as aware UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=STATION_TZ).astimezone(UTC)


class Builder:
    def __init__(self, store: StationStore) -> None:
        self.store = store
        self.cases: dict[str, str] = {}

    def open(self, name: str, when: str, grid: str, officers: list[str], source: str,
             party: dict[str, str], violation: str = "street-vending") -> None:
        clock.start_at(at(when))
        data: dict[str, Any] = {
            "violation": violation, "address": "上海市黄浦区南京东路100号门前", "grid": grid,
            "source": source, "facts": "执法队员巡查发现当事人违法行为。", "party": dict(party),
            "officers": officers, "act_date": when[:10],
            "opened_at": at(when).isoformat()}
        with self.store.session() as s:
            self.cases[name] = service.create_case(self.store, s, data, L).id

    def move(self, name: str, when: str, target: str, disposition: str | None = None) -> None:
        clock.start_at(at(when))
        with self.store.session() as s:
            case = s.get(Case, self.cases[name])
            assert case is not None
            service.transition(self.store, s, case, target, L, disposition=disposition)

    def evaluation(self, name: str, when: str, result: dict[str, Any]) -> None:
        clock.start_at(at(when))
        with self.store.session() as s:
            row = RuleEvaluation(case_id=self.cases[name], pack_code="shanghai", pack_version="t",
                                 input_json="{}", result_json=json.dumps(result),
                                 evaluated_at=clock.now())
            self.store.record(s, row, op="insert", actor=L, action="rules.evaluate",
                              case_id=self.cases[name])

    def follow_up(self, name: str, kind: str, due: str, done: str | None, result: str = "") -> None:
        with self.store.session() as s, unrecorded(s, "hand-built follow-ups of the test"):
            s.add(FollowUp(case_id=self.cases[name], kind=kind, due=due,
                           done_at=at(done) if done else None, result=result))


NO_EXEMPTION = {"exemption": {"applies": False, "branch": None}, "gates": [], "stage": "red"}
FIRST_OFFENCE = {"exemption": {"applies": True, "branch": "first_offence"}, "gates": [],
                 "stage": "red"}
LIMITATION = {"exemption": {"applies": False, "branch": None}, "stage": "yellow",
              "gates": [{"gate": "two_officers_required"}, {"gate": "limitation_expired"}]}


@pytest.fixture
def dataset(store: StationStore) -> Builder:
    add_grid(store, "G0102", "南京东路第2网格")
    with store.session() as s:
        add_officer(store, s, store.station(s), "王芳", T, actor=L)
    b = Builder(store)
    # In time order: the clock never goes back between two writes.
    b.open("C10", "2025-10-20 09:00", "G0101", [L, OF], "patrol", P3)
    b.move("C10", "2025-10-20 10:00", "verified")
    b.open("C9", "2025-11-15 09:00", "G0101", [L, OF], "patrol", P2)
    b.move("C9", "2025-11-15 10:00", "verified")
    b.move("C9", "2025-11-20 10:00", "closed", "service")
    b.open("C6", "2026-09-20 09:00", "G0101", [L, OF], "patrol", P1)
    b.move("C6", "2026-09-20 09:30", "verified")
    b.evaluation("C6", "2026-09-21 09:00", LIMITATION)
    b.move("C6", "2026-10-01 15:00", "closed", "service")
    b.open("C1", "2026-10-02 09:00", "G0101", [L, OF], "hotline", P1)
    b.move("C1", "2026-10-02 10:30", "verified")
    b.move("C1", "2026-10-03 14:00", "closed", "service")
    b.open("C2", "2026-10-05 09:00", "G0101", [L, OF], "patrol", P1)
    b.move("C2", "2026-10-05 10:00", "verified")
    b.move("C2", "2026-10-05 11:00", "rectifying")
    b.open("C3", "2026-10-08 09:00", "G0102", [L, T], "patrol", P2, violation="road-piling")
    b.move("C3", "2026-10-08 10:00", "verified")
    b.evaluation("C3", "2026-10-09 09:00", FIRST_OFFENCE)
    b.move("C2", "2026-10-10 16:00", "closed", "management")
    b.open("C4", "2026-10-12 09:00", "G0102", [OF, T], "hotline", P2)
    b.move("C4", "2026-10-12 12:00", "verified")
    b.evaluation("C4", "2026-10-13 09:00", FIRST_OFFENCE)
    b.move("C3", "2026-10-14 09:00", "filed")
    b.move("C4", "2026-10-14 10:00", "filed")
    b.open("C5", "2026-10-15 09:00", "G0101", [L, OF], "public_report", P3)
    b.move("C5", "2026-10-15 10:00", "verified")
    b.evaluation("C3", "2026-10-18 09:00", NO_EXEMPTION)
    b.open("C7", "2026-10-20 09:00", "G0101", [L, OF], "hotline", P3)
    b.move("C3", "2026-10-20 15:00", "closed", "enforcement")
    b.open("C8", "2026-10-22 09:00", "G0102", [L, T], "patrol", P3)
    b.move("C8", "2026-10-22 10:00", "dismissed")
    b.move("C4", "2026-10-25 15:00", "closed", "enforcement")
    b.move("C5", "2026-11-02 15:00", "closed", "service")
    clock.start_at(at("2026-11-28 10:00"))
    b.follow_up("C1", "return_visit", "2026-10-06", "2026-10-05 10:00", "满意")
    b.follow_up("C2", "return_visit", "2026-10-13", "2026-10-16 10:00", "基本满意")
    b.follow_up("C4", "return_visit", "", "2026-10-27 10:00", "当事人表示不满意")
    b.follow_up("C6", "return_visit", "2026-10-09", None)
    b.follow_up("C5", "return_visit", "2026-11-05", "2026-11-03 10:00", "满意")
    b.follow_up("C2", "recheck", "2026-10-09", "2026-10-09 16:00", "已整改")
    b.follow_up("C3", "recheck", "2026-10-15", "2026-10-17 09:00", "已整改")
    b.follow_up("C5", "recheck", "2026-10-30", None)
    b.follow_up("C4", "recheck", "2026-11-05", None)
    return b

