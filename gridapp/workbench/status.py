"""The status bar and the sign-in list: the station, its pack, the officers, unsynced changes.

Contract: plain frozen values; each call opens its own read session on the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from gridapp.accounts.roles import ROLE_LABELS
from gridapp.demo import is_demo_station
from gridapp.models import Meta, Officer, OutboxEntry
from gridapp.numbering import SEGMENT_KEY
from gridapp.store import StationStore


@dataclass(frozen=True)
class StationStatus:
    name: str
    pack_name: str
    pack_version: str
    segment: int  # the station segment (站点号段); 0 = not set yet (numbers nothing new)
    unsynced_changes: int  # rows with changes HQ has not acknowledged (待同步)
    device_id: str
    pack_code: str = ""
    # Writes are refused (a copied or restored data directory): the Chinese reason, else "".
    write_refused: str = ""
    demo: bool = False  # a demo station (``gridapp.demo``): marked 演示数据 everywhere


@dataclass(frozen=True)
class OfficerChoice:
    id: str
    name: str
    badge_no: str
    active: bool
    role: str = "officer"
    role_label: str = ""
    has_password: bool = False

    @property
    def label(self) -> str:
        """``张建国（31010001）`` — how the sign-in list and the filters name an officer."""
        return f"{self.name}（{self.badge_no}）"


def station_status(store: StationStore) -> StationStatus:
    """The station's name, its pack and version, segment and number of unsynced changes.

    The unsynced count reads the outbox (one row per changed record not yet acknowledged).
    """
    pack = store.pack
    with store.read() as s:
        station = store.station(s)
        segment_row = s.get(Meta, SEGMENT_KEY)
        unsynced = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )
        refused = store.identity_error
        return StationStatus(
            name=station.name,
            pack_name=pack.name,
            pack_version=pack.version,
            segment=int(segment_row.value) if segment_row is not None else 0,
            unsynced_changes=int(unsynced or 0),
            device_id=store.device_id,
            pack_code=pack.code,
            write_refused=refused.message_zh if refused is not None else "",
            demo=is_demo_station(s, station),
        )


def officer_choices(store: StationStore, *, include_retired: bool = False
                    ) -> tuple[OfficerChoice, ...]:
    """The station's officers by badge number: active ones (sign-in), or all (filters, names)."""
    with store.read() as s:
        query = select(Officer).where(Officer.station_id == store.station(s).id,
                                      Officer.deleted.is_(False))
        if not include_retired:
            query = query.where(Officer.active.is_(True))
        return tuple(
            OfficerChoice(id=o.id, name=o.name, badge_no=o.badge_no, active=bool(o.active),
                          role=o.role, role_label=ROLE_LABELS.get(o.role, o.role),
                          has_password=bool(o.password_hash))
            for o in s.scalars(query.order_by(Officer.badge_no))
        )
