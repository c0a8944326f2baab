"""The station's officers (执法人员): add, list, retire. Every change is recorded and audited.

Contract: an officer is never deleted. Retiring sets ``active`` false; the row stays (cases,
documents and the audit chain keep naming them) but a retired officer can no longer act:
``StationStore.officer_by_badge`` refuses them for every action. The last active lead or admin
cannot be retired (a station needs one to sign two-officer documents and to add officers).
Roles are ``models.station.ROLES``; adding, editing and retiring needs the
``accounts.manage`` permission (``gridapp.accounts.roles``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.accounts import keyslots, roles
from gridapp.accounts.roles import ROLE_LABELS
from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, PermissionDenied, ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import Officer
from gridapp.models.station import ROLES
from gridapp.setup import add_officer
from gridapp.store import StationStore

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


def _role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(
            f"未知角色 {role}，可选：" + "、".join(f"{r}（{ROLE_LABELS[r]}）" for r in ROLES),
            f"unknown role {role}; choose from {', '.join(ROLES)}", field="role")
    return role


def add(store: StationStore, session: Session, *, name: str, badge: str, role: str,
        actor: str, password: str = "") -> Officer:
    """A new active officer. Refuses an unknown role, a badge already used in this station and
    an actor who may not manage accounts."""
    name = _text(name, "name", "姓名", 100)
    badge = _text(badge, "badge", "执法证号", 40)
    _role(role)
    admin = store.officer_by_badge(session, actor)
    roles.require(admin, "accounts.manage")
    if role == "lead":
        roles.require(admin, "accounts.grant_lead")
    return add_officer(store, session, store.station(session), name, badge, role=role,
                       actor=actor, password=password)


def edit(store: StationStore, session: Session, badge: str, *, actor: str,
         name: str | None = None, role: str | None = None) -> Officer:
    """Change an officer's name or role. The last active lead or admin keeps a leading role."""
    admin = store.officer_by_badge(session, actor)
    roles.require(admin, "accounts.manage")
    officer = _find(store, session, badge)
    before = snapshot(officer)
    if name is not None:
        officer.name = _text(name, "name", "姓名", 100)
    if role is not None and role != officer.role:
        _role(role)
        if officer.id == admin.id:
            raise PermissionDenied("不能更改自己的角色，请由另一位中队长办理",
                                   "nobody changes their own role", field="role")
        if "lead" in (role, officer.role):
            roles.require(admin, "accounts.grant_lead")
        if officer.role in LEADING_ROLES and role not in LEADING_ROLES:
            _keep_a_leader(session, officer)
        officer.role = role
    if snapshot(officer) == before:
        return officer
    store.record(session, officer, op="update", actor=actor, action="officer.edit",
                 before=before)
    return officer


def _find(store: StationStore, session: Session, badge: str) -> Officer:
    badge = badge.strip()
    officer = session.scalars(
        select(Officer).where(Officer.badge_no == badge,
                              Officer.station_id == store.station(session).id)
    ).first()
    if officer is None:
        raise NotFoundError(f"找不到执法证号为 {badge} 的执法人员", f"no officer {badge}",
                            field="badge")
    return officer


def _keep_a_leader(session: Session, officer: Officer) -> None:
    others = session.scalars(
        select(Officer.id).where(Officer.station_id == officer.station_id,
                                 Officer.active.is_(True), Officer.deleted.is_(False),
                                 Officer.role.in_(LEADING_ROLES), Officer.id != officer.id)
    ).first()
    if others is None:
        raise ValidationError(
            f"{officer.name}（{officer.badge_no}）是本站点最后一位在岗的中队长或管理员，"
            "不能停用或改为其他角色；请先添加另一位中队长（gridapp officer add --role lead）",
            f"{officer.badge_no} is the last active lead or admin of the station", field="badge")


def retire(store: StationStore, session: Session, badge: str, *, actor: str) -> Officer:
    """Mark the officer retired (停用). Refuses an unknown badge, an officer already retired,
    the last active lead or admin, and an actor who may not manage accounts."""
    officer = _find(store, session, badge)
    if not officer.active:
        raise ValidationError(f"{officer.name}（{officer.badge_no}）已停用",
                              f"officer {officer.badge_no} is already retired", field="badge")
    roles.require(store.officer_by_badge(session, actor), "accounts.manage")
    if officer.role in LEADING_ROLES:
        _keep_a_leader(session, officer)
    before = snapshot(officer)
    officer.active = False
    keyslots.drop(store, session, officer.id)
    store.record(session, officer, op="update", actor=actor, action="officer.retire",
                 before=before)
    return officer
