"""``gridapp audit verify`` and ``gridapp audit show CASE``."""

from __future__ import annotations

from gridapp import audit
from gridapp.caselog.service import find_case
from gridapp.cli.context import CliContext
from gridapp.timeutil import station_time


def run_verify(ctx: CliContext) -> int:
    store = ctx.station(create=False)
    with store.read() as s:
        result = audit.verify(s)
        sealed = audit.seal_holds(s, store.chain_key)
    if result.ok and sealed:
        result = audit.VerifyResult(False, result.checked, None, None, sealed)
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
            f"#{e.seq} {station_time(audit.event_time(e)):%Y-%m-%d %H:%M:%S} {e.actor} {AUDIT_ACTION.zh(e.action)} {e.hash[:12]}" for e in events
        )
    ctx.emit(rows, text)
    return 0
