"""``gridapp followup list|record``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from gridapp.caselog import lookup
from gridapp.cli.context import CliContext, actor_badge
from gridapp.followups import service as followups
from gridapp.followups.service import FollowUpRow
from gridapp.timeutil import station_time


def _payload(row: FollowUpRow) -> dict[str, Any]:
    return asdict(row)


def _line(row: FollowUpRow) -> str:
    due = f"应于 {row.due} 前" if row.due else ""
    if row.done_at is not None:
        words = "、".join(w for w in (row.finding_label, row.satisfaction_label) if w)
        state = f"已完成 {station_time(row.done_at):%Y-%m-%d}（{row.done_by}）{words}"
    elif row.days_overdue:
        state = f"逾期 {row.days_overdue} 天"
    else:
        state = "待办"
    text = f"{row.case_number}  {row.kind_label}  {due}  {state}"
    return text + (f"\n    {row.result}" if row.result else "")


def run_list(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        if ctx.args.case:
            case = lookup.find_case(s, ctx.args.case)
            found = followups.follow_ups_of_case(s, case.id)
            title = f"案件 {case.number} 的跟踪 {len(found)} 项"
        else:
            found = followups.due_follow_ups(s, overdue_only=ctx.args.overdue)
            title = f"{'已逾期' if ctx.args.overdue else '到期未完成'}的跟踪 {len(found)} 项"
    ctx.emit([_payload(r) for r in found], lambda: "\n".join([title, *(_line(r) for r in found)]))
    return 0


def run_record(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = followups.record_follow_up(store, s, a.case, a.kind, actor, finding=a.finding,
                                         satisfaction=a.satisfaction, result=a.result)
        case_id, row_id = row.case_id, row.id
    with store.read() as s:
        found = next(r for r in followups.follow_ups_of_case(s, case_id) if r.id == row_id)
    ctx.emit(_payload(found), f"已记录{found.kind_label}\n{_line(found)}")
    return 0
