"""``gridapp case paid|executed|review|execution``: a decision's payments and other execution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from gridapp.caselog import lookup
from gridapp.cli.context import CliContext, actor_badge
from gridapp.execution import service as execution
from gridapp.execution.service import ExecutionRow, Obligation


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _records(rows: Sequence[ExecutionRow]) -> list[dict[str, Any]]:
    return [dict(asdict(r), amount=_money(r.amount),
                 schedule=[[d, _money(a)] for d, a in r.schedule]) for r in rows]


def _payload(case_number: str, found: Obligation | None,
             rows: Sequence[ExecutionRow]) -> dict[str, Any]:
    if found is None:  # no fine: other records (代履行完毕) still shown
        return {"case": case_number, "decision": None, "executed": None,
                "records": _records(rows)}
    return {
        "case": case_number, "decision": found.decision_number, "fine": _money(found.fine),
        "payment_due": found.due.isoformat() if found.due else None,
        "late_fee": _money(found.late_fee), "owed": _money(found.owed), "paid": _money(found.paid),
        "outstanding": _money(found.outstanding),
        "outstanding_fine": _money(found.outstanding_fine),
        "outstanding_fee": _money(found.outstanding_fee),
        "fine_paid_on": found.fine_paid_on.isoformat() if found.fine_paid_on else None,
        "schedule_end": found.schedule_end.isoformat() if found.schedule_end else None,
        "executed": found.executed, "ended": found.ended or None,
        "remedies": [{"kind": r.kind, "filed": r.filed.isoformat(), "body": r.body,
                      "ended": r.ended.isoformat() if r.ended else None,
                      "outcome": r.outcome or None, "reference": r.reference or None}
                     for r in found.remedies],
        "records": _records(found.rows),
    }


def _words(case_number: str, found: Obligation | None, rows: Sequence[ExecutionRow]) -> str:
    if found is None:
        return "\n".join([f"案件 {case_number} 没有罚款决定，无须缴纳"]
                         + [f"  {r.on}  {r.kind_label}  {r.reference}" for r in rows])
    state = ("已执行完毕" if found.executed
             else f"尚欠 {execution.yuan(found.outstanding)}，已{found.ended}" if found.ended
             else f"尚欠 {execution.yuan(found.outstanding)}")
    lines = [f"{found.decision_title} {found.decision_number}：罚款 {execution.yuan(found.fine)}，"
             f"加处罚款 {execution.yuan(found.late_fee)}，已缴纳 {execution.yuan(found.paid)}，{state}"]
    if found.due is not None:
        lines.append(f"缴款期限：{found.due}")
    lines += [f"复议、诉讼期间 {r.filed} 至 {r.ended or '今（未终结）'} 不计加处罚款"
              "（行政处罚法第七十三条第三款）" for r in found.remedies]
    lines += [f"  {r.on}  {r.kind_label}  "
              + (f"{execution.yuan(r.amount)}  " if r.amount is not None else "")
              + (f"{r.way_label}  " if r.way_label else "") + r.reference
              + ("（人民法院裁定准予执行，未记录执行到位金额）" if r.kind == "court" and r.amount is None else "")
              for r in found.rows]
    return "\n".join(lines)


def _show(ctx: CliContext, case_ref: str, title: str) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        case = lookup.find_case(s, case_ref)
        found = execution.obligation(s, store.pack, case)
        rows = execution.execution_rows(s, case.id) if found is None else []
        number = case.number
    ctx.emit(_payload(number, found, rows),
             lambda: (title + "\n" if title else "") + _words(number, found, rows))
    return 0


def run_paid(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = execution.record_payment(store, s, a.case, actor, amount=a.amount, paid_on=a.date,
                                       way=a.way, receipt=a.receipt, note=a.note)
        case_id = row.case_id
    return _show(ctx, case_id, "已记录缴纳")


def run_executed(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = execution.record_execution(store, s, a.case, actor, kind=a.by, on=a.date,
                                         reference=a.reference, note=a.note,
                                         schedule=a.schedule, amount=a.amount)
        case_id = row.case_id
    return _show(ctx, case_id, "已记录执行情况")


def run_show(ctx: CliContext) -> int:
    return _show(ctx, ctx.args.case, "")


def run_review(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = execution.record_remedy(store, s, a.case, actor, kind=a.kind, filed=a.filed,
                                      body=a.body, ended=a.ended, outcome=a.outcome,
                                      reference=a.reference, note=a.note)
        case_id = row.case_id
    return _show(ctx, case_id, "已记录申请行政复议（提起行政诉讼）情况")
