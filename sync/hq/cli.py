"""``gridapp-hq``: run and administer the HQ server.

Every command takes ``--data DIR`` (blobs, and the SQLite database unless ``--db URL``).
Exit codes: 0 success, 1 a refusal (message on stderr, in Chinese), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sync.hq.service import HQError


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="gridapp-hq", description="城管网格执法助手 指挥中心服务器")
    sub = ap.add_subparsers(dest="command", required=True, metavar="命令")

    def cmd(name: str, help_text: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_text, description=help_text)
        sp.add_argument("--data", required=True, type=Path, help="指挥中心数据目录")
        sp.add_argument("--db", default=None, help="数据库 URL（默认：数据目录中的 SQLite 文件）")
        return sp

    sp = cmd("serve", "启动同步服务")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=int, required=True)
    sp.add_argument("--certfile", default=None, help="TLS 证书（PEM）")
    sp.add_argument("--keyfile", default=None, help="TLS 私钥（PEM）")
    sp = cmd("enroll-code", "为站点生成一次性注册码（24 小时内有效）")
    sp.add_argument("--station", required=True)
    cmd("devices", "列出已注册设备").add_argument("--json", action="store_true")
    cmd("revoke", "撤销设备的同步权限").add_argument("device")
    cmd("cases", "列出指挥中心所存案件").add_argument("--json", action="store_true")
    cmd("conflicts", "列出同步冲突").add_argument("--json", action="store_true")
    cmd("alarms", "列出告警（审计链断开、文件被拒收）").add_argument("--json", action="store_true")
    sp = cmd("dispatch", "把 12345 工单派发给网格所属站点（站点同步后出现在执法人员的今日待办）")
    sp.add_argument("--grid", required=True, help="网格编码")
    sp.add_argument("--json", required=True, type=Path, dest="order",
                    help="工单 JSON：ticket, violation, address, facts, 可选 officer（执法证号）, due（ISO 时间）")
    sp = cmd("publish-pack", "发布管辖规则包，供各站点同步应用")
    sp.add_argument("file", type=Path)
    cmd("verify", "核验各站点审计链是否连续、每个文件的哈希值")
    cmd("recovery-key", "显示指挥中心恢复公钥（站点注册时自动登记；没有则生成）")
    sp = cmd("recover", "用恢复私钥打开站点的密钥文件，给出该站点的恢复码")
    sp.add_argument("keys", type=Path, help="站点数据目录中的 keys.json")
    sp = cmd("exposure", "列出某设备上有（或可能有）其个人信息的当事人（设备丢失后的告知依据）")
    sp.add_argument("device")
    sp.add_argument("--full", action="store_true", help="显示完整证件号码和电话")
    sp.add_argument("--json", action="store_true")
    sub.add_parser("openapi", help="输出 OpenAPI 接口说明（JSON）")
    return ap


def _print(value: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(value, ensure_ascii=False, indent=2))
        return
    for row in value:
        print("  ".join(f"{k}={v}" for k, v in row.items()))


def main(argv: Sequence[str] | None = None) -> int:
    from gridapp.paths import keep_private

    keep_private()
    args = _parser().parse_args(argv)
    if args.command == "openapi":
        from sync.hq.openapi import schema_json

        sys.stdout.write(schema_json())
        return 0
    from sync.hq.app import HQ

    try:
        hq = HQ(args.data, args.db)
    except Exception as exc:  # an unreachable database, an unwritable data dir
        print(f"无法打开指挥中心数据：{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    try:
        return _run(args, hq)
    except HQError as exc:
        print(exc.zh, file=sys.stderr)
        return 1
    finally:
        hq.close()


def _run(args: argparse.Namespace, hq: Any) -> int:
    from sync.hq import service

    if args.command == "serve":
        import uvicorn

        from sync.hq.app import create_app

        uvicorn.run(create_app(hq), host=args.host, port=args.port, log_level="warning",
                    ssl_certfile=args.certfile, ssl_keyfile=args.keyfile)
        return 0
    with hq.transaction() as s:
        if args.command == "enroll-code":
            print(service.create_enrol_code(s, args.station))
        elif args.command == "devices":
            _print(service.devices(s), args.json)
        elif args.command == "revoke":
            dev = service.revoke(s, args.device)
            print(f"已撤销设备 {dev.id}（站点“{dev.station}”）的同步权限")
        elif args.command == "cases":
            _print(service.cases(s), args.json)
        elif args.command == "conflicts":
            _print(service.conflicts(s).model_dump(mode="json")["conflicts"], args.json)
        elif args.command == "alarms":
            _print(service.alarms(s), args.json)
        elif args.command == "dispatch":
            made = service.dispatch(s, _order(args.order, args.grid))
            print(json.dumps(made, ensure_ascii=False))
        elif args.command == "publish-pack":
            return _publish(s, args.file)
        elif args.command == "recovery-key":
            print(hq.recovery_key)
        elif args.command == "recover":
            return _recover(hq, args.keys)
        elif args.command == "exposure":
            _print(service.exposure(s, args.device, full=args.full), args.json)
        elif args.command == "verify":
            problems = service.verify(s, hq.blobs)
            for line in problems:
                print(line)
            if problems:
                return 1
            print("一致：各站点审计链连续，所有文件哈希值正确")
    return 0


def _recover(hq: Any, keys_file: Path) -> int:
    from gridapp.accounts.recovery import code_text
    from gridapp.errors import GridappError
    from gridapp.keys import slots
    from sync.hq import recovery

    if keys_file.name != slots.KEYS_FILENAME or not keys_file.is_file():
        print(f"请给出站点数据目录中的 {slots.KEYS_FILENAME} 文件", file=sys.stderr)
        return 2
    try:
        keys = slots.load(keys_file.parent)
    except GridappError as exc:
        print(exc.message_zh, file=sys.stderr)
        return 2
    assert keys is not None
    private = recovery.private_raw(recovery.load_or_create(hq.data_dir))
    for slot in keys.slots:
        if slot.kind == "recovery":
            key = slots.open_recovery_slot(slot, private)
            if key is not None and slots.key_check(key) == keys.key_check:
                print(code_text(key))
                return 0
    print("该密钥文件没有本指挥中心的恢复槽（站点未在本中心注册，或注册早于恢复公钥）",
          file=sys.stderr)
    return 1


def _order(path: Path, grid: str) -> Any:
    from datetime import datetime

    from gridapp.errors import GridappError
    from gridapp.inputlimits import load_json, read_document
    from sync.hq.service import Dispatch

    try:
        data = load_json(read_document(path), what="工单")
    except (GridappError, ValueError) as exc:
        why = exc.message_zh if isinstance(exc, GridappError) else str(exc)
        raise HQError(400, "bad_order", f"无法读取工单 {path}：{why}", str(exc)) from exc
    if not isinstance(data, dict):
        raise HQError(400, "bad_order", "工单应为 JSON 对象", "the order must be a JSON object")
    missing = [k for k in ("ticket", "violation", "address", "facts")
               if not isinstance(data.get(k), str) or not data[k].strip()]
    if missing:
        raise HQError(400, "bad_order", f"工单缺少：{'、'.join(missing)}",
                      f"order lacks: {', '.join(missing)}")
    due = None
    if data.get("due") not in (None, ""):
        try:
            due = datetime.fromisoformat(str(data["due"]))
        except ValueError as exc:
            raise HQError(400, "bad_order", f"工单的 due 不是 ISO 时间：{data['due']}",
                          "due is not an ISO time") from exc
        if due.tzinfo is None:
            raise HQError(400, "bad_order", "工单的 due 须带时区，如 2026-11-28T12:00:00+08:00",
                          "due needs a UTC offset")
        if not 2000 <= due.year <= 2100:
            raise HQError(400, "bad_order", f"工单的 due 年份不合理：{data['due']}",
                          "due is out of range")
    coords = []
    for key in ("lat", "lon"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise HQError(400, "bad_order", f"工单的 {key} 应为数字", f"{key} must be a number")
        coords.append(float(value) if value is not None else None)
    return Dispatch(ticket=data["ticket"].strip(), grid=grid, violation=data["violation"],
                    address=data["address"], facts=data["facts"],
                    officer=str(data.get("officer") or ""), due_at=due,
                    lat=coords[0], lon=coords[1])


def _publish(session: Any, path: Path) -> int:
    from gridapp.errors import GridappError
    from gridapp.packs import validate_file
    from sync.hq import service

    try:
        pack = validate_file(path)
        text = path.read_text(encoding="utf-8")
    except GridappError as exc:
        print(f"规则包校验未通过，未发布：{exc.message_zh}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"无法读取规则包 {path}：{exc}", file=sys.stderr)
        return 1
    row = service.publish_pack(session, pack.code, pack.version, text)
    print(f"已发布规则包 {pack.code} {pack.version}（第 {row.id} 号）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
