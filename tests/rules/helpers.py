"""Building rules inputs for tests: a plain street-vending case, patched per test."""

from __future__ import annotations

import copy
from typing import Any

from gridapp.packs import load_pack
from gridapp.rules import Evaluation, evaluate_raw


def base_input(**top: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "as_of": "2026-11-20",
        "violation": "street-vending",
        "party": {"kind": "person", "age": 35},
        "facts": {"harm": "slight", "corrected": False, "act_date": "2026-11-19"},
        "history": [],
    }
    raw.update(copy.deepcopy(top))
    return raw


def patched(raw: dict[str, Any], **sections: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    for key, values in sections.items():
        out.setdefault(key, {}).update(values)
    return out


def run(raw: dict[str, Any], pack: str = "shanghai") -> Evaluation:
    return evaluate_raw(load_pack(pack), raw)


def gates(ev: Evaluation) -> dict[str, bool]:
    return {g.gate: g.blocking for g in ev.gates}


def deadline(ev: Evaluation, name: str) -> str | None:
    return next((d.due.isoformat() for d in ev.deadlines if d.name == name), None)


def history(*entries: tuple[str, str]) -> list[dict[str, str]]:
    return [{"violation": v, "date": d, "outcome": "yellow"} for v, d in entries]
