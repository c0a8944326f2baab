"""Case service: create, edit, transition, assign officers, link parties. No Qt, no commits.

Every function takes the caller's unit-of-work session (``store.session()``); each mutation is
recorded through ``store.record`` so its outbox row and audit event share the transaction.
``actor`` is the acting officer's badge number (执法证号).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.accounts import roles
from gridapp.caselog import lookup, states
from gridapp.caselog.identity import match_key, normalise_id_number
from gridapp.caselog.intake import CaseInput, PartyInput, parse_case
from gridapp.caselog.numbering import next_case_number
from gridapp.caselog.query import list_grids
from gridapp.changes import snapshot
from gridapp.errors import NotFoundError, ValidationError
from gridapp.models import Case, CaseOfficer, Officer, Party, new_id
from gridapp.models.case import DISPOSITIONS
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ, station_time

# How far ahead of this laptop's clock an entered time may be (another device's clock, typing).
CLOCK_SKEW = timedelta(minutes=10)
EDITABLE = ("address", "grid_code", "facts", "lat", "lon", "act_date", "violation_code", "due_at")


def find_case(session: Session, ref: str) -> Case:
    """A case by its number (案件编号), the number's tail, or its id (see ``lookup``)."""
    return lookup.find_case(session, ref)


def find_party(session: Session, party_id: str) -> Party:
    party = session.get(Party, party_id)
    if party is None:
        raise NotFoundError(f"找不到当事人 {party_id}", f"no party {party_id}", field="party")
    return party


def case_officers(session: Session, case_id: str) -> list[Officer]:
    return list(
        session.scalars(
            select(Officer)
            .join(CaseOfficer, CaseOfficer.officer_id == Officer.id)
            .where(CaseOfficer.case_id == case_id, CaseOfficer.deleted.is_(False))
            .order_by(CaseOfficer.updated_at, Officer.badge_no)
        )
    )


def default_actor(session: Session) -> Officer:
    """The station's first active officer, in the order officers were added (the acting user
    when none is named); edits to an officer never change who that is."""
    officer = session.scalars(
        select(Officer).where(Officer.active.is_(True)).order_by(literal_column("rowid"))
    ).first()
    if officer is None:
        raise NotFoundError("站点没有执法人员，请先运行 gridapp init", "no officer in station")
    return officer


def upsert_party(store: StationStore, session: Session, data: PartyInput, actor: str) -> Party:
    """The existing party with the same identity number (or name+address), else a new one."""
    id_number = normalise_id_number(data.kind, data.id_number)
    key = match_key(data.name, data.address)
    query = select(Party).where(Party.deleted.is_(False))
    if id_number:
        query = query.where(Party.id_number == id_number)
    else:
        query = query.where(Party.id_number == "", Party.match_key == key)
    party = session.scalars(query).first()
    if party is not None:
        return party
    party = Party(
        kind=data.kind,
        name=data.name,
        id_number=id_number,
        phone=data.phone,
        address=data.address,
        care_flags=",".join(data.care_flags),
        match_key=key,
        birth_date=data.birth_date,
    )
    store.record(session, party, op="insert", actor=actor, action="party.create")
    return party


EARLIEST_YEAR = 1900


def _opened_at(value: str) -> datetime:
    if not value:
        return clock.now()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(
            "opened_at 应为 ISO 日期时间", "opened_at must be ISO-8601", field="opened_at"
        ) from exc
    # A time written without a zone is the station's local time, as officers read clocks.
    # Stored in UTC: SQLite keeps the wall time and drops the offset.
    if parsed.year < EARLIEST_YEAR:
        raise ValidationError(f"发现时间 {value} 早于 {EARLIEST_YEAR} 年，请核对（年份是否写错？）",
                              "opened_at is implausibly early", field="opened_at")
    opened = (parsed if parsed.tzinfo else parsed.replace(tzinfo=STATION_TZ)).astimezone(UTC)
    if opened > clock.now() + CLOCK_SKEW:
        raise ValidationError(
            f"发现时间 {station_time(opened):%Y-%m-%d %H:%M} 晚于当前时间，请核对（年份是否写错？）",
            "opened_at is in the future",
            field="opened_at",
        )
    return opened


def _check_act_date(act_date: str, opened: datetime) -> None:
    """The act cannot have happened after the case was opened (dates in station time), nor
    before ``EARLIEST_YEAR``."""
    if act_date and act_date[:4] < str(EARLIEST_YEAR):
        raise ValidationError(f"违法行为日期 {act_date} 早于 {EARLIEST_YEAR} 年，请核对（年份是否写错？）",
                              "act_date is implausibly early", field="act_date")
    if act_date and act_date > station_time(opened).date().isoformat():
        raise ValidationError(
            f"违法行为日期 {act_date} 晚于发现时间 {station_time(opened):%Y-%m-%d}，请核对",
            "act_date is after the case was opened",
            field="act_date",
        )


def case_problems(store: StationStore, case_in: CaseInput) -> list[ValidationError]:
    """What the station refuses in a well-formed case input, every problem at once: a
    violation not in the pack, a discovery time in the future, an act after the discovery."""
    problems: list[ValidationError] = []
    try:
        store.pack.violation(case_in.violation)  # unknown code -> ValidationError(violation)
    except ValidationError as exc:
        problems.append(exc)
    try:
        _check_act_date(case_in.act_date, _opened_at(case_in.opened_at))
    except ValidationError as exc:
        problems.append(exc)
    if case_in.grid:
        with store.read() as s:
            grids = {code for code, _ in list_grids(s)}
        if grids and case_in.grid not in grids:
            problems.append(ValidationError(
                f"本站没有网格 {case_in.grid}（本站网格：{'、'.join(sorted(grids))}）",
                f"unknown grid {case_in.grid}", field="grid"))
    return problems


def create_case(
    store: StationStore,
    session: Session,
    data: CaseInput | dict[str, Any],
    actor: str,
    *,
    party_id: str | None = None,
) -> Case:
    """Validate and create a case (number from the pack's case-number format).

    ``party_id`` links an existing party (instead of ``data.party``, which must then be empty).
    """
    case_in = data if isinstance(data, CaseInput) else parse_case(data)
    problems = case_problems(store, case_in)
    if problems:
        raise problems[0]
    opened = _opened_at(case_in.opened_at)
    officers = [store.officer_by_badge(session, badge) for badge in case_in.officers]
    if party_id is not None:
        if case_in.party is not None:
            raise ValidationError("不能同时指定已有当事人和新当事人", "party and party_id both given",
                                  field="party")  # fmt: skip
        party: Party | None = find_party(session, party_id)
    else:
        party = upsert_party(store, session, case_in.party, actor) if case_in.party else None
    case = Case(
        id=new_id(),
        # The pool change is a station event, not part of the case's own history.
        number=next_case_number(
            store, session, store.pack.case_number_format, station_time(opened).year, actor
        ),
        source=case_in.source,
        grid_code=case_in.grid,
        address=case_in.address,
        lat=case_in.lat,
        lon=case_in.lon,
        violation_code=case_in.violation,
        facts=case_in.facts,
        status="discovered",
        stage="yellow",
        party_id=party.id if party else None,
        act_date=case_in.act_date,
        opened_at=opened,
    )
    store.record(session, case, op="insert", actor=actor, action="case.create", case_id=case.id)
    for officer in officers:  # the case's staff as its creator recorded them
        _link_officer(store, session, case, officer, actor)
    return case


def edit_case(
    store: StationStore, session: Session, case: Case, changes: dict[str, Any], actor: str
) -> Case:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError(
            f"字段 {unknown[0]} 不可修改", f"field {unknown[0]} is not editable", field=unknown[0]
        )
    if "violation_code" in changes:
        store.pack.violation(str(changes["violation_code"]))
    before = snapshot(case)
    for key, value in changes.items():
        setattr(case, key, value)
    store.record(
        session, case, op="update", actor=actor, action="case.edit", case_id=case.id, before=before
    )
    return case


def transition(
    store: StationStore,
    session: Session,
    case: Case,
    target: str,
    actor: str,
    *,
    disposition: str | None = None,
    outcome: str = "",
    reason: str = "",
) -> Case:
    """Move a case along the state machine. Closing requires a 721 disposition.

    ``reason`` (the officer's words, e.g. why a report is dismissed) is recorded in the audit
    event with the changed fields."""
    states.check_transition(case.status, target)
    if target == "closed":
        disposition = disposition or case.disposition
        if disposition not in DISPOSITIONS:
            raise ValidationError(
                "结案须注明处置方式（721）：service（服务）、management（管理）或 enforcement（执法）",
                "closing requires a disposition: service, management or enforcement",
                field="disposition",
            )
    before = snapshot(case)
    case.status = target
    case.stage = states.raised_stage(case.stage, target)
    if disposition:
        case.disposition = disposition
    if outcome:
        case.outcome = outcome
    if target in states.TERMINAL:
        case.closed_at = clock.now()
    after = None
    if reason:
        now = snapshot(case)
        after = {k: v for k, v in now.items() if before.get(k) != v} | {"reason": reason}
    store.record(
        session,
        case,
        op="update",
        actor=actor,
        action=f"case.transition.{target}",
        case_id=case.id,
        before=before,
        audit_after=after,
    )
    return case


def assign_officer(
    store: StationStore, session: Session, case: Case, officer: Officer, actor: str
) -> CaseOfficer:
    """Put ``officer`` on the case. Anyone may staff a case nobody is on yet (its creation) or
    one they are on themselves (a partner); putting officers on someone else's case is
    reassigning, a lead's decision (``case.reassign``)."""
    _may_assign(store, session, case, actor)
    return _link_officer(store, session, case, officer, actor)


def _link_officer(
    store: StationStore, session: Session, case: Case, officer: Officer, actor: str
) -> CaseOfficer:
    existing = session.scalars(
        select(CaseOfficer).where(
            CaseOfficer.case_id == case.id, CaseOfficer.officer_id == officer.id
        )
    ).first()
    if existing is not None and not existing.deleted:
        return existing
    link = existing or CaseOfficer(case_id=case.id, officer_id=officer.id)
    link.deleted = False
    store.record(
        session,
        link,
        op="insert" if existing is None else "update",
        actor=actor,
        action="case.assign_officer",
        case_id=case.id,
    )
    return link


def _may_assign(store: StationStore, session: Session, case: Case, actor: str) -> None:
    acting = session.scalars(select(Officer).where(
        Officer.badge_no == actor, Officer.station_id == store.station(session).id)).first()
    if acting is None or roles.may(acting, "case.reassign"):
        return  # not an officer of this station (HQ, the system): not a role decision
    on_case = set(session.scalars(select(CaseOfficer.officer_id).where(
        CaseOfficer.case_id == case.id, CaseOfficer.deleted.is_(False))))
    if not on_case or acting.id in on_case:
        return
    roles.require(acting, "case.reassign")


def link_party(
    store: StationStore, session: Session, case: Case, party: PartyInput, actor: str
) -> Party:
    linked = upsert_party(store, session, party, actor)
    before = snapshot(case)
    case.party_id = linked.id
    store.record(
        session, case, op="update", actor=actor, action="case.link_party", case_id=case.id,
        before=before,
    )
    return linked
