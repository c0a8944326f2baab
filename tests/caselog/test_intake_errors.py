"""Case input reports every bad field at once (a form), and the first one (the CLI)."""

from __future__ import annotations

import pytest

from gridapp.caselog.intake import collect_case, parse_case
from gridapp.errors import ValidationError
from tests.conftest import DEMO_CASE_INPUT


def test_every_bad_field_is_reported_at_once() -> None:
    data = dict(DEMO_CASE_INPUT, violation="", lat=95, source="fax",
                party=dict(DEMO_CASE_INPUT["party"], id_number="310101199001011235",  # type: ignore[arg-type]
                           care_flags=["vip"]))
    case, errors = collect_case(data)
    assert case is None
    assert [e.field for e in errors] == [
        "source", "party.care_flags", "party.id_number", "violation", "lat"]
    assert all(e.message_zh for e in errors)
    with pytest.raises(ValidationError) as first:
        parse_case(data)
    assert first.value.field == "source"


def test_the_identity_number_is_normalised_at_intake() -> None:
    data = dict(DEMO_CASE_INPUT, party=dict(DEMO_CASE_INPUT["party"],  # type: ignore[arg-type]
                                            kind="organisation",
                                            id_number="91310000ma1fl0000x"))
    case, errors = collect_case(data)
    assert case is None and [e.field for e in errors] == ["party.id_number"]
    good = parse_case(dict(DEMO_CASE_INPUT))
    assert good.party is not None and good.party.id_number == "310101199001011234"
