"""Entry point of the desktop app (``gridapp-desktop``, ``python -m ui``, ``scripts/run.sh``).

Start-up: resolve the data directory (``--data-dir``, then ``$GRIDAPP_DATA_DIR``, then the
platform default). A demo station at the shipped schema revision whose password-less officer is
named (``--officer``, ``--smoke``) opens quickly (``ui.quick_start``): the window shows its first
page, read in plain SQL, while the store opens behind it. A station at the shipped revision
otherwise signs in first: the sign-in dialog (``ui.signin``: badge and password) shows while the
store opens behind it (``StoreOpening``), and the password check (``ui.context.authenticate``,
the seam the station unlock takes over with encryption at rest) queues behind the opening.
Anything else — no database, an older schema, no station — opens behind a splash (backup,
migration), creates the bundled demo station on the database lane when there is none (a progress
dialog if that takes a while), then signs in. The window locks after the station's idle time
(``ui.lock``); 退出登录 there returns to the sign-in.
Nothing imported before the window shows may import SQLAlchemy: the modules that need it are
imported inside the functions that run on the task lanes.
``--smoke`` opens the main window, waits about a second, optionally saves ``--screenshot``, and
exits 0 (1 if anything failed), so a headless machine can check the whole start-up path.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QElapsedTimer,
    QMessageLogContext,
    QObject,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import NotFoundError, ValidationError
from gridapp.paths import DB_FILENAME, resolve_data_dir
from ui import errors, language, signin
from ui.context import ActingOfficer, AppContext, StoreOpening
from ui.display import display_problem
from ui.errors import install_excepthook, show_error
from ui.fonts import ensure_cjk_font
from ui.instance import InstanceGuard
from ui.language import tr as _tr
from ui.main_window import MainWindow
from ui.pages.cases import CasesPage
from ui.quick_start import QuickView, read_quick_view, read_station, station_locked
from ui.signin import remember, remembered
from ui.tasks import GuiThreadCollector, Lane, Progress, ProgressWatcher, TaskRunner

if TYPE_CHECKING:
    from gridapp.store import StationStore
    from gridapp.workbench.status import OfficerChoice, StationStatus

log = logging.getLogger("ui")

DEMO_CASES = 300
SMOKE_DELAY_MS = 1000
# The statistics page's charting library is imported this long after the first paint (after
# the heap has settled), in the background.
CHARTS_WARM_DELAY_MS = 4000
PAINT_WAIT_S = 5.0  # the quick start opens the store after the first paint, or after this
LOG_DIRNAME = "logs"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gridapp-desktop", description="城管网格执法助手 桌面端 / gridapp desktop"
    )
    parser.add_argument(
        "--data-dir", help="数据目录（默认：$GRIDAPP_DATA_DIR 或系统用户数据目录）"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="冒烟检查：打开主窗口约 1 秒后退出"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="FILE.png", help="冒烟检查时把主窗口截图保存到此文件"
    )
    parser.add_argument(
        "--demo-cases", type=int, default=DEMO_CASES, metavar="N",
        help=f"数据目录为空时创建的演示案件数（默认 {DEMO_CASES}）",
    )
    parser.add_argument(
        "--page", choices=("today", "mine", "all", "parties"), default="today",
        help="启动后显示的页面（默认 today：今日待办）",
    )
    parser.add_argument("--probe-startup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--officer", metavar="执法证号",
        help="以该执法证号登录：演示站点的无密码账户直接进入，其他账户在登录窗口中填好证号"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    return parser


_LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(data_dir: Path, verbose: bool, *, to_file: bool = True) -> Path | None:
    """Log to stderr and (``to_file``) to ``<data>/logs/desktop.log``; returns the log file
    if writable."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter(_LOG_FORMAT))
    root.addHandler(console)
    return log_to_file(data_dir) if to_file else None


def log_to_file(data_dir: Path) -> Path | None:
    """Also log to ``<data>/logs/desktop.log``; returns the log file if writable."""
    root = logging.getLogger()
    fmt = logging.Formatter(_LOG_FORMAT)
    path = data_dir / LOG_DIRNAME / "desktop.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:
        log.warning("cannot write log file %s: %s", path, exc)
        return None
    handler.setFormatter(fmt)
    root.addHandler(handler)
    return path


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
# Platform-plugin chatter that says nothing about the app (logged at debug level only).
_QT_NOISE = ("This plugin does not support propagateSizeHints()", "This plugin does not support raise()")


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = logging.DEBUG if message in _QT_NOISE else _QT_LEVELS.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def demo_question(data_dir: Path, cases: int) -> tuple[QMessageBox, QPushButton]:
    """The question box for ``ask_create_demo`` and its "create" button; "退出" is the default."""
    box = QMessageBox(QMessageBox.Icon.Question,
                      _tr("没有站点"),
                      _tr("数据目录\n{dir}\n中没有站点。\n\n要在这里创建演示站点（含 {n} 件演示案件）吗？\n"
                          "如果目录写错了，请选择“退出”：程序将退出，不创建任何文件。",
                      ).format(dir=data_dir, n=cases))
    create = box.addButton(_tr("创建演示站点"),
                           QMessageBox.ButtonRole.AcceptRole)
    leave = box.addButton(_tr("退出"),
                          QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(leave)
    box.setEscapeButton(leave)
    return box, create


def ask_create_demo(data_dir: Path, cases: int) -> bool:
    """Ask whether to create the demo station in ``data_dir`` (which holds none); default No."""
    box, create = demo_question(data_dir, cases)
    box.exec()
    return box.clickedButton() is create


PAGES = {"today": 0, "mine": 1, "all": 2, "parties": 3}


class StallProbe(QObject):
    """Measures the longest gap between ticks of a 10 ms timer on the GUI thread (benchmarks)."""

    def __init__(self) -> None:
        super().__init__()
        self.longest_ms = 0
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = 0
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = self._clock.elapsed()
        self.longest_ms = max(self.longest_ms, now - self._last)
        self._last = now


class StartupSplash(QWidget):
    """What the officer sees while the station opens (backup, migration) or the demo is made."""

    def __init__(self, text: str) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("startupSplash")
        title = QLabel(_tr("城管网格执法助手"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        title.setFont(font)
        self.label = QLabel(text)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.setFixedWidth(420)

    def say(self, text: str) -> None:
        self.label.setText(text)


def _open(data_dir: Path) -> tuple[StationStore, bool]:
    """Open (back up, migrate) the station; runs on the database lane."""
    from gridapp.store import open_store

    store = open_store(data_dir)
    try:
        return store, store.has_station()
    except BaseException:
        store.close()
        raise


class Launcher:
    """Opens the station behind a splash (seeding the demo if empty), signs the officer in and
    shows the main window. Nothing of this runs a query on the GUI thread.

    With ``confirm_demo`` (the data directory was named explicitly) a directory without a station
    is not filled with the demo station before the officer agrees (``ask_create_demo``);
    declining ends the app having created nothing. The default data directory on first start
    gets the demo station without a question. A second desktop on the same data directory
    brings the first one's window to the front and ends."""

    def __init__(
        self,
        data_dir: Path,
        *,
        demo_cases: int = DEMO_CASES,
        smoke: bool = False,
        screenshot: Path | None = None,
        settings: QSettings | None = None,
        on_exit: Callable[[int], None] | None = None,
        confirm_demo: bool = False,
        officer_badge: str | None = None,
        page: str = "today",
        probe: StallProbe | None = None,
    ) -> None:
        """``on_exit(code)`` is called when the app should end (smoke run over, start-up failed).
        ``officer_badge`` signs that officer in without asking (scripts, smoke runs)."""
        self.data_dir = data_dir
        self.confirm_demo = confirm_demo
        self.demo_cases = demo_cases
        self.smoke = smoke
        self.screenshot = screenshot
        self.settings = settings
        self.on_exit = on_exit
        self.officer_badge = officer_badge
        self.page = page
        self.probe = probe
        self.tasks = TaskRunner()
        GuiThreadCollector.install()  # garbage is collected on the GUI thread only
        self.store: StationStore | None = None
        self.window: MainWindow | None = None
        self.ctx: AppContext | None = None
        self.exit_code = 0
        self.splash: StartupSplash | None = None
        self.guard = InstanceGuard(data_dir)
        self._watcher: ProgressWatcher | None = None
        self._opening: StoreOpening | None = None
        self._painted = threading.Event()  # the quick start's first paint is done
        self._loaded = False  # the later modules are imported (``preload_modules``)
        self._probe_timer = QTimer()
        self._probe_timer.setInterval(20)
        self._probe_timer.timeout.connect(self._probe_loaded)

    def start(self) -> None:
        if not self.guard.acquire():
            log.info("the station in %s is already open in another window", self.data_dir)
            print("gridapp-desktop: 该站点已在另一个窗口中打开，已切换到该窗口。", file=sys.stderr)
            self._end(0)
            return
        self.guard.listen(self._raise_window)
        had_database = (self.data_dir / DB_FILENAME).exists()
        # The quick start needs the officer without asking: named (``--officer``) or a smoke
        # run, and only a demo station's password-less account (``read_quick_view``). A
        # remembered badge is only filled in: sign-in still asks at every start.
        if had_database and (self.officer_badge is not None or self.smoke):
            badge, smoke, page = self.officer_badge, self.smoke, self.page
            self.tasks.run(
                lambda _p: read_quick_view(self.data_dir, page=page, badge=badge,
                                           anyone=smoke),
                on_done=lambda view: self._quick(view, had_database),
                on_error=lambda _exc: self._open_behind_splash(had_database))
            return
        if had_database and self.probe is None:
            # Sign-in before the station opens (it opens behind the dialog); an encrypted
            # station opens only with the password (``ui.context.authenticate``).
            self.tasks.run(lambda _p: (station_locked(self.data_dir), read_station(self.data_dir)),
                           on_done=lambda state: self._sign_in_locked() if state[0]
                           else self._sign_in_first(state[1], had_database),
                           on_error=lambda _exc: self._open_behind_splash(had_database))
            return
        self._open_behind_splash(had_database)

    def _sign_in_first(self, found: tuple[str, bool] | None, had_database: bool) -> None:
        """Splash → sign-in → open: the dialog shows while the store opens on the database lane
        (``StoreOpening``); the password check queues behind the opening; the window then shows
        on the store as it stands (open, or still opening)."""
        if found is None:
            self._open_behind_splash(had_database)
            return
        name, demo = found
        opening = StoreOpening(self.data_dir)
        self._opening = opening
        self._open_into(opening, wait_for_paint=False)
        badge = (self.officer_badge or remembered(self.settings)
                 or (signin.DEMO_BADGE if demo else ""))
        signed = signin.ask_sign_in(name, cast("StationStore", opening), self.tasks, badge=badge,
                                    demo=demo)
        if signed is None:
            log.info("sign-in cancelled: exiting")
            self._end(0)
            return
        remember(self.settings, signed.officer.badge_no)
        if self.store is not None and opening.store is not None:
            self.store = opening.store  # converted at sign-in: the encrypted store now
        self.show_window(signed.officer, store=cast("StationStore", opening))

    def _sign_in_locked(self) -> None:
        """An encrypted station: the sign-in dialog first; the password given there opens the
        station (``StoreOpening.unlock_and_open``), then the window shows on it."""
        opening = StoreOpening(self.data_dir, locked=True)
        self._opening = opening
        badge = self.officer_badge or remembered(self.settings) or ""
        signed = signin.ask_sign_in(_tr("加密站点（{name}）").format(name=self.data_dir.name),
                                    cast("StationStore", opening), self.tasks, badge=badge,
                                    demo=False)
        if signed is None:
            log.info("sign-in cancelled: exiting")
            self._end(0)
            return
        remember(self.settings, signed.officer.badge_no)
        self.show_window(signed.officer, store=cast("StationStore", opening))
        store = opening.store
        if store is not None:
            self._store_opened(store)

    def _open_into(self, opening: StoreOpening, *, wait_for_paint: bool) -> None:
        """Open the station on the database lane into ``opening`` (every later task on that lane
        finds it open). ``wait_for_paint``: not before the window's first paint (the quick start:
        importing the ORM would compete with it)."""
        painted = self._painted

        def open_station(_p: Progress) -> StationStore:
            if wait_for_paint:
                painted.wait(PAINT_WAIT_S)
            try:
                store, _has_station = _open(self.data_dir)
            except BaseException as exc:
                opening.failed(exc)
                raise
            opening.opened(store)
            return store

        self.tasks.run(open_station,
                       on_done=lambda store: self._store_opened(opening.store or store),
                       on_error=lambda exc: self.fail(exc, "无法打开数据目录"))

    def _open_behind_splash(self, had_database: bool) -> None:
        if self.confirm_demo and not had_database and not self._demo_agreed():
            return
        self.splash = StartupSplash(_tr("正在打开站点：先备份数据库，再检查是否需要升级…"))
        self.splash.show()
        self.tasks.run(lambda _p: _open(self.data_dir),
                       on_done=lambda opened: self._opened(opened, had_database),
                       on_error=lambda exc: self.fail(exc, "无法打开数据目录"))

    def _quick(self, view: QuickView | None, had_database: bool) -> None:
        """The quick start (``ui.quick_start``): show the window with what was read, and open
        the store behind it, first on the database lane (so every later read finds it open)."""
        if view is None:
            self.tasks.run(lambda _p: station_locked(self.data_dir),
                           on_done=lambda locked: self._sign_in_locked() if locked
                           else self._open_behind_splash(had_database),
                           on_error=lambda _exc: self._open_behind_splash(had_database))
            return
        log.debug("quick start: the window shows before the station store opens")
        opening = StoreOpening(self.data_dir)
        self._opening = opening
        self._open_into(opening, wait_for_paint=True)
        remember(self.settings, view.officer.badge_no)
        self.show_window(view.officer, store=cast("StationStore", opening), view=view)

    def _store_opened(self, store: StationStore) -> None:
        self.store = store
        log.debug("station store open")
        if self.window is not None:
            self._after_first_paint(self.window)

    def _opened(self, opened: tuple[StationStore, bool], had_database: bool) -> None:
        store, has_station = opened
        if has_station and store.data_key is None and not store.read_only:
            # A plain station from an earlier version: converted at this sign-in (the seam
            # swaps the store inside the opening for the encrypted one).
            opening = StoreOpening(self.data_dir)
            opening.opened(store)
            self._opening = opening
            self.sign_in()
            return
        self.store = store
        if has_station:
            self.sign_in()
        elif not self.confirm_demo or not had_database or self._demo_agreed():
            self.seed_demo(self.store)

    def _demo_agreed(self) -> bool:
        """Ask before creating the demo station; on No end the app (exit code 0)."""
        if ask_create_demo(self.data_dir, self.demo_cases):
            log.info("creating the demo station in %s (confirmed)", self.data_dir)
            return True
        log.info("no station in %s and no demo wanted: exiting", self.data_dir)
        self._end(0)
        return False

    def seed_demo(self, store: StationStore) -> None:
        from gridapp.demo import seed_demo

        if self.confirm_demo and not any(isinstance(h, logging.handlers.RotatingFileHandler)
                                         for h in logging.getLogger().handlers):
            errors.set_log_file(log_to_file(self.data_dir))  # the officer agreed: log there too

        log.info("no station in %s: creating the demo station", self.data_dir)
        text = _tr("首次启动：正在创建演示站点和 {n} 件演示案件…").format(
            n=self.demo_cases)
        if self.splash is not None:
            self.splash.say(text)
        progress = Progress()
        self._watcher = ProgressWatcher(None, text, progress)
        self.tasks.run(
            lambda p: seed_demo(store, self.demo_cases, progress=p.update,
                                cancelled=lambda: p.cancelled),
            progress=progress,
            on_done=self._seeded,
            on_error=lambda exc: self.fail(exc, "无法创建演示站点"),
            on_cancel=lambda: self.fail(None, "演示站点未创建"),
        )

    def _seeded(self, count: int) -> None:
        if self._watcher is not None:
            self._watcher.finish()
        log.info("demo station created with %d cases", count)
        self.sign_in()

    def sign_in(self) -> None:
        store = self.store or cast("StationStore | None", self._opening)
        assert store is not None

        def read(_p: Progress) -> tuple[StationStatus, tuple[OfficerChoice, ...]]:
            from gridapp.workbench.status import officer_choices, station_status

            return station_status(store), officer_choices(store)

        self.tasks.run(read,
                       on_done=self._choose_officer,
                       on_error=lambda exc: self.fail(exc, "无法读取执法人员"))

    def _choose_officer(self, loaded: tuple[StationStatus, tuple[OfficerChoice, ...]]) -> None:
        status, choices = loaded
        active = [c for c in choices if c.active]
        store = self.store or cast("StationStore | None", self._opening)
        assert store is not None
        officer: ActingOfficer | None = None
        if self.officer_badge is not None or self.smoke:
            match = [c for c in active if c.badge_no == self.officer_badge
                     or (self.officer_badge is None and self.smoke)]
            if self.officer_badge is not None and not match:
                self.fail(NotFoundError(f"没有执法证号为 {self.officer_badge} 的在职执法人员",
                                     f"no active officer with badge {self.officer_badge}"),
                          "无法登录")
                return
            free = [c for c in match if status.demo and not c.has_password]
            if free:
                officer = ActingOfficer(free[0].id, free[0].name, free[0].badge_no,
                                        free[0].role)
            elif self.smoke:
                self.fail(ValidationError(
                    "冒烟检查不显示登录窗口，只能以演示站点的无密码账户进入",
                    "a smoke run signs in only a demo station's password-less account",
                    field="officer"), "无法登录")
                return
        if officer is None:
            if self.splash is not None:
                self.splash.hide()
            badge = (self.officer_badge or remembered(self.settings)
                     or (signin.DEMO_BADGE if status.demo else ""))
            signed = signin.ask_sign_in(status.name, store, self.tasks, badge=badge,
                                        demo=status.demo)
            if signed is None:
                log.info("sign-in cancelled: exiting")
                self._end(0)
                return
            officer = signed.officer
        remember(self.settings, officer.badge_no)
        if self.store is None and self._opening is not None:
            self.store = self._opening.store  # after a conversion: the encrypted store
        self.show_window(officer)

    def sign_out(self) -> None:
        """退出登录 on the lock: close the window (unsaved edits are dropped: nobody who may see
        them is at the keyboard) and ask who signs in next."""
        window = self.window
        if window is None:
            return
        log.info("%s signed out", window.ctx.officer.badge_no)
        self.window = None
        window.discard_and_close()
        self.sign_in()

    def show_window(self, officer: ActingOfficer, *, store: StationStore | None = None,
                    view: QuickView | None = None) -> None:
        """Show the main window as ``officer``: on the opened store, or (the quick start) on
        ``store`` still opening, with ``view`` read for its first paint."""
        store = store if store is not None else self.store
        assert store is not None
        self.ctx = AppContext(store, self.tasks, officer, self.settings)
        try:
            window = MainWindow(self.ctx, settings=self.settings, first_page=PAGES[self.page],
                                station_name=view.station_name if view else None,
                                preloaded=view.first_page if view else None)
        except Exception as exc:  # reported to the user
            self.fail(exc, "无法显示主窗口")
            return
        self.window = window
        if self.splash is not None:
            self.splash.close()
            self.splash = None
        window.show()
        if self.probe is None:
            self._install_lock(window)
        if self.probe is not None:
            page = window.page(PAGES[self.page])
            if not isinstance(page, CasesPage) or page.loaded_query is not None:
                QTimer.singleShot(0, self._probe_ready)
            else:
                page.page_shown.connect(self._probe_ready)
        if self.smoke:
            QTimer.singleShot(SMOKE_DELAY_MS, self.finish_smoke)
        # After the show and paint events queued now (and the probe's report, queued above).
        QTimer.singleShot(0, self._painted.set)
        if self.store is not None:
            self._after_first_paint(window)

    def _install_lock(self, window: MainWindow) -> None:
        """The idle lock, after the station's idle time (read on the database lane)."""
        store = window.ctx.store

        def read(_p: Progress) -> int:
            from gridapp.workbench.accounts import lock_minutes

            return lock_minutes(store)

        self.tasks.run(read, on_done=lambda minutes: window.install_lock(
            minutes * 60_000, self.sign_out), error_title=_tr("无法读取空闲锁定时间"))

    def _after_first_paint(self, window: MainWindow) -> None:
        """Once the window shows and the store is open: import what the other pages need on a
        worker, start background sync, and settle the heap a little later."""
        from ui import heap

        if self._opening is not None:  # else the window preloads them itself
            window.preload(self._preloaded)
        else:
            self._loaded = True
        # After the first page is on screen, so the warming does not compete with it.
        QTimer.singleShot(heap.SETTLE_DELAY_MS, lambda: heap.settle(self.tasks))
        QTimer.singleShot(CHARTS_WARM_DELAY_MS, self._warm_charts)
        if self.probe is None:
            window.sync_runner.start()

    def _preloaded(self) -> None:
        self._loaded = True

    def _warm_charts(self) -> None:
        """Import the charting library on the file lane once start-up has settled, so the
        statistics page draws its first charts without waiting for it."""
        def warm(_p: object) -> None:
            from gridapp.workbench.charts import warm_up

            warm_up()

        self.tasks.run(warm, lane=Lane.FILES, key="charts-warm",
                       on_error=lambda exc: log.warning("warming the charts failed: %s", exc))

    def _probe_ready(self) -> None:
        """``--probe-startup``: the first page is painted: print ``ready <longest GUI stall in
        ms>`` (the benchmark times the line's arrival); then, once the store is open and the
        rest is loaded and idle, ``loaded <longest GUI stall in ms>``, and end."""
        assert self.window is not None and self.probe is not None
        self.window.repaint()
        print(f"ready {self.probe.longest_ms}", flush=True)
        self._probe_timer.start()

    def _probe_loaded(self) -> None:
        assert self.probe is not None
        if self.store is None or not self._loaded or self.tasks.busy:
            return
        self._probe_timer.stop()
        print(f"loaded {self.probe.longest_ms}", flush=True)
        self._end(0)

    def _raise_window(self) -> None:
        if self.window is not None:
            self.window.bring_to_front()

    def finish_smoke(self) -> None:
        assert self.window is not None
        if self.screenshot is not None:
            path = self.screenshot
            path.parent.mkdir(parents=True, exist_ok=True)
            if not self.window.grab().save(str(path)):
                log.error("could not save screenshot to %s", path)
                self.exit_code = 1
            else:
                log.info("screenshot saved to %s", path)
        assert self.ctx is not None
        store = self.ctx.store

        def count(_p: Progress) -> int:
            from gridapp.workbench.cases import CaseQuery, case_count

            return case_count(store, CaseQuery())

        def counted(total: int) -> None:
            print(f"smoke ok: {total} cases shown", file=sys.stderr)
            self._end(self.exit_code)

        self.tasks.run(count, on_done=counted,
                       on_error=lambda exc: self.fail(exc, "无法统计案件"))

    def fail(self, exc: BaseException | None, title_zh: str) -> None:
        self._painted.set()  # nothing will be painted: let a waiting store opening go on
        if self._watcher is not None:
            self._watcher.finish()
        if self.splash is not None:
            self.splash.close()
            self.splash = None
        if exc is not None:
            show_error(None, exc, _tr(title_zh))
        self.exit_code = 1
        self._end(1)

    def _end(self, code: int) -> None:
        if self.on_exit is not None:
            self.on_exit(code)

    def close(self) -> None:
        self.tasks.shutdown()
        GuiThreadCollector.uninstall()
        store = self.store or (self._opening.store if self._opening is not None else None)
        if store is not None:
            store.close()
        self.guard.release()


def _print_error(_parent: QWidget | None, title: str, text: str) -> None:
    print(f"{title}: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    from gridapp.paths import keep_private

    keep_private()
    args, qt_args = build_parser().parse_known_args(argv)
    if args.demo_cases < 0:
        print("--demo-cases 不能为负数 / --demo-cases must be >= 0", file=sys.stderr)
        return 2
    if args.screenshot is not None and not args.smoke:
        print("--screenshot 需要与 --smoke 一起使用 / --screenshot requires --smoke", file=sys.stderr)
        return 2
    problem = display_problem()
    if problem:
        sys.stderr.write(problem)
        return 2
    data_dir = resolve_data_dir(args.data_dir)
    # An explicitly named directory without a station may be a typo: nothing is written there
    # (not even the log) before the officer agrees to the demo station (see ``Launcher``).
    confirm_demo = bool(args.data_dir) and not args.smoke
    unconfirmed = confirm_demo and not (data_dir / DB_FILENAME).exists()
    errors.set_log_file(setup_logging(data_dir, args.verbose, to_file=not unconfirmed))
    qInstallMessageHandler(_qt_message)
    app = QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName("gridapp")
    app.setApplicationName("gridapp")
    app.setApplicationDisplayName(_tr("城管网格执法助手"))
    language.install(app, language.chosen(None if args.smoke else QSettings()))
    family = ensure_cjk_font(app)
    log.debug("UI font: %s", family)
    install_excepthook()
    if args.smoke:
        errors.presenter = _print_error  # nobody is there to close a message box
    launcher = Launcher(
        data_dir,
        demo_cases=args.demo_cases,
        smoke=args.smoke,
        screenshot=args.screenshot,
        settings=None if args.smoke else QSettings(),
        on_exit=app.exit,
        confirm_demo=confirm_demo,
        officer_badge=args.officer,
        page=args.page,
        probe=StallProbe() if args.probe_startup else None,
    )
    QTimer.singleShot(0, launcher.start)
    code = app.exec()
    launcher.close()
    return code or launcher.exit_code


if __name__ == "__main__":
    sys.exit(main())
