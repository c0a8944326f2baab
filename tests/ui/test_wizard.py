"""新建案件 in the window: step-by-step validation beside the fields, nothing written before the
last step, a created case with the legal engine's result and its photos imported."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizard, QWizardPage
from pytestqt.qtbot import QtBot

from gridapp.evidence.service import list_items
from gridapp.store import StationStore
from tests.conftest import DEMO_PARTY_ID
from tests.workbench.conftest import TWO_PHOTOS, holdings, officer_id
from ui import wizard as wizard_module
from ui.context import ActingOfficer, AppContext
from ui.tasks import TaskRunner
from ui.wizard import NewCaseWizard


@pytest.fixture(autouse=True)
def _discard_without_asking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a filled wizard at the end of a test must not wait for an answer."""
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _parent: True)


@pytest.fixture
def ctx(store: StationStore) -> Iterator[AppContext]:
    tasks = TaskRunner()
    officer = ActingOfficer(officer_id(store, "31010001"), "张建国", "31010001")
    yield AppContext(store, tasks, officer)
    tasks.shutdown()


def error_text(page: QWizardPage, field: str) -> str:
    label = page.findChild(QLabel, f"error:{field}")
    assert label is not None, f"no error line for {field}"
    return label.text() if label.isVisibleTo(page) else ""


def next_step(qtbot: QtBot, wizard: NewCaseWizard, expected: QWizardPage) -> None:
    button = wizard.button(QWizard.WizardButton.CommitButton
                           if wizard.currentPage().isCommitPage()
                           else QWizard.WizardButton.NextButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is expected and not wizard.busy, timeout=20_000)


def open_wizard(qtbot: QtBot, ctx: AppContext) -> NewCaseWizard:
    wizard = NewCaseWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.violation_step.choices != () and
                    wizard.place_step.grid.count() > 1)
    return wizard


def fill_place(wizard: NewCaseWizard) -> None:
    wizard.place_step.address.setText("上海市黄浦区南京东路100号门前")
    wizard.place_step.grid.setCurrentIndex(wizard.place_step.grid.findData("G0101"))


def choose_violation(qtbot: QtBot, wizard: NewCaseWizard, words: str) -> None:
    step = wizard.violation_step
    step.search.setText(words)  # QTest cannot type Chinese characters
    assert step.list.count() >= 1
    step.list.setCurrentRow(0)


def test_a_new_case_with_two_photos_shows_the_first_offence_outcome(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    wizard = open_wizard(qtbot, ctx)
    created: list[str] = []
    wizard.created.connect(created.append)
    next_step(qtbot, wizard, wizard.place_step)
    fill_place(wizard)
    next_step(qtbot, wizard, wizard.violation_step)
    choose_violation(qtbot, wizard, "设摊")
    assert "第二十五条" in wizard.violation_step.articles.text()  # the violated article shows
    assert "请" in wizard.violation_step.education.text()  # and the 说理 to read out
    next_step(qtbot, wizard, wizard.party_step)
    party = wizard.party_step
    party.mode.button(party.NEW).setChecked(True)
    party.name.setText("王小明")
    party.id_number.setText(DEMO_PARTY_ID)
    party.phone.setText("13800138000")
    next_step(qtbot, wizard, wizard.facts_step)
    assert wizard.facts_step.facts.toPlainText().strip(), "the violation's fact template"
    wizard.facts_step.facts.setPlainText("执法队员巡查发现当事人在人行道上占道设摊经营水果。")
    next_step(qtbot, wizard, wizard.photos_step)
    wizard.photos_step.add_paths([str(p) for p in TWO_PHOTOS])
    assert wizard.photos_step.list.count() == 2
    next_step(qtbot, wizard, wizard.result_step)

    result = wizard.created_case
    assert result is not None and result.exemption_code == "first_offence"
    summary = wizard.result_step.summary.text()
    assert result.number in summary and "首违不罚" in summary and "在先案件：0 件" in summary
    qtbot.waitUntil(lambda: wizard.warnings_dialog is not None, timeout=30_000)
    dialog = wizard.warnings_dialog
    assert dialog is not None
    listed = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert any("jpg_gps_DSCN0010.jpg：拍摄于 2008-10-22" in w for w in listed), listed
    dialog.reason.setText("照片为当事人此前被查处时所摄，作为参考")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: wizard.import_result is not None, timeout=30_000)
    assert wizard.import_result is not None and len(wizard.import_result.imported) == 2
    assert "已导入 2 个文件" in wizard.result_step.imports.text()
    assert "以下提示已随证据记录" in wizard.result_step.imports.text()
    with store.read() as s:
        assert len(list_items(s, result.number)) == 2
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert created == [result.case_id]


def test_a_bad_id_number_is_shown_beside_the_field_and_nothing_is_written(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    before = holdings(store)
    wizard = open_wizard(qtbot, ctx)
    next_step(qtbot, wizard, wizard.place_step)
    fill_place(wizard)
    next_step(qtbot, wizard, wizard.violation_step)
    choose_violation(qtbot, wizard, "设摊")
    next_step(qtbot, wizard, wizard.party_step)
    party = wizard.party_step
    party.mode.button(party.NEW).setChecked(True)
    party.name.setText("王小明")
    party.id_number.setText(DEMO_PARTY_ID[:-1] + ("5" if DEMO_PARTY_ID[-1] != "5" else "6"))
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_text(party, "party.id_number") != "")
    assert wizard.currentPage() is party, "the wizard stays on the step with the error"
    assert "校验" in error_text(party, "party.id_number") or "身份证" in error_text(
        party, "party.id_number")
    assert error_text(party, "party.name") == ""
    # Corrected, the step lets the officer on.
    party.id_number.setText(DEMO_PARTY_ID)
    next_step(qtbot, wizard, wizard.facts_step)
    assert error_text(party, "party.id_number") == ""
    assert holdings(store) == before


def test_an_empty_violation_is_refused_beside_the_list_and_nothing_is_written(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    before = holdings(store)
    wizard = open_wizard(qtbot, ctx)
    next_step(qtbot, wizard, wizard.place_step)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_text(wizard.place_step, "address") != "")
    assert wizard.currentPage() is wizard.place_step
    fill_place(wizard)
    wizard.place_step.lat.setText("北纬三十一度")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert "数字" in error_text(wizard.place_step, "lat")
    wizard.place_step.lat.setText("")
    next_step(qtbot, wizard, wizard.violation_step)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_text(wizard.violation_step, "violation_code") != "")
    assert wizard.currentPage() is wizard.violation_step
    assert holdings(store) == before


def test_closing_a_filled_wizard_asks_and_keeps_the_input(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _p: asked.append(True) or False)
    wizard = open_wizard(qtbot, ctx)
    next_step(qtbot, wizard, wizard.place_step)
    fill_place(wizard)
    wizard.reject()
    assert asked == [True]
    assert wizard.isVisible() and wizard.place_step.address.text().startswith("上海市")


def test_a_hotline_case_needs_its_ticket_number(qtbot: QtBot, ctx: AppContext) -> None:
    wizard = open_wizard(qtbot, ctx)
    step = wizard.source_step
    hotline = next(b for b in step.group.buttons() if b.property("code") == "hotline")
    hotline.setChecked(True)
    assert step.ticket.isEnabled()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error_text(step, "ticket_no") != "")
    assert wizard.currentPage() is step
    step.ticket.setText("2026112800123")
    next_step(qtbot, wizard, wizard.place_step)


def test_the_photo_import_after_registering_can_be_cancelled_and_leaves_nothing(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    real_import = wizard_module.prepare_import

    def slow_start(*args: object, cancelled: Callable[[], bool], **kwargs: object) -> object:
        """The real import, once the officer had time to press 取消导入 (at most 10 s)."""
        deadline = time.monotonic() + 10
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_import(*args, cancelled=cancelled, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(wizard_module, "prepare_import", slow_start)
    wizard = open_wizard(qtbot, ctx)
    next_step(qtbot, wizard, wizard.place_step)
    fill_place(wizard)
    next_step(qtbot, wizard, wizard.violation_step)
    choose_violation(qtbot, wizard, "设摊")
    next_step(qtbot, wizard, wizard.party_step)
    wizard.party_step.mode.button(wizard.party_step.NONE).setChecked(True)
    next_step(qtbot, wizard, wizard.facts_step)
    next_step(qtbot, wizard, wizard.photos_step)
    wizard.photos_step.add_paths([str(p) for p in TWO_PHOTOS])
    button = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wizard.result_step.cancel_import.isVisible, timeout=20_000)
    wizard.result_step.cancel_import.click()
    qtbot.waitUntil(lambda: wizard.import_cancelled, timeout=30_000)
    result = wizard.created_case
    assert result is not None
    with store.read() as s:
        assert list_items(s, result.number) == [], "a cancelled import leaves no evidence"
    assert "已取消导入" in wizard.result_step.imports.text()
    assert not wizard.result_step.cancel_import.isVisible()
