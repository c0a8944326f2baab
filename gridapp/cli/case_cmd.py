"""``gridapp case add|list|show|search|transition|assign`` and ``gridapp party history``.

``case show`` is a read command scripts call often: this module imports nothing that loads
SQLAlchemy at import time (the other handlers import their services when they run), and
``run_show`` reads through the quick path — a read-only DB-API connection
(``gridapp.db.readonly``) and the plain-SQL read model (``gridapp.workbench.detail``) — falling
back to opening the store (which migrates an older station first) when that path declines.
Both paths print the same thing: they share ``case_detail`` and ``detail_json``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from gridapp.cli.context import CliContext, actor_badge, read_json_input
from gridapp.db import cipher
from gridapp.errors import ValidationError
from gridapp.timeutil import station_time
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.workbench.detail import CaseDetail, case_detail, station_pack_code

if TYPE_CHECKING:
    from gridapp.caselog.query import CaseFilter
    from gridapp.store import StationStore


def detail_json(info: CaseDetail) -> dict[str, Any]:
    """The ``--json`` form of a case (``case show``, ``add``, ``transition``, ``assign``)."""
    party = info.party
    return {
        "id": info.id,
        "number": info.number,
        "status": info.status,
        "status_label": info.status_label,
        "stage": info.stage,
        "stage_label": info.stage_label,
        "disposition": info.disposition,
        "disposition_label": info.disposition_label,
        "source": info.source,
        "source_label": info.source_label,
        "grid": info.grid,
        "address": info.address,
        "lat": info.lat,
        "lon": info.lon,
        "violation": info.violation,
        "violation_name": info.violation_name,
        "facts": info.facts,
        "act_date": info.act_date,
        "opened_at": info.opened_at,
        "closed_at": info.closed_at,
        "due_at": info.due_at,
        "outcome": info.outcome,
        "party": None if party is None else {
            "id": party.id, "kind": party.kind, "name": party.name,
            # Masked (docs/SECURITY.md "Minimisation"): the full numbers are on the party's
            # copy and in the case file, the legal record.
            "id_number": party.id_number, "phone": party.phone_masked, "address": party.address,
        },
        "officers": [{"name": o.name, "badge": o.badge} for o in info.officers],
    }


def case_dict(store: StationStore, ref: str) -> dict[str, Any]:
    with store.read_connection() as conn:
        return detail_json(case_detail(conn, ref, store.pack))


def quick_case_dict(ctx: CliContext, ref: str) -> dict[str, Any] | None:
    """``case_dict`` read through a read-only connection, without opening the store (no ORM):
    None when the database is not one this path reads (missing, another schema revision, no
    station, a SQLite error) — the caller then opens the store, which migrates or explains."""
    from gridapp.db.readonly import open_read_only
    from gridapp.errors import GridappError
    from gridapp.keys import unlock
    from gridapp.packs import load_pack
    from gridapp.paths import DB_FILENAME

    try:
        key = unlock.data_key(ctx.data_dir)
    except GridappError:
        return None  # locked, wiped or a damaged key file: the full path explains
    conn = open_read_only(ctx.data_dir / DB_FILENAME, key)
    if conn is None:
        return None
    try:
        code = station_pack_code(conn)
        if code is None:
            return None
        return detail_json(case_detail(conn, ref, load_pack(code, data_dir=ctx.data_dir)))
    except cipher.ERRORS:
        return None
    finally:
        conn.close()


def run_show(ctx: CliContext) -> int:
    info = quick_case_dict(ctx, ctx.args.case)
    if info is None:
        info = case_dict(ctx.station(create=False), ctx.args.case)

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


def run_add(ctx: CliContext) -> int:
    if ctx.args.example:
        from gridapp.cli import case_example

        return case_example.run(ctx)
    from gridapp.caselog import service

    data = read_json_input(ctx.args.source_file)
    store = ctx.station()
    actor = actor_badge(ctx, store)
    with store.session() as s:
        case = service.create_case(store, s, data, actor)
        case_id = case.id
    info = case_dict(store, case_id)
    ctx.emit(info, f"已登记案件 {info['number']}（{info['violation_name']}）")
    return 0


def _filter(ctx: CliContext) -> CaseFilter:
    from gridapp.caselog import query

    a = ctx.args
    return query.CaseFilter(
        text=getattr(a, "text", None), status=a.status, grid=a.grid, stage=a.stage,
        officer=a.officer, source=a.source, date_from=a.date_from, date_to=a.date_to,
        overdue=a.overdue,
    )


def run_list(ctx: CliContext) -> int:
    from gridapp.caselog import query
    from gridapp.inputlimits import MAX_PAGE

    a = ctx.args
    if not 1 <= a.page <= MAX_PAGE or not 1 <= a.limit <= 1000:
        raise ValidationError(f"--page 应在 1–{MAX_PAGE:,} 之间，--limit 应在 1–1000 之间",
                              "bad paging", field="page")
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


def run_transition(ctx: CliContext) -> int:
    from gridapp.caselog import service
    from gridapp.execution.service import check_closing
    from gridapp.followups import service as followups

    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        case = service.find_case(s, ctx.args.case)
        if ctx.args.status == "closed":  # a penalty decided but not executed is not closed
            check_closing(s, store.pack, case)
        service.transition(store, s, case, ctx.args.status, actor,
                           disposition=ctx.args.disposition, outcome=ctx.args.outcome)
        followups.schedule_after_close(store, s, case, actor)  # 回访 (and 12345 feedback)
        case_id = case.id
    info = case_dict(store, case_id)
    ctx.emit(info, f"案件 {info['number']} 状态已变更为“{info['status_label']}”")
    return 0


def run_assign(ctx: CliContext) -> int:
    from gridapp.caselog import service

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
    from gridapp.caselog import lookup, query, service

    a = ctx.args
    store = ctx.station(create=False)
    ref = a.ref.strip()
    if not (ref or a.name.strip() or a.id_number.strip() or a.phone.strip()):
        raise ValidationError("请给出案件编号、当事人姓名、证件号码或电话",
                              "a case, name, id number or phone is required", field="ref")
    with store.read() as s:
        party, named_case = lookup.history_party(s, ref, name=a.name, id_number=a.id_number,
                                                 phone=a.phone)
        case = service.find_case(s, named_case) if named_case else None
        prior = query.earlier_cases(s, party, case=case)
        name = party.name
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
