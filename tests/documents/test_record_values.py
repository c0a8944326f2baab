"""Printed values taken from the record, not a template default: the 结案审批表's 处理结果 is the
decision (or order to correct) the file holds, never the case status; the 案件来源登记表 prints
"无" for the reporter only where the officers found the case themselves; the 陈述申辩笔录 no
longer pre-prints "无" for the evidence the party offered."""

from __future__ import annotations

import re
from pathlib import Path

from gridapp.caselog import service
from gridapp.documents.service import find_document, stored_pdf
from gridapp.models import Case
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import days_ago, evaluate, issue, pay, pdftotext, serve


def _flat(store: StationStore, number: str, tmp_path: Path) -> str:
    out = tmp_path / "doc.pdf"
    with store.read() as s:
        out.write_bytes(stored_pdf(store, find_document(s, number)))
    return re.sub(r"\s+", "", pdftotext(out))


def _row(flat: str, label: str, nxt: str) -> str:
    at = flat.index(label)
    return flat[at + len(label): flat.index(nxt, at)]


def _reporter(flat: str) -> str:
    """The reporter's cell (its label wraps in its narrow column: the label's pieces removed)."""
    cell = _row(flat, "举报人", "当事人")
    for piece in ("及联系方式", "及联系", "方式"):
        cell = cell.replace(piece, "")
    return cell


def test_the_closing_form_states_what_was_decided_not_the_case_status(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    serve(store, notice.number, served_on=days_ago(0))
    # (no fine: what was done is written by the officer)
    closing = issue(store, photo_case, "closing_report", ["execution=当事人已按期改正"])
    outcome = _row(_flat(store, closing.number, tmp_path), "处理结果", "执行情况")
    assert outcome == f"责令（限期）改正通知书（{notice.number}）", outcome
    assert "待核实" not in outcome and "discovered" not in outcome


def test_the_closing_form_names_the_penalty_decision_and_its_fine(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    decision = issue(store, photo_case, "summary_penalty_decision")
    pay(store, photo_case, "100", way="on_site", receipt="沪财罚No.0012345")  # before closing
    closing = issue(store, photo_case, "closing_report")
    outcome = _row(_flat(store, closing.number, tmp_path), "处理结果", "执行情况")
    assert outcome == f"当场作出行政处罚决定（{decision.number}），给予罚款100元的行政处罚", outcome


def test_the_reporter_is_none_only_for_a_case_the_officers_found(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    found = issue(store, photo_case, "case_source_register")
    assert _reporter(_flat(store, found.number, tmp_path)) == "无（巡查发现）"
    with store.session() as s:
        reported = service.create_case(store, s, dict(DEMO_CASE_INPUT, source="hotline"),
                                       LEAD_BADGE)
    evaluate(store, reported)
    register = issue(store, reported, "case_source_register")
    assert _reporter(_flat(store, register.number, tmp_path)) == ""
    named = issue(store, reported, "case_source_register", ["reporter=张女士（13900000000）"])
    assert "张女士（13900000000）" in _flat(store, named.number, tmp_path)


def test_the_statement_record_does_not_preprint_no_evidence(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    doc = issue(store, photo_case, "statement_record")
    assert "提交的证据：无" not in _flat(store, doc.number, tmp_path)
    offered = issue(store, photo_case, "statement_record", ["evidence_offered=摊位租赁合同1份"])
    assert "提交的证据：摊位租赁合同1份" in _flat(store, offered.number, tmp_path)
