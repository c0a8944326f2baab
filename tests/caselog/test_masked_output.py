"""Minimisation on output: the CLI's case and party listings, case details and error messages
never print a full identity or phone number (masked with ``caselog.identity``); the party's own
copy of a document keeps the full number (tests/documents/test_issue.py)."""

from __future__ import annotations

import pytest

from gridapp.caselog import service
from gridapp.caselog.identity import mask_phone, mask_typed
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, DEMO_PARTY_ID, LEAD_BADGE

PHONE = "13800138000"
OTHER_ID = "11010519491231002X"
OTHER_PHONE = "021-63211234"


@pytest.fixture
def two_namesakes(store: StationStore, demo_case: Case) -> Case:
    """A second 王小明 (another person) on another case."""
    data = dict(DEMO_CASE_INPUT)
    data["party"] = dict(DEMO_CASE_INPUT["party"], id_number=OTHER_ID,  # type: ignore[arg-type]
                         phone=OTHER_PHONE, address="上海市黄浦区河南中路1号")
    with store.session() as s:
        service.create_case(store, s, data, LEAD_BADGE)
    return demo_case


def full_numbers_absent(text: str) -> None:
    for full in (DEMO_PARTY_ID, PHONE, OTHER_ID, OTHER_PHONE, OTHER_PHONE.replace("-", "")):
        assert full not in text, full
        for encoded in (full.encode("utf-8"), full.encode("utf-16-le")):
            assert encoded not in text.encode("utf-8")


def test_case_and_party_output_is_masked(store: StationStore, two_namesakes: Case,
                                         run_cli) -> None:  # type: ignore[no-untyped-def]
    d = str(store.data_dir)
    number = two_namesakes.number
    calls = [
        ("case", "show", number), ("case", "show", number, "--json"),
        ("case", "list"), ("case", "list", "--json"),
        ("case", "search", "王小明"), ("case", "search", "王小明", "--json"),
        ("party", "history", number), ("party", "history", number, "--json"),
        ("party", "history", "--id-number", DEMO_PARTY_ID, "--json"),
    ]
    for args in calls:
        res = run_cli(*args, "--data-dir", d)
        assert res.code == 0, (args, res.err)
        full_numbers_absent(res.out + res.err)
    shown = run_cli("case", "show", number, "--json", "--data-dir", d).json()["party"]
    assert shown["phone"] == "138****8000" and shown["id_number"] == "3101**********1234"


def test_error_messages_echo_numbers_masked(store: StationStore, two_namesakes: Case,
                                            run_cli) -> None:  # type: ignore[no-untyped-def]
    d = str(store.data_dir)
    ambiguous = run_cli("party", "history", "--name", "王小明", "--data-dir", d)
    assert ambiguous.code == 2 and "2 位当事人" in ambiguous.err
    assert "138****8000" in ambiguous.err and "021-****1234" in ambiguous.err
    full_numbers_absent(ambiguous.err)
    for args in (("--phone", "13912345678"), ("--id-number", "310101199001011235"),
                 ("31010119900101123X",)):
        missing = run_cli("party", "history", *args, "--data-dir", d)
        assert missing.code == 2 and "找不到" in missing.err, missing.err
        assert "13912345678" not in missing.err and "310101199001011235" not in missing.err
        assert "31010119900101123X" not in missing.err


def test_the_masking_helpers() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("021-63211234") == "021-****1234"
    assert mask_phone("1234567") == "*******"
    assert mask_typed("王小明") == "王小明"
    assert mask_typed(DEMO_PARTY_ID) == "3101**********1234"
    assert mask_typed("沪城管案〔2026〕03-000001") == "沪城管案〔2026〕03-000001"
