"""``gridapp rules evaluate --pack CODE --input FILE.json [--case CASE]``.

Without ``--case`` it needs no station: the evaluation is printed as JSON on stdout.
With ``--case`` the station's case supplies the violation, party and history where the input
leaves them out, and the evaluation is stored on the case (audit trail included).
"""

from __future__ import annotations

import argparse
from typing import Any

from gridapp.cli.context import CliContext, dumps, read_json_input
from gridapp.packs import DEFAULT_PACK, load_pack
from gridapp.rules import build_checklist, evaluate_raw


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    rules = sub.add_parser("rules", parents=[common], help="执法规则引擎：免罚核查、关口与期限")
    rs = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    ev = rs.add_parser("evaluate", parents=[common], help="评估一个案件情形，输出 JSON")
    ev.add_argument("--pack", default=None, help=f"规则包编码（默认 {DEFAULT_PACK}，或站点规则包）")
    ev.add_argument("--input", required=True, metavar="FILE.json", help="评估输入（- 为标准输入）")
    ev.add_argument("--case", default=None, help="案件编号：结合案件数据评估并保存到案件")
    ev.add_argument(
        "--officer", default=None, help="执法证号（与 --case 一起使用，默认站点首位执法人员）"
    )
    ev.add_argument("--checklist", action="store_true", help="同时输出免罚核查单")
    ev.set_defaults(handler=run_evaluate)


def run_evaluate(ctx: CliContext) -> int:
    raw = read_json_input(ctx.args.input, field="input")
    if ctx.args.case:
        from gridapp.rules.record import evaluate_stored_case

        out = evaluate_stored_case(
            ctx.station(), ctx.args.case, raw, actor=ctx.args.officer, pack_code=ctx.args.pack,
            with_checklist=ctx.args.checklist,
        )
    else:
        pack = load_pack(ctx.args.pack or DEFAULT_PACK)
        evaluation = evaluate_raw(pack, raw)
        out = evaluation.to_dict()
        if ctx.args.checklist:
            out["checklist"] = build_checklist(pack, evaluation)
    print(dumps(out))
    return 0
