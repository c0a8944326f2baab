"""Workbench fixtures: the acting officers' ids, a first-offence draft, a test station with demo
cases and helpers to make cases as officers do, a snapshot of everything a station holds (every
table's rows and every blob file) to prove "nothing written", and the check that a read model
hands out plain values only."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from gridapp.caselog import service
from gridapp.models import Base, Case, Meta, Officer
from gridapp.setup import add_officer
from gridapp.store import StationStore
from gridapp.workbench.drafts import CaseDraft, PartyDraft
from tests.conftest import DEMO_CASE_INPUT, DEMO_PARTY_ID, LEAD_BADGE, OFFICER_BADGE

PHOTOS = Path(__file__).resolve().parent.parent / "data" / "photos"
TWO_PHOTOS = (PHOTOS / "jpg_gps_DSCN0010.jpg", PHOTOS / "jpg_Canon_40D.jpg")

PARTY = PartyDraft(kind="person", name="王小明", id_number=DEMO_PARTY_ID, phone="13800138000",
                   address="上海市黄浦区福州路8号")  # fmt: skip
DRAFT = CaseDraft(
    source="patrol",
    act_at=datetime(2026, 11, 28, 9, 30),  # station time, half an hour before the suite's "now"
    address="上海市黄浦区南京东路100号门前",
    grid_code="G0101",
    lat=31.2357,
    lon=121.4812,
    violation_code="street-vending",
    party=PARTY,
    facts="执法队员巡查发现当事人在人行道上占道设摊经营水果，占用面积约3平方米。",
)


def officer_id(store: StationStore, badge: str) -> str:
    with store.read() as s:
        officer = s.scalars(select(Officer).where(Officer.badge_no == badge)).one()
        return officer.id


@pytest.fixture
def lead_id(store: StationStore) -> str:
    return officer_id(store, LEAD_BADGE)


@pytest.fixture
def officer(store: StationStore) -> str:
    """The id of the station's second officer (李明, 31010002)."""
    return officer_id(store, OFFICER_BADGE)


@dataclass(frozen=True)
class Holdings:
    rows: dict[str, int]
    files: tuple[str, ...]


def holdings(store: StationStore) -> Holdings:
    """Row count of every table (outbox and audit chain included) and every file under blobs/."""
    with store.read() as s:
        rows = {t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables}  # fmt: skip
    root = store.blobs_dir
    files = tuple(sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())) \
        if root.exists() else ()
    return Holdings(rows, files)


def draft(**changes: object) -> CaseDraft:
    return replace(DRAFT, **changes)  # type: ignore[arg-type]


THIRD_BADGE = "31010003"
PLAIN = (str, int, float, bool, date, datetime, Path, type(None))


def assert_plain(value: Any, where: str = "value") -> None:
    """Frozen dataclasses, tuples and plain scalars all the way down; aware datetimes only."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = getattr(type(value), "__dataclass_params__", None)
        assert params is not None and params.frozen, f"{where}: {type(value).__name__} not frozen"
        for f in dataclasses.fields(value):
            assert_plain(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            assert_plain(item, f"{where}[{i}]")
    else:
        assert isinstance(value, PLAIN), f"{where}: {type(value).__name__} is not plain data"
        if isinstance(value, datetime):
            assert value.tzinfo is not None, f"{where}: naive datetime"


def make_case(store: StationStore, *, officers: list[str], opened: str = "",
              party: dict[str, str] | None = None, status_path: tuple[str, ...] = (),
              due_at: datetime | None = None, actor: str = LEAD_BADGE,
              violation: str = "street-vending") -> Case:
    """A case as the service makes it, moved along ``status_path`` by ``actor``."""
    data: dict[str, Any] = dict(DEMO_CASE_INPUT, officers=officers, violation=violation)
    if opened:
        data.update(opened_at=f"{opened}T09:30:00", act_date=opened)
    if party is not None:
        data["party"] = party
    with store.session() as s:
        case = service.create_case(store, s, data, actor)
        for target in status_path:
            service.transition(store, s, case, target, actor,
                               disposition="enforcement" if target == "closed" else None)
        if due_at is not None:
            service.edit_case(store, s, case, {"due_at": due_at}, actor)
        return case


@pytest.fixture
def demo_store(store: StationStore) -> StationStore:
    """The test station with 60 demo cases (three officers, repeat offenders, every status)."""
    from gridapp.demo import DEMO_MARKER_KEY, seed_demo

    with store.session() as s:
        s.add(Meta(key=DEMO_MARKER_KEY, value=store.station(s).id))
        add_officer(store, s, store.station(s), "王芳", THIRD_BADGE, actor=LEAD_BADGE)
    seed_demo(store, 60, seed=11)
    return store
