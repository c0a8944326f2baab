"""Document-number series are pack data: every template's series exists in every shipped pack."""

from __future__ import annotations

import pytest

from gridapp.documents.numbering import number_format
from gridapp.documents.templates import all_templates
from gridapp.errors import ValidationError
from gridapp.packs import list_packs, load_pack


@pytest.mark.parametrize("code", [p.code for p in list_packs()])
def test_every_template_series_is_numbered_by_the_pack(code: str) -> None:
    pack = load_pack(code)
    prefix = {"shanghai": "沪", "beijing": "京"}[code]
    bureau = pack.bureau(pack.default_bureau)
    for template in all_templates().values():
        number = number_format(pack, template.series).format(year=2026, segment=3, seq=7,
                                                              bureau=bureau.number_prefix)
        # The district bureau's 文号代字 heads the number (沪黄城管…), not the city's alone.
        assert number.startswith(bureau.number_prefix), (template.id, number)
        assert number.startswith(prefix) and "2026" in number, (template.id, number)
        assert "03-" in number, (template.id, number)  # the station segment is shown


def test_a_series_missing_from_the_pack_is_a_clear_error() -> None:
    with pytest.raises(ValidationError) as err:
        number_format(load_pack("shanghai"), "no_such_series")
    assert err.value.field == "numbering.documents" and "no_such_series" in err.value.message_zh
