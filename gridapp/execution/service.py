"""Execution records of a case's decision and the closing gate. No Qt, no commits.

What is owed (``obligation``): the fine of the case's valid fine decision (行政处罚决定书 or
当场行政处罚决定书) plus the 加处罚款 for paying late — 3% of the fine a day after the last day to
pay, never more than the fine (行政处罚法第七十二条第一款第（一）项, ``rules.latefee``). The last
day to pay is fifteen days after service (第六十七条第三款; a 当场 decision handed over on the
spot counts from its issue day when no service is recorded); an approved deferral or
instalment schedule (第六十六条第二款) moves it to the schedule's last day. The late fee runs
only while the fine itself is unpaid: it stops on the day the payments (fine first) reach the
fine, and an unpaid late fee earns no further fee. Amounts are ``Decimal`` yuan to the fen.

Only records of the current decision count: payments on a decision later voided never pay its
replacement, and a fine decision with money paid on it cannot be voided until the refund is
recorded (``check_void``).

Executed in full (``executed``): the payments and the amounts the court actually collected
(执行到位) reach what is owed. A court record without a collected amount is only the ruling
(人民法院裁定准予执行) and settles nothing. 代履行 executes an obligation to act (排除妨碍、恢复原状,
行政强制法第五十条), never a fine: it is recorded and printed, but does not settle one.
Lawful ends without full execution (``ended``): 终结执行 (行政强制法第四十条) and 人民法院裁定
不予执行.

The closing gate (``check_closing``; 结案, 结案审批 and the 结案审批表): a case whose fine
decision is neither executed in full nor lawfully ended is not closed (行政处罚法第六十六条、
第七十二条), nor one with money still held on a voided decision.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from gridapp.caselog import lookup
from gridapp.errors import GateBlockedError, ValidationError
from gridapp.inputlimits import check_text
from gridapp.models import Case, Document, DocumentService, Execution, Officer
from gridapp.packs import JurisdictionPack
from gridapp.rules.daycount import due_after
from gridapp.rules.latefee import late_fee
from gridapp.store import StationStore
from gridapp.timeutil import station_date, station_today
from gridapp.vocab.execution import EXECUTION_KIND, PAYMENT_WAY, REMEDY_KINDS, REMEDY_OUTCOME
from gridapp.vocab.procedure_gate import PROCEDURE_GATE

FINE_DECISIONS = ("penalty_decision", "summary_penalty_decision")
CLOSING_GATE = "penalty_not_executed"
CLOSING_BASIS = "《行政处罚法》第六十六条、第七十二条"
MAX_AMOUNT_FEN = 100_000_000 * 100
MAX_SCHEDULE_YEARS = 3  # the last approved instalment, at most this long after the decision
AMOUNT_SHAPE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
DAY_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
MONEY_KINDS = ("payment", "court", "refund")  # records that move money on the fine
REMEDY_END = "remedy_ended"  # the 复议/诉讼 concluded (行政处罚法第七十三条第三款)
END_KINDS = ("terminated", "not_enforced")  # lawful ends without full execution
MAX_REFERENCE = 100
MAX_NOTE = 1000
MAX_INSTALMENTS = 24
FEN = Decimal("0.01")


def yuan(amount: Decimal) -> str:
    """300 → "300元", 300.5 → "300.50元"."""
    return f"{amount:.0f}元" if amount == amount.to_integral_value() else f"{amount:.2f}元"


def cn_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class ExecutionRow:
    """One execution record as the CLI and desktop show it (plain data)."""

    id: str
    kind: str
    kind_label: str
    on: str
    amount: Decimal | None  # yuan
    way: str
    way_label: str
    reference: str
    schedule: tuple[tuple[str, Decimal], ...]  # (due day, yuan) of an approved schedule
    note: str
    recorded_by: str  # officer name
    decision_id: str = ""  # the decision (Document.id) the record executes


@dataclass(frozen=True)
class Remedy:
    """One 复议 or 诉讼 against the decision (行政处罚法第七十三条): filed on ``filed`` with
    ``body`` (复议机关 / 人民法院); ``ended`` the day its 复议决定/判决/裁定 took effect or it was
    withdrawn (None: pending), ``outcome`` a ``REMEDY_OUTCOME`` code, ``reference`` its number."""

    kind: str  # reconsideration | suit
    filed: date
    body: str
    ended: date | None
    outcome: str
    reference: str

    @property
    def paused(self) -> tuple[date, date | None]:
        return self.filed, self.ended


@dataclass(frozen=True)
class Obligation:
    """What the case's fine decision asks and how far it is executed (plain data)."""

    decision_id: str
    decision_number: str
    decision_title: str
    issued_on: date
    fine: Decimal
    due: date | None  # the last day to pay (None: the decision is not served yet)
    as_of: date  # the day the late fee is counted to
    late_fee: Decimal
    paid: Decimal  # paid and collected by the court (执行到位), less refunds, up to ``as_of``
    court: str  # the number of the court's ruling (准予执行) when one is recorded
    rows: tuple[ExecutionRow, ...]  # every record on the case, of any decision
    fine_paid_on: date | None = None  # the day the payments reached the fine (the fee stops)
    schedule_end: date | None = None  # the last day of an approved deferral/instalment schedule
    ended: str = ""  # a lawful end without full execution, in words (终结执行, 不予执行)
    remedies: tuple[Remedy, ...] = ()  # 复议/诉讼 on the decision, filed by ``as_of``

    @property
    def remedy_pending(self) -> Remedy | None:
        """The 复议/诉讼 not concluded on ``as_of``, if any."""
        return next((r for r in self.remedies if r.ended is None), None)

    @property
    def owed(self) -> Decimal:
        return self.fine + self.late_fee

    @property
    def outstanding(self) -> Decimal:
        return max(Decimal(0), self.owed - self.paid)

    @property
    def outstanding_fine(self) -> Decimal:
        """The part of the fine itself still unpaid (payments go to the fine first)."""
        return max(Decimal(0), self.fine - self.paid)

    @property
    def outstanding_fee(self) -> Decimal:
        """The part of the 加处罚款 still unpaid."""
        return max(Decimal(0), self.late_fee - max(Decimal(0), self.paid - self.fine))

    @property
    def executed(self) -> bool:
        """Executed in full: paid (or collected by the court) all that is owed."""
        return self.paid >= self.owed

    @property
    def settled(self) -> bool:
        """Executed in full or lawfully ended: the closing gate lets the case close."""
        return self.executed or bool(self.ended)


def fine_decision(session: Session, case_id: str) -> Document | None:
    """The case's latest valid fine decision (either kind), if any."""
    return session.scalars(
        select(Document).where(Document.case_id == case_id,
                               Document.template_id.in_(FINE_DECISIONS),
                               Document.voided_at.is_(None), Document.deleted.is_(False))
        .order_by(Document.issued_at.desc())).first()


def _fields(doc: Document) -> dict[str, object]:
    try:
        data = json.loads(doc.fields_json)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def decision_fine(doc: Document) -> Decimal:
    raw = str(_fields(doc).get("fine_amount") or "").strip()
    try:
        fine = Decimal(raw) if raw else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
    return fine if fine.is_finite() and fine > 0 else Decimal(0)


def _served_on(session: Session, doc: Document) -> date | None:
    days = [deemed or served for deemed, served in session.execute(
        select(DocumentService.deemed_served_on, DocumentService.served_on)
        .where(DocumentService.document_id == doc.id, DocumentService.deleted.is_(False)))]
    found = [date.fromisoformat(d) for d in days if d]
    if found:
        return min(found)
    # 当场交付 (行政处罚法第五十二条): handed over when it was made.
    return station_date(doc.issued_at) if doc.template_id == "summary_penalty_decision" else None


def _records(session: Session, case_id: str) -> list[Execution]:
    return list(session.scalars(
        select(Execution).where(Execution.case_id == case_id, Execution.deleted.is_(False))
        .order_by(Execution.on, Execution.updated_at)))


def _schedule(row: Execution) -> tuple[tuple[str, Decimal], ...]:
    try:
        items = json.loads(row.schedule_json or "[]")
    except ValueError:
        return ()
    return tuple((str(i.get("due", "")), Decimal(int(i.get("amount_fen", 0))) / 100)
                 for i in items if isinstance(i, dict))


def execution_rows(session: Session, case_id: str) -> list[ExecutionRow]:
    rows = _records(session, case_id)
    names = dict(session.execute(select(Officer.id, Officer.name).where(
        Officer.id.in_({r.recorded_by for r in rows if r.recorded_by}))).all())
    return [ExecutionRow(
        id=r.id, kind=r.kind, kind_label=EXECUTION_KIND.zh(r.kind), on=r.on,
        amount=Decimal(r.amount_fen) / 100 if r.amount_fen is not None else None,
        way=r.way, way_label=(REMEDY_OUTCOME.zh(r.way) if r.kind == REMEDY_END
                              else PAYMENT_WAY.zh(r.way)) if r.way else "",
        reference=r.reference,
        schedule=_schedule(r), note=r.note, recorded_by=names.get(r.recorded_by or "", ""),
        decision_id=r.decision_id or "")
        for r in rows]


def obligation(session: Session, pack: JurisdictionPack, case: Case,
               *, as_of: date | None = None) -> Obligation | None:
    """The case's fine and its execution as of ``as_of`` (default today; records dated after
    it are not counted), or None when no valid decision imposes a fine.

    For other parts (e.g. the 强制执行申请书): ``outstanding_fine`` / ``outstanding_fee`` what
    is still owed that day, ``executed`` / ``settled``, ``due`` the last day to pay and
    ``schedule_end`` the end of an approved deferral or instalment schedule."""
    doc = fine_decision(session, case.id)
    if doc is None:
        return None
    fine = decision_fine(doc)
    if fine <= 0:
        return None
    rows = execution_rows(session, case.id)
    day = as_of or station_today()
    mine = [r for r in rows if r.decision_id == doc.id and date.fromisoformat(r.on) <= day]
    served = _served_on(session, doc)
    due = due_after(pack.deadlines["payment_due"], served, pack.day_rules).date if served else None
    deferred = [date.fromisoformat(d) for r in mine if r.kind == "instalment"
                for d, _ in r.schedule if d]
    schedule_end = max(deferred) if deferred else None
    if due is not None and schedule_end is not None:
        due = max(due, schedule_end)
    paid = Decimal(0)
    fine_paid_on: date | None = None
    for r in mine:  # in date order
        if r.kind in MONEY_KINDS and r.amount is not None:
            paid += -r.amount if r.kind == "refund" else r.amount
            if paid >= fine and fine_paid_on is None:
                fine_paid_on = date.fromisoformat(r.on)
            elif paid < fine:
                fine_paid_on = None  # refunded below the fine: unpaid again
    # 加处罚款 runs only while the fine itself is unpaid (行政处罚法第七十二条第一款第（一）项),
    # and not during a 复议/诉讼: from the filing day to the day it concluded, both included, or
    # to ``as_of`` while pending (第七十三条第三款).
    remedies = remedies_of(mine)
    fee_to = min(day, fine_paid_on) if fine_paid_on is not None else day
    paused = [(r.filed, r.ended or day) for r in remedies]
    fee = late_fee(fine, due, fee_to, paused) if due is not None else Decimal(0)
    court = next((r.reference for r in mine if r.kind == "court"), "")
    ended = next((_row_words(r).removeprefix(cn_day(date.fromisoformat(r.on)))
                  for r in reversed(mine) if r.kind in END_KINDS), "")
    from gridapp.vocab.document_kind import DOCUMENT_KIND

    return Obligation(doc.id, doc.number, DOCUMENT_KIND.zh(doc.template_id),
                      station_date(doc.issued_at), fine, due, day, fee, paid, court, tuple(rows),
                      fine_paid_on, schedule_end, ended, remedies)


def remedies_of(rows: list[ExecutionRow]) -> tuple[Remedy, ...]:
    """The 复议/诉讼 in ``rows`` (one decision's), each paired with the conclusion recorded for
    it: at most one is open at a time (``record_remedy``), so each conclusion closes the open
    one filed on or before its day."""
    starts = sorted((r for r in rows if r.kind in REMEDY_KINDS), key=lambda r: r.on)
    ends = sorted((r for r in rows if r.kind == REMEDY_END), key=lambda r: r.on)
    out: list[Remedy] = []
    for start in starts:
        filed = date.fromisoformat(start.on)
        end = next((e for e in ends if date.fromisoformat(e.on) >= filed), None)
        if end is not None:
            ends.remove(end)
        out.append(Remedy(start.kind, filed, start.reference,
                          date.fromisoformat(end.on) if end else None,
                          end.way if end else "", end.reference if end else ""))
    return tuple(out)


def held_on_voided(session: Session, case_id: str) -> list[tuple[str, Decimal]]:
    """(number, yuan) of each voided fine decision that still holds money paid on it."""
    rows = execution_rows(session, case_id)
    held: dict[str, Decimal] = {}
    for r in rows:
        if r.kind in MONEY_KINDS and r.amount is not None and r.decision_id:
            held[r.decision_id] = held.get(r.decision_id, Decimal(0)) + (
                -r.amount if r.kind == "refund" else r.amount)
    out = []
    for doc_id, amount in held.items():
        doc = session.get(Document, doc_id)
        if doc is not None and doc.voided_at is not None and amount > 0:
            out.append((doc.number, amount))
    return out


def check_void(session: Session, doc: Document) -> None:
    """Refuse (``ValidationError``, nothing written) voiding a fine decision with money paid on
    it until the refund (or other handling) is recorded: the payment would otherwise be lost."""
    if doc.template_id not in FINE_DECISIONS:
        return
    held = Decimal(0)
    for r in execution_rows(session, doc.case_id):
        if r.decision_id == doc.id and r.kind in MONEY_KINDS and r.amount is not None:
            held += -r.amount if r.kind == "refund" else r.amount
    if held > 0:
        raise ValidationError(
            f"{doc.number} 已缴纳（执行）{yuan(held)}，不能作废；请先记录退还罚款"
            "（gridapp case executed --by refund）或其他处理，再作废",
            f"{doc.number} has payments recorded; record the refund first", field="document")


# --- the closing gate ----------------------------------------------------------------------


@dataclass(frozen=True)
class ClosingProblem:
    reason: str
    basis: str
    cure: str

    def sentence(self) -> str:
        return (f"【{PROCEDURE_GATE.zh(CLOSING_GATE)}】{self.reason}（{self.basis}）；{self.cure}")


def closing_problem(session: Session, pack: JurisdictionPack, case: Case) -> ClosingProblem | None:
    """Why the case cannot be closed yet because its penalty is not executed, or None."""
    held = held_on_voided(session, case.id)
    if held:
        what = "、".join(f"{number}（{yuan(amount)}）" for number, amount in held)
        return ClosingProblem(
            f"已作废的罚款决定 {what}仍有已缴纳的款项，未退还或处理，不能结案", CLOSING_BASIS,
            "请记录退还罚款（gridapp case executed --by refund）后再结案")
    found = obligation(session, pack, case)
    if found is None or found.settled:
        return None
    owed = f"罚款{yuan(found.fine)}" + (f"及加处罚款{yuan(found.late_fee)}" if found.late_fee else "")
    paid = f"，已缴纳{yuan(found.paid)}，尚欠{yuan(found.outstanding)}" if found.paid else "，尚未缴纳"
    return ClosingProblem(
        f"{found.decision_title} {found.decision_number} 决定的{owed}尚未执行完毕{paid}，不能结案",
        CLOSING_BASIS,
        "请记录缴纳情况（gridapp case paid）、人民法院强制执行到位的金额、终结执行或人民法院裁定不予执行"
        "（gridapp case executed）后再结案；逾期不缴纳的，依法催告并申请强制执行")


def check_closing(session: Session, pack: JurisdictionPack, case: Case) -> None:
    """Refuse (``GateBlockedError``, nothing written) closing a case whose fine is unexecuted."""
    problem = closing_problem(session, pack, case)
    if problem is not None:
        raise GateBlockedError(f"不能结案：{problem.sentence()}",
                               f"case {case.number}: the penalty is not executed in full",
                               field=CLOSING_GATE)


# --- recording ----------------------------------------------------------------------------


def parse_amount(raw: str, field: str = "amount", label: str = "金额") -> int:
    """Yuan as typed in ASCII digits (“300”, “300.50”) → fen; refused: not a number (full-width
    or other digits too), ≤ 0, too large (1e30 …), finer than a fen."""
    text = raw.strip()
    if not text or len(text) > 40 or not AMOUNT_SHAPE.fullmatch(text):
        raise ValidationError(f"{label}“{text[:40] or '空'}”不是金额，请用半角数字写（元），如 300 或 300.50",
                              f"{field} is not a number", field=field)
    amount = Decimal(text)
    if amount <= 0:
        raise ValidationError(f"{label}须大于零，写的是“{text}”", f"{field} must be positive",
                              field=field)
    if amount.adjusted() > 12 or amount * 100 > MAX_AMOUNT_FEN:
        raise ValidationError(f"{label}“{text}”过大，请核对", f"{field} too large", field=field)
    if amount.adjusted() < -3 or amount != amount.quantize(FEN):
        raise ValidationError(f"{label}“{text}”精确到分（最多两位小数）", f"{field} finer than a fen",
                              field=field)
    return int(amount * 100)


def strict_day(raw: str, field: str, label: str) -> date:
    """A calendar day written YYYY-MM-DD (ASCII digits), nothing else."""
    text = raw.strip()
    try:
        if not DAY_SHAPE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{label}“{text[:40] or '空'}”不是日期，请写成 年-月-日（如 2026-11-28）",
                              f"{field} is not a date (YYYY-MM-DD)", field=field) from None


def parse_day(raw: str, field: str, label: str, *, not_before: date, before_what: str) -> date:
    day = strict_day(raw, field, label)
    today = station_today()
    if day > today:
        raise ValidationError(f"{label} {day} 晚于今天（{today}），请核对",
                              f"{field} is in the future", field=field)
    if day < not_before:
        raise ValidationError(f"{label} {day} 早于{before_what}（{not_before}），请核对",
                              f"{field} is before {before_what}", field=field)
    return day


def _reference(raw: str, field: str, label: str) -> str:
    text = raw.strip()
    if not text:
        raise ValidationError(f"请填写{label}", f"{field} is required", field=field)
    check_text(text, field, max_chars=MAX_REFERENCE, label=label)
    hidden = next((ch for ch in text if unicodedata.category(ch) == "Cf"), None)
    if hidden is not None:
        raise ValidationError(
            f"{label} 含有不可见的字符（U+{ord(hidden):04X}），可能是从别处复制带入的，请删除后重试",
            f"{field} holds an invisible character U+{ord(hidden):04X}", field=field)
    return text


def _same(a: str, b: str) -> bool:
    """The same number as typed (case and spaces aside)."""
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def _open_case(session: Session, case_ref: str) -> Case:
    case = lookup.find_case(session, case_ref)
    if case.status == "closed":
        raise ValidationError(f"案件 {case.number} 已结案，不能再记录执行情况",
                              f"case {case.number} is closed", field="case")
    return case


def _decision(session: Session, pack: JurisdictionPack, case: Case) -> Obligation:
    found = obligation(session, pack, case)
    if found is not None:
        return found
    doc = fine_decision(session, case.id)
    if doc is None:
        raise ValidationError(
            f"案件 {case.number} 没有有效的罚款决定（行政处罚决定书或当场行政处罚决定书），无执行可记录",
            f"case {case.number} has no fine decision", field="case")
    raise ValidationError(f"{doc.number} 没有罚款，无须缴纳", f"{doc.number} imposes no fine",
                          field="case")


def _owed_on(session: Session, pack: JurisdictionPack, case: Case, found: Obligation,
             day: date) -> Obligation:
    """What is owed counting every record of the decision, ``day`` included."""
    later = [date.fromisoformat(r.on) for r in found.rows if r.decision_id == found.decision_id]
    owed = obligation(session, pack, case, as_of=max([day, *later]))
    assert owed is not None
    return owed


def _append(store: StationStore, session: Session, case: Case, decision_id: str,
            decision_number: str, actor: str, **values: object) -> Execution:
    officer = store.officer_by_badge(session, actor)
    row = Execution(case_id=case.id, decision_id=decision_id, recorded_by=officer.id, **values)
    session.add(row)
    store.record(session, row, op="insert", actor=actor, action="execution.record",
                 case_id=case.id, audit_extra={
                     "kind": row.kind, "decision": decision_number, "on": row.on,
                     "amount_fen": row.amount_fen, "way": row.way, "reference": row.reference,
                     "schedule": row.schedule_json, "note": row.note})
    return row


def record_payment(store: StationStore, session: Session, case_ref: str, actor: str, *,
                   amount: str, paid_on: str, way: str, receipt: str, note: str = "") -> Execution:
    """The party paid ``amount`` (元) on ``paid_on`` by ``way`` (bank / on_site / electronic),
    with the bank receipt or 专用票据 number ``receipt`` (行政处罚法第六十七条、第七十条).

    Refused (``ValidationError``, nothing written): an unknown or closed case; no valid fine
    decision on it; an amount not in ASCII digits, ≤ 0, too large or finer than a fen, or more
    than is still owed on that day; a day not YYYY-MM-DD, before the decision or after today;
    an unknown way; on-the-spot collection (当场收缴) on a decision not made on the spot
    (第六十七条第二款、第六十八条) or without the 专用票据 number; a receipt already recorded on the
    case; a receipt or note too long or with control or invisible characters."""
    fen = parse_amount(amount)
    way = way.strip()
    way = next((t.code for t in PAYMENT_WAY if way in (t.code, t.zh)), way)
    if way not in PAYMENT_WAY:
        raise ValidationError(f"未知的缴纳方式“{way}”，可选：{PAYMENT_WAY.choices_zh()}",
                              f"unknown payment way {way!r}", field="way")
    receipt = _reference(receipt, "receipt",
                         "专用票据号码" if way == "on_site" else "缴款凭证（票据）号码")
    note = check_text(note.strip(), "note", multiline=True, max_chars=MAX_NOTE, label="备注")
    case = _open_case(session, case_ref)
    found = _decision(session, store.pack, case)
    doc = session.get(Document, found.decision_id)
    if way == "on_site" and (doc is None or doc.template_id != "summary_penalty_decision"):
        raise ValidationError(
            f"{found.decision_number} 不是当场作出的行政处罚决定，不能当场收缴罚款；"
            "当事人应到指定银行或通过电子支付系统缴纳（《行政处罚法》第六十七条第二款、第六十八条）",
            "on-the-spot collection only for an on-the-spot decision", field="way")
    day = parse_day(paid_on, "date", "缴纳日期", not_before=found.issued_on,
                    before_what="决定作出之日")
    twin = next((r for r in found.rows if r.kind == "payment" and _same(r.reference, receipt)),
                None)
    if twin is not None:
        raise ValidationError(
            f"票据号 {receipt} 已于 {twin.on} 记录过缴纳 {yuan(twin.amount or Decimal(0))}，"
            "同一票据不能重复记录，请核对", "receipt already recorded", field="receipt")
    owed = _owed_on(session, store.pack, case, found, day)
    if Decimal(fen) / 100 > owed.outstanding:
        raise ValidationError(
            f"缴纳金额 {yuan(Decimal(fen) / 100)} 超过尚欠的 {yuan(owed.outstanding)}（罚款{yuan(owed.fine)}"
            f"，加处罚款{yuan(owed.late_fee)}，已缴纳{yuan(owed.paid)}），请核对",
            "amount exceeds what is owed", field="amount")
    return _append(store, session, case, found.decision_id, found.decision_number, actor,
                   kind="payment", amount_fen=fen, on=day.isoformat(), way=way,
                   reference=receipt, note=note)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def parse_schedule(raw: str, fine: Decimal, approved_on: date,
                   latest: date) -> list[dict[str, object]]:
    """“2026-12-15:150,2027-01-15:150” → the approved instalments: days after the approval
    day, in order, none after ``latest``; their sum is the fine."""
    items: list[dict[str, object]] = []
    parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
    if not parts or len(parts) > MAX_INSTALMENTS:
        raise ValidationError(f"请写明批准的缴纳安排：日期:金额，多期以逗号分隔（至多 {MAX_INSTALMENTS} 期），"
                              "如 2026-12-15:150,2027-01-15:150", "schedule required",
                              field="schedule")
    last = approved_on
    for part in parts:
        day_text, _, amount_text = part.replace("：", ":").partition(":")
        day = strict_day(day_text, "schedule", f"缴纳安排“{part[:40]}”的日期")
        if day <= last:
            raise ValidationError(f"缴纳安排的日期须逐期在后、且晚于批准之日（{approved_on}）：{part}",
                                  "schedule days out of order", field="schedule")
        if day > latest:
            raise ValidationError(
                f"缴纳安排的日期 {day} 过远：最迟为决定作出后{MAX_SCHEDULE_YEARS}年（{latest}），请核对",
                "schedule day too far", field="schedule")
        last = day
        items.append({"due": day.isoformat(),
                      "amount_fen": parse_amount(amount_text, "schedule", f"第{len(items) + 1}期金额")})
    total = Decimal(sum(int(str(i["amount_fen"])) for i in items)) / 100
    if total != fine:
        raise ValidationError(f"缴纳安排合计 {yuan(total)}，与罚款 {yuan(fine)} 不符",
                              "schedule does not add up to the fine", field="schedule")
    return items


REFERENCE_LABEL = {
    "court": "人民法院准予执行裁定书文号", "substitute": "代履行决定书文号",
    "instalment": "延期（分期）缴纳批准文号", "terminated": "终结执行决定文号",
    "not_enforced": "人民法院不予执行裁定书文号", "refund": "退还罚款凭证号",
}
DAY_LABEL = {
    "court": "执行日期", "substitute": "代履行完毕日期", "instalment": "批准日期",
    "terminated": "终结执行日期", "not_enforced": "裁定日期", "refund": "退还日期",
}


def _substitute(store: StationStore, session: Session, case: Case, actor: str, *, day_text: str,
                reference: str, note: str) -> Execution:
    """代履行完毕: only on the 代履行决定书 issued on the case (the order to act it executes),
    once per decision."""
    from gridapp.vocab.document_kind import DOCUMENT_KIND

    orders = list(session.scalars(select(Document).where(
        Document.case_id == case.id, Document.template_id == "substitute_performance_decision",
        Document.voided_at.is_(None), Document.deleted.is_(False))))
    order = next((d for d in orders if _same(d.number, reference)), None)
    if order is None:
        known = "、".join(d.number for d in orders)
        raise ValidationError(
            f"{reference} 不是本案有效的{DOCUMENT_KIND.zh('substitute_performance_decision')}"
            + (f"（本案的为：{known}）" if known else "；本案没有代履行决定（行政强制法第五十条、第五十一条），"
               "无代履行可记录"),
            "no such substitute performance decision on the case", field="reference")
    done = next((r for r in execution_rows(session, case.id)
                 if r.kind == "substitute" and r.decision_id == order.id), None)
    if done is not None:
        raise ValidationError(f"{order.number} 已于 {done.on} 记录代履行完毕", "already recorded",
                              field="reference")
    day = parse_day(day_text, "date", DAY_LABEL["substitute"],
                    not_before=station_date(order.issued_at), before_what="代履行决定作出之日")
    return _append(store, session, case, order.id, order.number, actor, kind="substitute",
                   amount_fen=None, on=day.isoformat(), reference=order.number, note=note,
                   schedule_json="[]")


def record_execution(store: StationStore, session: Session, case_ref: str, actor: str, *,
                     kind: str, on: str, reference: str, note: str = "", schedule: str = "",
                     amount: str = "") -> Execution:
    """Execution by other means and lawful ends:

    - ``court``: 人民法院裁定准予执行 (``reference`` the ruling's number); ``amount`` what it
      actually collected (执行到位) — only that amount counts as paid; once per ruling without it;
    - ``substitute``: 代履行完毕 of the case's 代履行决定书 (``reference`` its number), once;
    - ``instalment``: 延期、分期缴纳 approved (行政处罚法第六十六条第二款; ``schedule`` the days
      and amounts, after the approval day, at most three years after the decision), once;
    - ``terminated``: 终结执行 (行政强制法第四十条; ``note`` the reason, required);
    - ``not_enforced``: 人民法院裁定不予执行 (``reference`` the ruling's number);
    - ``refund``: 退还罚款 (``amount`` refunded, at most what is held on the decision).

    Refused as ``record_payment`` refuses, and: any record on a closed case; court, end or
    instalment when nothing is owed; a court amount above what is owed."""
    kind = kind.strip()
    kind = next((t.code for t in EXECUTION_KIND if kind in (t.code, t.zh)), kind)
    if kind not in REFERENCE_LABEL:
        if kind in REMEDY_KINDS or kind == REMEDY_END:
            raise ValidationError("申请行政复议、提起行政诉讼及其终结请用 case review 记录",
                                  f"use case review for {kind}", field="by")
        choices = "、".join(f"{t.code}（{t.zh}）" for t in EXECUTION_KIND
                           if t.code in REFERENCE_LABEL)
        raise ValidationError(f"未知的执行方式“{kind}”，可选：{choices}；缴纳罚款请用 case paid",
                              f"unknown execution kind {kind!r}", field="by")
    reference = _reference(reference, "reference", REFERENCE_LABEL[kind])
    note = check_text(note.strip(), "note", multiline=True, max_chars=MAX_NOTE, label="备注")
    if kind == "terminated" and not note:
        raise ValidationError("终结执行须写明理由（--note），如当事人死亡无遗产可供执行（《行政强制法》第四十条）",
                              "a reason is required to terminate execution", field="note")
    if schedule.strip() and kind != "instalment":
        raise ValidationError("只有延期（分期）缴纳有缴纳安排", "schedule only for instalments",
                              field="schedule")
    fen = parse_amount(amount) if amount.strip() else None
    if fen is not None and kind not in ("court", "refund"):
        raise ValidationError("只有人民法院强制执行到位或退还罚款有金额", "amount not for this kind",
                              field="amount")
    if kind == "refund" and fen is None:
        raise ValidationError("请填写退还的金额（--amount）", "refund amount required", field="amount")
    case = _open_case(session, case_ref)
    if kind == "substitute":
        return _substitute(store, session, case, actor, day_text=on, reference=reference,
                           note=note)
    if kind == "refund":
        return _refund(store, session, case, actor, fen=fen or 0, day_text=on,
                       reference=reference, note=note)
    found = _decision(session, store.pack, case)
    day = parse_day(on, "date", DAY_LABEL[kind], not_before=found.issued_on,
                    before_what="决定作出之日")
    owed = _owed_on(session, store.pack, case, found, day)
    mine = [r for r in found.rows if r.decision_id == found.decision_id]
    if owed.ended:
        raise ValidationError(f"{found.decision_number} 已{owed.ended}，不再记录执行",
                              "execution already ended", field="by")
    if owed.executed:
        raise ValidationError(f"{found.decision_number} 决定的罚款及加处罚款已执行完毕，无须再记录"
                              f"{EXECUTION_KIND.zh(kind)}", "nothing is owed", field="by")
    items: list[dict[str, object]] = []
    if kind == "instalment":
        earlier = next((r for r in mine if r.kind == "instalment"), None)
        if earlier is not None:
            raise ValidationError(f"已于 {earlier.on} 批准延期（分期）缴纳（{earlier.reference}），"
                                  "不能再次批准", "an instalment approval exists", field="by")
        if owed.paid or owed.court:
            raise ValidationError("已有缴纳或强制执行记录，不能再批准延期（分期）缴纳",
                                  "payments already recorded", field="by")
        items = parse_schedule(schedule, found.fine, day,
                               _years_after(found.issued_on, MAX_SCHEDULE_YEARS))
    if kind == "court":
        if fen is None and any(r.kind == "court" and r.amount is None for r in mine):
            raise ValidationError(f"已记录人民法院裁定准予执行（{owed.court}）；执行到位的，请写明到位金额"
                                  "（--amount）", "already recorded", field="by")
        if fen is not None and Decimal(fen) / 100 > owed.outstanding:
            raise ValidationError(
                f"执行到位金额 {yuan(Decimal(fen) / 100)} 超过尚欠的 {yuan(owed.outstanding)}"
                f"（罚款{yuan(owed.fine)}，加处罚款{yuan(owed.late_fee)}，已缴纳{yuan(owed.paid)}），请核对",
                "amount exceeds what is owed", field="amount")
    return _append(store, session, case, found.decision_id, found.decision_number, actor,
                   kind=kind, amount_fen=fen, on=day.isoformat(), reference=reference, note=note,
                   schedule_json=json.dumps(items, ensure_ascii=False))


def _refund(store: StationStore, session: Session, case: Case, actor: str, *, fen: int,
            day_text: str, reference: str, note: str) -> Execution:
    """退还罚款 on the decision holding the money: the valid fine decision, else a voided one."""
    held: dict[str, Decimal] = {}
    for r in execution_rows(session, case.id):
        if r.kind in MONEY_KINDS and r.amount is not None and r.decision_id:
            held[r.decision_id] = held.get(r.decision_id, Decimal(0)) + (
                -r.amount if r.kind == "refund" else r.amount)
    current = fine_decision(session, case.id)
    order = [d for d in ([current.id] if current else []) + list(held) if held.get(d, 0) > 0]
    doc = session.get(Document, order[0]) if order else None
    if doc is None:
        raise ValidationError(f"案件 {case.number} 没有已缴纳的罚款，无可退还",
                              "nothing paid to refund", field="by")
    if Decimal(fen) / 100 > held[doc.id]:
        raise ValidationError(f"退还金额 {yuan(Decimal(fen) / 100)} 超过 {doc.number} 已缴纳的 "
                              f"{yuan(held[doc.id])}，请核对", "refund exceeds what was paid",
                              field="amount")
    day = parse_day(day_text, "date", DAY_LABEL["refund"], not_before=station_date(doc.issued_at),
                    before_what="决定作出之日")
    return _append(store, session, case, doc.id, doc.number, actor, kind="refund",
                   amount_fen=fen, on=day.isoformat(), reference=reference, note=note,
                   schedule_json="[]")


# --- words for the documents --------------------------------------------------------------


def _row_words(row: ExecutionRow) -> str:
    day = cn_day(date.fromisoformat(row.on))
    if row.kind == "payment" and row.amount is not None:
        number = "专用票据号" if row.way == "on_site" else "缴款凭证号"
        return f"{day}{row.way_label}{yuan(row.amount)}（{number} {row.reference}）"
    if row.kind == "court":
        if row.amount is None:
            return f"{day}人民法院裁定准予执行（{row.reference}）"
        return f"{day}经人民法院强制执行（{row.reference}），执行到位{yuan(row.amount)}"
    if row.kind == "substitute":
        return f"{day}代履行完毕（{row.reference}）"
    if row.kind == "terminated":
        return f"{day}终结执行（{row.reference}；理由：{row.note}）"
    if row.kind == "not_enforced":
        return f"{day}人民法院裁定不予执行（{row.reference}）"
    if row.kind == "refund" and row.amount is not None:
        return f"{day}退还罚款{yuan(row.amount)}（{row.reference}）"
    if row.kind == "reconsideration":
        return f"{day}当事人向{row.reference}申请行政复议"
    if row.kind == "suit":
        return f"{day}当事人向{row.reference}提起行政诉讼"
    if row.kind == REMEDY_END:
        return f"{day}复议、诉讼终结：{row.way_label}" + (f"（{row.reference}）" if row.reference else "")
    plan = "；".join(f"{cn_day(date.fromisoformat(d))}前{yuan(a)}" for d, a in row.schedule)
    return f"{day}批准延期（分期）缴纳（{row.reference}）：{plan}"


def document_values(session: Session, pack: JurisdictionPack, case: Case) -> dict[str, str]:
    """``execution.payment`` (the 当场处罚备案登记表's 缴纳情况) and ``execution.summary`` (the
    结案审批表's 执行情况), in words from the record. Says 已执行完毕 only when collected by the
    court in full, 已全额缴纳 when paid; a ruling alone is 裁定准予执行, an end is named as such."""
    found = obligation(session, pack, case)
    rows = execution_rows(session, case.id)
    if found is None:
        done = [_row_words(r) for r in rows]
        return {"execution.payment": "未处罚款，无须缴纳" if fine_decision(session, case.id) else "",
                "execution.summary": "；".join(done) + "。" if done else "",
                "execution.opinion": ""}
    words = [_row_words(r) for r in found.rows]
    owed = f"罚款{yuan(found.fine)}" + (f"、加处罚款{yuan(found.late_fee)}" if found.late_fee else "")
    collected = any(r.kind == "court" and r.amount is not None and r.decision_id == found.decision_id
                    for r in found.rows)
    if found.executed:
        state = (f"{found.decision_number}决定的{owed}已执行完毕" if collected
                 else f"{found.decision_number}决定的{owed}已全额缴纳")
    elif found.paid:
        state = f"{found.decision_number}决定的{owed}已缴纳{yuan(found.paid)}，尚欠{yuan(found.outstanding)}"
    else:
        state = f"{found.decision_number}决定的{owed}尚未缴纳"
    if not found.executed and found.ended:
        state += f"，已{found.ended}"
    text = state + ("：" + "；".join(words) if words else "") + "。"
    ending = next((r.kind for r in reversed(found.rows)
                   if r.kind in END_KINDS and r.decision_id == found.decision_id), "")
    opinion = ("本案已执行完毕，建议结案。" if found.executed
               else "本案已终结执行（《行政强制法》第四十条），建议结案。" if ending == "terminated"
               else "人民法院已裁定不予执行，建议结案。" if ending == "not_enforced"
               else "本案罚款尚未执行完毕。")
    return {"execution.payment": text, "execution.summary": text, "execution.opinion": opinion}


# --- 复议 and 诉讼 (行政处罚法第七十三条) -------------------------------------------------------

BODY_LABEL = {"reconsideration": "行政复议机关", "suit": "受理的人民法院"}
REMEDY_WORD = {"reconsideration": "申请行政复议", "suit": "提起行政诉讼"}


def record_remedy(store: StationStore, session: Session, case_ref: str, actor: str, *,
                  kind: str, filed: str, body: str, ended: str = "", outcome: str = "",
                  reference: str = "", note: str = "") -> Execution:
    """The party applied for 复议 (``reconsideration``) or sued (``suit``) against the case's
    fine decision on ``filed`` before ``body``; with ``ended`` (the day its 复议决定/判决/裁定 took
    effect, or the withdrawal) and ``outcome`` (``REMEDY_OUTCOME``) it concluded, ``reference``
    the number of that decision. A pending one is concluded by recording it again with the
    same ``kind`` and ``filed`` plus ``ended``. Between the two days no 加处罚款 accrues
    (行政处罚法第七十三条第三款) and no 强制执行申请书 issues (行政强制法第五十三条).

    Refused (``ValidationError``, nothing written): an unknown kind or outcome; days not
    YYYY-MM-DD, after today, ``filed`` before the decision was served, ``ended`` before
    ``filed``; ``ended`` without ``outcome`` or the reverse; no body; a closed case, no fine
    decision or one not yet served; the same one recorded twice; one overlapping another
    (filed before an earlier one concluded, or a second while one is pending); texts too long
    or with control or invisible characters. Returns the last row written."""
    kind = kind.strip()
    kind = next((k for k in REMEDY_KINDS if kind in (k, EXECUTION_KIND.zh(k))), kind)
    if kind not in REMEDY_KINDS:
        raise ValidationError(f"未知的救济方式“{kind[:40]}”，可选：reconsideration（申请行政复议）、"
                              "suit（提起行政诉讼）", f"unknown remedy kind {kind!r}", field="kind")
    body = _reference(body, "body", BODY_LABEL[kind])
    outcome = outcome.strip()
    outcome = next((t.code for t in REMEDY_OUTCOME if outcome in (t.code, t.zh)), outcome)
    if outcome and outcome not in REMEDY_OUTCOME:
        raise ValidationError(f"未知的复议、诉讼结果“{outcome[:40]}”，可选："
                              + "、".join(f"{t.code}（{t.zh}）" for t in REMEDY_OUTCOME),
                              f"unknown outcome {outcome!r}", field="outcome")
    if ended.strip() and not outcome:
        raise ValidationError("已终结的，请写明结果（--outcome）：维持、驳回、撤回、变更或撤销",
                              "outcome required with the end day", field="outcome")
    if outcome and not ended.strip():
        raise ValidationError("写明结果的，请同时写明复议决定、判决或裁定生效（或撤回）的日期（--ended）",
                              "end day required with the outcome", field="ended")
    reference = _reference(reference, "reference", "复议决定书、判决书或裁定书文号") \
        if reference.strip() else ""
    if reference and not ended.strip():
        raise ValidationError("文号是终结的复议决定、判决或裁定的文号，请同时写明 --ended 和 --outcome",
                              "reference belongs to the conclusion", field="reference")
    note = check_text(note.strip(), "note", multiline=True, max_chars=MAX_NOTE, label="备注")
    case = _open_case(session, case_ref)
    found = _decision(session, store.pack, case)
    doc = session.get(Document, found.decision_id)
    served = _served_on(session, doc) if doc is not None else None
    if served is None:
        raise ValidationError(f"{found.decision_number} 尚未送达，当事人无从对其{REMEDY_WORD[kind]}；"
                              "请先记录送达", "the decision is not served", field="case")
    filed_on = parse_day(filed, "filed", "申请（起诉）日期", not_before=served,
                         before_what="决定书送达之日")
    ended_on = parse_day(ended, "ended", "终结日期", not_before=filed_on,
                         before_what="申请（起诉）之日") if ended.strip() else None
    mine = [r for r in found.rows if r.decision_id == found.decision_id]
    known = remedies_of(mine)
    pending = next((r for r in known if r.ended is None), None)
    same = next((r for r in known if r.kind == kind and r.filed == filed_on), None)
    if same is not None and (same.ended is not None or ended_on is None):
        state = (f"已于 {same.ended} 终结" if same.ended else "尚未终结，终结的请加写 --ended 和 --outcome")
        raise ValidationError(f"已记录当事人于 {filed_on} {REMEDY_WORD[kind]}（{same.body}），{state}，"
                              "不能重复记录", "already recorded", field="filed")
    if same is None and pending is not None:
        raise ValidationError(
            f"当事人于 {pending.filed} {REMEDY_WORD[pending.kind]}（{pending.body}）尚未终结，"
            "请先记录其终结（同一申请日期加写 --ended 和 --outcome）", "a remedy is pending",
            field="filed")
    last_end = max((r.ended for r in known if r.ended is not None), default=None)
    if same is None and last_end is not None and filed_on < last_end:
        raise ValidationError(f"申请（起诉）日期 {filed_on} 早于此前复议、诉讼终结之日（{last_end}），"
                              "期间重叠，请核对", "overlaps an earlier remedy", field="filed")
    row: Execution | None = None
    if same is None:
        row = _append(store, session, case, found.decision_id, found.decision_number, actor,
                      kind=kind, amount_fen=None, on=filed_on.isoformat(), reference=body,
                      note=note, schedule_json="[]")
    if ended_on is not None:
        if same is not None and not _same(same.body, body):
            raise ValidationError(f"当事人于 {filed_on} {REMEDY_WORD[kind]}记录的是向{same.body}，"
                                  f"不是{body}，请核对", "body differs", field="body")
        row = _append(store, session, case, found.decision_id, found.decision_number, actor,
                      kind=REMEDY_END, amount_fen=None, on=ended_on.isoformat(), way=outcome,
                      reference=reference, note=note if same is not None else "",
                      schedule_json="[]")
    assert row is not None
    return row


OUTCOME_WORDS = {
    ("reconsideration", "upheld"): "作出行政复议决定维持该决定",
    ("reconsideration", "dismissed"): "决定驳回行政复议申请",
    ("reconsideration", "withdrawn"): "准予撤回行政复议申请",
    ("reconsideration", "changed"): "作出行政复议决定变更该决定",
    ("reconsideration", "revoked"): "作出行政复议决定撤销该决定",
    ("suit", "upheld"): "判决驳回诉讼请求",
    ("suit", "dismissed"): "裁定驳回起诉",
    ("suit", "withdrawn"): "裁定准许撤诉",
    ("suit", "changed"): "判决变更该决定",
    ("suit", "revoked"): "判决撤销该决定（确认违法、无效）",
}


def remedy_words(remedy: Remedy) -> str:
    """“被申请人于2026年1月5日向某市人民政府申请行政复议，某市人民政府作出行政复议决定维持该决定
    （某复〔2026〕3号），于2026年3月1日生效” — from the record's fields only."""
    start = f"被申请人于{cn_day(remedy.filed)}向{remedy.body}{REMEDY_WORD[remedy.kind]}"
    if remedy.ended is None:
        return start + "，尚未终结"
    number = f"（{remedy.reference}）" if remedy.reference else ""
    how = OUTCOME_WORDS[(remedy.kind, remedy.outcome)]
    when = (f"于{cn_day(remedy.ended)}" + ("撤回" if remedy.outcome == "withdrawn" else "生效"))
    return f"{start}，{remedy.body}{how}{number}，{when}"


NO_REMEDY = "被申请人在法定期限内未申请行政复议，也未提起行政诉讼，又不履行该决定。"


def remedies_statement(found: Obligation | None) -> str:
    """The 强制执行申请书's sentence on 复议/诉讼 (行政强制法第五十三条), from the record: the
    standing sentence when none is recorded, else each one as recorded and what followed."""
    if found is None or not found.remedies:
        return NO_REMEDY
    said = "；".join(remedy_words(r) for r in found.remedies)
    if found.remedies[-1].kind == "reconsideration":
        return said + "；被申请人在法定期限内未提起行政诉讼，又不履行该决定。"
    return said + "；被申请人仍不履行该决定。"
