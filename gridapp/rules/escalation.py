"""Repeat count (priors) and the three-colour stage (三色预警).

priors = history entries of the same violation code dated within ``window_days`` before as_of
(inclusive of both ends). Stage: 0 → yellow (温馨提示), 1 → orange (责令改正), ≥ 2 → red (立案).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from gridapp.rules.input import HistoryEntry


def count_priors(
    history: Iterable[HistoryEntry], violation: str, as_of: date, window_days: int
) -> int:
    start = as_of - timedelta(days=window_days)
    return sum(1 for h in history if h.violation == violation and start <= h.date <= as_of)


def stage_for(priors: int) -> str:
    if priors <= 0:
        return "yellow"
    return "orange" if priors == 1 else "red"
