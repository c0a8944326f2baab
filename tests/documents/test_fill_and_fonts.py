"""Guided filling output and the configurable font paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.documents import fonts
from gridapp.documents.fill import fill_template
from gridapp.documents.templates import get_template
from gridapp.errors import ValidationError
from gridapp.models import Case
from gridapp.store import StationStore


def test_fill_json_names_sources_missing_fields_and_gates(store: StationStore, photo_case: Case,
                                                          run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("doc", "fill", photo_case.number, "penalty_decision", "--json",
                  "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    data = res.json()
    fields = {f["name"]: f for f in data["fields"]}
    assert fields["party_name"]["value"] == "王小明" and fields["party_name"]["provenance"] == "来自当事人"
    assert fields["facts"]["provenance"] == "来自案件"
    assert fields["fine_amount"]["value"] == "300" and fields["fine_amount"]["provenance"] == "来自法律规则评估"
    # Nothing in the record about a statement yet: no pre-printed sentence, the field is empty.
    assert fields["statement_summary"]["provenance"] == "来自案卷记录"
    assert fields["statement_summary"]["value"] == "" and fields["statement_summary"]["missing"]
    assert "现场照片3张" in fields["evidence"]["value"]
    assert fields["doc_number"]["missing"] is False  # assigned at issue
    assert data["can_issue"] is False and data["blocking_gates"] == ["decision_before_filing",
                                                                    "advance_notice_required",
                                                                "penalty_approval_required"]


def test_pure_fill_reports_missing_required_fields() -> None:
    result = fill_template(get_template("rectification_notice"), {"party.name": "王小明"})
    missing = {f.name for f in result.missing}
    assert {"facts", "deadline", "legal_basis"} <= missing and "party_name" not in missing
    with pytest.raises(ValidationError, match="缺少必填项"):
        result.check_issuable()


def test_font_paths_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundled_regular, _ = fonts.font_paths()
    monkeypatch.setenv(fonts.ENV_REGULAR, str(tmp_path / "fangsong.ttf"))
    regular, bold = fonts.font_paths()
    assert regular == tmp_path / "fangsong.ttf" and bold.name == "NotoSerifSC-Bold.ttf"
    with pytest.raises(ValidationError, match="找不到字体文件"):
        fonts.ensure_fonts()
    (tmp_path / "fangsong.ttf").write_bytes(b"not a font")
    with pytest.raises(ValidationError, match="无法嵌入"):
        fonts.ensure_fonts()
    monkeypatch.setenv(fonts.ENV_REGULAR, str(bundled_regular))
    assert fonts.ensure_fonts()[0].startswith(fonts.REGULAR)


def test_the_heading_face_comes_from_the_environment_and_falls_back_for_rare_characters(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from gridapp.documents.fontchain import font_for

    heading = fonts.heading_font()
    assert heading.startswith(fonts.HEADING) and fonts.heading_path().name == "NotoSansSC-Bold.ttf"
    # The heading face holds GB 2312 only: 㐀 (Ext A) and 𠀀 (Ext B) come from the chain after it.
    assert font_for(heading, "违") == heading
    assert font_for(heading, "㐀") not in (None, heading) and font_for(heading, "𠀀") is not None
    monkeypatch.setenv(fonts.ENV_HEADING, str(tmp_path / "heiti.ttf"))
    with pytest.raises(ValidationError, match="找不到字体文件"):
        fonts.heading_font()
    (tmp_path / "heiti.ttf").write_bytes(b"not a font")
    with pytest.raises(ValidationError, match="无法嵌入"):
        fonts.heading_font()


def test_a_no_penalty_decision_starts_its_education_paragraph_from_the_packs_words(
    store: StationStore, photo_case: Case
) -> None:
    from gridapp.documents.service import fill_for_case

    with store.read() as s:
        _case, _template, filled = fill_for_case(store, s, photo_case.id, "no_penalty_decision")
    education = next(f for f in filled.fields if f.name == "education")
    expected = store.pack.violation(photo_case.violation_code).education
    assert expected and education.value == expected and not education.missing
    assert education.provenance == "来自地区规则包"
    with store.read() as s:
        _case, _template, edited = fill_for_case(
            store, s, photo_case.id, "no_penalty_decision",
            ["education=执法人员当场宣读了占道经营的规定，当事人表示理解。"])
    assert next(f for f in edited.fields if f.name == "education").value.startswith("执法人员当场")
