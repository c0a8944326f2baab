"""The main window: navigation on the left, one page at a time, a case opened over the lists.

Contract: pages read through the task lanes and refresh themselves on ``TaskRunner.changed``;
the window only switches pages, opens cases and keeps the status bar (station, pack, signed-in
officer, changes not yet synced) current. Closing asks first when an opened case or a wizard
holds unsaved edits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.workbench.case_rows import CasePage
from ui import language
from ui.context import AppContext, StoreOpening
from ui.language import tr as _tr
from ui.message_bar import MessageBar
from ui.pages.cases import CasesPage
from ui.tasks import Changes, Lane, Progress

if TYPE_CHECKING:
    from gridapp.workbench.status import StationStatus
    from ui.case_view.view import CaseView
    from ui.lock import ScreenLock
    from ui.pages.approvals import ApprovalsPage
    from ui.pages.laws import LawsPage
    from ui.pages.lead_today import LeadTodayPage
    from ui.pages.parties import PartiesPage
    from ui.pages.stats_page import StatsPage
    from ui.pages.sync_page import SyncPage
    from ui.pages.today import TodayPage
    from ui.sync_runner import BackgroundSync

log = logging.getLogger(__name__)

PAGE_TODAY, PAGE_MINE, PAGE_ALL, PAGE_PARTIES, PAGE_LAWS, PAGE_SYNC = range(6)
PAGE_APPROVALS, PAGE_LEAD = 6, 7  # 审批 queue and the lead's 中队督办
PAGE_STATS = 8  # 统计
PAGE_COUNT = 9
# What the window imports only when it first needs it (a page, the case view, sync): on a worker
# thread after the window shows (``preload_modules``), so neither start-up nor the GUI waits.
LATER_MODULES = ("ui.pages.today", "ui.pages.parties", "ui.pages.laws", "ui.pages.sync_page",
                 "ui.sync_runner", "ui.case_view.view", "ui.wizard", "gridapp.workbench.status",
                 "ui.pages.approvals", "ui.pages.lead_today", "ui.pages.stats_page")


def preload_modules(_progress: Progress) -> None:
    """Import ``LATER_MODULES`` (run it on a worker; the GUI thread then finds them loaded)."""
    import importlib

    for name in LATER_MODULES:
        importlib.import_module(name)


class _Page(Protocol):
    def activate(self) -> None: ...


def nav_labels() -> tuple[str, ...]:
    return (_tr("今日待办"), _tr("我的案件"), _tr("全部案件"), _tr("当事人", "page"), _tr("法规库"),
            _tr("同步"), _tr("审批"), _tr("中队督办"), _tr("统计"))


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, settings: QSettings | None = None, *,
                 first_page: int = PAGE_TODAY, station_name: str | None = None,
                 preloaded: CasePage | None = None) -> None:
        """Pages are built when first shown (``page``); ``first_page`` is shown at once, with
        the rows ``preloaded`` when it is a case list whose first page was already read (the
        quick start). ``station_name`` titles the window before the status is read."""
        super().__init__()
        self._first_page = first_page
        self._preloaded = preloaded
        self.ctx = ctx
        self._settings = settings
        self.setObjectName("mainWindow")
        self.status_info: StationStatus | None = None
        self._wizard: QWidget | None = None
        self.screen_lock: ScreenLock | None = None
        self._discarding = False  # closing on sign-out: unsaved edits are dropped

        self.message_bar = MessageBar()
        ctx.tasks.failed.connect(self.message_bar.show_error)
        ctx.tasks.notice.connect(self.message_bar.show_message)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(130)
        for label in nav_labels():
            self.nav.addItem(QListWidgetItem(label))

        self._pages: list[QWidget | None] = [None] * PAGE_COUNT
        self._sync_runner: BackgroundSync | None = None
        self._case_view: CaseView | None = None  # built when the first case opens
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self.show_page)

        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 6)
        column.addWidget(self.message_bar)
        column.addWidget(body, 1)
        self.setCentralWidget(central)

        self._station_label = QLabel()
        self._officer_label = QLabel()
        self._pending_label = QLabel()
        self._pending_label.setObjectName("pendingChanges")
        self.statusBar().addWidget(self._station_label)
        self.statusBar().addPermanentWidget(self._officer_label)
        self.statusBar().addPermanentWidget(self._pending_label)
        self._build_menus()
        self._restore_geometry()
        self.retranslate()
        ctx.tasks.changed.connect(self._changed)
        if station_name is not None:  # the quick start: a demo station (``ui.quick_start``)
            self._set_title(station_name, demo=True)
        self.refresh_status()
        self.nav.setCurrentRow(first_page)
        if not isinstance(ctx.store, StoreOpening):  # the quick start preloads after its paint
            self.preload()

    def preload(self, on_done: Callable[[], None] | None = None) -> None:
        """Import ``LATER_MODULES`` on the file lane, so opening a case or another page does not
        import them on the GUI thread; ``on_done`` runs when done (or failed)."""
        def done(_result: object = None) -> None:
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            log.warning("preloading modules failed: %s", exc)
            done()

        self.ctx.tasks.run(preload_modules, lane=Lane.FILES, on_done=done, on_error=failed)

    # --- pages, built when first shown -----------------------------------------------------

    def _build_page(self, index: int) -> QWidget:
        ctx = self.ctx
        if index in (PAGE_MINE, PAGE_ALL):
            cases = CasesPage(ctx, mine=index == PAGE_MINE)
            cases.open_case.connect(self.open_case)
            if index == self._first_page and self._preloaded is not None:
                cases.show_first_page(self._preloaded)
                self._preloaded = None
            return cases
        if index == PAGE_TODAY:
            from ui.pages.today import TodayPage

            today = TodayPage(ctx)
            today.open_case.connect(self.open_case)
            return today
        if index == PAGE_PARTIES:
            from ui.pages.parties import PartiesPage

            parties = PartiesPage(ctx)
            parties.open_case.connect(self.open_case)
            return parties
        if index == PAGE_LAWS:
            from ui.pages.laws import LawsPage

            return LawsPage(ctx)
        if index == PAGE_APPROVALS:
            from ui.pages.approvals import ApprovalsPage

            queue = ApprovalsPage(ctx)
            queue.open_case.connect(self.open_case)
            return queue
        if index == PAGE_LEAD:
            from ui.pages.lead_today import LeadTodayPage

            lead = LeadTodayPage(ctx)
            lead.open_case.connect(self.open_case)
            lead.open_approvals.connect(lambda: self.nav.setCurrentRow(PAGE_APPROVALS))
            lead.open_sync.connect(lambda: self.nav.setCurrentRow(PAGE_SYNC))
            return lead
        if index == PAGE_STATS:
            from ui.pages.stats_page import StatsPage

            return StatsPage(ctx)
        from ui.pages.sync_page import SyncPage

        sync = SyncPage(ctx, self.sync_runner)
        if self.status_info is not None:
            sync.show_pending(self.status_info.unsynced_changes)
        return sync

    def page(self, index: int) -> QWidget:
        """The page at ``index`` (``PAGE_TODAY`` …), built and added to the stack on first use."""
        page = self._pages[index]
        if page is None:
            page = self._build_page(index)
            self._pages[index] = page
            self.stack.addWidget(page)
        return page

    @property
    def pages(self) -> list[QWidget]:
        return [self.page(i) for i in range(PAGE_COUNT)]

    @property
    def today(self) -> TodayPage:
        return self.page(PAGE_TODAY)  # type: ignore[return-value]

    @property
    def mine(self) -> CasesPage:
        return self.page(PAGE_MINE)  # type: ignore[return-value]

    @property
    def all_cases(self) -> CasesPage:
        return self.page(PAGE_ALL)  # type: ignore[return-value]

    @property
    def parties(self) -> PartiesPage:
        return self.page(PAGE_PARTIES)  # type: ignore[return-value]

    @property
    def laws(self) -> LawsPage:
        return self.page(PAGE_LAWS)  # type: ignore[return-value]

    @property
    def sync(self) -> SyncPage:
        return self.page(PAGE_SYNC)  # type: ignore[return-value]

    @property
    def approvals(self) -> ApprovalsPage:
        return self.page(PAGE_APPROVALS)  # type: ignore[return-value]

    @property
    def lead_today(self) -> LeadTodayPage:
        return self.page(PAGE_LEAD)  # type: ignore[return-value]

    @property
    def stats(self) -> StatsPage:
        return self.page(PAGE_STATS)  # type: ignore[return-value]

    @property
    def sync_runner(self) -> BackgroundSync:
        if self._sync_runner is None:
            from ui.sync_runner import BackgroundSync

            self._sync_runner = BackgroundSync(self.ctx, self)
            self._sync_runner.revoked.connect(self._revoked)
        return self._sync_runner

    def _revoked(self, text: str) -> None:
        """HQ revoked this device: the keys here are wiped; lock the window now (nothing unlocks
        it again: 退出登录 leads to a station that no longer opens)."""
        self.ctx.message(text)
        self.lock()

    # --- construction --------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
                slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_tr("文件(&F)"))
        self.new_case_action = self._action(_tr("新建案件(&N)…"), QKeySequence.StandardKey.New,
                                            self.new_case)
        self.close_case_action = self._action(_tr("关闭案件(&W)"), "Ctrl+W", self.close_case)
        self.save_action = self._action(_tr("保存(&S)"), QKeySequence.StandardKey.Save,
                                        self._save_case)
        file_menu.addAction(self.new_case_action)
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.close_case_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_tr("退出(&X)"), QKeySequence.StandardKey.Quit,
                                         self.close))

        view_menu = bar.addMenu(_tr("查看(&V)"))
        for i, label in enumerate(nav_labels()):
            view_menu.addAction(self._action(label, f"Ctrl+{i + 1}",
                                             lambda _c=False, i=i: self.nav.setCurrentRow(i)))
        view_menu.addSeparator()
        view_menu.addAction(self._action(_tr("搜索案件(&F)"), QKeySequence.StandardKey.Find,
                                         self.focus_search))
        view_menu.addAction(self._action(_tr("刷新(&R)"), QKeySequence.StandardKey.Refresh,
                                         self.refresh))
        view_menu.addAction(self._action(_tr("转到导航(&G)"), "F6", self.nav.setFocus))

        documents_menu = bar.addMenu(_tr("文书(&D)"))
        self.new_document_action = self._action(_tr("制作文书(&D)…"), "Ctrl+D",
                                                self.new_document)
        self.case_file_action = self._action(_tr("生成案卷(&J)…"), "Ctrl+J", self.case_files)
        documents_menu.addAction(self.new_document_action)
        documents_menu.addAction(self.case_file_action)

        settings_menu = bar.addMenu(_tr("设置(&S)"))
        language_menu = settings_menu.addMenu(_tr("界面语言(&L)"))
        group = QActionGroup(self)
        for code, label in language.CHOICES:
            action = QAction(label, self, checkable=True)
            action.setChecked(code == language.current())
            action.triggered.connect(lambda _c=False, code=code: self.set_language(code))
            group.addAction(action)
            language_menu.addAction(action)

        account_menu = bar.addMenu(_tr("账户(&U)"))
        self.lock_action = self._action(_tr("锁定窗口(&L)"), "Ctrl+L", self.lock)
        self.change_password_action = self._action(_tr("修改密码(&P)…"), None,
                                                   self.change_password)
        self.accounts_action = self._action(_tr("账户管理(&M)…"), None, self.manage_accounts)
        account_menu.addAction(self.lock_action)
        account_menu.addAction(self.change_password_action)
        account_menu.addSeparator()
        account_menu.addAction(self.accounts_action)

        help_menu = bar.addMenu(_tr("帮助(&H)"))
        help_menu.addAction(self._action(_tr("关于(&A)"), None, self._about))

    # --- pages and cases -----------------------------------------------------------------

    def show_page(self, index: int) -> None:
        if not 0 <= index < PAGE_COUNT:
            return
        if self._case_open() and not self.case_view.may_close():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(-1)
            self.nav.blockSignals(False)
            return
        page = self.page(index)
        self.stack.setCurrentWidget(page)
        activate = getattr(page, "activate", None)
        if activate is not None:
            activate()

    def open_case(self, case_id: str, tab: str = "basic") -> None:
        if self._case_open() and not self.case_view.may_close():
            return
        self._return_to = max(self.nav.currentRow(), 0)
        self.case_view.load(case_id, tab)
        self.stack.setCurrentWidget(self.case_view)
        self.nav.blockSignals(True)
        self.nav.clearSelection()
        self.nav.blockSignals(False)

    def open_law(self, citation: str) -> None:
        """Show the article ``citation`` names in 法规库 (from a case: one action)."""
        if self._case_open() and not self.case_view.may_close():
            return
        self.nav.setCurrentRow(PAGE_LAWS)
        self.laws.show_citation(citation)

    def close_case(self) -> None:
        if not self._case_open() or not self.case_view.may_close():
            return
        self.case_view.clear()
        self.nav.setCurrentRow(getattr(self, "_return_to", PAGE_ALL))
        self.show_page(self.nav.currentRow())

    @property
    def case_view(self) -> CaseView:
        """The opened-case view, built on first use (it is not needed to show the lists)."""
        if self._case_view is None:
            from ui.case_view.view import CaseView

            view = CaseView(self.ctx)
            view.closed.connect(self.close_case)
            view.open_citation.connect(self.open_law)
            self.stack.addWidget(view)
            self._case_view = view
        return self._case_view

    def _case_open(self) -> bool:
        return self._case_view is not None and self.stack.currentWidget() is self._case_view

    def _save_case(self) -> None:
        if self._case_open():
            self.case_view.save()

    def new_case(self) -> None:
        from ui.wizard import NewCaseWizard

        if self._wizard is not None:
            self._wizard.raise_()
            self._wizard.activateWindow()
            return
        wizard = NewCaseWizard(self.ctx, self)
        wizard.created.connect(lambda case_id: self.open_case(case_id, "checklist"))
        wizard.finished.connect(lambda _r: setattr(self, "_wizard", None))
        self._wizard = wizard
        wizard.open()

    def new_document(self) -> None:
        """Ctrl+D: the document wizard on the open case (from a list, open a case first)."""
        if self._case_open():
            self.case_view.new_document()
        else:
            self.message_bar.show_message(_tr("请先打开一个案件，再制作文书"))

    def case_files(self) -> None:
        """Ctrl+J: the open case's 案卷, or the case files of the cases selected in a list."""
        if self._case_open():
            self.case_view.open_case_file()
            return
        from ui.documents.casefile import save_selected

        page = self.stack.currentWidget()
        selected = getattr(page, "selected_ids", None)
        ids = selected() if selected is not None else []
        save_selected(self.ctx, self, ids)

    @property
    def wizard(self) -> QWidget | None:
        return self._wizard

    def focus_search(self) -> None:
        index = self.nav.currentRow()
        if index not in (PAGE_MINE, PAGE_ALL, PAGE_PARTIES, PAGE_LAWS):
            self.nav.setCurrentRow(PAGE_ALL)
        page = self.stack.currentWidget()
        focus = getattr(page, "focus_search", None)
        if focus is not None:
            focus()

    def refresh(self) -> None:
        self.ctx.tasks.changed.emit(Changes.of("case", "party", "station"))

    # --- accounts and the lock ------------------------------------------------------------

    def install_lock(self, timeout_ms: int, sign_out: Callable[[], None] | None = None) -> None:
        """Lock the window after ``timeout_ms`` without input (``ui.lock``); 退出登录 calls
        ``sign_out``."""
        from ui.lock import ScreenLock

        if self.screen_lock is not None:
            self.screen_lock.set_timeout_ms(timeout_ms)
            return
        self.screen_lock = ScreenLock(self, self.ctx, timeout_ms=timeout_ms, sign_out=sign_out)

    def lock(self) -> None:
        """Ctrl+L: lock now (the lock is installed on first use when the launcher has not)."""
        if self.screen_lock is None:
            self.install_lock(5 * 60_000)
        assert self.screen_lock is not None
        self.screen_lock.lock()

    def change_password(self) -> None:
        from ui.accounts import ChangePasswordDialog

        ChangePasswordDialog(self.ctx, self).open()

    def manage_accounts(self) -> None:
        from ui.accounts import AccountsDialog

        def applied(minutes: int) -> None:
            if self.screen_lock is not None:
                self.screen_lock.set_timeout_ms(minutes * 60_000)

        AccountsDialog(self.ctx, self, on_lock_minutes=applied).open()

    def discard_and_close(self) -> None:
        """Close without asking about unsaved edits (signing out from the lock)."""
        self._discarding = True
        if self.screen_lock is not None:
            self.screen_lock.unlock()
            self.screen_lock.detach()
        if self._sync_runner is not None:
            self._sync_runner.timer.stop()
            self._sync_runner.soon.stop()
        if self._wizard is not None:
            wizard = self._wizard
            self._wizard = None
            wizard.hide()
            wizard.deleteLater()
        self.close()
        self.deleteLater()

    # --- status --------------------------------------------------------------------------

    def refresh_status(self) -> None:
        store = self.ctx.store

        def read(_p: Progress) -> StationStatus:
            from gridapp.workbench.status import station_status

            return station_status(store)

        self.ctx.tasks.run(read, on_done=self._show_status, key="status",
                           error_title=_tr("无法读取站点状态"))

    def _show_status(self, status: StationStatus) -> None:
        self.status_info = status
        self._set_title(status.name, demo=status.demo)
        self._station_label.setText(_tr("站点：{name}　规则包：{pack} {version}").format(
            name=status.name, pack=status.pack_name, version=status.pack_version))
        self._pending_label.setText(_tr("待同步更改：{n}").format(n=status.unsynced_changes))
        sync = self._pages[PAGE_SYNC]
        if sync is not None:
            sync.show_pending(status.unsynced_changes)  # type: ignore[attr-defined]

    def _set_title(self, station: str, *, demo: bool) -> None:
        title = _tr("城管网格执法助手 — {station}").format(station=station)
        if demo:  # a demo station is never mistaken for real data
            title += _tr("【演示数据】")
        self.setWindowTitle(title)

    def _changed(self, _changes: Changes) -> None:
        self.refresh_status()

    def retranslate(self) -> None:
        self._officer_label.setText(_tr("执法人员：{name}（{badge}）").format(
            name=self.ctx.officer.name, badge=self.ctx.officer.badge_no))
        for i, label in enumerate(nav_labels()):
            item = self.nav.item(i)
            if item is not None:
                item.setText(label)

    def set_language(self, code: str) -> None:
        if code == language.current():
            return
        language.remember(self._settings, code)
        QMessageBox.information(self, _tr("界面语言"),
                                _tr("界面语言将在重新启动程序后生效。"))

    def _about(self) -> None:
        QMessageBox.about(
            self, _tr("关于"),
            _tr("城管网格执法助手（gridapp）\n离线优先的案件登记、证据与执法文书工具。\n"
                "数据目录：{path}").format(path=self.ctx.store.data_dir))

    # --- geometry and closing ------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("mainWindow/geometry") if self._settings else None
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._discarding:
            super().closeEvent(event)
            return
        if self.screen_lock is not None and self.screen_lock.locked:
            event.ignore()  # nobody closes (and is asked about) what they cannot see
            return
        if self._case_view is not None and not self._case_view.may_close():
            event.ignore()
            return
        if self._wizard is not None and not self._wizard.close():
            event.ignore()
            return
        if self._settings is not None:
            self._settings.setValue("mainWindow/geometry", self.saveGeometry())
        if self.screen_lock is not None:  # a closed window watches no more input
            self.screen_lock.detach()
        super().closeEvent(event)

    def bring_to_front(self) -> None:
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
