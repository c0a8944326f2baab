"""``gridapp init`` and ``gridapp demo``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gridapp.cli.context import CliContext, warn
from gridapp.demo import ensure_demo_station, seed_demo
from gridapp.errors import ValidationError
from gridapp.numbering import (
    DEFAULT_SEGMENT,
    MAX_SEGMENT,
    MIN_SEGMENT,
    parse_segment,
    take_new_identity,
)
from gridapp.packs import DEFAULT_PACK
from gridapp.setup import init_station
from gridapp.store import confirm_move


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="初始化站点与第一位执法人员")
    p.add_argument("--station", required=True, help="站点（中队）名称")
    p.add_argument("--pack", default=DEFAULT_PACK, help=f"地方规则包代码（默认 {DEFAULT_PACK}）")
    p.add_argument("--officer", required=True, help="第一位执法人员姓名（中队长）")
    p.add_argument("--badge", required=True, help="执法证号")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取登录密码")
    p.add_argument("--segment", default=str(DEFAULT_SEGMENT),
                   help=f"站点号段 {MIN_SEGMENT}–{MAX_SEGMENT}，由市局分配、各站点互不相同，"
                        f"显示在案件编号与文号中（默认 {DEFAULT_SEGMENT}）")
    p.set_defaults(handler=run_init)

    dev = sub.add_parser("device", parents=[common], help="本设备身份（数据目录复制、搬迁后）")
    ds = dev.add_subparsers(dest="device_command", metavar="ACTION", required=True)
    ren = ds.add_parser("reenrol", parents=[common], help="副本取得新的设备身份与站点号段")
    ren.add_argument("--segment", required=True, help="市局分配的新站点号段（1–99）")
    ren.set_defaults(handler=run_reenrol)
    mv = ds.add_parser("confirm-move", parents=[common],
                       help="确认数据目录是搬迁或从备份恢复的（原目录不再使用）")
    mv.set_defaults(handler=run_confirm_move)

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
    segment = parse_segment(a.segment)
    store = ctx.station(create=True)
    station = init_station(
        store, name=a.station, pack_code=a.pack, officer_name=a.officer, badge=a.badge,
        password=password, segment=segment,
    )
    ctx.emit(
        {"station": station.name, "id": station.id, "pack": station.pack_code,
         "segment": segment, "data_dir": str(store.data_dir)},
        f"已初始化站点“{station.name}”（规则包 {station.pack_code}，站点号段 {segment:02d}），"
        f"数据目录 {store.data_dir}",
    )
    return 0


def run_reenrol(ctx: CliContext) -> int:
    segment = parse_segment(ctx.args.segment)
    store = ctx.station(create=False)
    old = store.device_id
    device = take_new_identity(store, segment)
    ctx.emit({"device_id": device, "previous_device_id": old, "segment": segment},
             f"本设备已取得新的设备身份 {device}（原 {old}），站点号段 {segment:02d}")
    return 0


def run_confirm_move(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    confirm_move(store)
    ctx.emit({"device_id": store.device_id, "data_dir": str(store.data_dir)},
             f"已确认数据目录 {store.data_dir} 为本设备（{store.device_id}）的搬迁或恢复，可以继续写入")
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
