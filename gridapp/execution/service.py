"""Execution records of a case's decision and the closing gate. No Qt, no commits.

What is owed (``obligation``): the fine of the case's valid fine decision (行政处罚决定书 or
当场行政处罚决定书) plus the 加处罚款 for paying late — 3% of the fine a day after the last day to
pay, never more than the fine (行政处罚法第七十二条第一款第（一）项, ``rules.latefee``). The last
day to pay is fifteen days after service (第六十七条第三款; a 当场 decision handed over on the
spot counts from its issue day when no service is recorded); an approved deferral or
instalment schedule (第六十六条第二款) moves it to the schedule's last day. The late fee is
computed to the day of the latest payment (today while not paid in full).

Executed in full (``executed``): the payments reach what is owed, or the court executed the
decision (强制执行, its ruling's number recorded). 代履行 executes an obligation to act (排除
妨碍、恢复原状, 行政强制法第五十条), never a fine: it is recorded and printed, but does not settle
one.

The closing gate (``check_closing``; 结案, 结案审批 and the 结案审批表): a case whose fine
decision is not executed in full is not closed (行政处罚法第六十六条、第七十二条).
"""

from __future__ import annotations

import json
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
from gridapp.vocab.execution import EXECUTION_KIND, PAYMENT_WAY
from gridapp.vocab.procedure_gate import PROCEDURE_GATE

FINE_DECISIONS = ("penalty_decision", "summary_penalty_decision")
CLOSING_GATE = "penalty_not_executed"
CLOSING_BASIS = "《行政处罚法》第六十六条、第七十二条"
MAX_AMOUNT_FEN = 100_000_000 * 100
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
    paid: Decimal
    court: str  # the court's ruling number when the court executed it
    rows: tuple[ExecutionRow, ...]

    @property
    def owed(self) -> Decimal:
        return self.fine + self.late_fee

    @property
    def outstanding(self) -> Decimal:
        return max(Decimal(0), self.owed - self.paid)

    @property
    def executed(self) -> bool:
        return bool(self.court) or self.paid >= self.owed


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
        way=r.way, way_label=PAYMENT_WAY.zh(r.way) if r.way else "", reference=r.reference,
        schedule=_schedule(r), note=r.note, recorded_by=names.get(r.recorded_by or "", ""))
        for r in rows]


def obligation(session: Session, pack: JurisdictionPack, case: Case,
               *, as_of: date | None = None) -> Obligation | None:
    """The case's fine and its execution (None when no valid decision imposes a fine)."""
    doc = fine_decision(session, case.id)
    if doc is None:
        return None
    fine = decision_fine(doc)
    if fine <= 0:
        return None
    rows = execution_rows(session, case.id)
    served = _served_on(session, doc)
    due = due_after(pack.deadlines["payment_due"], served, pack.day_rules).date if served else None
    deferred = [day for r in rows if r.kind == "instalment" for day, _ in r.schedule if day]
    if due is not None and deferred:
        due = max(due, date.fromisoformat(max(deferred)))
    payments = [r for r in rows if r.kind == "payment" and r.amount is not None]
    paid = sum((r.amount for r in payments if r.amount is not None), Decimal(0))
    day = as_of or (date.fromisoformat(max(r.on for r in payments)) if payments
                    else station_today())

    def fee_on(when: date) -> Decimal:
        return late_fee(int(fine), due, when) if due is not None else Decimal(0)

    fee = fee_on(day)
    if as_of is None and paid < fine + fee and day < station_today():
        day = station_today()  # not paid in full: the late fee runs on to today
        fee = fee_on(day)
    court = next((r.reference for r in rows if r.kind == "court"), "")
    from gridapp.vocab.document_kind import DOCUMENT_KIND

    return Obligation(doc.id, doc.number, DOCUMENT_KIND.zh(doc.template_id),
                      station_date(doc.issued_at), fine, due, day, fee, paid, court, tuple(rows))


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
    found = obligation(session, pack, case)
    if found is None or found.executed:
        return None
    owed = f"罚款{yuan(found.fine)}" + (f"及加处罚款{yuan(found.late_fee)}" if found.late_fee else "")
    paid = f"，已缴纳{yuan(found.paid)}，尚欠{yuan(found.outstanding)}" if found.paid else "，尚未缴纳"
    return ClosingProblem(
        f"{found.decision_title} {found.decision_number} 决定的{owed}尚未执行完毕{paid}，不能结案",
        CLOSING_BASIS,
        "请记录缴纳情况（gridapp case paid）或人民法院强制执行情况（gridapp case executed）后再结案；"
        "逾期不缴纳的，依法催告并申请强制执行")


def check_closing(session: Session, pack: JurisdictionPack, case: Case) -> None:
    """Refuse (``GateBlockedError``, nothing written) closing a case whose fine is unexecuted."""
    problem = closing_problem(session, pack, case)
    if problem is not None:
        raise GateBlockedError(f"不能结案：{problem.sentence()}",
                               f"case {case.number}: the penalty is not executed in full",
                               field=CLOSING_GATE)


# --- recording ----------------------------------------------------------------------------


def parse_amount(raw: str, field: str = "amount", label: str = "金额") -> int:
    """Yuan as typed (“300”, “300.50”) → fen; refused: not a number, ≤ 0, finer than a fen."""
    text = raw.strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not text or not amount.is_finite():
        raise ValidationError(f"{label}“{text or '空'}”不是金额，请写数字（元），如 300 或 300.50",
                              f"{field} is not a number", field=field)
    if amount <= 0:
        raise ValidationError(f"{label}须大于零，写的是“{text}”", f"{field} must be positive",
                              field=field)
    if amount != amount.quantize(FEN):
        raise ValidationError(f"{label}“{text}”精确到分（最多两位小数）", f"{field} finer than a fen",
                              field=field)
    fen = int(amount * 100)
    if fen > MAX_AMOUNT_FEN:
        raise ValidationError(f"{label}“{text}”过大，请核对", f"{field} too large", field=field)
    return fen


def parse_day(raw: str, field: str, label: str, *, not_before: date, before_what: str) -> date:
    text = raw.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"{label}“{text or '空'}”不是日期，请写成 年-月-日（如 2026-11-28）",
                              f"{field} is not a date", field=field) from None
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
    return check_text(text, field, max_chars=MAX_REFERENCE, label=label)


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


def _append(store: StationStore, session: Session, case: Case, found: Obligation, actor: str,
            **values: object) -> Execution:
    officer = store.officer_by_badge(session, actor)
    row = Execution(case_id=case.id, decision_id=found.decision_id, recorded_by=officer.id,
                    **values)
    session.add(row)
    store.record(session, row, op="insert", actor=actor, action="execution.record",
                 case_id=case.id, audit_extra={
                     "kind": row.kind, "decision": found.decision_number, "on": row.on,
                     "amount_fen": row.amount_fen, "way": row.way, "reference": row.reference,
                     "schedule": row.schedule_json, "note": row.note})
    return row


def record_payment(store: StationStore, session: Session, case_ref: str, actor: str, *,
                   amount: str, paid_on: str, way: str, receipt: str, note: str = "") -> Execution:
    """The party paid ``amount`` (元) on ``paid_on`` by ``way`` (bank / on_site / electronic),
    with the bank receipt or 专用票据 number ``receipt`` (行政处罚法第六十七条、第七十条).

    Refused (``ValidationError``, nothing written): an unknown case; no valid fine decision on
    it; an amount that is not a number, ≤ 0 or finer than a fen, or more than is still owed on
    that day; a day before the decision or after today; an unknown way; on-the-spot collection
    without the 专用票据 number; a receipt or note too long or with control characters."""
    fen = parse_amount(amount)
    way = way.strip()
    way = next((t.code for t in PAYMENT_WAY if way in (t.code, t.zh)), way)
    if way not in PAYMENT_WAY:
        raise ValidationError(f"未知的缴纳方式“{way}”，可选：{PAYMENT_WAY.choices_zh()}",
                              f"unknown payment way {way!r}", field="way")
    receipt = _reference(receipt, "receipt",
                         "专用票据号码" if way == "on_site" else "缴款凭证（票据）号码")
    note = check_text(note.strip(), "note", multiline=True, max_chars=MAX_NOTE, label="备注")
    case = lookup.find_case(session, case_ref)
    found = _decision(session, store.pack, case)
    day = parse_day(paid_on, "date", "缴纳日期", not_before=found.issued_on,
                    before_what="决定作出之日")
    earlier = [date.fromisoformat(r.on) for r in found.rows if r.kind == "payment"]
    owed = obligation(session, store.pack, case, as_of=max([day, *earlier]))
    assert owed is not None
    if found.court:
        raise ValidationError(f"{found.decision_number} 已由人民法院强制执行（{found.court}），不再记录缴纳",
                              "already executed by the court", field="case")
    if Decimal(fen) / 100 > owed.outstanding:
        raise ValidationError(
            f"缴纳金额 {yuan(Decimal(fen) / 100)} 超过尚欠的 {yuan(owed.outstanding)}（罚款{yuan(owed.fine)}"
            f"，加处罚款{yuan(owed.late_fee)}，已缴纳{yuan(owed.paid)}），请核对",
            "amount exceeds what is owed", field="amount")
    return _append(store, session, case, found, actor, kind="payment", amount_fen=fen,
                   on=day.isoformat(), way=way, reference=receipt, note=note)


def parse_schedule(raw: str, fine: Decimal, not_before: date) -> list[dict[str, object]]:
    """“2026-12-15:150,2027-01-15:150” → the approved instalments; their sum is the fine."""
    items: list[dict[str, object]] = []
    parts = [p.strip() for p in raw.replace("，", ",").split(",") if p.strip()]
    if not parts or len(parts) > MAX_INSTALMENTS:
        raise ValidationError(f"请写明批准的缴纳安排：日期:金额，多期以逗号分隔（至多 {MAX_INSTALMENTS} 期），"
                              "如 2026-12-15:150,2027-01-15:150", "schedule required",
                              field="schedule")
    last = not_before
    for part in parts:
        day_text, _, amount_text = part.replace("：", ":").partition(":")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise ValidationError(f"缴纳安排“{part}”的日期不是 年-月-日", "bad schedule day",
                                  field="schedule") from None
        if day <= last:
            raise ValidationError(f"缴纳安排的日期须逐期在后、且晚于决定作出之日：{part}",
                                  "schedule days out of order", field="schedule")
        last = day
        items.append({"due": day.isoformat(),
                      "amount_fen": parse_amount(amount_text, "schedule", f"第{len(items) + 1}期金额")})
    total = Decimal(sum(int(str(i["amount_fen"])) for i in items)) / 100
    if total != fine:
        raise ValidationError(f"缴纳安排合计 {yuan(total)}，与罚款 {yuan(fine)} 不符",
                              "schedule does not add up to the fine", field="schedule")
    return items


def record_execution(store: StationStore, session: Session, case_ref: str, actor: str, *,
                     kind: str, on: str, reference: str, note: str = "", schedule: str = "",
                     amount: str = "") -> Execution:
    """Execution by other means: ``court`` (人民法院强制执行; ``reference`` = the ruling's number,
    ``amount`` what it collected, optional), ``substitute`` (代履行完毕; ``reference`` = the
    代履行决定书 number) or ``instalment`` (延期、分期缴纳 approved, 行政处罚法第六十六条第二款;
    ``reference`` = the approval, ``schedule`` the approved days and amounts). Refused as
    ``record_payment`` refuses, and a schedule that does not add up to the fine."""
    kind = kind.strip()
    kind = next((t.code for t in EXECUTION_KIND if kind in (t.code, t.zh)), kind)
    if kind not in EXECUTION_KIND or kind == "payment":
        choices = "、".join(f"{t.code}（{t.zh}）" for t in EXECUTION_KIND if t.code != "payment")
        raise ValidationError(f"未知的执行方式“{kind}”，可选：{choices}；缴纳罚款请用 case paid",
                              f"unknown execution kind {kind!r}", field="by")
    label = {"court": "人民法院裁定书文号", "substitute": "代履行决定书文号",
             "instalment": "延期（分期）缴纳批准文号"}[kind]
    reference = _reference(reference, "reference", label)
    note = check_text(note.strip(), "note", multiline=True, max_chars=MAX_NOTE, label="备注")
    fen = parse_amount(amount) if amount.strip() else None
    case = lookup.find_case(session, case_ref)
    found = _decision(session, store.pack, case)
    what = {"court": "执行日期", "substitute": "代履行完毕日期", "instalment": "批准日期"}[kind]
    day = parse_day(on, "date", what, not_before=found.issued_on, before_what="决定作出之日")
    items: list[dict[str, object]] = []
    if kind == "instalment":
        if found.paid or found.court:
            raise ValidationError("已有缴纳或强制执行记录，不能再批准延期（分期）缴纳",
                                  "payments already recorded", field="by")
        items = parse_schedule(schedule, found.fine, day - date.resolution)
    elif schedule.strip():
        raise ValidationError("只有延期（分期）缴纳有缴纳安排", "schedule only for instalments",
                              field="schedule")
    if kind == "court" and found.court:
        raise ValidationError(f"已记录人民法院强制执行（{found.court}）", "already recorded",
                              field="by")
    return _append(store, session, case, found, actor, kind=kind, amount_fen=fen,
                   on=day.isoformat(), reference=reference, note=note,
                   schedule_json=json.dumps(items, ensure_ascii=False))


# --- words for the documents --------------------------------------------------------------


def _row_words(row: ExecutionRow) -> str:
    day = cn_day(date.fromisoformat(row.on))
    if row.kind == "payment" and row.amount is not None:
        number = "专用票据号" if row.way == "on_site" else "缴款凭证号"
        return f"{day}{row.way_label}{yuan(row.amount)}（{number} {row.reference}）"
    if row.kind == "court":
        got = f"，执行到位{yuan(row.amount)}" if row.amount is not None else ""
        return f"{day}经人民法院强制执行（{row.reference}）{got}"
    if row.kind == "substitute":
        return f"{day}代履行完毕（{row.reference}）"
    plan = "；".join(f"{cn_day(date.fromisoformat(d))}前{yuan(a)}" for d, a in row.schedule)
    return f"{day}批准延期（分期）缴纳（{row.reference}）：{plan}"


def document_values(session: Session, pack: JurisdictionPack, case: Case) -> dict[str, str]:
    """``execution.payment`` (the 当场处罚备案登记表's 缴纳情况) and ``execution.summary`` (the
    结案审批表's 执行情况), in words from the record."""
    found = obligation(session, pack, case)
    rows = execution_rows(session, case.id)
    if found is None:
        done = [_row_words(r) for r in rows]
        return {"execution.payment": "未处罚款，无须缴纳" if fine_decision(session, case.id) else "",
                "execution.summary": "；".join(done) + "。" if done else ""}
    words = [_row_words(r) for r in found.rows]
    owed = f"罚款{yuan(found.fine)}" + (f"、加处罚款{yuan(found.late_fee)}" if found.late_fee else "")
    if found.executed:
        state = (f"{found.decision_number}决定的{owed}已执行完毕" if found.court
                 else f"{found.decision_number}决定的{owed}已全额缴纳")
    elif found.paid:
        state = f"{found.decision_number}决定的{owed}已缴纳{yuan(found.paid)}，尚欠{yuan(found.outstanding)}"
    else:
        state = f"{found.decision_number}决定的{owed}尚未缴纳"
    text = state + ("：" + "；".join(words) if words else "") + "。"
    return {"execution.payment": text, "execution.summary": text}
