"""The English interface: every page, every wizard step and every case tab shows no Chinese in
its own texts (labels, buttons, tabs, headers, menus, placeholders). Data — names, addresses,
case numbers, the pack's violation names, the station — stays as it was entered."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gridapp.workbench.actions import import_files
from gridapp.workbench.choices import violation_choices
from gridapp.workbench.status import station_status
from tests.workbench.conftest import TWO_PHOTOS
from ui import language
from ui import wizard as wizard_module
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.wizard import NewCaseWizard

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff〔〕（）：，。；、]")
# Widgets whose text is data: a case's number and party, the party's particulars, and the
# sentences the legal engine writes about a case in Chinese (the checklist's questions, notes,
# outcome and history freshness; the articles of law), which have no English version yet.
DATA_WIDGETS = {"caseTitle", "caseSubtitle", "caseInfo", "checklistOutcome", "checklistFreshness",
                "checklistQuestion", "checklistNote", "resultSummary", "violationArticles",
                "party:name", "party:address", "party:phone", "party:id_number",
                "caseOfficers",  # the officers on a case: names and badge numbers
                "lawHeading",  # a statute's title and chapter: the law's own text
                "educationText", "violationEducation"}  # the pack's 说理, in the pack's language


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    catalogue = language.CATALOGUES / "gridapp_en.qm"
    assert catalogue.exists(), (
        f"{catalogue} is missing: the setup step (scripts/test.sh) compiles it from the .ts")
    translator = QTranslator()
    assert translator.load(str(catalogue))
    qapp.installTranslator(translator)
    language.install_code_for_tests("en")
    yield
    qapp.removeTranslator(translator)
    language.install_code_for_tests("zh_CN")


# Combo boxes whose items are data: the station's grids, its officers, the pack's violations.
DATA_COMBOS = {"grid", "violation", "gridFilter", "officerFilter", "partner"}


def data_values(ctx: AppContext) -> list[str]:
    status = station_status(ctx.store)
    values = [status.name, status.pack_name, ctx.officer.name]
    values += [v.name for v in violation_choices(ctx.store)]
    return sorted(values, key=len, reverse=True)


def chinese_texts(root: QWidget, data: list[str]) -> list[str]:
    """Visible interface texts under ``root`` that still contain Chinese, with where they are."""
    found: list[str] = []

    def check(where: str, text: str) -> None:
        for value in data:
            text = text.replace(value, "")
        if CJK.search(text):
            found.append(f"{where}: {text!r}")

    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not w.isVisible() or w.objectName() in DATA_WIDGETS:
            continue
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, (QLabel, QAbstractButton)):
            check(name, w.text())
        elif isinstance(w, QLineEdit):
            check(name + " placeholder", w.placeholderText())
        elif isinstance(w, QGroupBox):
            check(name, w.title())
        elif isinstance(w, QComboBox) and w.objectName() not in DATA_COMBOS:
            for i in range(w.count()):
                check(f"{name} item {i}", w.itemText(i))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                check(f"{name} tab {i}", w.tabText(i))
        elif isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                check(f"{name} header {c}", str(model.headerData(c, w.horizontalHeader()
                                                                  .orientation()) or ""))
        if w.isWindow():
            check(name + " title", w.windowTitle())
    return found


def test_every_page_tab_and_wizard_step_is_in_english(
    qtbot: QtBot, english: None, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _p: True)
    data = data_values(ctx)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    problems: list[str] = []
    menus = [a.text() for a in window.menuBar().actions()]
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None:
            menus += [a.text() for a in menu.actions()]  # type: ignore[union-attr]
    problems += [f"menu: {m!r}" for m in menus if CJK.search(m)]
    for i in range(window.nav.count()):
        window.nav.setCurrentRow(i)
        qtbot.waitUntil(lambda: not ctx.tasks.busy)
        problems += chinese_texts(window, data)
        if CJK.search(window.nav.item(i).text()):
            problems.append(f"nav {i}: {window.nav.item(i).text()!r}")

    window.nav.setCurrentRow(2)
    page = window.all_cases
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not ctx.tasks.busy)
    case_id = page.model.rows[0].id
    import_files(ctx.store, case_id, [str(p) for p in TWO_PHOTOS], ctx.officer.id, reason="已核实，属本案证据")
    window.open_case(case_id, "basic")
    view = window.case_view
    qtbot.waitUntil(lambda: view.detail is not None and not ctx.tasks.busy)
    for i in range(view.tabs.count()):
        view.tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda: not ctx.tasks.busy)
        problems += chinese_texts(window, data)

    wizard = NewCaseWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.violation_step.choices != () and not ctx.tasks.busy)
    for step in wizard.steps:
        while wizard.currentPage() is not step:
            step_before = wizard.currentPage()
            step_before.passed = True  # type: ignore[attr-defined]
            wizard.next()
        problems += chinese_texts(wizard, data)
    assert problems == [], "\n".join(sorted(set(problems)))


def test_errors_are_told_in_the_interface_language(english: None) -> None:
    from gridapp.errors import ValidationError
    from ui.errors import user_message

    exc = ValidationError("地址不能为空", "the address is empty", field="address")
    assert user_message(exc) == "the address is empty"
    assert "internal error" in user_message(RuntimeError("boom")).lower()


def test_sign_in_lock_and_account_dialogs_are_in_english(qtbot: QtBot, english: None,
                                                         ctx: AppContext) -> None:
    from ui.accounts import AccountsDialog, ChangePasswordDialog, OfficerForm
    from ui.signin import SignInDialog

    data = data_values(ctx)
    status = station_status(ctx.store)
    signin_dialog = SignInDialog(status.name, ctx.store, ctx.tasks, badge="31010001", demo=True)
    qtbot.addWidget(signin_dialog)
    signin_dialog.show()
    assert chinese_texts(signin_dialog, data) == []
    signin_dialog.pages.setCurrentIndex(1)  # the new-password step
    assert chinese_texts(signin_dialog, data) == []

    change = ChangePasswordDialog(ctx)
    qtbot.addWidget(change)
    change.show()
    assert chinese_texts(change, data) == []

    accounts = AccountsDialog(ctx)
    qtbot.addWidget(accounts)
    accounts.show()
    qtbot.waitUntil(lambda: accounts.table.rowCount() > 0, timeout=10_000)
    assert chinese_texts(accounts, data) == []
    cells = [accounts.table.item(r, c).text() for r in range(accounts.table.rowCount())
             for c in (2, 3, 4)]
    assert not any(CJK.search(text) for text in cells), cells
    form = OfficerForm("Add officer", accounts)
    qtbot.addWidget(form)
    form.show()
    assert chinese_texts(form, data) == []

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.status_info is not None, timeout=10_000)
    window.lock()
    assert chinese_texts(window, data) == []
    assert window.screen_lock is not None
    window.screen_lock.unlock()
