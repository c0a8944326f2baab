"""送达回证 details (民事诉讼法第八十七条至第九十二条) checked on the printed receipt (pdftotext) and
its laid-out page: rows the service did not use are struck through; each 送达人 signs on a line
of their own with the 执法证号; a unit's signer states in what capacity (第八十八条); 留置送达
witnesses are named with their organisation (第八十九条); the recipient's box carries no printed
date unless nobody signed (留置、邮寄), where the record's date is written."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from gridapp.caselog import service
from gridapp.documents.layout import LineOp
from gridapp.documents.render import layout_document
from gridapp.documents.service import find_document
from gridapp.documents.serving import receipt_values, render_receipt, services_of
from gridapp.documents.templates import get_template
from gridapp.models import Case, DocumentService
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE
from tests.documents.conftest import days_ago, evaluate, issue, pdftotext, serve

WITNESSES = ("王芳（南京东路街道居委会）", "陈强（南京东路第一居委会）")


def _receipt(store: StationStore, number: str, tmp_path: Path) -> tuple[str, int]:
    """The receipt's text and how many rows are struck through (diagonal lines)."""
    with store.read() as s:
        doc = find_document(s, number)
        services = services_of(s, doc.id)
        svc = services[-1] if services else None
        pdf = render_receipt(store, s, doc, svc).pdf
        values = receipt_values(s, doc, svc, "上海市黄浦区城市管理行政执法局")
    flow = layout_document(get_template("service_receipt"), values)
    struck = sum(1 for page in flow.pages for op in page
                 if isinstance(op, LineOp) and op.y1 != op.y2 and op.x1 != op.x2)
    out = tmp_path / "receipt.pdf"
    out.write_bytes(pdf)
    return pdftotext(out), struck


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cn(iso: str) -> str:
    y, m, d = (int(p) for p in iso.split("-"))
    return f"{y}年{m}月{d}日"


def test_a_left_with_receipt_strikes_unused_rows_and_dates_the_refusal(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    serve(store, notice.number, method="left", refusal_reason="当事人拒绝签收并离开",
          witnesses=WITNESSES, place="上海市黄浦区福州路8号")
    text, struck = _receipt(store, notice.number, tmp_path)
    flat = _flat(text)
    assert struck == 2, "the 代收人 and the 邮寄、电子送达 rows are struck through"
    assert "代收人：" not in flat and "与受送达人关系" not in flat
    # Nobody signed: the record's date of the 留置 is written, no date line left to fill.
    assert f"受送达人拒绝签收，{_cn(days_ago(0))}留置送达" in flat
    lines = [line for line in text.splitlines() if "见证人：" in line]
    assert [w in line for w, line in zip(WITNESSES, lines, strict=True)] == [True, True]
    # One signature line per 送达人, each with the 执法证号.
    servers = [line for line in text.splitlines() if "执法证号" in line and "签名：" in line]
    assert len(servers) == 2, text
    assert "张建国（执法证号31010001）" in servers[0] and "李明（执法证号31010002）" in servers[1]


def test_a_direct_receipt_strikes_the_other_methods_rows_and_prints_no_recipient_date(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    serve(store, notice.number)
    text, struck = _receipt(store, notice.number, tmp_path)
    assert struck == 3, "代收人, 留置送达, 邮寄、电子送达 struck through"
    flat = _flat(text)
    box = flat[flat.index("受送达人签收"): flat.index("代收人签收")]
    assert "年月日" in box and _cn(days_ago(0)) not in box, box
    assert "拒收事由：" not in flat


def test_a_blank_receipt_strikes_nothing_and_asks_each_witness_for_the_organisation(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    text, struck = _receipt(store, notice.number, tmp_path)
    assert struck == 0
    lines = [line for line in text.splitlines() if "见证人：" in line]
    assert len(lines) == 2 and all("单位：" in line for line in lines), lines


def test_a_witness_without_the_organisation_is_refused(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", notice.number, "--method", "left", "--refusal-reason", "拒收",
                  "--witness", "王芳", "--data-dir", store.data_dir)
    assert res.code == 2 and "[witness]" in res.err, res.err
    assert "所在单位" in res.err and "第八十九条" in res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0


def test_a_units_receipt_names_the_signers_capacity(
        store: StationStore, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        unit = service.create_case(store, s, dict(DEMO_CASE_INPUT, party={
            "kind": "organisation", "name": "上海某某餐饮管理有限公司",
            "id_number": "91310101MA1FPX1234", "address": "上海市黄浦区福州路8号"}), LEAD_BADGE)
    evaluate(store, unit)
    notice = issue(store, unit, "rectification_notice")
    blank, _ = _receipt(store, notice.number, tmp_path)
    assert "签收人身份：□法定代表人□主要负责人□负责收件的人（收发部门）" in _flat(blank)
    d = store.data_dir
    res = run_cli("doc", "serve", notice.number, "--method", "direct", "--signer-role", "boss",
                  "--data-dir", d)
    assert res.code == 2 and "[signer_role]" in res.err, res.err
    res = run_cli("doc", "serve", notice.number, "--method", "direct", "--signer-role", "head",
                  "--data-dir", d)
    assert res.code == 0, res.err
    flat = _flat(_receipt(store, notice.number, tmp_path)[0])
    assert "签收人身份：主要负责人" in flat and "□" not in flat


def test_a_persons_receipt_takes_no_signer_capacity(
        store: StationStore, photo_case: Case, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", notice.number, "--method", "direct", "--signer-role",
                  "legal_rep", "--data-dir", store.data_dir)
    assert res.code == 2 and "[signer_role]" in res.err and "单位" in res.err, res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0
