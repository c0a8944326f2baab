"""Follow-up service: schedule, record and list 复查 / 回访 / 12345 反馈. No Qt, no commits.

Due dates (station dates):

- 复查 ``recheck``: the 改正期限 of the order to correct (``schedule_recheck``, called when the
  责令改正通知书 is issued). A finding of ``not_corrected`` can be recorded only after that day
  has ended (the party may correct until the end of the last day); that record, together with the
  deadline having passed, is what the ``refusal_to_correct_required`` gate asks for.
- 回访 ``return_visit`` and 12345 反馈 ``caller_feedback`` (hotline cases only): within
  ``RETURN_VISIT`` = three **working** days after the closing day, counted as the pack counts
  the law's short periods (行政处罚法第八十五条: 三日 = 工作日; the pack's holiday calendar and
  调休 days apply). ``schedule_after_close`` is called when a case is closed.

A follow-up is overdue when it is not recorded and the station's today is after its due day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp import clock
from gridapp.caselog import lookup
from gridapp.changes import snapshot
from gridapp.errors import ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import Case, Deadline, FollowUp, Officer
from gridapp.packs import JurisdictionPack
from gridapp.packs.model import DeadlineRule
from gridapp.rules.daycount import due_after
from gridapp.store import StationStore
from gridapp.timeutil import STATION_TZ, station_date, station_day_start
from gridapp.vocab import Vocabulary
from gridapp.vocab.follow_up import FINDING, FOLLOW_UP_KIND, SATISFACTION

RETURN_VISIT = DeadlineRule(
    "return_visit", 3, 0, "working",
    "结案后三日内回访（“三日”按《行政处罚法》第八十五条计为工作日）",
)
CORRECTION_DEADLINE = "correction_due"
MAX_RESULT = 1000
FINDINGS_OF: dict[str, tuple[str, ...]] = {
    "recheck": ("corrected", "not_corrected"),
    "return_visit": (),
    "caller_feedback": ("confirmed", "disputed"),
}
NEEDS_SATISFACTION = frozenset({"return_visit", "caller_feedback"})


@dataclass(frozen=True)
class FollowUpRow:
    """One follow-up as the CLI and desktop show it (plain data)."""

    id: str
    case_id: str
    case_number: str
    kind: str
    kind_label: str
    due: date | None
    done_at: datetime | None
    finding: str
    finding_label: str
    satisfaction: str
    satisfaction_label: str
    result: str
    done_by: str  # officer name, "" while still due
    days_overdue: int  # 0 unless due and not recorded after the due day

    @property
    def done(self) -> bool:
        return self.done_at is not None


def today() -> date:
    return clock.now().astimezone(STATION_TZ).date()


def return_visit_due(pack: JurisdictionPack, closed_on: date) -> date:
    """The last day for the 回访 of a case closed on ``closed_on`` (three working days later)."""
    return due_after(RETURN_VISIT, closed_on, pack.day_rules).date


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def correction_deadline(session: Session, case_id: str) -> Deadline | None:
    """The live 改正期限 row of the case (the latest order to correct), or None."""
    return session.scalars(
        select(Deadline).where(Deadline.case_id == case_id, Deadline.name == CORRECTION_DEADLINE,
                               Deadline.deleted.is_(False))
        .order_by(Deadline.updated_at.desc())
    ).first()


def _facts(row: FollowUp) -> dict[str, str]:
    """What the audit event of a follow-up names (a creation carries only a content hash)."""
    return {"kind": row.kind, "due": row.due, "finding": row.finding,
            "satisfaction": row.satisfaction, "result": row.result}


def _pending(session: Session, case_id: str, kind: str) -> FollowUp | None:
    return session.scalars(
        select(FollowUp).where(FollowUp.case_id == case_id, FollowUp.kind == kind,
                               FollowUp.done_at.is_(None), FollowUp.deleted.is_(False))
        .order_by(FollowUp.updated_at)
    ).first()


def schedule_recheck(store: StationStore, session: Session, case: Case, deadline: date,
                     actor: str, *, basis: str = "") -> FollowUp:
    """Store the 改正期限 of an order to correct on the case — the ``correction_due`` deadline row,
    ``Case.due_at`` (the end of that day) — and the 复查 due on it. A later order replaces the
    pending deadline and re-check rather than adding a second one."""
    row = correction_deadline(session, case.id)
    if row is None or row.met_at is not None:
        row = Deadline(case_id=case.id, name=CORRECTION_DEADLINE, due=deadline.isoformat(),
                       basis=basis)
        session.add(row)
        store.record(session, row, op="insert", actor=actor, action="deadline.set",
                     case_id=case.id, audit_extra={"name": row.name, "due": row.due,
                                                   "basis": row.basis})
    elif row.due != deadline.isoformat() or row.basis != basis:
        before = snapshot(row)
        row.due, row.basis = deadline.isoformat(), basis
        store.record(session, row, op="update", actor=actor, action="deadline.set",
                     case_id=case.id, before=before)
    end = station_day_start(deadline + timedelta(days=1))
    if end is not None and case.due_at != end:
        before = snapshot(case)
        case.due_at = end
        store.record(session, case, op="update", actor=actor, action="deadline.set",
                     case_id=case.id, before=before)
    follow = _pending(session, case.id, "recheck")
    if follow is None:
        follow = FollowUp(case_id=case.id, kind="recheck", due=deadline.isoformat())
        session.add(follow)
        store.record(session, follow, op="insert", actor=actor, action="follow_up.schedule",
                     case_id=case.id, audit_extra=_facts(follow))
    elif follow.due != deadline.isoformat():
        before = snapshot(follow)
        follow.due = deadline.isoformat()
        store.record(session, follow, op="update", actor=actor, action="follow_up.schedule",
                     case_id=case.id, before=before, audit_extra=_facts(follow))
    return follow


def cancel_recheck(store: StationStore, session: Session, case: Case, basis: str,
                   actor: str) -> None:
    """The order to correct numbered ``basis`` was voided: its pending 改正期限 and 复查 go."""
    row = correction_deadline(session, case.id)
    if row is None or row.basis != basis or row.met_at is not None:
        return
    for obj in (row, _pending(session, case.id, "recheck")):
        if obj is None:
            continue
        before = snapshot(obj)
        obj.deleted = True
        store.record(session, obj, op="update", actor=actor, action="follow_up.cancel",
                     case_id=case.id, before=before)
    if case.due_at is not None:
        before = snapshot(case)
        case.due_at = None
        store.record(session, case, op="update", actor=actor, action="follow_up.cancel",
                     case_id=case.id, before=before)


def schedule_after_close(store: StationStore, session: Session, case: Case,
                         actor: str) -> list[FollowUp]:
    """The 回访 (and for a 12345 case the caller feedback) of a case just closed."""
    if case.status != "closed" or case.closed_at is None:
        return []
    due = return_visit_due(store.pack, station_date(case.closed_at)).isoformat()
    kinds = ["return_visit"] + (["caller_feedback"] if case.source == "hotline" else [])
    out: list[FollowUp] = []
    for kind in kinds:
        if _has_any(session, case.id, kind):
            continue
        row = FollowUp(case_id=case.id, kind=kind, due=due)
        session.add(row)
        store.record(session, row, op="insert", actor=actor, action="follow_up.schedule",
                     case_id=case.id, audit_extra=_facts(row))
        out.append(row)
    return out


def _has_any(session: Session, case_id: str, kind: str) -> bool:
    return session.scalars(
        select(FollowUp.id).where(FollowUp.case_id == case_id, FollowUp.kind == kind,
                                  FollowUp.deleted.is_(False))
    ).first() is not None


def _code(vocab: Vocabulary, value: str) -> str:
    """The code of ``value`` given as a code or as its Chinese label (满意 → satisfied)."""
    text = value.strip()
    return next((t.code for t in vocab if text in (t.code, t.zh)), text)


def _choice(value: str, allowed: tuple[str, ...], field: str, what: str, kind: str) -> str:
    if value in allowed:
        return value
    vocab = FINDING if field == "finding" else SATISFACTION
    options = "、".join(f"{c}（{vocab.zh(c)}）" for c in allowed)
    if not allowed:
        raise ValidationError(f"{FOLLOW_UP_KIND.zh(kind)}不记录{what}", f"{kind} takes no {field}",
                              field=field)
    shown = f"“{value}”" if value else "空"
    raise ValidationError(f"{FOLLOW_UP_KIND.zh(kind)}的{what}不能为{shown}，可选：{options}",
                          f"{field} must be one of {', '.join(allowed)}", field=field)


def record_follow_up(store: StationStore, session: Session, case_ref: str, kind: str,
                     actor: str, *, finding: str = "", satisfaction: str = "",
                     result: str = "") -> FollowUp:
    """Record a 复查 / 回访 / 12345 反馈 on the case (the scheduled row, else a new one).

    Refused (``ValidationError``, nothing written): an unknown kind; a finding or satisfaction
    the kind does not take or lacks; a re-check on a case without an order to correct, or
    ``not_corrected`` before its 改正期限 has ended; a return visit on a case that is not closed
    or already visited; caller feedback on a case that did not come from 12345 or was already
    given; a result over ``MAX_RESULT`` characters or with control characters."""
    kind, finding, satisfaction = (_code(FOLLOW_UP_KIND, kind), _code(FINDING, finding),
                                   _code(SATISFACTION, satisfaction))
    if kind not in FOLLOW_UP_KIND:
        raise ValidationError(f"未知的跟踪种类“{kind}”，可选：{FOLLOW_UP_KIND.choices_zh()}",
                              f"unknown follow-up kind {kind!r}", field="kind")
    officer = store.officer_by_badge(session, actor)
    finding = finding.strip()
    satisfaction = satisfaction.strip()
    result = check_text(result.strip(), "result", multiline=True, max_chars=MAX_RESULT,
                        label="跟踪情况")
    allowed = FINDINGS_OF[kind]
    if allowed or finding:
        _choice(finding, allowed, "finding", "结论", kind)
    if kind in NEEDS_SATISFACTION or satisfaction:
        _choice(satisfaction, SATISFACTION.codes if kind in NEEDS_SATISFACTION else (),
                "satisfaction", "满意度", kind)
    case = lookup.find_case(session, case_ref)
    now = clock.now()
    day = station_date(now)
    due = ""
    if kind == "recheck":
        deadline = correction_deadline(session, case.id)
        if deadline is None:
            raise ValidationError(
                f"案件 {case.number} 没有责令改正期限（尚未签发责令（限期）改正通知书），无需复查",
                "no order to correct on this case", field="kind")
        due = deadline.due
        last = _parse_day(deadline.due)
        if finding == "not_corrected" and last is not None and day <= last:
            raise ValidationError(
                f"改正期限至 {last} 届满，期满前不能认定当事人未改正；请在 {last + timedelta(days=1)} "
                "及以后复查", "the correction deadline has not passed yet", field="finding")
    else:
        if case.status != "closed" or case.closed_at is None:
            raise ValidationError(f"案件 {case.number} 尚未结案，结案后才能{FOLLOW_UP_KIND.zh(kind)}",
                                  f"case {case.number} is not closed", field="kind")
        if kind == "caller_feedback" and case.source != "hotline":
            raise ValidationError(f"案件 {case.number} 不是12345热线案件，没有来电人需要反馈",
                                  f"case {case.number} did not come from the 12345 hotline",
                                  field="kind")
        if _done(session, case.id, kind):
            raise ValidationError(f"案件 {case.number} 已记录{FOLLOW_UP_KIND.zh(kind)}",
                                  f"{kind} already recorded", field="kind")
        due = return_visit_due(store.pack, station_date(case.closed_at)).isoformat()
    row = _pending(session, case.id, kind)
    if row is None:
        row = FollowUp(case_id=case.id, kind=kind, due=due)
        session.add(row)
        op, before = "insert", None
    else:
        op, before = "update", snapshot(row)
    row.done_at, row.finding, row.satisfaction = now, finding, satisfaction
    row.result, row.done_by = result, officer.id
    store.record(session, row, op=op, actor=actor, action="follow_up.record", case_id=case.id,
                 before=before, audit_extra=_facts(row))
    if kind == "recheck":
        deadline = correction_deadline(session, case.id)
        if deadline is not None and deadline.met_at is None and finding == "corrected":
            before = snapshot(deadline)
            deadline.met_at = now
            store.record(session, deadline, op="update", actor=actor,
                         action="follow_up.record", case_id=case.id, before=before)
    return row


def complete(store: StationStore, session: Session, row: FollowUp, officer: Officer, *,
             finding: str = "", satisfaction: str = "", result: str = "") -> FollowUp:
    """Mark a scheduled follow-up done now by ``officer`` (values already checked: demo data
    and callers that validated them)."""
    before = snapshot(row)
    row.done_at, row.finding, row.satisfaction = clock.now(), finding, satisfaction
    row.result, row.done_by = result, officer.id
    store.record(session, row, op="update", actor=officer.badge_no, action="follow_up.record",
                 case_id=row.case_id, before=before, audit_extra=_facts(row))
    return row


def _done(session: Session, case_id: str, kind: str) -> bool:
    return session.scalars(
        select(FollowUp.id).where(FollowUp.case_id == case_id, FollowUp.kind == kind,
                                  FollowUp.done_at.is_not(None), FollowUp.deleted.is_(False))
    ).first() is not None


def not_corrected_on(session: Session, case_id: str) -> date | None:
    """The day a 复查 after the live 改正期限 found the order not complied with (latest), or None."""
    deadline = correction_deadline(session, case_id)
    last = _parse_day(deadline.due) if deadline is not None else None
    if last is None:
        return None
    days = [station_date(at) for at, in session.execute(
        select(FollowUp.done_at).where(FollowUp.case_id == case_id, FollowUp.kind == "recheck",
                                       FollowUp.finding == "not_corrected",
                                       FollowUp.done_at.is_not(None),
                                       FollowUp.deleted.is_(False)))
        if at is not None]
    after = [d for d in days if d > last]
    return max(after) if after else None


def _rows(session: Session, rows: list[FollowUp], day: date) -> list[FollowUpRow]:
    numbers = dict(session.execute(
        select(Case.id, Case.number).where(Case.id.in_({r.case_id for r in rows}))).all())
    names = dict(session.execute(
        select(Officer.id, Officer.name).where(Officer.id.in_({r.done_by for r in rows
                                                               if r.done_by}))).all())
    out = []
    for r in rows:
        due = _parse_day(r.due)
        late = (day - due).days if due is not None and r.done_at is None and day > due else 0
        out.append(FollowUpRow(
            id=r.id, case_id=r.case_id, case_number=numbers.get(r.case_id, ""), kind=r.kind,
            kind_label=FOLLOW_UP_KIND.zh(r.kind), due=due, done_at=r.done_at,
            finding=r.finding, finding_label=FINDING.zh(r.finding) if r.finding else "",
            satisfaction=r.satisfaction,
            satisfaction_label=SATISFACTION.zh(r.satisfaction) if r.satisfaction else "",
            result=r.result, done_by=names.get(r.done_by or "", ""), days_overdue=late))
    return out


def follow_ups_of_case(session: Session, case_id: str, *, on: date | None = None
                       ) -> list[FollowUpRow]:
    rows = list(session.scalars(
        select(FollowUp).where(FollowUp.case_id == case_id, FollowUp.deleted.is_(False))
        .order_by(FollowUp.due, FollowUp.updated_at)))
    return _rows(session, rows, on or today())


def due_follow_ups(session: Session, *, on: date | None = None, overdue_only: bool = False,
                   case_ids: list[str] | None = None) -> list[FollowUpRow]:
    """Follow-ups not yet recorded that are due by ``on`` (station date, default today) — or,
    with ``overdue_only``, past their due day — oldest due first. ``case_ids`` limits them."""
    day = on or today()
    last = day - timedelta(days=1) if overdue_only else day
    query = (select(FollowUp).join(Case, Case.id == FollowUp.case_id)
             .where(FollowUp.done_at.is_(None), FollowUp.deleted.is_(False),
                    FollowUp.due != "", FollowUp.due <= last.isoformat(),
                    Case.deleted.is_(False), Case.status != "dismissed")
             .order_by(FollowUp.due, Case.number))
    if case_ids is not None:
        query = query.where(FollowUp.case_id.in_(case_ids))
    return _rows(session, list(session.scalars(query)), day)
