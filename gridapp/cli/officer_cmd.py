"""``gridapp officer add|list|retire``."""

from __future__ import annotations

from dataclasses import asdict

from gridapp import officers
from gridapp.cli.context import CliContext, actor_badge


def run_add(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = officers.add(store, s, name=a.name, badge=a.badge, role=a.role, actor=actor)
        v = officers.view(row)
    ctx.emit(asdict(v), f"已添加执法人员 {v.name}（{v.badge}，{v.role_label}）")
    return 0


def run_list(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        rows = officers.list_officers(store, s, include_retired=ctx.args.all)
    ctx.emit([asdict(v) for v in rows], lambda: "\n".join(
        [f"共 {len(rows)} 人"]
        + [f"{v.badge:<12} {v.name:<8} {v.role_label}{'' if v.active else '（已停用）'}"
           for v in rows]))
    return 0


def run_retire(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        v = officers.view(officers.retire(store, s, ctx.args.badge, actor=actor))
    ctx.emit(asdict(v), f"已停用执法人员 {v.name}（{v.badge}）；记录保留，不能再办案")
    return 0
