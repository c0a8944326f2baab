"""Legal engine (免罚核查、三色预警、裁量基准、程序关口、期限): pure functions over a pack.

``evaluate_raw(pack, raw_json)`` → ``Evaluation`` (``.to_dict()`` is the CLI/JSON output),
``build_checklist(pack, evaluation)``, ``late_fee(fine, payment_due, as_of)``. No DB, no Qt.
"""

from __future__ import annotations

from gridapp.rules.checklist import build_checklist
from gridapp.rules.engine import Evaluation, evaluate, evaluate_raw
from gridapp.rules.input import ACTIONS, RulesInput, parse_input
from gridapp.rules.latefee import late_fee

__all__ = [
    "ACTIONS",
    "Evaluation",
    "RulesInput",
    "build_checklist",
    "evaluate",
    "evaluate_raw",
    "late_fee",
    "parse_input",
]
