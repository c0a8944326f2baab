"""``gridapp sync enroll|run|status|conflicts|resolve``."""

from __future__ import annotations

from gridapp.cli.context import CliContext, actor_badge


def run_enroll(ctx: CliContext) -> int:
    from sync import station

    store = ctx.station(create=False)
    name = station.enrol(store, ctx.args.url, ctx.args.code, ca_bundle=ctx.args.ca_bundle)
    ctx.emit({"station": name, "hq_url": ctx.args.url.rstrip("/"), "device": store.device_id},
             f"已注册到指挥中心（站点“{name}”，设备 {store.device_id}）")
    return 0


def run_sync(ctx: CliContext) -> int:
    from sync import station

    store = ctx.station(create=False)
    report = station.run(store)
    lines = [
        f"已上传变更 {report.pushed} 项（重复 {report.duplicates}，冲突 {report.conflicts}，"
        f"被拒 {report.refused}）",
        f"已上传文件 {report.blobs_uploaded} 个（指挥中心已有 {report.blobs_skipped}，"
        f"失败 {report.blob_failures}）",
        f"已接收 {report.pulled} 项；用时 {report.seconds:.1f} 秒",
        *(f"告警：{a}" for a in report.alarms),
    ]
    ctx.emit(report.as_dict(), "\n".join(lines))
    return 1 if report.refused or report.blob_failures else 0


def run_status(ctx: CliContext) -> int:
    from sync import station

    store = ctx.station(create=False)
    st = station.status(store)

    def human() -> str:
        if not st["enrolled"]:
            return "尚未注册到指挥中心（gridapp sync enroll 地址 注册码）"
        last = st["last_sync_at"] or "从未"
        text = (f"指挥中心：{st['hq_url']}（站点“{st['station']}”）\n"
                f"待同步 {st['queue']} 项，{st['blobs_waiting']} 个文件\n"
                f"最近一次成功同步：{last}\n未处理冲突：{st['conflicts_open']} 条")
        if st["last_error"]:
            text += f"\n上次同步失败：{st['last_error']['message']}"
        return text

    ctx.emit(st, human)
    return 0


def run_conflicts(ctx: CliContext) -> int:
    from sync import station

    store = ctx.station(create=False)
    rows = station.conflict_rows(store)
    ctx.emit(rows, "\n".join(
        f"#{r['id']} {r['entity']} {r['entity_id'][:8]} {r['field']}：指挥中心 {r['hq_value']!r}，"
        f"后到 {r['incoming_value']!r}，现行 {r['kept']}"
        + ("" if r["resolved_at"] is None else f"（已处理：{r['resolution']}）")
        for r in rows) or "没有同步冲突")
    return 0


def run_resolve(ctx: CliContext) -> int:
    from sync import station

    store = ctx.station(create=False)
    out = station.resolve(store, ctx.args.conflict, ctx.args.keep, actor_badge(ctx, store))
    ctx.emit(out.model_dump(mode="json"),
             f"冲突 #{out.id} 已处理：保留{'指挥中心现值' if out.resolution == 'hq' else '后到的修改'}；"
             "下次同步时各站点将收到结果")
    return 0
