"""Issue 10, fault 8 — service (送达) as 民事诉讼法第八十八条至第九十一条 and 行政处罚法第六十一条 want
it, proven on the printed 送达回证 (pdftotext) and through the real CLI:

- no date pre-printed in the recipient's box (the signer writes it, 第八十八条第二款);
- 留置送达 with a line for each witness to sign, or the photo record by its case-file label (第八十九条);
- a 代收人 with the relation (第八十八条);
- 电子送达 only with a signed 电子送达确认书 on the case (行政处罚法第六十一条第二款);
- 邮寄送达 dated the receipt day with the tracking number (第九十一条);
- no internal id printed anywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.documents.service import find_document
from gridapp.documents.serving import render_receipt, services_of
from gridapp.models import Case, DocumentService, Evidence
from gridapp.store import StationStore
from tests.documents.conftest import days_ago, issue, pdftotext, serve

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _receipt(store: StationStore, number: str, tmp_path: Path, name: str = "r.pdf") -> str:
    with store.read() as s:
        doc = find_document(s, number)
        services = services_of(s, doc.id)
        pdf = render_receipt(store, s, doc, services[-1] if services else None).pdf
    out = tmp_path / name
    out.write_bytes(pdf)
    return pdftotext(out)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _box(text: str, label: str, nxt: str) -> str:
    flat = _squash(text)
    return flat[flat.index(label): flat.index(nxt, flat.index(label))]


def test_the_recipients_box_has_no_printed_date_even_after_service(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    from datetime import date

    notice = issue(store, photo_case, "rectification_notice",
                   issue_date=date.fromisoformat(days_ago(1)))
    served = days_ago(1)
    serve(store, notice.number, served_on=served)
    text = _receipt(store, notice.number, tmp_path)
    shown = "{}年{}月{}日".format(*(int(p) for p in served.split("-")))
    box = _box(text, "受送达人签收", "代收人签收")
    assert "年月日" in box and shown not in box and served not in box, box
    assert shown in _box(text, "送达人张建国", "备注"), "the server records the date of service"


def test_left_with_service_prints_a_signature_line_per_witness(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    serve(store, notice.number, method="left", refusal_reason="当事人拒绝签收并离开",
          witnesses=("王芳（南京东路街道居委会）", "陈强（所在市场管理处）"),
          place="上海市黄浦区福州路8号")
    text = _receipt(store, notice.number, tmp_path)
    lines = [line for line in text.splitlines() if "见证人：" in line]
    assert len(lines) == 2 and all("签名" in line for line in lines), text
    assert "王芳（南京东路街道居委会）" in lines[0] and "陈强（所在市场管理处）" in lines[1]
    assert "当事人拒绝签收并离开" in text and "留置送达" in text
    # Left at the party's residence (民事诉讼法第八十九条): the place the officer gave.
    assert "送达地点" in text and "上海市黄浦区福州路8号" in _box(text, "送达地点", "送达方式")


def test_left_with_service_by_photo_names_the_photo_never_its_id(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", notice.number, "--method", "left", "--refusal-reason", "拒绝签收",
                  "--place", "上海市黄浦区福州路8号", "--evidence", f"{photo_case.number}#2", "--json", "--data-dir", store.data_dir)
    assert res.code == 0, res.err
    with store.read() as s:
        photo_id = s.scalars(select(Evidence.id).where(Evidence.case_id == photo_case.id,
                                                       Evidence.item_no == 2)).one()
    assert res.json()["evidence"].startswith(f"{photo_case.number}#2")
    assert photo_id not in res.out
    text = _receipt(store, notice.number, tmp_path)
    assert f"{photo_case.number}#2" in _squash(text)
    assert not UUID.search(text) and photo_id[:8] not in text
    assert "见证人：" not in text, "recorded on photo: no blank witness lines to fill in later"


def test_an_agent_signs_with_the_relation_stated(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    d = store.data_dir
    res = run_cli("doc", "serve", notice.number, "--method", "direct", "--agent", "王秀英",
                  "--data-dir", d)
    assert res.code == 2 and "[agent_relation]" in res.err and "第八十八条" in res.err, res.err
    res = run_cli("doc", "serve", notice.number, "--method", "direct", "--agent", "王秀英",
                  "--agent-relation", "同住成年家属（母亲）", "--data-dir", d)
    assert res.code == 0, res.err
    box = _box(_receipt(store, notice.number, tmp_path), "代收人签收", "留置送达")
    assert "王秀英" in box and "同住成年家属（母亲）" in box and "年月日" in box


def test_electronic_service_needs_the_signed_consent_document(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    d = store.data_dir
    # A ticked box is not the consent 行政处罚法第六十一条第二款 requires: the signed 确认书 is.
    res = run_cli("doc", "serve", notice.number, "--method", "electronic", "--consent",
                  "--data-dir", d)
    assert res.code == 2 and "电子送达确认书" in res.err and "第六十一条第二款" in res.err, res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0
    consent = issue(store, photo_case, "electronic_service_consent",
                    ["channel=手机短信", "address=13800138000"])
    consent_text = tmp_path / "consent.pdf"
    res = run_cli("doc", "render", consent.number, "--out", str(consent_text), "--data-dir", d)
    assert res.code == 0, res.err
    flat = _squash(pdftotext(consent_text))
    assert "电子送达确认书" in flat and "13800138000" in flat and "第六十一条第二款" in flat
    res = run_cli("doc", "serve", notice.number, "--method", "electronic", "--data-dir", d)
    assert res.code == 0, res.err
    text = _squash(_receipt(store, notice.number, tmp_path))
    assert f"依据电子送达确认书{consent.number}" in text and "13800138000" in text


def test_postal_service_is_dated_the_receipt_day_with_its_tracking_number(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    notice = issue(store, photo_case, "rectification_notice")
    d = store.data_dir
    mailed, received = days_ago(0), days_ago(0)
    res = run_cli("doc", "serve", notice.number, "--method", "post", "--data-dir", d)
    assert res.code == 2 and "[tracking_number]" in res.err and "第九十一条" in res.err, res.err
    res = run_cli("doc", "serve", notice.number, "--method", "post", "--tracking-number",
                  "1151234567890", "--data-dir", d)
    assert res.code == 2 and "[served_on]" in res.err and "回执" in res.err, res.err
    res = run_cli("doc", "serve", notice.number, "--method", "post", "--tracking-number",
                  "1151234567890", "--mailed-on", mailed, "--date", received, "--json",
                  "--data-dir", d)
    assert res.code == 0, res.err
    assert res.json()["served_on"] == received and res.json()["tracking_number"] == "1151234567890"
    text = _squash(_receipt(store, notice.number, tmp_path))
    assert "邮件号：1151234567890" in text and f"回执签收日期：{received}" in text


def test_postal_service_goes_to_the_address_the_party_confirmed(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    confirmed = issue(store, photo_case, "service_address_confirmation",
                      ["address=上海市静安区康定路1号201室"])
    notice = issue(store, photo_case, "rectification_notice")
    serve(store, notice.number, method="post", served_on=days_ago(0), tracking_number="9876")
    text = _squash(_receipt(store, notice.number, tmp_path))
    assert "送达地点上海市静安区康定路1号201室" in text
    assert f"寄往送达地址确认书{confirmed.number}确认的地址" in text


def test_a_blank_receipt_leaves_every_date_and_two_witness_lines_to_fill_by_hand(
        store: StationStore, photo_case: Case, tmp_path: Path) -> None:
    notice = issue(store, photo_case, "rectification_notice")
    text = _receipt(store, notice.number, tmp_path)
    assert len([line for line in text.splitlines() if "见证人：" in line]) == 2
    flat = _squash(text)
    assert "送达日期：" in flat and not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", flat), flat


@pytest.mark.parametrize(
    ("extra", "field", "needle"),
    [
        (["--method", "post", "--tracking-number", "1", "--date", "2026-13-01"], "served_on", "YYYY-MM-DD"),
        (["--method", "post", "--tracking-number", "1", "--date", "{today}", "--mailed-on", "x"],
         "mailed_on", "交寄日期"),
        (["--method", "direct", "--tracking-number", "1"], "tracking_number", "只用于邮寄送达"),
        (["--method", "left", "--refusal-reason", "拒收", "--witness", "甲\x1b[31m"], "witness", "控制字符"),
        (["--method", "left", "--refusal-reason", "拒收", "--agent", "乙", "--agent-relation", "家属",
          "--witness", "甲"], "agent", "代收人"),
        (["--method", "left", "--refusal-reason", "拒收", *[a for i in range(5) for a in ("--witness", f"见证{i}")]],
         "witness", "最多"),
    ],
)
def test_bad_service_details_are_refused_and_nothing_is_written(
        store: StationStore, photo_case: Case, run_cli,  # type: ignore[no-untyped-def]
        extra: list[str], field: str, needle: str) -> None:
    doc = issue(store, photo_case, "rectification_notice")
    argv = [a.replace("{today}", days_ago(0)) for a in extra]
    res = run_cli("doc", "serve", doc.number, *argv, "--data-dir", store.data_dir)
    assert res.code == 2 and needle in res.err and f"[{field}]" in res.err, res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0


def test_left_with_service_needs_the_place_given_even_with_a_known_residence(
        store: StationStore, photo_case: Case, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    """民事诉讼法第八十九条: the document is left where it was actually left — the officer states
    the place; the party's recorded address (上海市黄浦区福州路8号) is never filled in silently."""
    from gridapp.errors import ValidationError

    notice = issue(store, photo_case, "rectification_notice")
    with pytest.raises(ValidationError, match="留置的地点") as err:
        serve(store, notice.number, method="left", refusal_reason="当事人拒绝签收并离开",
              witnesses=("王芳（南京东路街道居委会）",))
    assert err.value.field == "place" and "《民事诉讼法》第八十九条" in err.value.message_zh
    res = run_cli("doc", "serve", notice.number, "--method", "left", "--refusal-reason", "拒收",
                  "--witness", "王芳（南京东路街道居委会）", "--data-dir", store.data_dir)
    assert res.code == 2 and "[place]" in res.err and "第八十九条" in res.err, res.err
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(DocumentService)) == 0
    serve(store, notice.number, method="left", refusal_reason="当事人拒绝签收并离开",
          witnesses=("王芳（南京东路街道居委会）",), place="上海市黄浦区九江路20号摊位")
    text = _receipt(store, notice.number, tmp_path)
    assert "上海市黄浦区九江路20号摊位" in _box(text, "送达地点", "送达方式")


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["--method", "direct", "--witness", "随便"], "见证人只用于留置送达"),
        (["--method", "notice", "--witness", "王芳（南京东路街道居委会）"], "见证人只用于留置送达"),
        (["--method", "left", "--refusal-reason", "拒收", "--place", "福州路8号",
          *[a for i in range(4) for a in ("--witness", f"王{i}（" + "南京东路街道居民委员会" * 5 + "）")]],
         "不超过 200 字"),
    ],
)
def test_witnesses_only_for_left_with_service_and_never_cut(
        store: StationStore, photo_case: Case, run_cli,  # type: ignore[no-untyped-def]
        extra: list[str], needle: str) -> None:
    doc = issue(store, photo_case, "rectification_notice")
    res = run_cli("doc", "serve", doc.number, *extra, "--data-dir", store.data_dir)
    assert res.code == 2 and needle in res.err and "[witness]" in res.err, res.err
    with store.read() as s:
        assert (s.scalar(select(func.count(DocumentService.id))) or 0) == 0
