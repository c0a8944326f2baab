"""Workbench fixtures: a test station with demo cases, helpers to make cases as officers do,
and the check that a read model hands out plain values only."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gridapp.caselog import service
from gridapp.models import Case, Meta, Officer
from gridapp.setup import add_officer
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE

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


def officer_id(store: StationStore, badge: str) -> str:
    with store.read() as s:
        found = s.scalar(select(Officer.id).where(Officer.badge_no == badge))
        assert found is not None
        return found


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
