"""``gridapp device encrypt|recovery-key|recover``: the station's encryption keys."""

from __future__ import annotations

import sys

from gridapp.cli.context import CliContext, actor_badge
from gridapp.errors import ValidationError


def run_encrypt(ctx: CliContext) -> int:
    from gridapp.conversion import encrypt_station, needs_conversion

    if not needs_conversion(ctx.data_dir):
        ctx.emit({"converted": False}, "本站数据已经加密保存，无需转换")
        return 0
    from gridapp.keys import unlock

    given = unlock.credentials()
    badge, password = (given.badge, given.password) if given is not None else ("", "")

    def progress(stage: str, done: int, total: int) -> None:
        what = "数据库" if stage == "database" else "证据文件"
        print(f"加密{what} {done}/{total}", file=sys.stderr, flush=True)

    report = encrypt_station(ctx.data_dir, badge, password, progress=progress)
    lines = [f"已将站点数据转换为加密存储：数据库 {report.tables} 张表共 {report.rows} 行已校验，"
             f"证据文件 {report.files} 个已加密。"]
    if report.removed_backups:
        lines.append(f"已删除明文备份 {len(report.removed_backups)} 个："
                     + "、".join(report.removed_backups))
    if report.need_reset:
        lines.append("以下执法人员须由中队长重置密码后才能登录（gridapp officer reset 执法证号）："
                     + "、".join(report.need_reset))
    lines.append("提示：删除的明文文件在部分磁盘上仍可能残留，建议同时启用全盘加密。")
    ctx.emit({"converted": True, "tables": report.tables, "rows": report.rows,
              "files": report.files, "removed_backups": report.removed_backups,
              "need_reset": report.need_reset}, "\n".join(lines))
    return 0


def run_recovery_key(ctx: CliContext) -> int:
    import base64
    import binascii

    from gridapp.accounts import roles
    from gridapp.keys import slots

    store = ctx.station(create=False)
    badge = actor_badge(ctx, store)
    with store.read() as s:
        roles.require(store.officer_by_badge(s, badge), "accounts.manage")
    if store.data_key is None:
        raise ValidationError("本站数据尚未加密：请先运行 gridapp device encrypt",
                              "the station is not encrypted yet", field="data-dir")
    try:
        raw = base64.b64decode(ctx.args.public_key.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("恢复公钥应为 gridapp-hq recovery-key 显示的 base64 文本",
                              "the recovery key must be base64", field="public_key") from exc
    if len(raw) != 32:
        raise ValidationError("恢复公钥长度不对（应为 32 字节的 X25519 公钥）",
                              "the recovery key must be 32 bytes", field="public_key")
    slot = slots.recovery_slot(store.data_key, raw)
    slots.edit(store.data_dir, lambda keys: slots.with_slot(keys, slot))
    ctx.emit({"key_id": slot.key_id}, f"已登记指挥中心恢复公钥（指纹 {slot.key_id}）")
    return 0


def run_recover(ctx: CliContext) -> int:
    from gridapp.accounts.recovery import recover_account

    code = sys.stdin.readline().strip()
    password = sys.stdin.readline().rstrip("\r\n")
    recover_account(ctx.data_dir, ctx.args.badge, code, password)
    ctx.emit({"badge": ctx.args.badge, "must_change_password": True},
             f"已用恢复码为 {ctx.args.badge} 设置新密码；首次登录后须更改密码")
    return 0
