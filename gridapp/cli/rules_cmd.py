"""``gridapp rules evaluate --pack CODE --input FILE.json [--case CASE]``.

Without ``--case`` it needs no station: the evaluation is printed as JSON on stdout.
With ``--case`` the station's case supplies the violation, party and history where the input
leaves them out, and the evaluation is stored on the case (audit trail included).
"""

from __future__ import annotations

from gridapp.cli.context import CliContext, dumps, read_json_input
from gridapp.packs import DEFAULT_PACK, load_pack
from gridapp.rules import build_checklist, evaluate_raw


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
