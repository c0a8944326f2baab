"""``gridapp init`` and ``gridapp demo``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gridapp.cli.context import CliContext, warn
from gridapp.demo import ensure_demo_station, seed_demo
from gridapp.errors import ValidationError
from gridapp.packs import DEFAULT_PACK
from gridapp.setup import init_station


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="初始化站点与第一位执法人员")
    p.add_argument("--station", required=True, help="站点（中队）名称")
    p.add_argument("--pack", default=DEFAULT_PACK, help=f"地方规则包代码（默认 {DEFAULT_PACK}）")
    p.add_argument("--officer", required=True, help="第一位执法人员姓名（中队长）")
    p.add_argument("--badge", required=True, help="执法证号")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取登录密码")
    p.set_defaults(handler=run_init)

    d = sub.add_parser("demo", parents=[common], help="生成演示数据（空目录先建演示站点）")
    d.add_argument("--cases", type=int, default=200, help="演示案件数量")
    d.add_argument("--seed", type=int, default=7, help="随机种子")
    d.set_defaults(handler=run_demo)


def run_init(ctx: CliContext) -> int:
    a = ctx.args
    password = ""
    if a.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < 8:
            raise ValidationError("密码至少 8 位", "password must be at least 8 characters",
                                  field="password")
    store = ctx.station(create=True)
    station = init_station(
        store, name=a.station, pack_code=a.pack, officer_name=a.officer, badge=a.badge,
        password=password,
    )
    ctx.emit(
        {"station": station.name, "id": station.id, "pack": station.pack_code,
         "data_dir": str(store.data_dir)},
        f"已初始化站点“{station.name}”（规则包 {station.pack_code}），数据目录 {store.data_dir}",
    )
    return 0


def run_demo(ctx: CliContext) -> int:
    if ctx.args.cases < 0:
        raise ValidationError("--cases 不能为负数", "--cases must be >= 0", field="cases")
    store = ctx.station(create=True)
    ensure_demo_station(store)

    def progress(done: int, total: int) -> None:
        # Printed after each commit: the count is durable when it appears.
        print(f"committed {done}/{total}", file=sys.stderr, flush=True)

    done = seed_demo(store, ctx.args.cases, seed=ctx.args.seed, progress=progress)
    if not ctx.as_json:
        warn(f"已生成 {done} 个演示案件")
    ctx.emit({"cases": done}, f"demo: {done} cases")
    return 0
