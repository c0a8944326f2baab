"""The case status state machine. Illegal transitions raise ``TransitionError``."""

from __future__ import annotations

from gridapp.errors import TransitionError
from gridapp.vocab.case_status import CASE_STATUS

TRANSITIONS: dict[str, frozenset[str]] = {
    "discovered": frozenset({"verified", "dismissed"}),
    "verified": frozenset({"rectifying", "filed", "closed", "dismissed"}),
    "rectifying": frozenset({"filed", "closed"}),
    "filed": frozenset({"investigated", "closed"}),
    "investigated": frozenset({"decided", "closed"}),
    "decided": frozenset({"executing", "closed"}),
    "executing": frozenset({"closed"}),
    "closed": frozenset(),
    "dismissed": frozenset(),
}

TERMINAL = frozenset({"closed", "dismissed"})
# Cases that are not a party's earlier case (not established): see ``query.earlier_cases``.
NOT_A_PRIOR = frozenset({"discovered", "dismissed"})

# The three-colour stage a status implies at least (a case never moves back down a colour).
STAGE_FLOOR: dict[str, str] = {"rectifying": "orange", "filed": "red"}
STAGE_ORDER = ("yellow", "orange", "red")


def check_transition(current: str, target: str) -> None:
    if target not in CASE_STATUS:
        allowed = "、".join(CASE_STATUS.codes)
        raise TransitionError(
            f"未知的案件状态“{target}”，可用状态：{allowed}",
            f"unknown case status {target!r}",
            field="status",
        )
    if target not in TRANSITIONS[current]:
        options = "、".join(f"{s}（{CASE_STATUS.zh(s)}）" for s in sorted(TRANSITIONS[current]))
        raise TransitionError(
            f"案件当前状态为“{CASE_STATUS.zh(current)}”，不能转为“{CASE_STATUS.zh(target)}”。"
            + (f"允许的下一状态：{options}" if options else "该状态为终结状态。"),
            f"illegal transition {current} -> {target}",
            field="status",
        )


def raised_stage(current_stage: str, status: str) -> str:
    floor = STAGE_FLOOR.get(status)
    if floor is None:
        return current_stage
    return max(current_stage, floor, key=STAGE_ORDER.index)
