"""``gridapp init`` and ``gridapp demo``."""

from __future__ import annotations

import os
import sys

from gridapp.cli import interrupt_requested
from gridapp.cli.context import PASSWORD_ENV, CliContext, actor_badge, warn
from gridapp.demo import ensure_demo_station, seed_demo
from gridapp.errors import ValidationError
from gridapp.numbering import (
    MAX_SEGMENT,
    MIN_SEGMENT,
    confirm_device_move,
    parse_segment,
    set_station_segment,
    take_new_identity,
)
from gridapp.setup import PAYMENT_KEYS, init_station, set_bureau, set_payment, station_bureau

# ``demo --batch``: cases per commit (a Ctrl+C or a crash loses at most one batch).
MAX_DEMO_BATCH = 10000


def run_init(ctx: CliContext) -> int:
    a = ctx.args
    password = ""
    if a.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise ValidationError(
            "站点数据加密保存：请为第一位执法人员（中队长）设置密码——用 --password-stdin 从标准输入"
            f"读取，或在脚本中设置环境变量 {PASSWORD_ENV}",
            "a new station needs a password for its first officer: --password-stdin or "
            f"{PASSWORD_ENV}", field="password")
    if len(password) < 8:
        raise ValidationError("密码至少 8 位", "password must be at least 8 characters",
                              field="password")
    if a.segment is None:
        raise ValidationError(
            f"请用 --segment N 指定站点号段（{MIN_SEGMENT}–{MAX_SEGMENT}）：号段由市局（指挥中心）"
            "统一分配、各站点互不相同，显示在案件编号与文号中；未指定号段的站点会与其他站点重号",
            f"--segment N is required ({MIN_SEGMENT}..{MAX_SEGMENT}, assigned by HQ, different "
            "for every station)",
            field="segment",
        )
    segment = parse_segment(a.segment)
    store = ctx.station(create=True)
    station = init_station(
        store, name=a.station, pack_code=a.pack, officer_name=a.officer, badge=a.badge,
        password=password, segment=segment, bureau=a.bureau,
    )
    ctx.emit(
        {"station": station.name, "id": station.id, "pack": station.pack_code,
         "segment": segment, "bureau": station.district_code, "authority": station.authority,
         "data_dir": str(store.data_dir)},
        f"已初始化站点“{station.name}”（规则包 {station.pack_code}，站点号段 {segment:02d}），"
        f"以{station.authority}的名义执法（{'--bureau 指定' if a.bureau else '规则包默认，可用 gridapp station set-bureau 变更'}），"
        f"数据目录 {store.data_dir}",
    )
    return 0


def run_reenrol(ctx: CliContext) -> int:
    segment = parse_segment(ctx.args.segment)
    store = ctx.station(create=False)
    old = store.device_id
    device = take_new_identity(store, segment, actor=actor_badge(ctx, store))
    ctx.emit({"device_id": device, "previous_device_id": old, "segment": segment},
             f"本设备已取得新的设备身份 {device}（原 {old}），站点号段 {segment:02d}")
    return 0


def run_confirm_move(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    confirm_device_move(store, actor=actor_badge(ctx, store))
    ctx.emit({"device_id": store.device_id, "data_dir": str(store.data_dir)},
             f"已确认数据目录 {store.data_dir} 为本设备（{store.device_id}）的搬迁或恢复，可以继续写入")
    return 0


def run_set_segment(ctx: CliContext) -> int:
    segment = parse_segment(ctx.args.segment)
    store = ctx.station(create=False)
    set_station_segment(store, segment, actor=actor_badge(ctx, store))
    ctx.emit({"device_id": store.device_id, "segment": segment},
             f"本站站点号段已设为 {segment:02d}（设备身份 {store.device_id} 不变），"
             "新的编号从本号段第 1 号开始；旧编号仍然有效")
    return 0


def run_demo(ctx: CliContext) -> int:
    if ctx.args.cases < 0:
        raise ValidationError("--cases 不能为负数", "--cases must be >= 0", field="cases")
    if not 1 <= ctx.args.batch <= MAX_DEMO_BATCH:
        raise ValidationError(f"--batch 应在 1–{MAX_DEMO_BATCH} 之间",
                              f"--batch must be 1..{MAX_DEMO_BATCH}", field="batch")
    store = ctx.station(create=True)
    ensure_demo_station(store)

    def progress(done: int, total: int) -> None:
        # Printed after each commit: the count is durable when it appears.
        print(f"committed {done}/{total}", file=sys.stderr, flush=True)

    done = seed_demo(store, ctx.args.cases, seed=ctx.args.seed, batch=ctx.args.batch,
                     progress=progress, cancelled=interrupt_requested)
    if not ctx.as_json:
        warn(f"已生成 {done} 个演示案件")
    ctx.emit({"cases": done}, f"demo: {done} cases")
    return 0


def run_bureaus(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        current = station_bureau(store.pack, store.station(s))
    rows = [{"code": b.code, "name": b.name, "review_body": b.review_body, "court": b.court,
             "number_prefix": b.number_prefix, "current": current is not None and b == current}
            for b in store.pack.bureaus]
    lines = [f"{'*' if r['current'] else ' '} {r['code']}  {r['name']}  复议机关：{r['review_body']}"
             f"  管辖法院：{r['court']}  文号代字：{r['number_prefix']}" for r in rows]
    if current is None:
        lines.insert(0, "本站尚未配置所属执法机关：请用 gridapp station set-bureau CODE --reason 理由 设置")
    ctx.emit({"bureaus": rows, "current": current.code if current else None}, "\n".join(lines))
    return 0


def run_set_bureau(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    body, changed = set_bureau(store, ctx.args.bureau, actor=actor_badge(ctx, store),
                               reason=ctx.args.reason)
    said = (f"本站今后以{body.name}的名义执法（复议机关：{body.review_body}；管辖法院：{body.court}）；"
            "已签发的文书保持原执法机关") if changed else f"本站已是{body.name}的执法机构，未作改动"
    ctx.emit({"bureau": body.code, "authority": body.name, "review_body": body.review_body,
              "court": body.court, "changed": changed}, said)
    return 0


def run_set_payment(ctx: CliContext) -> int:
    a = ctx.args
    given = {"payment_bank": a.bank, "payment_account_name": a.account_name,
             "payment_account": a.account, "payment_channel": a.channel}
    store = ctx.station(create=False)
    now, changed = set_payment(store, {k: v for k, v in given.items() if v is not None},
                               actor=actor_badge(ctx, store), reason=a.reason)
    shown = "；".join(f"{PAYMENT_KEYS[k][0]}：{v or '（未设置）'}" for k, v in now.items())
    ctx.emit({**now, "changed": changed},
             f"罚款缴款信息{'已更新' if changed else '未改动'}：{shown}")
    return 0
