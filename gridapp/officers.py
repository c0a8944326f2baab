"""The station's officers (执法人员): add, list, retire. Every change is recorded and audited.

Contract: an officer is never deleted. Retiring sets ``active`` false; the row stays (cases,
documents and the audit chain keep naming them) but a retired officer can no longer act:
``StationStore.officer_by_badge`` refuses them for every action. The last active lead or admin
cannot be retired (a station needs one to sign two-officer documents and to add officers).
Roles are ``models.station.ROLES``; passwords and permissions come with accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import Officer
from gridapp.models.station import ROLES
from gridapp.setup import add_officer
from gridapp.store import StationStore

ROLE_LABELS: dict[str, str] = {"officer": "执法队员", "lead": "中队长", "admin": "管理员"}
# Roles of which a station must keep one active officer.
LEADING_ROLES = ("lead", "admin")


@dataclass(frozen=True)
class OfficerView:
    name: str
    badge: str
    role: str
    role_label: str
    active: bool


def view(officer: Officer) -> OfficerView:
    return OfficerView(officer.name, officer.badge_no, officer.role,
                       ROLE_LABELS.get(officer.role, officer.role), bool(officer.active))


def list_officers(store: StationStore, session: Session, *, include_retired: bool = False
                  ) -> list[OfficerView]:
    query = select(Officer).where(Officer.station_id == store.station(session).id,
                                  Officer.deleted.is_(False))
    if not include_retired:
        query = query.where(Officer.active.is_(True))
    return [view(o) for o in session.scalars(query.order_by(Officer.badge_no))]


def _text(value: str, field: str, label: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(f"{label}不能为空", f"{field} is required", field=field)
    if len(value) > limit:
        raise ValidationError(f"{label}过长（最多 {limit} 字）", f"{field} is too long",
                              field=field)
    return check_text(value, field, label=label)


def add(store: StationStore, session: Session, *, name: str, badge: str, role: str,
        actor: str) -> Officer:
    """A new active officer. Refuses an unknown role or a badge already used in this station."""
    name = _text(name, "name", "姓名", 100)
    badge = _text(badge, "badge", "执法证号", 40)
    if role not in ROLES:
        raise ValidationError(
            f"未知角色 {role}，可选：" + "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES),
            f"unknown role {role}; choose from {', '.join(ROLES)}", field="role")
    store.officer_by_badge(session, actor)  # the actor exists and is active
    return add_officer(store, session, store.station(session), name, badge, role=role,
                       actor=actor)


def retire(store: StationStore, session: Session, badge: str, *, actor: str) -> Officer:
    """Mark the officer retired (停用). Refuses an unknown badge, an officer already retired
    and the last active lead or admin."""
    badge = badge.strip()
    officer = session.scalars(
        select(Officer).where(Officer.badge_no == badge,
                              Officer.station_id == store.station(session).id)
    ).first()
    if officer is None:
        raise NotFoundError(f"找不到执法证号为 {badge} 的执法人员", f"no officer {badge}",
                            field="badge")
    if not officer.active:
        raise ValidationError(f"{officer.name}（{badge}）已停用", f"officer {badge} is already retired",
                              field="badge")
    store.officer_by_badge(session, actor)
    if officer.role in LEADING_ROLES:
        others = session.scalars(
            select(Officer.id).where(Officer.station_id == officer.station_id,
                                     Officer.active.is_(True), Officer.deleted.is_(False),
                                     Officer.role.in_(LEADING_ROLES), Officer.id != officer.id)
        ).first()
        if others is None:
            raise ValidationError(
                f"{officer.name}（{badge}）是本站点最后一位在岗的中队长或管理员，不能停用；"
                "请先添加另一位中队长（gridapp officer add --role lead）",
                f"{badge} is the last active lead or admin of the station", field="badge")
    before = snapshot(officer)
    officer.active = False
    store.record(session, officer, op="update", actor=actor, action="officer.retire",
                 before=before)
    return officer
