"""HQ dispatches a 12345 ticket to a grid: the case reaches the station serving that grid and
appears in the named officer's 今日待办, with the dispatch in its history."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from gridapp import audit, clock
from gridapp.models import Case, Officer
from gridapp.store import StationStore
from gridapp.workbench.today import todays_work
from tests.conftest import OFFICER_BADGE
from tests.sync.conftest import HQServer, enrolled, sync_once

ORDER = {
    "ticket": "SH20261128-000731",
    "violation": "street-vending",
    "address": "上海市黄浦区南京东路220号",
    "facts": "市民来电反映：南京东路220号门前有人占道设摊售卖水果。",
    "officer": OFFICER_BADGE,
}


def _order(tmp_path: Path, **changes: object) -> Path:
    path = tmp_path / "order.json"
    path.write_text(json.dumps(ORDER | changes, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_dispatched_ticket_appears_in_the_right_officers_todays_work(
        hq: HQServer, store: StationStore, tmp_path: Path) -> None:
    enrolled(store, hq)
    sync_once(store)  # HQ learns the station's grids and officers
    due = (clock.now() + timedelta(hours=2)).isoformat()
    rc, out, err = hq.cli("dispatch", "--grid", "G0101", "--json", str(_order(tmp_path, due=due)))
    assert rc == 0, err
    made = json.loads(out)
    assert made["station"] == "南京东路中队"
    report = sync_once(store)
    assert report.pulled == 2  # the case and its officer link
    with store.read() as s:
        officer = s.scalars(select(Officer).where(Officer.badge_no == OFFICER_BADGE)).one()
        case = s.get(Case, made["case_id"])
        assert case is not None and case.source == "dispatch" and case.grid_code == "G0101"
        trail = audit.events_for_case(s, case.id)
        assert [(e.action, e.actor) for e in trail] == [("case.dispatched", "指挥中心")]
        assert audit.verify(s).ok
    items = [w for w in todays_work(store, officer.id) if w.case_id == made["case_id"]]
    assert {w.kind for w in items} == {"assigned", "due_today"}
    assert items[0].address == ORDER["address"]
    # the station's work on the case goes back to HQ as usual
    rc, out, _ = hq.cli("cases", "--json")
    assert made["number"] in out


def test_a_dispatch_to_an_unknown_grid_or_twice_is_refused_in_chinese(
        hq: HQServer, store: StationStore, tmp_path: Path) -> None:
    enrolled(store, hq)
    sync_once(store)
    rc, _, err = hq.cli("dispatch", "--grid", "G9999", "--json", str(_order(tmp_path)))
    assert rc == 1 and "没有站点登记网格 G9999" in err
    rc, _, err = hq.cli("dispatch", "--grid", "G0101", "--json",
                        str(_order(tmp_path, violation="no-such-violation")))
    assert rc == 1 and "no-such-violation" in err
    rc, _, err = hq.cli("dispatch", "--grid", "G0101", "--json",
                        str(_order(tmp_path, due="2026-11-28 12:00")))
    assert rc == 1 and "时区" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{工单", encoding="utf-8")
    rc, _, err = hq.cli("dispatch", "--grid", "G0101", "--json", str(bad))
    assert rc == 1 and "无法读取工单" in err
    assert hq.cli("dispatch", "--grid", "G0101", "--json", str(_order(tmp_path)))[0] == 0
    rc, _, err = hq.cli("dispatch", "--grid", "G0101", "--json", str(_order(tmp_path)))
    assert rc == 1 and "已派发" in err
    rc, out, _ = hq.cli("cases", "--json")
    assert len(json.loads(out)) == 1
