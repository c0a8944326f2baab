"""Issuing, refusing, voiding, reissuing, serving and verifying documents (real station DB)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.audit import events_for_case
from gridapp.documents.render import render_document
from gridapp.documents.service import find_document, render_copy, stored_pdf
from gridapp.documents.templates import get_template
from gridapp.errors import GateBlockedError, ValidationError
from gridapp.models import Case, Document, NumberPool
from gridapp.store import StationStore
from tests.conftest import DEMO_PARTY_ID
from tests.documents.conftest import days_ago, issue, pdftotext, serve


def _counts(store: StationStore) -> tuple[int, int, int]:
    with store.read() as s:
        docs = s.scalar(select(func.count(Document.id))) or 0
        used = sum(p.next_value - p.first for p in s.scalars(select(NumberPool)))
    blobs = sum(1 for p in store.blobs_dir.rglob("*") if p.is_file()) if store.blobs_dir.exists() else 0
    return docs, used, blobs


def test_missing_required_field_refuses_and_writes_nothing(store: StationStore, photo_case: Case) -> None:
    before = _counts(store)
    with pytest.raises(ValidationError) as err, store.session() as s:
        from gridapp.documents.service import issue_document

        issue_document(store, s, photo_case.number, "rectification_notice", [], "31010001")
    assert err.value.field == "deadline"
    assert "改正期限" in err.value.message_zh and "不能签发" in err.value.message_zh
    assert before == _counts(store)


def test_blocking_gate_refuses_with_reason(store: StationStore, photo_case: Case) -> None:
    before = _counts(store)
    with pytest.raises(GateBlockedError) as err:
        issue(store, photo_case, "penalty_decision")
    assert err.value.field == "advance_notice_required"
    assert "事先告知书" in err.value.message_zh
    assert before == _counts(store)


def test_decision_after_notice_period_is_issued_and_audited(store: StationStore, photo_case: Case) -> None:
    notice = issue(store, photo_case, "advance_notice", issue_date=date.fromisoformat(days_ago(20)))
    serve(store, notice.number, served_on=days_ago(20))
    decision = issue(store, photo_case, "penalty_decision")
    assert re.fullmatch(r"沪黄城管罚字〔\d{4}〕第01-0001号", decision.number)
    with store.read() as s:
        doc = find_document(s, decision.number)
        data = stored_pdf(store, doc)
        events = [e for e in events_for_case(s, photo_case.id) if e.action == "doc.issue"]
    import hashlib

    assert hashlib.sha256(data).hexdigest() == decision.pdf_sha256 == doc.pdf_sha256
    assert any(decision.pdf_sha256 in e.after_json for e in events)
    assert all(DEMO_PARTY_ID not in e.after_json for e in events)


def test_void_keeps_number_and_reissue_takes_the_next(store: StationStore, photo_case: Case,
                                                      tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    first = issue(store, photo_case, "rectification_notice")
    with pytest.raises(ValidationError, match="尚未作废"):
        issue(store, photo_case, "rectification_notice", replaces=first.number)
    d = str(store.data_dir)
    bad = run_cli("doc", "void", first.number, "--reason", "  ", "--data-dir", d)
    assert bad.code == 2 and "理由" in bad.err
    ok = run_cli("doc", "void", first.number, "--reason", "改正期限写错", "--data-dir", d)
    assert ok.code == 0, ok.err
    second = issue(store, photo_case, "rectification_notice", replaces=first.number)
    assert first.number.endswith("第01-0001号") and second.number.endswith("第01-0002号")
    with store.read() as s:
        old = find_document(s, first.number)
        assert old.voided_at is not None and old.void_reason == "改正期限写错"
        assert find_document(s, second.number).replaces_id == old.id
    again = run_cli("doc", "void", first.number, "--reason", "x", "--data-dir", d)
    assert again.code == 2 and "已" in again.err
    serve(store, second.number)  # a 回证 is bound in only for recorded service
    out = tmp_path / "cf.pdf"
    res = run_cli("casefile", photo_case.number, "--out", out, "--data-dir", d)
    assert res.code == 0, res.err
    text = re.sub(r"\s+", "", pdftotext(out))
    for phrase in (first.number, second.number, "作废", "卷内目录", "卷内备考表", "送达回证",
                   "现场照片证据", "执法全过程记录摘要", "改正期限写错"):
        assert phrase in text, phrase


def test_archive_and_party_copies_are_complete_and_only_the_public_copy_masks(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    doc = issue(store, photo_case, "site_inspection_record")
    d = str(store.data_dir)
    copies = {c: tmp_path / f"{c}.pdf" for c in ("file", "party", "public")}
    for copy, out in copies.items():
        assert run_cli("doc", "render", doc.number, "--copy", copy, "--out", out,
                       "--data-dir", d).code == 0
    texts = {c: re.sub(r"\s+", "", pdftotext(p)) for c, p in copies.items()}
    # The archive copy identifies the party (it goes into the case file); so does the party's.
    assert DEMO_PARTY_ID in texts["file"] and DEMO_PARTY_ID in texts["party"]
    assert DEMO_PARTY_ID not in texts["public"] and "3101**********1234" in texts["public"]
    # Apart from the copy label, the archive and party copies say exactly the same.
    assert texts["file"].replace("【存档联】", "") == texts["party"].replace("【当事人联】", "")
    for pdf in copies.values():
        res = run_cli("doc", "verify", pdf, "--data-dir", d)
        assert res.code == 0 and "一致" in res.out, res.out + res.err


def test_verify_reports_altered_text(store: StationStore, photo_case: Case, tmp_path: Path,
                                     run_cli) -> None:  # type: ignore[no-untyped-def]
    import json

    doc = issue(store, photo_case, "rectification_notice")
    with store.read() as s:
        row = find_document(s, doc.number)
        values = json.loads(row.fields_json)
        original = render_copy(store, s, row, "file")
    values["correction"] = "停止违法行为"  # a forger shortens the order but keeps number and QR data
    forged = render_document(get_template("rectification_notice"), values, number=doc.number,
                             station="测试中队", authority="上海市城市管理行政执法局")
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(original)
    bad.write_bytes(forged.pdf)
    d = str(store.data_dir)
    ok = run_cli("doc", "verify", good, "--data-dir", d)
    assert ok.code == 0 and doc.number in ok.out
    res = run_cli("doc", "verify", bad, "--json", "--data-dir", d)
    assert res.code == 1
    data = res.json()
    assert data["status"] == "mismatch" and data["claimed_number"] == doc.number
    not_pdf = tmp_path / "x.pdf"
    not_pdf.write_text("hello")
    res = run_cli("doc", "verify", not_pdf, "--data-dir", d)
    assert res.code == 2 and "PDF" in res.err


def test_numbers_are_gapless_across_a_refused_issue(store: StationStore, photo_case: Case) -> None:
    a = issue(store, photo_case, "rectification_notice")
    with pytest.raises(ValidationError):
        issue(store, photo_case, "rectification_notice", extra=["correction="])
    b = issue(store, photo_case, "rectification_notice")
    seqs = [int(re.search(r"第\d\d-(\d+)号", n).group(1)) for n in (a.number, b.number)]  # type: ignore[union-attr]
    assert seqs[1] == seqs[0] + 1


def test_issued_documents_keep_their_template_after_it_is_edited(
    store: StationStore, photo_case: Case, tmp_path: Path, run_cli, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    import shutil

    from gridapp.documents import templates

    doc = issue(store, photo_case, "site_inspection_record")
    edited = tmp_path / "templates"
    shutil.copytree(templates.templates_dir(), edited)
    path = edited / "site_inspection_record.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("检查情况及结果：", "（改版后的栏目）"),
                    encoding="utf-8")
    monkeypatch.setattr(templates, "templates_dir", lambda: edited)  # a bureau edits its templates
    assert "改版后的栏目" in str(templates.get_template("site_inspection_record").blocks)
    d = str(store.data_dir)
    party_copy, casefile = tmp_path / "party.pdf", tmp_path / "casefile.pdf"
    assert run_cli("doc", "render", doc.number, "--copy", "party", "--out", party_copy,
                   "--data-dir", d).code == 0
    assert run_cli("casefile", photo_case.number, "--out", casefile, "--data-dir", d).code == 0
    for pdf in (party_copy, casefile):
        text = re.sub(r"\s+", "", pdftotext(pdf))
        assert "检查情况及结果" in text and "改版后的栏目" not in text
    res = run_cli("doc", "verify", party_copy, "--data-dir", d)
    assert res.code == 0, res.out + res.err
