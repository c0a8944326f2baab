"""``gridapp evidence add|list|show|caption|withdraw|verify|export|gc``."""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path

from gridapp.cli.context import CliContext, actor_badge, warn
from gridapp.errors import IntegrityError, StorageError, ValidationError
from gridapp.evidence import capture, export, integrity, service
from gridapp.evidence.blobstore import for_store
from gridapp.evidence.checks import warning_list


def _line(v: service.EvidenceView) -> str:
    when = v.captured_at[:19].replace("T", " ")
    flag = "" if v.capture_time_source in ("exif", "exif_local", "xmp", "xmp_local", "media") else \
        "（EXIF保存时间）" if v.capture_time_source == "exif_datetime" else "（文件时间）"
    gps = f"  GPS {v.lat:.5f},{v.lon:.5f}" if v.lat is not None and v.lon is not None else ""
    state = f"  [已撤回：{v.withdrawn_reason}]" if v.withdrawn else ""
    marker = f"  [有 {len(v.warnings)} 条提示]" if v.warnings else ""
    return (f"#{v.item_ref:<3} {v.id[:8]}  {v.kind}  {v.mime}  {v.size:,} 字节  {when}{flag}"
            f"{gps}  {v.original_name}  {v.caption}{state}{marker}")


def run_add(ctx: CliContext) -> int:
    a = ctx.args
    if a.max_size_mb <= 0:
        raise ValidationError("--max-size-mb 应大于 0", "--max-size-mb must be > 0",
                              field="max-size-mb")
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    limits = capture.ImportLimits(max_bytes=a.max_size_mb << 20)
    try:
        ids = capture.import_files(store, a.case, [Path(f) for f in a.files], actor=actor,
                                   kind=a.kind, caption=a.caption, reason=a.reason,
                                   limits=limits)
    except capture.WarningsNeedReason as exc:
        if ctx.as_json:
            ctx.emit({"imported": [], "needs_reason": True,
                      "warnings": [{"file": w.file, "code": w.code, "text": w.text}
                                   for w in exc.warnings]})
        raise ValidationError(
            f"以下 {len(exc.warnings)} 条提示须核实：\n{warning_list(exc.warnings)}\n"
            "核实后如仍要导入，请用 --reason 说明理由（记入审计日志和照片证据）；未导入任何文件",
            f"{len(exc.warnings)} warning(s); give --reason to import anyway. Nothing imported.",
            field="reason") from exc
    with store.read() as s:
        views = [service.item_view(s, service.find_item(s, i)) for i in ids]
    lines = [f"已导入 {len(views)} 件证据 / imported {len(views)} item(s)"]
    lines += [_line(v) + f"\n     SHA-256 {v.sha256}" for v in views]
    warned = [w for v in views for w in v.warnings]
    if warned:
        lines.append(f"提示（{len(warned)} 条，已随证据记录）：")
        lines += [f"  {i}. {w}" for i, w in enumerate(warned, start=1)]
        lines.append(f"导入理由：{next(v.warning_reason for v in views if v.warnings)}")
    ctx.emit([asdict(v) for v in views], "\n".join(lines))
    return 0


def run_list(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        views = service.list_items(s, ctx.args.case)
    human = "\n".join([f"共 {len(views)} 件证据 / {len(views)} item(s)",
                       *(_line(v) for v in views)])
    ctx.emit([asdict(v) for v in views], human)
    return 0


def run_show(ctx: CliContext) -> int:
    from gridapp.vocab.evidence import CAPTURE_TIME_SOURCE

    store = ctx.station(create=False)
    with store.read() as s:
        v = service.item_view(s, service.find_item(s, ctx.args.item))
    source = CAPTURE_TIME_SOURCE.zh(v.capture_time_source)
    human = "\n".join([
        f"证据：{v.label}（{v.id}）",
        f"种类：{v.kind}  类型：{v.mime}  大小：{v.size:,} 字节",
        f"SHA-256：{v.sha256}",
        f"拍摄时间：{v.captured_at}（来源：{source}）",
        f"位置：{v.lat}, {v.lon}" if v.lat is not None else "位置：无",
        f"设备：{v.camera or '未知'}  尺寸：{v.width}×{v.height}" if v.width else
        f"设备：{v.camera or '未知'}",
        f"导入：{v.imported_at}  执法人员：{v.officer_badge}",
        f"原文件名：{v.original_name}  说明：{v.caption}",
        f"已撤回：{v.withdrawn_reason}" if v.withdrawn else "状态：有效",
        *(f"提示：{w}" for w in v.warnings),
        *([f"导入理由：{v.warning_reason}"] if v.warnings else []),
    ])
    ctx.emit(asdict(v), human)
    return 0


def run_caption(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = service.edit_caption(store, s, ctx.args.item, ctx.args.text, actor)
        v = service.item_view(s, row)
    ctx.emit(asdict(v), f"已修改证据 {v.label} 的说明 / caption updated")
    return 0


def run_withdraw(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    with store.session() as s:
        row = service.withdraw(store, s, ctx.args.item, ctx.args.reason, actor)
        v = service.item_view(s, row)
    ctx.emit(asdict(v), f"已撤回证据 {v.label}（记录和文件保留）/ item withdrawn")
    return 0


def run_verify(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        report = integrity.verify_evidence(s, for_store(store), ctx.args.case)
    payload = {"ok": report.ok, "items": report.items, "files": report.files,
               "problems": [{**asdict(p), "status": str(p.status)} for p in report.problems]}
    if report.ok:
        ctx.emit(payload, f"证据完整：已校验 {report.items} 件证据、{report.files} 个文件 / "
                          f"all {report.files} files intact")
        return 0
    ctx.emit(payload, "\n".join([
        f"发现 {len(report.problems)} 处问题（共校验 {report.items} 件证据）/ "
        f"{len(report.problems)} problem(s)",
        *(p.describe() for p in report.problems),
    ]))
    return IntegrityError.exit_code


def run_export(ctx: CliContext) -> int:
    a = ctx.args
    store = ctx.station(create=False)
    actor = actor_badge(ctx, store)
    manifest = export.export_case(store, a.case, a.dir, actor=actor,
                                  include_withdrawn=a.include_withdrawn)
    n = len(manifest["items"])
    if manifest.get("audit_recorded") is False:
        warn("注意：数据目录只读，本次导出未能记入审计链（导出清单中记有导出人和时间）")
    ctx.emit(manifest, f"已导出 {n} 件证据到 {a.dir}（含 {export.MANIFEST} 与 {export.SUMS}）"
                       f" / exported {n} item(s)")
    return 0


def run_gc(ctx: CliContext) -> int:
    a = ctx.args
    if not math.isfinite(a.grace_hours) or a.grace_hours < 0:
        raise ValidationError(f"--grace-hours 应为不小于 0 的数（小时），收到 {a.grace_hours}",
                              "--grace-hours must be a finite number ≥ 0", field="grace-hours")
    store = ctx.station(create=False)
    if store.read_only:
        raise store.identity_error or StorageError("数据目录只读", "read-only data directory")
    with store.read() as s:
        report = integrity.collect_garbage(s, for_store(store),
                                           grace_s=a.grace_hours * 3600, dry_run=a.dry_run)
    verb = "可清理" if a.dry_run else "已清理"
    text = (f"{verb} {len(report.removed)} 个未引用文件（{report.bytes_freed:,} 字节）、"
            f"{report.temps_removed} 个临时文件；{report.kept_recent} 个新近文件保留")
    if report.temps_kept:
        text += (f"；另有 {report.temps_kept} 个中断导入留下的临时文件（{report.temp_bytes_kept:,} 字节）"
                 f"尚在 {a.grace_hours:g} 小时保留期内，届时清理")
    ctx.emit(asdict(report), text + f" / {len(report.removed)} unreferenced blob(s) "
                                    f"{'found' if a.dry_run else 'removed'}")
    return 0
