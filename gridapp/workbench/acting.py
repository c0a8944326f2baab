"""The acting officer: the one place that turns the signed-in officer's id into the badge the
core's services record changes under (执法证号). Passwords will check in here too.

Contract: ``acting_badge`` refuses an unknown officer, an officer of another station and a
retired (停用) officer with a Chinese ``GridappError`` naming the field ``actor``; it runs inside
the caller's unit of work, so the check and the write see the same database state.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Officer
from gridapp.store import StationStore


def acting_officer(store: StationStore, session: Session, actor_id: str) -> Officer:
    officer = session.get(Officer, actor_id) if actor_id else None
    if officer is None or officer.deleted or officer.station_id != store.station(session).id:
        raise NotFoundError(
            "找不到当前登录的执法人员，请重新选择执法人员后再操作",
            f"no officer {actor_id!r} in this station", field="actor",
        )
    if not officer.active:
        raise ValidationError(
            f"执法人员 {officer.name}（{officer.badge_no}）已停用，不能再办案；请以在岗执法人员登录",
            f"officer {officer.badge_no} is retired and can no longer act", field="actor",
        )
    return officer


def acting_badge(store: StationStore, session: Session, actor_id: str) -> str:
    """The badge number of the officer ``actor_id`` (``Officer.id``) who may act now."""
    return acting_officer(store, session, actor_id).badge_no
