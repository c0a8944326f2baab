"""Workbench fixtures: the acting officers' ids, a first-offence draft, a snapshot of
everything a station holds (every table's rows and every blob file) to prove "nothing written"."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.models import Base, Officer
from gridapp.store import StationStore
from gridapp.workbench.drafts import CaseDraft, PartyDraft
from tests.conftest import DEMO_PARTY_ID, LEAD_BADGE, OFFICER_BADGE

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
