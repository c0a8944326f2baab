"""Import warnings: each is found, recorded on the item with the officer's reason, in the audit
event and on the photo evidence sheet; without a (good) reason nothing is written."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gridapp import audit
from gridapp.caselog import service as case_service
from gridapp.documents.service import find_document, issue_document, stored_pdf
from gridapp.errors import ValidationError
from gridapp.evidence import service
from gridapp.evidence.capture import WarningsNeedReason, import_files, prepare_import
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Evidence
from gridapp.store import StationStore
from tests.conftest import DEMO_CASE_INPUT, LEAD_BADGE, station_sql
from tests.documents.conftest import FREE_FIELDS, pdftotext
from tests.evidence.conftest import PHOTOS, state, write_photo

ITALY = PHOTOS / "jpg_gps_DSCN0010.jpg"  # taken 2008-10-22, GPS in Italy
CANON = PHOTOS / "jpg_Canon_40D.jpg"  # taken 2008-05-30, no GPS


def _rows(store: StationStore, ids: list[str]) -> list[Evidence]:
    with store.read() as s:
        rows = [s.get(Evidence, i) for i in ids]
        assert all(r is not None for r in rows)
        return [r for r in rows if r is not None]


def _codes(row: Evidence) -> list[str]:
    return [w["code"] for w in json.loads(row.warnings_json)]


def _refused(store: StationStore, call: Callable[[], Any]) -> WarningsNeedReason:
    before = state(store)
    with pytest.raises(WarningsNeedReason) as caught:
        call()
    assert state(store) == before, "no row, no event, no outbox entry, no blob, no temp file"
    assert caught.value.field == "reason" and caught.value.exit_code == 2
    return caught.value


@pytest.fixture
def placed_case(store: StationStore) -> Case:
    """The demo case (act 2026-11-19) with coordinates: 南京东路, Shanghai."""
    with store.session() as s:
        return case_service.create_case(
            store, s, dict(DEMO_CASE_INPUT, lat=31.2357, lon=121.4812), LEAD_BADGE)


def test_a_photo_whose_only_date_is_exif_datetime_keeps_it_with_its_source(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path) -> None:
    from PIL import Image

    src = tmp_path / "saved.jpg"
    exif = Image.Exif()
    exif[0x0132] = "2026:11:19 08:40:00"  # IFD0 DateTime only: no DateTimeOriginal, no XMP
    Image.new("RGB", (64, 48), (90, 120, 160)).save(src, "JPEG", exif=exif)
    [item_id] = import_files(store, demo_case.id, [src], actor=LEAD_BADGE, worker=worker)
    [row] = _rows(store, [item_id])
    assert row.capture_time_source == "exif_datetime"
    with store.read() as s:
        assert service.item_view(s, row).captured_at == "2026-11-19T08:40:00+08:00"
    assert json.loads(row.warnings_json) == [], "a time of its own: no 'no capture time'"


def test_the_same_file_twice_in_a_case(store: StationStore, demo_case: Case,
                                       worker: DecodeWorker, tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "IMG_1.jpg", (64, 48), when="2026:11:19 09:00:00", gps=None)
    [first] = import_files(store, demo_case.id, [photo], actor=LEAD_BADGE, worker=worker)
    assert _codes(_rows(store, [first])[0]) == [], "nothing doubtful the first time"
    refused = _refused(store, lambda: import_files(store, demo_case.id, [photo],
                                                   actor=LEAD_BADGE, worker=worker))
    [w] = refused.warnings
    assert w.code == "duplicate" and f"与本案已有的证据 {demo_case.number}#1" in w.text
    assert "IMG_1.jpg" in refused.message_zh and "须说明理由" in refused.message_zh
    [again] = import_files(store, demo_case.id, [photo], actor=LEAD_BADGE, worker=worker,
                           reason="同一照片另作物证")
    row = _rows(store, [again])[0]
    assert _codes(row) == ["duplicate"] and row.warning_reason == "同一照片另作物证"
    with store.read() as s:
        event = next(e for e in audit.events_for_case(s, demo_case.id)
                     if e.action == "evidence.add" and e.entity_id == again)
        after = json.loads(event.after_json)
        assert after["warning_reason"] == "同一照片另作物证"
        assert after["warnings"] == [w.text]
        assert service.item_view(s, row).warnings == (w.text,)
    # a same-batch repeat is named too
    other = write_photo(tmp_path / "IMG_2.jpg", (64, 48), when="2026:11:19 09:05:00", gps=None)
    refused = _refused(store, lambda: import_files(store, demo_case.id, [other, other],
                                                   actor=LEAD_BADGE, worker=worker))
    assert [w.text for w in refused.warnings] == ["IMG_2.jpg：与本次导入的 IMG_2.jpg 内容完全相同"]


def test_a_photo_from_another_case_names_that_case(store: StationStore, demo_case: Case,
                                                   worker: DecodeWorker, tmp_path: Path) -> None:
    photo = write_photo(tmp_path / "IMG_1.jpg", (64, 48), when="2026:11:19 09:00:00", gps=None)
    import_files(store, demo_case.id, [photo], actor=LEAD_BADGE, worker=worker)
    with store.session() as s:
        other = case_service.create_case(store, s, dict(DEMO_CASE_INPUT), LEAD_BADGE)
    refused = _refused(store, lambda: import_files(store, other.id, [photo], actor=LEAD_BADGE,
                                                   worker=worker))
    [w] = refused.warnings
    assert f"与另一案件 {demo_case.number} 的证据 {demo_case.number}#1" in w.text


def test_a_photo_taken_long_before_the_act(store: StationStore, demo_case: Case,
                                           worker: DecodeWorker) -> None:
    refused = _refused(store, lambda: import_files(store, demo_case.id, [CANON],
                                                   actor=LEAD_BADGE, worker=worker))
    [w] = refused.warnings
    assert w.code == "before_act"
    assert w.text == ("jpg_Canon_40D.jpg：拍摄于 2008-05-30，早于违法行为日期 2026-11-19 超过 3 天，"
                      "请核实是否本案证据")
    [item] = import_files(store, demo_case.id, [CANON], actor=LEAD_BADGE, worker=worker,
                          reason="当事人提供的旧照片，证明长期设摊")
    assert _codes(_rows(store, [item])[0]) == ["before_act"]


def test_a_photo_taken_after_the_import(store: StationStore, demo_case: Case,
                                        worker: DecodeWorker, tmp_path: Path) -> None:
    future = write_photo(tmp_path / "future.jpg", (64, 48), when="2031:01:01 09:00:00", gps=None)
    refused = _refused(store, lambda: import_files(store, demo_case.id, [future],
                                                   actor=LEAD_BADGE, worker=worker))
    assert [w.code for w in refused.warnings] == ["after_import"]
    assert "晚于导入时间" in refused.warnings[0].text


def test_gps_far_from_the_case(store: StationStore, placed_case: Case, worker: DecodeWorker,
                               tmp_path: Path) -> None:
    near = write_photo(tmp_path / "near.jpg", (64, 48), when="2026:11:19 09:00:00",
                       gps=(31.2360, 121.4815))  # about 40 m away
    refused = _refused(store, lambda: import_files(store, placed_case.id, [near, ITALY],
                                                   actor=LEAD_BADGE, worker=worker))
    assert {w.file for w in refused.warnings} == {ITALY.name}, "the near photo raises nothing"
    far = next(w for w in refused.warnings if w.code == "far")
    assert "拍摄位置距案发地点约 90" in far.text and "公里" in far.text  # ≈ 9,000 km
    ids = import_files(store, placed_case.id, [near, ITALY], actor=LEAD_BADGE, worker=worker,
                       reason="意大利照片系当事人手机中的原图，作为参考")
    near_row, italy_row = _rows(store, ids)
    assert _codes(near_row) == [] and near_row.warning_reason == ""
    assert _codes(italy_row) == ["before_act", "far"]
    assert italy_row.warning_reason == "意大利照片系当事人手机中的原图，作为参考"


def test_no_capture_time(store: StationStore, demo_case: Case, worker: DecodeWorker,
                         tmp_path: Path) -> None:
    bare = write_photo(tmp_path / "bare.jpg", (64, 48), when=None, gps=None)
    refused = _refused(store, lambda: import_files(store, demo_case.id, [bare],
                                                   actor=LEAD_BADGE, worker=worker))
    assert [w.code for w in refused.warnings] == ["no_time"]
    assert refused.warnings[0].text == "bare.jpg：没有拍摄时间（只有文件修改时间），请核实拍摄时间"


@pytest.mark.parametrize(("reason", "said"), [
    ("", "导入理由不能为空"),
    ("   \t ", "导入理由不能为空"),
    ("已核实\x00", "控制字符（U+0000）"),
    ("已核实\x1b[2J", "控制字符（U+001B）"),
    ("第一行\n第二行", "控制字符（U+000A）"),
    ("\u202e已核实", "控制字符（U+202E）"),
    ("理" * 1001, "导入理由 过长（1,001 个字，最多 1,000 个字）"),
])
def test_a_bad_reason_is_refused_in_chinese_before_any_file_is_read(
        store: StationStore, demo_case: Case, worker: DecodeWorker, reason: str,
        said: str) -> None:
    before = state(store)
    with pytest.raises(ValidationError) as caught:
        import_files(store, demo_case.id, [CANON], actor=LEAD_BADGE, worker=worker,
                     reason=reason)
    assert caught.value.field == "reason" and said in caught.value.message_zh
    assert state(store) == before


def test_a_warning_that_appears_after_the_question_refuses_the_import(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path) -> None:
    from gridapp.evidence.capture import commit_import

    photo = write_photo(tmp_path / "IMG_1.jpg", (64, 48), when="2026:11:19 09:00:00", gps=None)
    pending = prepare_import(store, demo_case.id, [photo], actor=LEAD_BADGE, worker=worker)
    assert pending.warnings == ()
    import_files(store, demo_case.id, [photo], actor=LEAD_BADGE, worker=worker)  # meanwhile
    with pytest.raises(ValidationError) as caught:
        commit_import(store, pending, None)
    assert "出现了新的提示" in caught.value.message_zh and "内容完全相同" in caught.value.message_zh
    with store.read() as s:
        assert len(s.scalars(select(Evidence)).all()) == 1


def test_the_reason_is_printed_on_the_photo_evidence_sheet(
        store: StationStore, demo_case: Case, worker: DecodeWorker, tmp_path: Path) -> None:
    import_files(store, demo_case.id, [ITALY], actor=LEAD_BADGE, worker=worker,
                 caption="占道设摊现场", reason="当事人提供的旧照片")
    with store.session() as s:
        issued = issue_document(store, s, demo_case.number, "photo_evidence_sheet",
                                FREE_FIELDS["photo_evidence_sheet"], LEAD_BADGE)
    pdf = tmp_path / "sheet.pdf"
    with store.read() as s:
        pdf.write_bytes(stored_pdf(store, find_document(s, issued.id)))
    text = "".join(pdftotext(pdf).split())  # the layout breaks lines anywhere
    assert "导入提示：jpg_gps_DSCN0010.jpg：拍摄于2008-10-22" in text
    assert "确认理由：当事人提供的旧照片" in text


def test_cli_lists_the_warnings_and_needs_a_reason(
        store: StationStore, demo_case: Case, run_cli: Any) -> None:
    d = ("--data-dir", store.data_dir)
    before = state(store)
    r = run_cli("evidence", "add", demo_case.number, CANON, *d)
    assert r.code == 2
    assert "以下 1 条提示须核实" in r.err and "jpg_Canon_40D.jpg：拍摄于 2008-05-30" in r.err
    assert "--reason" in r.err and "未导入任何文件" in r.err
    assert state(store) == before
    r = run_cli("evidence", "add", demo_case.number, CANON, "--json", *d)
    assert r.code == 2
    shown = json.loads(r.out)
    assert shown["imported"] == [] and shown["warnings"][0]["code"] == "before_act"
    assert state(store) == before
    for bad, said in (("", "导入理由不能为空"), ("a\x1bb", "控制字符"), ("长" * 1001, "过长")):
        r = run_cli("evidence", "add", demo_case.number, CANON, "--reason", bad, *d)
        assert r.code == 2 and said in r.err, r.err
        assert state(store) == before
    r = run_cli("evidence", "add", demo_case.number, CANON, "--reason", "当事人提供的旧照片", *d)
    assert r.code == 0, r.err
    assert "提示（1 条，已随证据记录）" in r.out and "导入理由：当事人提供的旧照片" in r.out
    r = run_cli("evidence", "show", f"{demo_case.number}#1", *d)
    assert "提示：jpg_Canon_40D.jpg：拍摄于 2008-05-30" in r.out
    assert "导入理由：当事人提供的旧照片" in r.out
    r = run_cli("evidence", "list", demo_case.number, "--json", *d)
    [item] = json.loads(r.out)
    assert item["warning_reason"] == "当事人提供的旧照片" and len(item["warnings"]) == 1
    r = run_cli("evidence", "list", demo_case.number, *d)
    assert "[有 1 条提示]" in r.out


def test_warnings_and_reason_are_pinned_by_verify_and_older_rows_still_verify(
        store: StationStore, demo_case: Case, worker: DecodeWorker) -> None:

    from gridapp import changes
    from gridapp.integrity.station import verify_station

    [warned] = import_files(store, demo_case.id, [CANON], actor=LEAD_BADGE, worker=worker,
                            reason="当事人提供的旧照片")
    report = verify_station(store)
    assert report.ok, [f.describe() for f in report.findings]
    # A row digested before schema 0005 had neither column; with their migration defaults the
    # digest is the same, so an upgraded station verifies clean.
    with store.read() as s:
        values = changes.stored_values(s, _rows(store, [warned])[0])
    older = {k: v for k, v in values.items() if k not in ("warnings_json", "warning_reason")}
    assert changes.row_digest("evidence", dict(older, warnings_json="[]", warning_reason="")) \
        == changes.row_digest("evidence", older)
    con = station_sql(store.db_path, isolation_level=None)
    try:
        con.execute("UPDATE evidence SET warning_reason = '', warnings_json = '[]' WHERE id = ?",
                    (warned,))
    finally:
        con.close()
    found = [f.describe() for f in verify_station(store).findings]
    assert any("jpg_Canon_40D.jpg" in f and "导入理由" in f for f in found), found
