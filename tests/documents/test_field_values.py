"""``--field`` values that reach a printed document: nothing unprintable, no absurd amounts."""

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
        ("site_inspection_record", "end=2026-11-28 23:50\x01\x02", "控制字符"),
        ("site_inspection_record", "witness=李四\x0b王五", "控制字符"),
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


def test_line_breaks_and_tabs_in_a_value_are_kept(  # type: ignore[no-untyped-def]
    store: StationStore, photo_case: Case, run_cli
) -> None:
    res = run_cli("doc", "issue", photo_case.number, "site_inspection_record",
                  "--field", "end=2026-11-28 23:50", "--field", "witness=李四\n王五\t（邻居）",
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    assert _docs(store) == 1
