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
is 首违不罚 (first_offence); C6's latest (09-21) hit the limitation gate (limitation_expired),
but C6 was solved by service (no enforcement procedure, so no exemption used).

Follow-ups through the follow-up service (``gridapp.followups``). Closing schedules the 回访 (and
for a 12345 case the caller feedback) three *working* days after the closing day, with the
pack's calendar (2026: 国庆 10-01…10-07 off, Saturday 10-10 worked):
    C6 closed 10-01 and C1 closed 10-03 → due 10-10 (10-08, 10-09, 10-10);
    C2 closed Sat 10-10 → 10-14; C3 closed Tue 10-20 → 10-23; C4 closed Sun 10-25 → 10-28;
    C5 closed Mon 11-02 → 11-05; C9 closed Thu 2025-11-20 → 11-25.
回访 recorded: C1 10-09 满意; C2 10-16 基本满意 (late); C4 10-27 不满意; C5 11-03 满意 (a
November closing); C3 and C6 never. 12345 feedback recorded: C1 10-09 (in time); C4 never.
复查 (scheduled with the 改正期限 of an order to correct): C2 deadline 10-09, found corrected
10-09 16:00; C3 deadline 10-15, found not corrected 10-17; C4 deadline 10-13, never re-checked;
C5 deadline 10-20, found corrected 10-22 (late); C9 deadline 2025-11-18, corrected that day.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from gridapp import clock
from gridapp.caselog import service
from gridapp.followups import service as followups
from gridapp.models import Case, RuleEvaluation
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

    def name_of(self, case_id: str) -> str:
        return next(n for n, cid in self.cases.items() if cid == case_id)

    def close(self, name: str, when: str, disposition: str) -> None:
        """Close the case and schedule its 回访 (and 12345 feedback), as closing does."""
        self.move(name, when, "closed", disposition)
        with self.store.session() as s:
            case = s.get(Case, self.cases[name])
            assert case is not None
            followups.schedule_after_close(self.store, s, case, L)

    def recheck(self, name: str, when: str, deadline: str) -> None:
        """An order to correct with its 改正期限: the 复查 is due on it."""
        clock.start_at(at(when))
        with self.store.session() as s:
            case = s.get(Case, self.cases[name])
            assert case is not None
            followups.schedule_recheck(self.store, s, case, date.fromisoformat(deadline), L,
                                       basis=f"{name} 责令改正")

    def record(self, name: str, when: str, kind: str, *, finding: str = "",
               satisfaction: str = "") -> None:
        clock.start_at(at(when))
        with self.store.session() as s:
            followups.record_follow_up(self.store, s, self.cases[name], kind, L,
                                       finding=finding, satisfaction=satisfaction)

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
    b.recheck("C9", "2025-11-15 11:00", "2025-11-18")
    b.record("C9", "2025-11-18 10:00", "recheck", finding="corrected")
    b.close("C9", "2025-11-20 10:00", "service")
    b.open("C6", "2026-09-20 09:00", "G0101", [L, OF], "patrol", P1)
    b.move("C6", "2026-09-20 09:30", "verified")
    b.evaluation("C6", "2026-09-21 09:00", LIMITATION)
    b.close("C6", "2026-10-01 15:00", "service")
    b.open("C1", "2026-10-02 09:00", "G0101", [L, OF], "hotline", P1)
    b.move("C1", "2026-10-02 10:30", "verified")
    b.close("C1", "2026-10-03 14:00", "service")
    b.open("C2", "2026-10-05 09:00", "G0101", [L, OF], "patrol", P1)
    b.move("C2", "2026-10-05 10:00", "verified")
    b.move("C2", "2026-10-05 11:00", "rectifying")
    b.recheck("C2", "2026-10-05 11:30", "2026-10-09")
    b.open("C3", "2026-10-08 09:00", "G0102", [L, T], "patrol", P2, violation="road-piling")
    b.move("C3", "2026-10-08 10:00", "verified")
    b.recheck("C3", "2026-10-08 10:30", "2026-10-15")
    b.evaluation("C3", "2026-10-09 09:00", FIRST_OFFENCE)
    b.record("C1", "2026-10-09 10:00", "return_visit", satisfaction="satisfied")
    b.record("C1", "2026-10-09 11:00", "caller_feedback", finding="confirmed",
             satisfaction="satisfied")
    b.record("C2", "2026-10-09 16:00", "recheck", finding="corrected")
    b.close("C2", "2026-10-10 16:00", "management")
    b.open("C4", "2026-10-12 09:00", "G0102", [OF, T], "hotline", P2)
    b.move("C4", "2026-10-12 12:00", "verified")
    b.recheck("C4", "2026-10-12 12:30", "2026-10-13")
    b.evaluation("C4", "2026-10-13 09:00", FIRST_OFFENCE)
    b.move("C3", "2026-10-14 09:00", "filed")
    b.move("C4", "2026-10-14 10:00", "filed")
    b.open("C5", "2026-10-15 09:00", "G0101", [L, OF], "public_report", P3)
    b.move("C5", "2026-10-15 10:00", "verified")
    b.recheck("C5", "2026-10-15 10:30", "2026-10-20")
    b.record("C2", "2026-10-16 10:00", "return_visit", satisfaction="basically_satisfied")
    b.record("C3", "2026-10-17 09:00", "recheck", finding="not_corrected")
    b.evaluation("C3", "2026-10-18 09:00", NO_EXEMPTION)
    b.open("C7", "2026-10-20 09:00", "G0101", [L, OF], "hotline", P3)
    b.close("C3", "2026-10-20 15:00", "enforcement")
    b.open("C8", "2026-10-22 09:00", "G0102", [L, T], "patrol", P3)
    b.move("C8", "2026-10-22 10:00", "dismissed")
    b.record("C5", "2026-10-22 11:00", "recheck", finding="corrected")
    b.close("C4", "2026-10-25 15:00", "enforcement")
    b.record("C4", "2026-10-27 10:00", "return_visit", satisfaction="dissatisfied")
    b.close("C5", "2026-11-02 15:00", "service")
    b.record("C5", "2026-11-03 10:00", "return_visit", satisfaction="satisfied")
    clock.start_at(at("2026-11-28 10:00"))
    return b

