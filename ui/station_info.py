"""What the main window needs to know about the open station, read once as plain values."""

from __future__ import annotations

from dataclasses import dataclass

from gridapp.caselog.query import CaseFilter, count_cases, list_grids
from gridapp.store import StationStore


@dataclass(frozen=True)
class StationInfo:
    name: str
    pack_name: str
    violation_names: dict[str, str]
    grids: tuple[tuple[str, str], ...]  # (code, name), by code
    case_count: int


def load_station_info(store: StationStore) -> StationInfo:
    pack = store.pack
    with store.read() as session:
        station = store.station(session)
        grids = tuple(list_grids(session))
        total = count_cases(session, CaseFilter())
        return StationInfo(
            name=station.name,
            pack_name=pack.name,
            violation_names={code: v.name for code, v in pack.violations.items()},
            grids=grids,
            case_count=total,
        )
