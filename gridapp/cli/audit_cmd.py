"""``gridapp audit verify`` and ``gridapp audit show CASE``."""

from __future__ import annotations

import argparse
from typing import Any

from gridapp import audit
from gridapp.caselog.service import find_case
from gridapp.cli.context import CliContext


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("audit", parents=[common], help="执法全过程记录（审计链）")
    ps = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = ps.add_parser("verify", parents=[common], help="校验审计链是否完整、未被篡改")
    v.set_defaults(handler=run_verify)
    s = ps.add_parser("show", parents=[common], help="查看案件的全过程记录")
    s.add_argument("case")
    s.set_defaults(handler=run_show)


def run_verify(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        result = audit.verify(s)
    payload = {"ok": result.ok, "checked": result.checked, "bad_seq": result.bad_seq,
               "bad_id": result.bad_id, "problem": result.problem}
    if result.ok:
        ctx.emit(payload, result.describe())
        return 0
    ctx.emit(payload, result.describe())
    return 1


def run_show(ctx: CliContext) -> int:
    from gridapp.vocab.audit_action import AUDIT_ACTION

    store = ctx.station(create=False)
    with store.read() as s:
        case = find_case(s, ctx.args.case)
        events = audit.events_for_case(s, case.id)
        rows: list[dict[str, str | int]] = [
            {"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action,
             "action_label": AUDIT_ACTION.zh(e.action), "entity": e.entity, "hash": e.hash}
            for e in events
        ]
        text = "\n".join(
            f"#{e.seq} {e.at[:19]} {e.actor} {AUDIT_ACTION.zh(e.action)} {e.hash[:12]}" for e in events
        )
    ctx.emit(rows, text)
    return 0
