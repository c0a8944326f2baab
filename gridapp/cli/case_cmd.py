"""``gridapp case add|list|show|search|transition|assign`` and ``gridapp party history``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from typing import Any

from gridapp.caselog import query, service
from gridapp.caselog.identity import mask_id_number
from gridapp.cli.context import CliContext, actor_badge, add_actor_option, read_json_input
from gridapp.errors import ValidationError
from gridapp.store import StationStore
from gridapp.timeutil import station_time
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.stage import STAGE


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    case = sub.add_parser("case", parents=[common], help="案件登记、查询与流转")
    cs = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    add = cs.add_parser("add", parents=[common], help="从 JSON 文件登记案件")
    add.add_argument("--from", dest="source_file", required=True, metavar="FILE.json")
    add_actor_option(add)
    add.set_defaults(handler=run_add)

    for name, helptext in (("list", "按条件列出案件"), ("search", "全文检索案件")):
        p = cs.add_parser(name, parents=[common], help=helptext)
        if name == "search":
            p.add_argument("text", help="检索词（案件编号、当事人、地址、案情）")
        p.add_argument("--status", choices=CASE_STATUS.codes)
        p.add_argument("--grid")
        p.add_argument("--stage", choices=STAGE.codes)
        p.add_argument("--officer", help="执法证号")
        p.add_argument("--source", choices=CASE_SOURCE.codes)
        p.add_argument("--from-date", type=_iso_date, dest="date_from")
        p.add_argument("--to-date", type=_iso_date, dest="date_to")
        p.add_argument("--overdue", action="store_true")
        p.add_argument("--page", type=int, default=1)
        p.add_argument("--limit", type=int, default=100)
        p.set_defaults(handler=run_list)

    show = cs.add_parser("show", parents=[common], help="查看案件详情")
    show.add_argument("case")
    show.set_defaults(handler=run_show)

    tr = cs.add_parser("transition", parents=[common], help="变更案件状态")
    tr.add_argument("case")
    tr.add_argument("status", help="目标状态：" + CASE_STATUS.choices_zh())
    tr.add_argument("--disposition", choices=DISPOSITION.codes)
    tr.add_argument("--outcome", default="")
    add_actor_option(tr)
    tr.set_defaults(handler=run_transition)

    asg = cs.add_parser("assign", parents=[common], help="指派执法人员")
    asg.add_argument("case")
    asg.add_argument("badge")
    add_actor_option(asg)
    asg.set_defaults(handler=run_assign)

    party = sub.add_parser("party", parents=[common], help="当事人")
    ps = party.add_subparsers(dest="party_command", metavar="ACTION", required=True)
    hist = ps.add_parser("history", parents=[common], help="当事人以往案件（重复违法查询）")
    hist.add_argument("ref", help="案件编号、当事人 id 或证件号码")
    hist.set_defaults(handler=run_history)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD：{text}") from exc


def case_dict(store: StationStore, case_id: str) -> dict[str, Any]:
    with store.read() as s:
        case = service.find_case(s, case_id)
        party = service.find_party(s, case.party_id) if case.party_id else None
        officers = service.case_officers(s, case.id)
        violation = store.pack.violations.get(case.violation_code)
        return {
            "id": case.id,
            "number": case.number,
            "status": case.status,
            "status_label": CASE_STATUS.zh(case.status),
            "stage": case.stage,
            "stage_label": STAGE.zh(case.stage),
            "disposition": case.disposition,
            "disposition_label": DISPOSITION.zh(case.disposition),
            "source": case.source,
            "source_label": CASE_SOURCE.zh(case.source),
            "grid": case.grid_code,
            "address": case.address,
            "lat": case.lat,
            "lon": case.lon,
            "violation": case.violation_code,
            "violation_name": violation.name if violation else case.violation_code,
            "facts": case.facts,
            "act_date": case.act_date,
            "opened_at": case.opened_at,
            "closed_at": case.closed_at,
            "due_at": case.due_at,
            "outcome": case.outcome,
            "party": None if party is None else {
                "id": party.id, "kind": party.kind, "name": party.name,
                "id_number": mask_id_number(party.id_number) if party.id_number else "",
                "phone": party.phone, "address": party.address,
            },
            "officers": [{"name": o.name, "badge": o.badge_no} for o in officers],
        }


def run_add(ctx: CliContext) -> int:
    data = read_json_input(ctx.args.source_file)
    store = ctx.station()
    actor = actor_badge(ctx, store)
    with store.session() as s:
        case = service.create_case(store, s, data, actor)
        case_id = case.id
    info = case_dict(store, case_id)
    ctx.emit(info, f"已登记案件 {info['number']}（{info['violation_name']}）")
    return 0


def _filter(ctx: CliContext) -> query.CaseFilter:
    a = ctx.args
    return query.CaseFilter(
        text=getattr(a, "text", None), status=a.status, grid=a.grid, stage=a.stage,
        officer=a.officer, source=a.source, date_from=a.date_from, date_to=a.date_to,
        overdue=a.overdue,
    )


def run_list(ctx: CliContext) -> int:
    a = ctx.args
    if a.page < 1 or not 1 <= a.limit <= 1000:
        raise ValidationError("--page 应 ≥ 1，--limit 应在 1–1000 之间", "bad paging", field="page")
    store = ctx.station(create=False)
    flt = _filter(ctx)
    names = {code: v.name for code, v in store.pack.violations.items()}
    with store.read() as s:
        rows = query.list_cases(s, flt, (a.page - 1) * a.limit, a.limit, names)
        total = query.count_cases(s, flt)
    payload = {"total": total, "page": a.page, "cases": [asdict(r) for r in rows]}

    def human() -> str:
        lines = [f"共 {total} 件（第 {a.page} 页）"]
        lines += [
            f"{r.number}  {station_time(r.opened_at):%Y-%m-%d}  {CASE_STATUS.zh(r.status):<6} {r.violation_name}"
            f"  {r.party_name}  {r.address}" + ("  [逾期]" if r.overdue else "")
            for r in rows
        ]
        return "\n".join(lines)

    ctx.emit(payload, human)
    return 0


def run_show(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    info = case_dict(store, ctx.args.case)

    def human() -> str:
        party = info["party"] or {}
        return "\n".join([
            f"案件编号：{info['number']}",
            f"状态：{info['status_label']}（{info['stage_label']}）",
            f"违法行为：{info['violation_name']}",
            f"当事人：{party.get('name', '（未关联）')} {party.get('id_number', '')}",
            f"地址：{info['address']}  网格：{info['grid']}",
            "执法人员：" + "、".join(f"{o['name']}（{o['badge']}）" for o in info["officers"]),
            f"案情：{info['facts']}",
        ])

    ctx.emit(info, human)
    return 0


def run_transition(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        case = service.find_case(s, ctx.args.case)
        service.transition(store, s, case, ctx.args.status, actor,
                           disposition=ctx.args.disposition, outcome=ctx.args.outcome)
        case_id = case.id
    info = case_dict(store, case_id)
    ctx.emit(info, f"案件 {info['number']} 状态已变更为“{info['status_label']}”")
    return 0


def run_assign(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        case = service.find_case(s, ctx.args.case)
        officer = store.officer_by_badge(s, ctx.args.badge)
        service.assign_officer(store, s, case, officer, actor)
        case_id = case.id
    info = case_dict(store, case_id)
    ctx.emit(info, f"已将 {ctx.args.badge} 指派到案件 {info['number']}")
    return 0


def run_history(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        found = query.history_for_reference(s, ctx.args.ref)
    prior, name = found.cases, found.party_name
    names = {code: v.name for code, v in store.pack.violations.items()}
    payload = {"party": name, "count": len(prior), "cases": [asdict(p) for p in prior]}

    def human() -> str:
        lines = [f"当事人 {name} 以往案件 {len(prior)} 件"]
        lines += [
            f"{p.number}  {station_time(p.opened_at):%Y-%m-%d}  {names.get(p.violation_code, p.violation_code)}"
            f"  {CASE_STATUS.zh(p.status)}  {p.outcome}"
            for p in prior
        ]
        return "\n".join(lines)

    ctx.emit(payload, human)
    return 0
