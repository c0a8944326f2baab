"""``gridapp approval list|submit|approve|return|legal-review|discuss``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from gridapp.approvals import service as approvals
from gridapp.approvals.service import ApprovalRow
from gridapp.caselog import lookup
from gridapp.cli.context import CliContext, actor_badge
from gridapp.timeutil import station_time


def _when(value: datetime | None) -> str:
    return f"{station_time(value):%Y-%m-%d %H:%M}" if value is not None else ""


def _payload(row: ApprovalRow) -> dict[str, Any]:
    return asdict(row) | {"waiting_for": row.waiting_for}


def _line(row: ApprovalRow) -> str:
    fine = f" 拟罚 {row.proposed_fine} 元" if row.proposed_fine is not None else ""
    state = row.waiting_for or row.status_label
    text = (f"{row.id[:8]}  {row.case_number}  {row.step_label}  {state}  "
            f"{row.submitted_by} {_when(row.submitted_at)}{fine}")
    if row.major_reason:
        text += f"\n    须法制审核、集体讨论：{row.major_reason}"
    if row.note:
        text += f"\n    承办人意见：{row.note}"
    if row.legal_review:
        text += f"\n    法制审核：{row.legal_review}（{row.legal_reviewer} {_when(row.legal_reviewed_at)}）"
    if row.collective:
        text += f"\n    集体讨论：{row.collective}（{row.collective_by} {_when(row.collective_at)}）"
    if row.status != "pending":
        what = "退回意见" if row.status == "returned" else "审批意见"
        text += f"\n    {what}：{row.opinion}（{row.decided_by} {_when(row.decided_at)}）"
    return text


def _fine(raw: str | None) -> int | None:
    from gridapp.workbench.leads import parse_fine

    return None if raw is None else parse_fine(raw)


def _one(ctx: CliContext, approval_id: str, done: str) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        found = approvals.rows(s, [approvals.find_approval(s, approval_id)], store.pack)[0]
    ctx.emit(_payload(found), f"{done}\n{_line(found)}")
    return 0


def run_list(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        if ctx.args.case:
            case = lookup.find_case(s, ctx.args.case)
            found = approvals.approvals_of_case(s, case.id, store.pack)
            title = f"案件 {case.number} 的审批 {len(found)} 项"
        else:
            found = approvals.waiting(s, store.pack)
            title = f"待审批 {len(found)} 项"
    ctx.emit([_payload(r) for r in found],
             lambda: "\n".join([title, *(_line(r) for r in found)]))
    return 0


def run_submit(ctx: CliContext) -> int:
    a = ctx.args
    fine = _fine(a.fine)
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = approvals.submit(store, s, a.case, a.step, actor, note=a.note,
                               proposed_fine=fine, major_reason=a.major)
        approval_id = row.id
    return _one(ctx, approval_id, "已提交审批")


def _lead(ctx: CliContext, act: str) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        if act == "approve":
            row = approvals.approve(store, s, a.approval, a.opinion, actor, step=a.step)
            done = "已批准"
        elif act == "return":
            row = approvals.send_back(store, s, a.approval, a.comment, actor, step=a.step)
            done = "已退回，承办人将在案件中看到退回意见"
        elif act == "legal_review":
            row = approvals.record_legal_review(store, s, a.approval, a.opinion, actor,
                                                step=a.step)
            done = "已记录法制审核意见"
        else:
            row = approvals.record_collective(store, s, a.approval, a.record, actor, step=a.step)
            done = "已记录集体讨论"
        approval_id = row.id
    return _one(ctx, approval_id, done)


def run_approve(ctx: CliContext) -> int:
    return _lead(ctx, "approve")


def run_return(ctx: CliContext) -> int:
    return _lead(ctx, "return")


def run_legal_review(ctx: CliContext) -> int:
    return _lead(ctx, "legal_review")


def run_discuss(ctx: CliContext) -> int:
    return _lead(ctx, "discuss")
