"""``--field`` values that reach a printed document."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gridapp.models import Case, Document
from gridapp.store import StationStore


def _docs(store: StationStore) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Document.id))) or 0


@pytest.mark.parametrize(
    ("template", "pair", "needle"),
    [
        ("penalty_decision", "fine_amount=inf", "金额"),
        ("penalty_decision", "fine_amount=nan", "金额"),
    ],
)
def test_unprintable_or_absurd_values_are_refused(  # type: ignore[no-untyped-def]
    store: StationStore, photo_case: Case, run_cli, template: str, pair: str, needle: str
) -> None:
    res = run_cli("doc", "issue", photo_case.number, template, "--field", pair,
                  "--data-dir", store.data_dir)
    assert res.code == 2, res.out
    assert needle in res.err and pair.split("=", maxsplit=1)[0] in res.err
    assert _docs(store) == 0

