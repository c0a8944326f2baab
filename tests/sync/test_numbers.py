"""Numbers never collide between devices: HQ registers each device's station segment, refuses
a segment another station holds, and gives a further laptop of a station a segment of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp import numbering
from gridapp.caselog import service
from gridapp.models import Case, Meta
from gridapp.store import StationStore
from sync import station as sync_station
from sync.errors import Refused
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, make_station
from tests.sync.conftest import HQServer, enrolled, fast_client, sync_once


def _segment(st: StationStore) -> int:
    with st.read() as s:
        row = s.get(Meta, numbering.SEGMENT_KEY)
        return int(row.value) if row is not None else -1


def test_a_second_laptop_numbers_in_its_own_segment(
        hq: HQServer, store: StationStore, demo_case: Case, second_device: StationStore) -> None:
    mine = _segment(store)
    enrolled(store, hq)
    sync_once(store)
    enrolled(second_device, hq)
    sync_once(second_device)
    other = _segment(second_device)
    assert other not in (mine, -1, 0)
    with second_device.session() as s:
        case = service.create_case(second_device, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
        number = case.number
    assert f"{other:02d}-" in number and number != demo_case.number
    sync_once(second_device)
    sync_once(store)
    with store.read() as s:
        numbers = sorted(s.scalars(select(Case.number)))
    assert numbers == sorted([demo_case.number, number])


def test_a_station_using_a_segment_another_station_holds_is_refused(
        hq: HQServer, store: StationStore, tmp_path: Path, schema_template: Path) -> None:
    enrolled(store, hq, station="南京东路中队")
    # a different station set up with the same segment by mistake
    other = make_station(tmp_path / "other-station", schema_template)
    try:
        assert _segment(other) == _segment(store) and other.device_id != store.device_id
        with pytest.raises(Refused, match="号段") as caught:
            sync_station.enrol(other, hq.url, hq.code("外滩中队"), client=fast_client(hq.url))
        assert caught.value.code == "segment_taken" and "南京东路中队" in caught.value.zh
        assert sync_station.status(other)["enrolled"] is False
    finally:
        other.close()
