"""Templates are data: the bundled set validates, malformed files are refused with the key named."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.documents.templates import all_templates, templates_dir

REQUIRED_IDS = {
    "reminder_card", "rectification_notice", "case_source_register", "filing_approval",
    "site_inspection_record", "inquiry_record", "photo_evidence_sheet",
    "evidence_preservation_notice", "seizure_list", "advance_notice", "statement_record",
    "hearing_notice", "investigation_report", "penalty_approval", "penalty_decision",
    "no_penalty_decision", "first_offence_undertaking", "summary_penalty_decision",
    "service_receipt", "payment_reminder", "closing_report", "seizure_decision", "case_referral",
    "service_address_confirmation", "electronic_service_consent", "seizure_extension",
    "seizure_release", "seized_items_return", "hearing_application", "hearing_schedule_notice",
    "hearing_record", "hearing_report", "legal_review_opinion", "collective_discussion_record",
    "summary_penalty_filing", "substitute_performance_decision", "enforcement_application",
    "no_filing_approval", "case_cancellation_approval", "power_of_attorney", "legal_rep_certificate",
    "education_record", "performance_reminder",
}


def test_bundled_set_is_complete_and_valid(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert set(all_templates()) == REQUIRED_IDS
    res = run_cli("template", "validate")
    assert res.code == 0 and "43 个模板校验通过" in res.out


def test_decisions_declare_the_legal_content() -> None:
    t = all_templates()
    decision = t["penalty_decision"]
    assert {f.name for f in decision.fields if f.required} >= {
        "party_name", "party_address", "facts", "evidence", "legal_basis", "penalty_basis",
        "fine_amount", "review_body", "court", "issue_date", "authority"}
    assert "六十日内" in decision.texts["remedies"] and "六个月内" in decision.texts["remedies"]
    assert "十五日内" in decision.texts["payment"]
    assert decision.gate_action == "issue_penalty_decision"
    assert t["reminder_card"].penalty is False and t["first_offence_undertaking"].penalty is False


GOOD = (templates_dir() / "reminder_card.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "field", "needle"),
    [
        (lambda s: s.replace('version = "2026.1"', 'version = "2026.1"\ncolour = "red"'), "colour", "未知的键"),
        (lambda s: s.replace('text_ref = "body"', 'text = "{nobody}"'), "blocks[4].text", "未声明的字段"),
        (lambda s: s.replace('source = "case.address"', 'source = "case.adress"'), "fields[3].source", "来源"),
        (lambda s: s.replace('type = "title"', 'type = "banner"'), "blocks[1].type", "版面块类型"),
        (lambda s: s.replace('category = "served"', 'category = "misc"'), "category", "category"),
        (lambda s: s.replace('[texts]', '[texts'), "toml", "TOML"),
        (lambda s: s.replace('id = "reminder_card"', 'id = "other_card"'), "id", "文件名"),
        (lambda s: s.replace('version = "2026.1"', 'version = "2026.1"\npages = 0.5'), "pages", "pages 须为"),
        (lambda s: s.replace('version = "2026.1"', 'version = "2026.1"\npages = true'), "pages", "pages 须为"),
        (lambda s: s.replace('version = "2026.1"', 'version = "2026.1"\npages = -1'), "pages", "pages 须为"),
        (lambda s: s.replace('type = "seal"', 'type = "signatures"\nboxes = ["officers"]\n'
                                              'officer_badges = "31010001"'),
         "blocks[7].officer_badges", "officer_badges"),
        (lambda s: s.replace('type = "title"', 'type = "title"\nkeep_with_next = "yes"'),
         "blocks[1].keep_with_next", "keep_with_next"),
    ],
)
def test_malformed_template_is_refused(tmp_path: Path, run_cli, edit, field: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "reminder_card.toml"
    bad.write_text(edit(GOOD), encoding="utf-8")
    res = run_cli("template", "validate", bad)
    assert res.code == 2, res.out
    assert f"[{field}]" in res.err and needle in res.err, res.err


def test_missing_template_file(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli("template", "validate", tmp_path / "none.toml")
    assert res.code == 2 and "找不到模板文件" in res.err
