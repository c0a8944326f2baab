"""Evidence from the workbench: import with progress, skipped files, cancel, withdrawal."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridapp.errors import GridappError, ValidationError
from gridapp.evidence import service as evidence
from gridapp.evidence.capture import WarningsNeedReason
from gridapp.evidence.worker import DecodeWorker
from gridapp.store import StationStore
from gridapp.workbench.actions import (
    abandon_import,
    create_case,
    finish_import,
    import_files,
    prepare_import,
    withdraw_evidence,
)
from tests.conftest import OFFICER_BADGE
from tests.workbench.conftest import DRAFT, PHOTOS, TWO_PHOTOS, holdings


@pytest.fixture
def case_id(store: StationStore, lead_id: str) -> str:
    return create_case(store, DRAFT, lead_id).case_id


def _listed(store: StationStore, case_id: str) -> list[evidence.EvidenceView]:
    with store.read() as s:
        return evidence.list_items(s, case_id)


def test_progress_is_reported_and_the_importer_recorded(store: StationStore, case_id: str,
                                                        officer: str, worker: DecodeWorker) -> None:
    seen: list[tuple[int, int]] = []
    result = import_files(store, case_id, list(TWO_PHOTOS), officer, worker=worker,
                          progress=lambda done, total: seen.append((done, total)), reason="已核实，属本案证据")
    assert seen == [(1, 2), (2, 2)]
    items = _listed(store, case_id)
    assert [i.label for i in items] == list(result.imported)
    assert {i.officer_badge for i in items} == {OFFICER_BADGE}


def test_a_cancelled_import_writes_nothing_and_is_no_error(store: StationStore, case_id: str,
                                                           lead_id: str,
                                                           worker: DecodeWorker) -> None:
    before = holdings(store)
    calls: list[tuple[int, int]] = []
    result = import_files(store, case_id, list(TWO_PHOTOS), lead_id, worker=worker,
                          progress=lambda done, total: calls.append((done, total)),
                          cancelled=lambda: len(calls) >= 1, reason="已核实，属本案证据")  # cancel after the first file
    assert calls == [(1, 2)], "the first photo was prepared before the cancel"
    assert result.cancelled is True and result.imported == () and result.skipped == ()
    assert holdings(store) == before, "no evidence row, no outbox/audit entry, no blob left"
    assert _listed(store, case_id) == []


def test_unusable_files_are_skipped_with_the_reason(store: StationStore, case_id: str,
                                                    lead_id: str, worker: DecodeWorker,
                                                    tmp_path: Path) -> None:
    note = tmp_path / "说明.txt"
    note.write_text("不是照片", encoding="utf-8")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((PHOTOS / "jpg_Canon_40D.jpg").read_bytes()[:600])  # cut off
    missing = tmp_path / "gone.jpg"
    good = TWO_PHOTOS[0]
    result = import_files(store, case_id, [note, broken, missing, good], lead_id, worker=worker, reason="已核实，属本案证据")
    assert len(result.imported) == 1 and not result.cancelled
    reasons = dict(result.skipped)
    assert set(reasons) == {str(note), str(broken), str(missing)}
    assert "不支持的文件类型" in reasons[str(note)]
    assert "无法解码" in reasons[str(broken)] or "损坏" in reasons[str(broken)]
    assert "文件不存在" in reasons[str(missing)]
    assert [i.original_name for i in _listed(store, case_id)] == [good.name]


def test_nothing_usable_imports_nothing(store: StationStore, case_id: str, lead_id: str,
                                        tmp_path: Path) -> None:
    before = holdings(store)
    result = import_files(store, case_id, [tmp_path / "gone.jpg"], lead_id, reason="已核实，属本案证据")
    assert result.imported == () and len(result.skipped) == 1 and not result.cancelled
    assert holdings(store) == before


def test_withdrawal_keeps_the_item_listed_as_withdrawn(store: StationStore, case_id: str,
                                                       lead_id: str, worker: DecodeWorker) -> None:
    result = import_files(store, case_id, list(TWO_PHOTOS), lead_id, worker=worker, reason="已核实，属本案证据")
    first, second = _listed(store, case_id)
    before = holdings(store)
    with pytest.raises(ValidationError) as empty:
        withdraw_evidence(store, first.id, "   ", lead_id)
    assert empty.value.field == "reason" and "理由" in empty.value.message_zh
    assert holdings(store) == before
    view = withdraw_evidence(store, first.id, "照片拍摄对象错误", lead_id)
    assert view.withdrawn and view.withdrawn_reason == "照片拍摄对象错误"
    items = _listed(store, case_id)
    assert [i.label for i in items] == list(result.imported), "still listed, same numbers"
    assert [(i.withdrawn, i.withdrawn_reason) for i in items] == [
        (True, "照片拍摄对象错误"), (False, "")]
    with pytest.raises(ValidationError):
        withdraw_evidence(store, first.id, "再次撤回", lead_id)
    assert second.withdrawn is False


def test_a_retired_officer_cannot_import_or_withdraw(store: StationStore, case_id: str,
                                                     lead_id: str, officer: str,
                                                     worker: DecodeWorker) -> None:
    from gridapp.officers import retire
    from tests.conftest import LEAD_BADGE

    import_files(store, case_id, [TWO_PHOTOS[0]], lead_id, worker=worker, reason="已核实，属本案证据")
    item = _listed(store, case_id)[0]
    with store.session() as s:
        retire(store, s, OFFICER_BADGE, actor=LEAD_BADGE)
    before = holdings(store)
    for act in (lambda: import_files(store, case_id, [TWO_PHOTOS[1]], officer, worker=worker, reason="已核实，属本案证据"),
                lambda: withdraw_evidence(store, item.id, "错误", officer)):
        with pytest.raises(GridappError) as caught:
            act()
        assert "已停用" in caught.value.message_zh
    assert holdings(store) == before


def test_the_same_file_again_is_imported_with_a_word_about_what_it_repeats(
        store: StationStore, case_id: str, lead_id: str, worker: DecodeWorker) -> None:
    first = import_files(store, case_id, [str(TWO_PHOTOS[0])], lead_id, worker=worker,
                         reason="已核实")
    assert not any("内容完全相同" in w for _l, w in first.warnings)
    again = import_files(store, case_id, [str(TWO_PHOTOS[0]), str(TWO_PHOTOS[1]),
                                          str(TWO_PHOTOS[1])], lead_id, worker=worker,
                         reason="同一照片另作物证")
    assert len(again.imported) == 3, "a second copy may be intended: it is imported"
    words = [w for _label, w in again.warnings if "内容完全相同" in w]
    assert len(words) == 2
    assert "与本案已有的证据" in words[0] and first.imported[0] in words[0]
    assert "与本次导入的 jpg_Canon_40D.jpg" in words[1]
    other = create_case(store, DRAFT, lead_id)
    elsewhere = import_files(store, other.case_id, [str(TWO_PHOTOS[0])], lead_id, worker=worker,
                             reason="两案同一现场")
    case_number = first.imported[0].split("#")[0]
    assert any(f"与另一案件 {case_number} 的证据" in w for _l, w in elsewhere.warnings)


def test_photos_that_do_not_fit_the_case_need_a_reason_and_keep_their_warnings(
        store: StationStore, case_id: str, lead_id: str, worker: DecodeWorker,
        tmp_path: Path) -> None:
    from tests.evidence.conftest import write_photo

    here = write_photo(tmp_path / "here.jpg", when="2026:11:28 09:35:00",
                       gps=(31.2360, 121.4815))  # a few dozen metres from the case, same day
    italy = PHOTOS / "jpg_gps_DSCN0010.jpg"  # 2008, in Italy
    no_time = tmp_path / "no_time.jpg"
    write_photo(no_time, when=None, gps=None)
    files = [str(here), str(italy), str(no_time)]
    before = holdings(store)
    prepared = prepare_import(store, case_id, files, lead_id, worker=worker)
    assert prepared.needs_reason and len(prepared.warnings) == 3
    for bad in ("", "  ", "理由\x1b[31m", "理" * 1001):
        with pytest.raises(ValidationError) as caught:
            finish_import(store, prepared, bad)
        assert caught.value.field == "reason"
        assert holdings(store).rows == before.rows, "a bad reason writes nothing"
    result = finish_import(store, prepared, "现场核实：照片由当事人提供")
    assert len(result.imported) == 3, "warnings never refuse once a reason is given"
    said = {label: [w for lbl, w in result.warnings if lbl == label] for label in result.imported}
    first, second, third = (said[label] for label in result.imported)
    assert first == [], "a photo of this act, here, raises nothing"
    assert any("拍摄于 2008-10-22" in w and "早于违法行为日期" in w for w in second)
    assert any("距案发地点约" in w and "公里" in w for w in second)
    assert any("没有拍摄时间" in w for w in third)
    items = _listed(store, case_id)
    assert [i.warning_reason for i in items] == ["", "现场核实：照片由当事人提供",
                                                 "现场核实：照片由当事人提供"]
    assert items[0].warnings == () and len(items[1].warnings) == 2


def test_an_abandoned_import_writes_nothing(store: StationStore, case_id: str, lead_id: str,
                                            worker: DecodeWorker) -> None:
    before = holdings(store)
    prepared = prepare_import(store, case_id, [str(TWO_PHOTOS[0])], lead_id, worker=worker)
    assert prepared.needs_reason
    abandon_import(prepared)
    assert holdings(store) == before, "no row, no event, no blob, no staged file"
    with pytest.raises(WarningsNeedReason):
        import_files(store, case_id, [str(TWO_PHOTOS[0])], lead_id, worker=worker)
    assert holdings(store) == before
