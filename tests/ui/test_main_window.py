"""The main window as an officer uses it: start-up, navigation, today's work, the case lists,
the status bar, and one window per station."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from gridapp.paths import DB_FILENAME
from gridapp.workbench.cases import CaseQuery, case_count
from gridapp.workbench.drafts import CaseDraft
from ui.app import Launcher
from ui.context import AppContext
from ui.instance import InstanceGuard
from ui.main_window import PAGE_ALL, PAGE_MINE, PAGE_PARTIES, PAGE_TODAY, MainWindow
from ui.pages.cases import SHORT_SEARCH_WINDOW, CasesPage
from ui.tasks import Changes


def _window(qtbot: QtBot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _loaded(qtbot: QtBot, window: MainWindow, page: CasesPage) -> None:
    qtbot.waitUntil(lambda: page.loaded_query is not None and not window.ctx.tasks.busy,
                    timeout=10_000)


def _show_all(qtbot: QtBot, window: MainWindow) -> CasesPage:
    window.nav.setCurrentRow(PAGE_ALL)
    _loaded(qtbot, window, window.all_cases)
    return window.all_cases


def test_first_start_on_an_empty_data_dir_shows_the_demo_station(
    qtbot: QtBot, tmp_path: Path, shown_errors: list[tuple[str, str]],
    _first_officer_signs_in: list[tuple[str, ...]],
) -> None:
    launcher = Launcher(tmp_path / "new-station", demo_cases=12)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=60_000)
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert _first_officer_signs_in and len(_first_officer_signs_in[0]) >= 2
        page = _show_all(qtbot, window)
        qtbot.waitUntil(lambda: page.total == 12)
        assert page.model.rowCount() == 12
        assert "共 12 件" in page.summary.text()
        qtbot.waitUntil(lambda: "演示中队" in window.windowTitle())
        assert shown_errors == []
    finally:
        launcher.close()


def test_an_unreadable_database_is_reported_in_chinese_and_left_alone(
    qtbot: QtBot, tmp_path: Path, shown_errors: list[tuple[str, str]]
) -> None:
    data_dir = tmp_path / "broken"
    data_dir.mkdir()
    garbage = b"this is not a database" * 100
    (data_dir / DB_FILENAME).write_bytes(garbage)
    exits: list[int] = []
    launcher = Launcher(data_dir, on_exit=exits.append)
    launcher.start()
    qtbot.waitUntil(lambda: exits != [], timeout=10_000)
    assert launcher.window is None and exits == [1]
    title, text = shown_errors[0]
    assert title == "无法打开数据目录" and "站点数据库" in text and "Traceback" not in text
    assert (data_dir / DB_FILENAME).read_bytes() == garbage
    launcher.close()


def test_navigation_has_every_page_and_today_comes_first(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["今日待办", "我的案件", "全部案件", "当事人", "法规库", "同步", "审批", "中队督办",
                      "统计"]
    assert window.stack.currentWidget() is window.today
    qtbot.waitUntil(lambda: "今日待办" in window.today.heading.text())
    for i in range(window.nav.count()):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.pages[i]


def test_todays_work_lists_overdue_first_and_opens_the_case_at_its_tab(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = _window(qtbot, ctx)
    page = window.today
    qtbot.waitUntil(lambda: "今日待办" in page.heading.text())
    items = page.model.rows
    assert items, "the demo station has work due for its lead"
    kinds = [i.kind for i in items]
    order = ["overdue", "due_today", "recheck", "assigned"]
    assert kinds == sorted(kinds, key=order.index), "overdue first, then due today"
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_view
    window.close_case()
    assert window.stack.currentWidget() is window.today


def test_search_narrows_the_list_and_escape_restores_it(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    page = _show_all(qtbot, window)
    qtbot.waitUntil(lambda: page.total > 0)
    everything = page.total
    party = page.model.rows[0].party_name
    page.search.setText(party)
    qtbot.waitUntil(lambda: page.loaded_query is not None and page.loaded_query.text == party)
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    assert 0 < page.model.rowCount() < everything
    assert all(party in r.party_name or party in r.address for r in page.model.rows)
    page.search.setText("没有这样的当事人XYZ")
    qtbot.waitUntil(lambda: page.loaded_query is not None
                    and "XYZ" in (page.loaded_query.text or ""))
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    assert page.model.rowCount() == 0 and "共 0 件" in page.summary.text()
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.loaded_query is not None and page.loaded_query.text is None)
    qtbot.waitUntil(lambda: page.total == everything)


def test_filters_restrict_the_list(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    page = _show_all(qtbot, window)
    qtbot.waitUntil(lambda: page.status_combo.count() > 1)
    closed = page.status_combo.findData("closed")
    page.status_combo.setCurrentIndex(closed)
    qtbot.waitUntil(lambda: page.loaded_query is not None
                    and page.loaded_query.status == "closed" and not ctx.tasks.busy)
    assert page.model.rowCount() > 0
    assert {r.status for r in page.model.rows} == {"closed"}
    assert page.total == case_count(ctx.store, CaseQuery(status="closed"))
    page.overdue.setChecked(True)
    qtbot.waitUntil(lambda: page.loaded_query is not None and page.loaded_query.overdue)
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    assert all(r.overdue for r in page.model.rows)
    page.clear_filters()
    qtbot.waitUntil(lambda: page.loaded_query is not None
                    and page.loaded_query == CaseQuery(short_search_window=SHORT_SEARCH_WINDOW)
                    and not ctx.tasks.busy)
    assert page.total == case_count(ctx.store, CaseQuery())


def test_my_cases_are_only_the_signed_in_officers(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    window.nav.setCurrentRow(PAGE_MINE)
    page = window.mine
    _loaded(qtbot, window, page)
    qtbot.waitUntil(lambda: page.total > 0)
    assert not page.officer_combo.isVisible()
    assert all(ctx.officer.name in r.officer_names for r in page.model.rows)
    assert page.total == case_count(ctx.store, CaseQuery(mine_officer_id=ctx.officer.id))
    assert page.total < case_count(ctx.store, CaseQuery())


def test_sorting_by_a_column_orders_the_whole_result(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    page = _show_all(qtbot, window)
    number_column = 0
    page.table.sortByColumn(number_column, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    numbers = [r.number for r in page.model.rows]
    assert numbers == sorted(numbers)


def test_ctrl_f_goes_to_the_case_search(qtbot: QtBot, ctx: AppContext) -> None:
    window = _window(qtbot, ctx)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.all_cases
    qtbot.waitUntil(window.all_cases.search.hasFocus)


def test_the_status_bar_shows_the_officer_and_the_changes_not_yet_synced(
    qtbot: QtBot, ctx: AppContext
) -> None:
    from gridapp.workbench.actions import create_case

    window = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: window.status_info is not None)
    assert ctx.officer.name in window._officer_label.text()
    before = window.status_info.unsynced_changes if window.status_info else 0
    assert f"待同步更改：{before}" == window._pending_label.text()
    draft = CaseDraft(source="patrol", act_at=None, address="上海市黄浦区南京东路1号",
                      grid_code=window_grid(ctx), lat=None, lon=None,
                      violation_code="street-vending", party=None, facts="")
    ctx.tasks.run(lambda _p: create_case(ctx.store, draft, ctx.officer.id),
                  changes=Changes.of("case"))
    qtbot.waitUntil(lambda: window.status_info is not None
                    and window.status_info.unsynced_changes > before)
    assert str(window.status_info.unsynced_changes) in window._pending_label.text()


def window_grid(ctx: AppContext) -> str:
    from gridapp.workbench.choices import grid_choices

    grids = grid_choices(ctx.store)
    return grids[0].code if grids else ""


@pytest.mark.parametrize("page_index", [PAGE_TODAY, PAGE_ALL, PAGE_PARTIES])
def test_every_list_model_passes_the_qt_model_checker(
    qtbot: QtBot, ctx: AppContext, qtmodeltester: ModelTester, page_index: int
) -> None:
    window = _window(qtbot, ctx)
    window.nav.setCurrentRow(page_index)
    page = window.pages[page_index]
    qtbot.waitUntil(lambda: not ctx.tasks.busy)
    model = page.model  # type: ignore[attr-defined]
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_a_second_start_on_the_same_station_raises_the_first(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = InstanceGuard(tmp_path)
    raised: list[bool] = []
    assert first.acquire()
    first.listen(lambda: raised.append(True))
    second = InstanceGuard(tmp_path)
    try:
        assert not second.acquire()
        qtbot.waitUntil(lambda: raised == [True])
        other = InstanceGuard(tmp_path / "another-station")
        assert other.acquire(), "another data directory is another station"
        other.release()
    finally:
        first.release()
    again = InstanceGuard(tmp_path)
    assert again.acquire(), "released when the first desktop closes"
    again.release()


def test_a_one_character_search_says_it_looked_at_the_newest_cases(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = _window(qtbot, ctx)
    page = _show_all(qtbot, window)
    page.search.setText("上")
    qtbot.waitUntil(lambda: page.loaded_query is not None and page.loaded_query.text == "上"
                    and not ctx.tasks.busy)
    assert "输入 3 个字以上可查找全部案件" in page.summary.text()
    page.search.setText("上海市")
    qtbot.waitUntil(lambda: page.loaded_query is not None and page.loaded_query.text == "上海市"
                    and not ctx.tasks.busy)
    assert "输入 3 个字以上" not in page.summary.text()


def test_the_law_library_finds_a_violation_and_a_case_opens_its_article(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = _window(qtbot, ctx)
    window.nav.setCurrentRow(4)
    page = window.laws
    qtbot.waitUntil(lambda: page.law_list.count() >= 8 and page.shown is not None
                    and not ctx.tasks.busy)
    page.search.setText("占道")
    page.run_search()
    qtbot.waitUntil(lambda: page.article_list.count() > 0 and not ctx.tasks.busy)
    first = page.article_list.item(0).text()
    assert first.startswith("上海市市容环境卫生管理条例 第二十五条") and "占道设摊经营" in first
    qtbot.waitUntil(lambda: page.shown is not None and page.shown[1] == 25)
    assert "设摊经营" in page.text.toPlainText()

    window.nav.setCurrentRow(2)
    cases = window.all_cases
    qtbot.waitUntil(lambda: cases.model.rowCount() > 0 and not ctx.tasks.busy)
    row = next(r for r in cases.model.rows if r.violation_code == "street-vending")
    window.open_case(row.id, "basic")
    view = window.case_view
    qtbot.waitUntil(lambda: view.detail is not None and view.basic.violations != {}
                    and not ctx.tasks.busy)
    view.basic.violated_button.click()  # one action
    assert window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.shown is not None and not ctx.tasks.busy)
    assert page.shown is not None and page.shown[1] == 25
    assert page.text.toPlainText().startswith("第二十五条")
    assert "上海市市容环境卫生管理条例" in page.heading.text()


def test_a_late_recheck_says_how_late_and_counts_as_overdue(qtbot: QtBot, ctx: AppContext) -> None:
    from datetime import date

    from gridapp.workbench.today import WorkItem
    from ui.pages.today import OVERDUE_COLOUR, kind_text

    def recheck(late: int) -> WorkItem:
        return WorkItem("c1", "沪城管案〔2026〕01-000089", "recheck", date(2026, 9, 7), late,
                        "改正期限已到，复查整改情况", "占道设摊经营", "徐汇区水果店", "某路67号", "basic")

    window = _window(qtbot, ctx)
    page = window.today
    qtbot.waitUntil(lambda: "今日待办" in page.heading.text())
    page._show((recheck(83), recheck(0)))
    assert kind_text(recheck(83)) == "复查逾期 83 天"
    assert kind_text(recheck(0)) == "整改复查"
    late = page.model.index(0, 0)
    assert late.data(Qt.ItemDataRole.ForegroundRole).color().name() == OVERDUE_COLOUR
    assert "其中逾期 1 项" in page.heading.text(), "a re-check past its day is overdue work"
