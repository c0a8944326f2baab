"""今日待办: what one officer has to act on today, most urgent first.

What counts (only open cases the officer is on; a closed or dismissed case has nothing due):

- **overdue / due_today** — a time limit the officers must keep, due before / on today (station
  time): the case's own time limit (``Case.due_at``) for a case that is not being rectified, and
  the deadlines of the case's latest stored rules evaluation that bind the authority
  (``OFFICER_DEADLINES``: the decision within 90 days, serving the decision, notifying the
  hearing in time, deciding on preserved evidence). A ``deadline`` row of the same name replaces
  the evaluation's (and one with ``met_at`` set is done). A deadline is taken as met once the case
  shows it: the decision deadlines once the case is decided (or later), the service and hearing
  deadlines once the document was served. A period that runs for the party (statement, hearing
  request, payment, reconsideration, lawsuit) is not the officer's to miss: it is listed only on
  the day it ends (``due_today``), when the next step becomes possible.
- **recheck** — a case being rectified (限期整改中) whose 改正期限 (``Case.due_at``) has come:
  the officer goes back to check the correction.
- **assigned** — the officer was put on the case by someone else in the last ``ASSIGNED_DAYS``
  days and has recorded nothing on it since. Opening a case is not recorded, so "not yet
  opened" is read as "no change by them after the assignment" (audit chain).

- **follow-ups** — a 回访 / 12345 反馈 of the officer's closed case on its due day (due_today)
  or after it (overdue); a re-check above is done once a 复查 is recorded.

Sorted overdue first (most days overdue first), then due today, re-checks (longest due first),
then new assignments (newest first).

``team_work`` is the lead's list for the whole station: approvals waiting, the officers'
overdue time limits, overdue follow-ups and open sync conflicts (``LEAD_ORDER``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import exists, func, literal_column, or_, select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.approvals import service as approvals
from gridapp.caselog.states import TERMINAL
from gridapp.errors import NotFoundError
from gridapp.followups import service as followups
from gridapp.models import (
    AuditEvent,
    Case,
    CaseOfficer,
    Deadline,
    Document,
    DocumentService,
    FollowUp,
    Officer,
    Party,
    RuleEvaluation,
)
from gridapp.rules import documents as docs
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ, as_utc, station_date, station_day_start
from gridapp.vocab.deadline import DEADLINE
from gridapp.vocab.entity import ENTITY
from gridapp.vocab.follow_up import FOLLOW_UP_KIND

Kind = Literal["overdue", "due_today", "returned", "recheck", "assigned"]
Tab = Literal["basic", "checklist", "evidence", "documents", "timeline", "approvals"]
ASSIGNED_DAYS = 3
KIND_ORDER: dict[str, int] = {"overdue": 0, "due_today": 1, "returned": 2, "recheck": 3,
                              "assigned": 4}
OFFICER_DEADLINES = frozenset({"decision_due", "service_due", "hearing_notice_lead",
                               "preserved_evidence_decision"})
DECIDED = frozenset({"decided", "executing", "closed"})
MET_BY_STATUS: dict[str, frozenset[str]] = {"decision_due": DECIDED,
                                            "preserved_evidence_decision": DECIDED}
MET_BY_SERVICE: dict[str, tuple[str, ...]] = {"service_due": docs.DECISIONS,
                                              "hearing_notice_lead": (docs.HEARING_NOTICE,)}
RECHECK_TITLE = ("改正期限已到，复查整改情况", "correction deadline reached: re-check")
ASSIGNED_TITLE = ("新指派的案件", "newly assigned case")


@dataclass(frozen=True)
class WorkItem:
    case_id: str
    case_number: str
    kind: Kind
    due_on: date | None  # the due day (for "assigned": the day of the assignment)
    days_overdue: int  # 0 unless overdue (or a re-check past its day)
    title: str  # Chinese: what is due, e.g. "作出行政处罚决定期限"
    violation_name: str
    party_name: str
    address: str
    tab: Tab  # the case tab that opens with the item
    title_en: str = ""
    deadline: str = ""  # the deadline code (``vocab.deadline``), "" for assignments
    basis: str = ""  # the legal basis of the deadline, when known
    status: str = ""


@dataclass(frozen=True)
class _OpenCase:
    id: str
    number: str
    status: str
    violation_code: str
    party_id: str | None
    address: str
    due_at: datetime | None


def _officer(session: Session, officer_id: str) -> Officer:
    officer = session.get(Officer, officer_id) if officer_id else None
    if officer is None or officer.deleted:
        raise NotFoundError(f"找不到执法人员 {officer_id}", f"no officer {officer_id}",
                            field="officer")
    return officer


def _tab(name: str) -> Tab:
    return "documents" if name in OFFICER_DEADLINES or name.endswith("_until") else "basic"


def _served(session: Session, case_ids: list[str]) -> dict[str, set[str]]:
    """Template ids of each case's documents that have a service record (live documents)."""
    out: dict[str, set[str]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        rows = session.execute(
            select(Document.case_id, Document.template_id)
            .join(DocumentService, DocumentService.document_id == Document.id)
            .where(Document.case_id.in_(chunk), Document.voided_at.is_(None),
                   Document.deleted.is_(False), DocumentService.deleted.is_(False))
        )
        for case_id, template in rows:
            out.setdefault(case_id, set()).add(template)
    return out


def _deadlines(session: Session, case_ids: list[str]
               ) -> dict[str, dict[str, tuple[date, str, bool]]]:
    """Per case: deadline name → (due, basis, met), from the latest evaluation then the
    ``deadline`` rows (which win)."""
    out: dict[str, dict[str, tuple[date, str, bool]]] = {}
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        latest: dict[str, tuple[datetime, str]] = {}
        for case_id, at, result in session.execute(
            select(RuleEvaluation.case_id, RuleEvaluation.evaluated_at,
                   RuleEvaluation.result_json)
            .where(RuleEvaluation.case_id.in_(chunk), RuleEvaluation.deleted.is_(False))
        ):
            if case_id not in latest or at > latest[case_id][0]:
                latest[case_id] = (at, result)
        for case_id, (_, result) in latest.items():
            try:
                entries = json.loads(result).get("deadlines") or []
            except (ValueError, AttributeError):
                continue
            for entry in entries:
                try:
                    due = date.fromisoformat(str(entry["due"]))
                except (KeyError, TypeError, ValueError):
                    continue
                out.setdefault(case_id, {})[str(entry.get("name", ""))] = (
                    due, str(entry.get("basis", "")), False)
        for row in session.scalars(
            select(Deadline).where(Deadline.case_id.in_(chunk), Deadline.deleted.is_(False))
        ):
            try:
                due = date.fromisoformat(row.due)
            except ValueError:
                continue
            out.setdefault(row.case_id, {})[row.name] = (due, row.basis, row.met_at is not None)
    return out


def _case_events(session: Session, case_ids: list[str]
                 ) -> dict[str, list[tuple[int, str, str, str, str]]]:
    """(seq, entity, entity_id, actor, at) of each case's audit events, in order, read through
    the case-prefix index (``audit.events_for_case_query``'s expression) for many cases at once."""
    prefix = func.substr(AuditEvent.case_id, literal_column("1"), literal_column("8"))
    out: dict[str, list[tuple[int, str, str, str, str]]] = {}
    wanted = set(case_ids)
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        seqs = select(AuditEvent.seq).where(prefix.in_({c[:8] for c in chunk}))
        for seq, case_id, entity, entity_id, actor, at in session.execute(
            select(AuditEvent.seq, AuditEvent.case_id, AuditEvent.entity, AuditEvent.entity_id,
                   AuditEvent.actor, AuditEvent.at)
            .where(AuditEvent.seq.in_(seqs)).order_by(AuditEvent.seq)
        ):
            if case_id in wanted:
                out.setdefault(case_id, []).append((seq, entity, entity_id, actor, at))
    return out


def _returned(session: Session, store: StationStore, officer_id: str
              ) -> list[approvals.ApprovalRow]:
    """The officer's requests a lead returned that they have not submitted again (per case and
    step, the latest request is the returned one)."""
    from gridapp.models import Approval

    mine = list(session.scalars(select(Approval).where(
        Approval.submitted_by == officer_id, Approval.status == "returned",
        Approval.deleted.is_(False))))
    latest = [a for a in mine if (found := approvals.latest(session, a.case_id, a.step))
              is not None and found.id == a.id]
    return approvals.rows(session, latest, store.pack)


def _rechecked(session: Session, case_ids: list[str]) -> set[str]:
    """Cases whose latest 复查 is recorded (their re-check item is done)."""
    out: set[str] = set()
    for start in range(0, len(case_ids), 500):
        chunk = case_ids[start:start + 500]
        done = set(session.scalars(select(FollowUp.case_id).where(
            FollowUp.case_id.in_(chunk), FollowUp.kind == "recheck",
            FollowUp.done_at.is_not(None), FollowUp.deleted.is_(False))))
        pending = set(session.scalars(select(FollowUp.case_id).where(
            FollowUp.case_id.in_(chunk), FollowUp.kind == "recheck",
            FollowUp.done_at.is_(None), FollowUp.deleted.is_(False))))
        out |= done - pending
    return out


def _new_assignments(session: Session, officer: Officer, links: list[tuple[str, str, datetime]],
                     since: datetime) -> dict[str, datetime]:
    """Case id → assignment time, for links made by someone else since ``since`` with no
    change recorded by the officer on the case afterwards."""
    recent = [(c, link, at) for c, link, at in links if at >= since]
    events = _case_events(session, [c for c, _, _ in recent])
    out: dict[str, datetime] = {}
    for case_id, link_id, updated in recent:
        trail = events.get(case_id, [])
        assigned = [e for e in trail if e[1] == "case_officer" and e[2] == link_id]
        if assigned:
            seq, _, _, actor, at = assigned[-1]
            if actor == officer.badge_no:
                continue  # they put themselves on it
            after, when = seq, as_utc(datetime.fromisoformat(at))
        else:
            after, when = 0, updated
        if any(e[0] > after and e[3] == officer.badge_no for e in trail):
            continue
        out[case_id] = when
    return out


def todays_work(store: StationStore, officer_id: str, *, today: date | None = None
                ) -> tuple[WorkItem, ...]:
    """Every item due for ``officer_id`` (``Officer.id``) on ``today`` (station date, default
    the station's today by ``clock.now()``). Unknown officer → ``NotFoundError``."""
    day = today or clock.now().astimezone(STATION_TZ).date()
    start_of_day = station_day_start(day)
    end_of_day = station_day_start(day + timedelta(days=1))
    assert start_of_day is not None and end_of_day is not None
    since = start_of_day - timedelta(days=ASSIGNED_DAYS - 1)
    names = {code: v.name for code, v in store.pack.violations.items()}
    items: list[WorkItem] = []
    with store.read() as s:
        officer = _officer(s, officer_id)
        found = s.execute(
            select(Case.id, Case.number, Case.status, Case.violation_code, Case.party_id,
                   Case.address, Case.due_at, CaseOfficer.id, CaseOfficer.updated_at)
            .join(CaseOfficer, CaseOfficer.case_id == Case.id)
            .where(CaseOfficer.officer_id == officer.id, CaseOfficer.deleted.is_(False),
                   Case.deleted.is_(False), Case.status.not_in(TERMINAL))
            # Only cases that can have an item today: a time limit by the end of today, a
            # stored evaluation or deadline row (their dates are read below), a new assignment.
            .where(or_(Case.due_at < end_of_day, CaseOfficer.updated_at >= since,
                       exists().where(RuleEvaluation.case_id == Case.id),
                       exists().where(Deadline.case_id == Case.id)))
        ).all()
        cases = {r[0]: _OpenCase(*r[:7]) for r in found}
        ids = list(cases)
        deadlines = _deadlines(s, ids)
        served = _served(s, [i for i in ids if any(n in MET_BY_SERVICE for n in deadlines.get(i, {}))])
        assigned = _new_assignments(s, officer, [(r[0], r[7], r[8]) for r in found], since)
        rechecked = _rechecked(s, ids)
        returned = _returned(s, store, officer.id)
        follow_ups = followups.due_follow_ups(s, on=day, case_ids=None)
        mine = set(s.scalars(select(CaseOfficer.case_id).where(
            CaseOfficer.officer_id == officer.id, CaseOfficer.deleted.is_(False))))
        follow_ups = [f for f in follow_ups if f.case_id in mine and f.kind != "recheck"]
        party_ids = {c.party_id for c in cases.values() if c.party_id}
        parties: dict[str, str] = {}
        for start in range(0, len(party_ids), 500):
            chunk = sorted(party_ids)[start:start + 500]
            parties.update(s.execute(select(Party.id, Party.name).where(Party.id.in_(chunk))).all())

    def item(case: _OpenCase, kind: Kind, due: date | None, title: tuple[str, str], tab: Tab,
             deadline: str = "", basis: str = "") -> WorkItem:
        late = max(0, (day - due).days) if due is not None and kind in ("overdue", "recheck") else 0
        return WorkItem(
            case_id=case.id, case_number=case.number, kind=kind, due_on=due, days_overdue=late,
            title=title[0], title_en=title[1],
            violation_name=names.get(case.violation_code, case.violation_code),
            party_name=parties.get(case.party_id or "", ""), address=case.address, tab=tab,
            deadline=deadline, basis=basis, status=case.status,
        )

    def timed(due: date) -> Kind | None:
        return "overdue" if due < day else "due_today" if due == day else None

    now = clock.now()
    for case in cases.values():
        if case.due_at is not None:
            # ``due_at`` is the instant the time limit ends (midnight after its last day, or the
            # hour set): its last day is the day just before that instant, and the case is
            # overdue from that instant on — as the case list's overdue flag says.
            due = station_date(case.due_at - timedelta(microseconds=1))
            kind = timed(due)
            if kind == "due_today" and day == station_date(now) and as_utc(case.due_at) <= now:
                kind = "overdue"
            # A case being rectified, or whose time limit is an order's 改正期限: a re-check.
            if case.status == "rectifying" or "correction_due" in deadlines.get(case.id, {}):
                if due <= day and case.id not in rechecked:
                    items.append(item(case, "recheck", due, RECHECK_TITLE, "basic", "due_at"))
            elif kind is not None:
                label = (DEADLINE.zh("due_at"), DEADLINE.en("due_at"))
                items.append(item(case, kind, due, label, "basic", "due_at"))
        for name, (due, basis, met) in sorted(deadlines.get(case.id, {}).items()):
            if met or (kind := timed(due)) is None:
                continue
            if case.status in MET_BY_STATUS.get(name, ()):
                continue
            if name in MET_BY_SERVICE and served.get(case.id, set()) & set(MET_BY_SERVICE[name]):
                continue
            if name not in OFFICER_DEADLINES and name in DEADLINE and kind == "overdue":
                continue  # the party's period ended earlier: not the officer's to miss
            label = (DEADLINE.zh(name), DEADLINE.en(name))
            if name not in OFFICER_DEADLINES and name in DEADLINE:
                label = (f"{label[0]}今日届满", f"{label[1]} ends today")
            items.append(item(case, kind, due, label, _tab(name), name, basis))
        if case.id in assigned:
            items.append(item(case, "assigned", station_date(assigned[case.id]), ASSIGNED_TITLE,
                              "basic"))

    for a in returned:  # sent back by the lead: the comment is the work
        held = cases.get(a.case_id)
        items.append(WorkItem(
            case_id=a.case_id, case_number=a.case_number, kind="returned",
            due_on=station_date(a.decided_at) if a.decided_at else None, days_overdue=0,
            title=f"{a.step_label}被退回：{a.opinion}", title_en=f"{a.step} approval returned",
            violation_name=a.violation_name, party_name=a.party_name,
            address=held.address if held else "", tab="approvals",
            status=held.status if held else ""))
    for f in follow_ups:  # 回访 / 12345 反馈 of the officer's closed cases
        late = f.days_overdue
        items.append(WorkItem(
            case_id=f.case_id, case_number=f.case_number,
            kind="overdue" if late else "due_today", due_on=f.due, days_overdue=late,
            title=f"{f.kind_label}（结案后三个工作日内）", title_en=FOLLOW_UP_KIND.en(f.kind),
            violation_name="", party_name="", address="", tab="basic", deadline=f.kind))

    def order(w: WorkItem) -> tuple[int, int, str, str]:
        rank = KIND_ORDER[w.kind]
        if w.kind == "overdue":
            return rank, -w.days_overdue, w.case_number, w.deadline
        if w.kind == "assigned":
            stamp = w.due_on.toordinal() if w.due_on else 0
            return rank, -stamp, w.case_number, ""
        return rank, (w.due_on or day).toordinal(), w.case_number, w.deadline

    return tuple(sorted(items, key=order))


# --- the lead's 今日待办: the team's work that waits for the lead or is late --------------------

LeadKind = Literal["overdue_case", "approval", "overdue_follow_up", "conflict"]
Target = Literal["case", "approval", "sync"]
# Urgency: a time limit the authority has already missed first (legal risk), then requests
# waiting for the lead's decision (they hold the officers' work), then late follow-ups, then
# sync conflicts; within a group the longest late or waiting first.
LEAD_ORDER: dict[str, int] = {"overdue_case": 0, "approval": 1, "overdue_follow_up": 2,
                              "conflict": 3}


@dataclass(frozen=True)
class LeadItem:
    """One line of the lead's 今日待办 (plain data)."""

    kind: LeadKind
    title: str  # Chinese: what waits, e.g. "处罚审批（待法制审核）"
    title_en: str
    case_id: str  # "" for a conflict on another record
    case_number: str
    officers: str  # who handles it (names, "、"-joined) or who submitted the request
    days: int  # days overdue (overdue items) or waiting (approvals, conflicts)
    since: date | None  # the due day (overdue) or the day it was submitted / recorded
    detail: str  # one line: the note, the finding, the field in conflict
    ref: str = ""  # approval id / follow-up id / conflict id
    target: Target = "case"  # what opens: the case, the approval queue, the sync page
    tab: Tab = "basic"


def _names_on(session: Session, case_ids: set[str]) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    ids = sorted(case_ids)
    for start in range(0, len(ids), 500):
        for case_id, name in session.execute(
            select(CaseOfficer.case_id, Officer.name)
            .join(Officer, Officer.id == CaseOfficer.officer_id)
            .where(CaseOfficer.case_id.in_(ids[start:start + 500]),
                   CaseOfficer.deleted.is_(False))
            .order_by(CaseOfficer.updated_at)
        ):
            out.setdefault(case_id, []).append(name)
    return {k: "、".join(v) for k, v in out.items()}


def team_work(store: StationStore, officer_id: str, *, today: date | None = None
              ) -> tuple[LeadItem, ...]:
    """The lead's 今日待办 for the whole station on ``today`` (station date, default today):
    approvals waiting, the officers' overdue time limits, overdue follow-ups (复查、回访、12345
    反馈) and open sync conflicts, most urgent first. Only a lead (``roles "approve"``) reads it
    (``PermissionDenied`` otherwise); an unknown officer → ``NotFoundError``."""
    from gridapp.accounts import roles
    from gridapp.models import SyncConflict

    day = today or clock.now().astimezone(STATION_TZ).date()
    with store.read() as s:
        lead = _officer(s, officer_id)
        roles.require(lead, "approve")
        team = [o.id for o in s.scalars(select(Officer).where(
            Officer.active.is_(True), Officer.deleted.is_(False)))]
    items: list[LeadItem] = []
    seen: set[tuple[str, str]] = set()
    overdue: list[WorkItem] = []
    for member in team:
        for w in todays_work(store, member, today=day):
            if w.kind == "overdue" and w.deadline in FOLLOW_UP_KIND:
                continue  # listed from the follow-up rows below
            late = w.kind == "overdue" or (w.kind == "recheck" and w.days_overdue > 0)
            if late and (w.case_id, w.deadline) not in seen:
                seen.add((w.case_id, w.deadline))
                overdue.append(w)
    with store.read() as s:
        waiting = approvals.waiting(s, store.pack)
        late_follow = followups.due_follow_ups(s, on=day, overdue_only=True)
        conflicts = list(s.scalars(select(SyncConflict).where(SyncConflict.resolved_at == "")
                                   .order_by(SyncConflict.id)))
        names = _names_on(s, {w.case_id for w in overdue} | {f.case_id for f in late_follow})
        conflict_cases = dict(s.execute(select(Case.id, Case.number).where(Case.id.in_(
            {c.entity_id for c in conflicts if c.entity == "case"}))).all())
    rechecks = {f.case_id for f in late_follow if f.kind == "recheck"}
    for w in overdue:
        if w.kind == "recheck" and w.case_id in rechecks:
            continue  # the 复查 row says it
        what = "复查逾期" if w.kind == "recheck" else w.title
        items.append(LeadItem(
            kind="overdue_case", title=what, title_en=w.title_en, case_id=w.case_id,
            case_number=w.case_number, officers=names.get(w.case_id, ""),
            days=w.days_overdue, since=w.due_on,
            detail="，".join(x for x in (w.violation_name, w.party_name) if x), tab=w.tab))
    for a in waiting:
        waited = max(0, (day - a.submitted_at.astimezone(STATION_TZ).date()).days)
        items.append(LeadItem(
            kind="approval", title=f"{a.step_label}（{a.waiting_for}）",
            title_en=f"{a.step} approval", case_id=a.case_id, case_number=a.case_number,
            officers=a.submitted_by, days=waited,
            since=a.submitted_at.astimezone(STATION_TZ).date(),
            detail=a.note or a.major_reason, ref=a.id, target="approval"))
    for f in late_follow:
        items.append(LeadItem(
            kind="overdue_follow_up", title=f"{f.kind_label}逾期", title_en=f"{f.kind} overdue",
            case_id=f.case_id, case_number=f.case_number, officers=names.get(f.case_id, ""),
            days=f.days_overdue, since=f.due, detail="", ref=f.id))
    for c in conflicts:
        try:
            created = datetime.fromisoformat(c.created_at).astimezone(STATION_TZ).date()
        except ValueError:
            created = day
        items.append(LeadItem(
            kind="conflict", title=f"同步冲突：{ENTITY.zh(c.entity)}", title_en="sync conflict",
            case_id=c.entity_id if c.entity == "case" else "",
            case_number=conflict_cases.get(c.entity_id, ""), officers="",
            days=max(0, (day - created).days), since=created, detail=c.field, ref=str(c.id),
            target="sync"))
    items.sort(key=lambda i: (LEAD_ORDER[i.kind], -i.days, i.case_number, i.title))
    return tuple(items)
