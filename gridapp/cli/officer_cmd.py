"""``gridapp officer add|list|edit|retire|passwd|reset``."""

from __future__ import annotations

import sys
from dataclasses import asdict

from gridapp import officers
from gridapp.cli.context import CliContext, actor_badge
from gridapp.errors import ValidationError


def _stdin_lines(n: int, what: str) -> list[str]:
    """``n`` lines from standard input (passwords are never taken from the command line)."""
    lines = [sys.stdin.readline() for _ in range(n)]
    if any(line == "" for line in lines):  # end of input before the n-th line
        raise ValidationError(f"请从标准输入提供{what}（每行一个）",
                              f"{what} expected on standard input, one per line",
                              field="password")
    return [line.rstrip("\r\n") for line in lines]


def run_add(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    password = _stdin_lines(1, "密码")[0] if a.password_stdin else ""
    with store.session() as s:
        row = officers.add(store, s, name=a.name, badge=a.badge, role=a.role, actor=actor,
                           password=password)
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


def run_edit(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        v = officers.view(officers.edit(store, s, a.badge, actor=actor, name=a.name,
                                        role=a.role))
    ctx.emit(asdict(v), f"已更新执法人员 {v.name}（{v.badge}，{v.role_label}）")
    return 0


def run_passwd(ctx: CliContext) -> int:
    from gridapp.accounts.signin import change_password

    store = ctx.station(create=False)
    old, new = _stdin_lines(2, "原密码和新密码")
    change_password(store, ctx.args.badge, old, new)
    ctx.emit({"badge": ctx.args.badge, "changed": True}, "密码已更改")
    return 0


def run_reset(ctx: CliContext) -> int:
    from gridapp.accounts.signin import reset_password

    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    temporary = reset_password(store, ctx.args.badge, actor=actor)
    ctx.emit({"badge": ctx.args.badge, "temporary_password": temporary},
             f"已为 {ctx.args.badge} 设置临时密码：{temporary}\n"
             "请当面交给本人；首次登录后必须更改。此密码不会再次显示。")
    return 0
