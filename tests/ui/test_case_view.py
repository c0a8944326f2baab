"""A whole case in the window: new case with two photos → the checklist shows the first-offence
outcome → the saved evaluation appears in 时间线; photos shown as thumbnails, one withdrawn with
a reason stays listed; edits checked beside the field; unsaved edits are not lost silently."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gridapp.store import StationStore
from gridapp.workbench.actions import create_case, import_files
from gridapp.workbench.evidence import evidence_items
from tests.workbench.conftest import DRAFT, TWO_PHOTOS, holdings, officer_id
from ui import wizard as wizard_module
from ui.case_view import evidence as evidence_module
from ui.case_view import view as view_module
from ui.case_view.view import CaseView, Unsaved
from ui.context import ActingOfficer, AppContext
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


@pytest.fixture
def ctx(store: StationStore) -> Iterator[AppContext]:
    tasks = TaskRunner()
    officer = ActingOfficer(officer_id(store, "31010001"), "张建国", "31010001")
    yield AppContext(store, tasks, officer)
    tasks.shutdown()


@pytest.fixture
def case_with_photos(ctx: AppContext) -> str:
    result = create_case(ctx.store, DRAFT, ctx.officer.id)
    import_files(ctx.store, result.case_id, [str(p) for p in TWO_PHOTOS], ctx.officer.id, reason="已核实，属本案证据")
    return result.case_id


def opened(qtbot: QtBot, ctx: AppContext, case_id: str, tab: str) -> CaseView:
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.load(case_id, tab)
    qtbot.waitUntil(lambda: view.detail is not None and not ctx.tasks.busy, timeout=10_000)
    return view


def field_error(widget: CaseView, name: str) -> str:
    label = widget.findChild(QLabel, f"error:{name}")
    assert label is not None
    return label.text() if label.isVisibleTo(widget) else ""


def test_from_the_wizard_to_the_checklist_and_the_timeline(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _p: True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.wizard is not None)
    wizard = window.wizard
    assert isinstance(wizard, wizard_module.NewCaseWizard)
    qtbot.waitUntil(lambda: wizard.violation_step.choices != ())

    def step(expected: object) -> None:
        page = wizard.currentPage()
        button = QWizard.WizardButton.CommitButton if page.isCommitPage() else \
            QWizard.WizardButton.NextButton
        qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: wizard.currentPage() is expected and not wizard.busy,
                        timeout=20_000)

    step(wizard.place_step)
    wizard.place_step.address.setText("上海市黄浦区南京东路100号门前")
    wizard.place_step.grid.setCurrentIndex(wizard.place_step.grid.findData("G0101"))
    step(wizard.violation_step)
    wizard.violation_step.search.setText("设摊")
    wizard.violation_step.list.setCurrentRow(0)
    step(wizard.party_step)
    party = wizard.party_step
    party.mode.button(party.NEW).setChecked(True)
    party.name.setText("王小明")
    party.id_number.setText(DRAFT.party.id_number)  # type: ignore[union-attr]
    step(wizard.facts_step)
    step(wizard.photos_step)
    wizard.photos_step.add_paths([str(p) for p in TWO_PHOTOS])
    step(wizard.result_step)
    qtbot.waitUntil(lambda: wizard.warnings_dialog is not None, timeout=30_000)
    assert wizard.warnings_dialog is not None
    wizard.warnings_dialog.reason.setText("已核实")
    wizard.warnings_dialog.import_button.click()
    qtbot.waitUntil(lambda: wizard.import_result is not None, timeout=30_000)
    wizard.button(QWizard.WizardButton.FinishButton).click()

    view = window.case_view
    assert window.stack.currentWidget() is view
    assert view.tabs.currentWidget() is view.checklist, "the new case opens at 免罚核查"
    qtbot.waitUntil(lambda: view.checklist.view is not None and not ctx.tasks.busy,
                    timeout=10_000)
    assert "首违不罚" in view.checklist.outcome.text()
    assert view.checklist.answers, "each question has an answer control"
    assert "第三十三条" in view.checklist.outcome.text()
    qtbot.waitUntil(view.checklist.education_box.isVisible)
    assert "设摊" in view.checklist.education.text(), "the pack's words to read out (说理)"

    view.checklist.save_button.click()
    qtbot.waitUntil(lambda: "已保存" in view.checklist.saved_note.text()
                    and not ctx.tasks.busy, timeout=10_000)
    view.tabs.setCurrentWidget(view.timeline)
    qtbot.waitUntil(lambda: any("核查" in e.action_label or "评估" in e.action_label
                                for e in view.timeline.model.rows), timeout=10_000)
    labels = [e.action_label for e in view.timeline.model.rows]
    assert sum("核查" in a or "评估" in a for a in labels) >= 2, labels
    assert all(e.officer_name == "张建国" for e in view.timeline.model.rows)

    view.tabs.setCurrentWidget(view.evidence)
    qtbot.waitUntil(lambda: view.evidence.model.rowCount() == 2
                    and view.evidence.thumbnails_complete, timeout=10_000)


def test_a_withdrawn_photo_stays_listed_as_withdrawn(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str, monkeypatch: pytest.MonkeyPatch,
    qtmodeltester: ModelTester,
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "evidence")
    tab = view.evidence
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 and tab.thumbnails_complete)
    qtmodeltester.check(tab.model)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    monkeypatch.setattr(evidence_module, "withdraw_question", lambda _p, _i: "")
    tab.withdraw_current()
    assert not any(i.withdrawn for i in evidence_items(ctx.store, case_with_photos)), \
        "no reason, nothing written"
    monkeypatch.setattr(evidence_module, "withdraw_question", lambda _p, _i: "拍摄对象错误")
    tab.withdraw_current()
    qtbot.waitUntil(lambda: any(i.withdrawn for i in tab.model.items), timeout=10_000)
    assert tab.model.rowCount() == 2
    assert "已撤回" in tab.model.index(0, 0).data()
    assert "拍摄对象错误" in tab.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "其中已撤回 1 件" in tab.summary.text()


def test_the_viewer_shows_what_was_recorded_at_capture(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "evidence")
    tab = view.evidence
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    item = tab.model.items[0]
    tab._open(tab.model.index(0, 0))
    viewer = tab.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.picture.pixmap() is not None
                    and not viewer.picture.pixmap().isNull(), timeout=10_000)
    assert viewer.values["sha256"].text() == item.sha256 and len(item.sha256) == 64
    assert viewer.values["imported"].text().startswith("张建国")
    labels = [w.text() for w in viewer.findChildren(QLabel)]
    assert any(t.startswith("拍摄时间") for t in labels), "a photo's time is when it was taken"
    gps_item = next(i for i in tab.model.items if i.gps is not None)
    assert gps_item.file_name == "jpg_gps_DSCN0010.jpg"
    viewer.close()


def test_a_bad_edit_is_shown_beside_the_field_and_nothing_is_written(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "basic")
    before = holdings(ctx.store)
    view.basic.address.setText("")
    view.basic.save()
    qtbot.waitUntil(lambda: field_error(view, "address") != "", timeout=10_000)
    assert holdings(ctx.store) == before
    view.basic.lat.setText("三十一")
    view.basic.save()
    assert "数字" in field_error(view, "lat")
    assert holdings(ctx.store) == before


def test_an_edit_is_saved_as_the_signed_in_officer(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "basic")
    view.basic.address.setText("上海市黄浦区南京东路200号门前")
    assert view.has_unsaved()
    view.save()
    qtbot.waitUntil(lambda: view.detail is not None
                    and view.detail.address == "上海市黄浦区南京东路200号门前", timeout=10_000)
    assert not view.has_unsaved()
    view.tabs.setCurrentWidget(view.timeline)
    qtbot.waitUntil(lambda: any("南京东路200号" in e.summary for e in view.timeline.model.rows),
                    timeout=10_000)


def test_unsaved_edits_are_not_dropped_without_asking(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def cancel(_parent: object, number: str) -> Unsaved:
        asked.append(number)
        return Unsaved.CANCEL

    monkeypatch.setattr(view_module, "unsaved_question", cancel)
    view = opened(qtbot, ctx, case_with_photos, "basic")
    view.basic.facts.setPlainText("补充：当事人当场表示愿意改正。")
    assert not view.may_close()
    assert asked and asked[0].startswith("沪城管案")
    assert view.basic.facts.toPlainText() == "补充：当事人当场表示愿意改正。"
    view.basic.lat.setText("三十一")  # 保存 with an entry that cannot be saved: the case stays open
    monkeypatch.setattr(view_module, "unsaved_question", lambda _p, _n: Unsaved.SAVE)
    assert not view.may_close()
    assert "数字" in field_error(view, "lat") and view.tabs.currentWidget() is view.basic
    monkeypatch.setattr(view_module, "unsaved_question", lambda _p, _n: Unsaved.DISCARD)
    assert view.may_close()


def test_status_changes_offered_are_those_the_state_machine_allows(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.case_view import basic as basic_module

    view = opened(qtbot, ctx, case_with_photos, "basic")
    qtbot.waitUntil(lambda: view.basic.transition_buttons != [])
    offered = {b.objectName() for b in view.basic.transition_buttons}
    assert "transition:verified" in offered and "transition:closed" not in offered
    monkeypatch.setattr(basic_module, "transition_question", lambda *_a: None)
    next(b for b in view.basic.transition_buttons
         if b.objectName() == "transition:verified").click()
    assert view.detail is not None and view.detail.status == "discovered", "declined: unchanged"
    monkeypatch.setattr(basic_module, "transition_question", lambda *_a: ("", None))
    next(b for b in view.basic.transition_buttons
         if b.objectName() == "transition:verified").click()
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.status == "verified",
                    timeout=10_000)


def test_adding_a_photo_the_case_already_holds_asks_for_a_reason_and_marks_the_item(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "evidence")
    tab = view.evidence
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    before = holdings(ctx.store)
    tab.add_files([str(TWO_PHOTOS[1])])
    qtbot.waitUntil(lambda: tab.warnings_dialog is not None and tab.warnings_dialog.isVisible(),
                    timeout=20_000)
    dialog = tab.warnings_dialog
    assert dialog is not None
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert len(listed) == 2 and "与本案已有的证据" in listed[0] and "#2" in listed[0], listed
    assert "拍摄于 2008-05-30" in listed[1]
    dialog.reason.setText("   ")
    dialog.import_button.click()
    assert dialog.isVisible() and "导入理由不能为空" in dialog.error.text(), "a blank reason"
    dialog.reason.setText("理由\x07")
    dialog.import_button.click()
    assert dialog.isVisible() and "控制字符" in dialog.error.text()
    dialog.reason.setText("同一张照片另作物证")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and not ctx.tasks.busy, timeout=20_000)
    assert holdings(ctx.store) != before
    said = tab.outcome.text()
    assert "有 2 条提示" in said and "同一张照片另作物证" in said
    assert tab.outcome.isVisibleTo(view)
    new = tab.model.index(2, 0)
    assert new.data().startswith("⚠"), "a marker on the tile"
    assert "内容完全相同" in new.data(Qt.ItemDataRole.ToolTipRole)
    assert "导入理由：同一张照片另作物证" in new.data(Qt.ItemDataRole.ToolTipRole)
    tab._open(new)
    viewer = tab.viewer
    assert viewer is not None
    assert "内容完全相同" in viewer.values["warnings"].text()
    assert "同一张照片另作物证" in viewer.values["warnings"].text()
    viewer.close()


def test_cancelling_the_warnings_imports_nothing(
    qtbot: QtBot, ctx: AppContext, case_with_photos: str
) -> None:
    view = opened(qtbot, ctx, case_with_photos, "evidence")
    tab = view.evidence
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10_000)
    before = holdings(ctx.store)
    tab.add_files([str(p) for p in TWO_PHOTOS])
    qtbot.waitUntil(lambda: tab.warnings_dialog is not None and tab.warnings_dialog.isVisible(),
                    timeout=20_000)
    dialog = tab.warnings_dialog
    assert dialog is not None
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any("jpg_gps_DSCN0010.jpg：与本案已有的证据" in w for w in listed), listed
    assert any("早于违法行为日期" in w for w in listed), listed
    assert any("距案发地点约" in w for w in listed), listed
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: tab.warnings_dialog is None and not ctx.tasks.busy, timeout=10_000)
    assert "已取消导入" in tab.outcome.text()
    assert holdings(ctx.store) == before, "no row, no event, no blob, no staged file"


def test_the_viewer_pages_through_a_document(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    """A two-page TIFF scan (书证): the viewer shows page 1, then page 2, and back."""
    from tests.evidence.test_documents import two_page_tiff

    result = create_case(ctx.store, DRAFT, ctx.officer.id)
    scan = two_page_tiff(tmp_path / "营业执照扫描.tif")
    import_files(ctx.store, result.case_id, [str(scan)], ctx.officer.id)
    view = opened(qtbot, ctx, result.case_id, "evidence")
    tab = view.evidence
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.thumbnails_complete,
                    timeout=10_000)
    assert "书证" in tab.model.index(0, 0).data()
    tab._open(tab.model.index(0, 0))
    viewer = tab.viewer
    assert viewer is not None
    labels = [w.text() for w in viewer.findChildren(QLabel)]
    assert any(t.startswith("形成时间") for t in labels), labels
    assert not any(t.startswith("拍摄时间") for t in labels), "a scanned 书证 was not 'taken'"
    viewer.show()

    def showing(n: int) -> bool:
        pixmap = viewer.picture.pixmap()
        return (viewer.page_label.text() == f"第 {n} / 2 页" and pixmap is not None
                and not pixmap.isNull())

    qtbot.waitUntil(lambda: showing(1), timeout=10_000)
    assert not viewer.prev_button.isEnabled() and viewer.next_button.isEnabled()
    first = viewer.picture.pixmap().toImage()
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: showing(2) and viewer.picture.pixmap().toImage() != first,
                    timeout=10_000)
    assert viewer.prev_button.isEnabled() and not viewer.next_button.isEnabled()
    shot = os.environ.get("GRIDAPP_SCREENSHOT_DIR")
    if shot:  # a look at what the officer sees, in the font the application uses
        from PySide6.QtWidgets import QApplication

        from ui.fonts import ensure_cjk_font

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        ensure_cjk_font(app)
        viewer.setFont(app.font())
        app.processEvents()
        viewer.grab().save(str(Path(shot) / "evidence-document-viewer.png"))
    qtbot.mouseClick(viewer.prev_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: showing(1), timeout=10_000)
    viewer.close()
