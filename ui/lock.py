"""The idle lock: after a while without input, or when the platform says the session locked,
every window of the app is covered and only the signed-in officer's password opens it again.

Contract: ``ScreenLock.lock`` closes popups (menus, tool tips, completers) and covers every
visible top-level window — the main window and any open dialog or message box — with an opaque
cover, disables what is under it (so no key reaches a field nobody can see) and replaces dialog
titles; nothing the windows showed (case lists, party data, photos) stays visible or reachable.
The cover of the active modal window (else the main window) holds the unlock form. Unlocking
checks the password through ``ui.context.authenticate`` on the database lane (back-off and
lockout apply) and accepts only the officer who was signed in; 退出登录 hands over to
``sign_out`` (another officer signs in). Work on the task lanes (sync, imports, case files)
goes on while locked: the lock only covers widgets.

Idle time is the station's setting (``gridapp.workbench.accounts.lock_minutes``; tests pass
milliseconds). Session lock: on Linux the screensaver's ``ActiveChanged`` signal on the session
D-Bus and logind's ``Lock`` signal on the system bus lock the app where a desktop sends them;
an application suspended by the platform (``Qt.ApplicationSuspended``, mobile-like platforms)
locks too. Windows and macOS session locks are not detected (the idle timer still runs).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext, SignedIn, authenticate
from ui.language import tr as _tr
from ui.signin import password_field, refusal_text

log = logging.getLogger(__name__)

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})
COVER_NAME = "lockCover"


class IdleWatch(QObject):
    """Emits ``idle`` once ``timeout_ms`` pass without keyboard, mouse or touch input to the
    application (an application-wide event filter notes the time of the last input)."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.set_timeout_ms(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.timeout_ms = max(1, timeout_ms)
        self._timer.setInterval(max(20, min(self.timeout_ms // 4, 5000)))
        self.restart()

    def restart(self) -> None:
        self._last = time.monotonic()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def _tick(self) -> None:
        if (time.monotonic() - self._last) * 1000 >= self.timeout_ms:
            self._timer.stop()
            self.idle.emit()

    def detach(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()


class UnlockPanel(QWidget):
    """The officer's name, a password field, 解锁 and 退出登录."""

    def __init__(self, officer_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockPanel")
        self.setMaximumWidth(420)
        title = QLabel(_tr("窗口已锁定"))
        title.setObjectName("lockTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        who = QLabel(_tr("{officer} 已登录。请输入密码解锁，或退出登录换人使用。")
                     .format(officer=officer_text))
        who.setWordWrap(True)
        self.password = password_field("unlockPassword")
        self.password.setPlaceholderText(_tr("密码"))
        self.error = QLabel()
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        buttons = QDialogButtonBox()
        self.unlock = buttons.addButton(_tr("解锁"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_out = buttons.addButton(_tr("退出登录"),
                                          QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(who)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)


class Cover(QWidget):
    """An opaque child over the whole of ``window``, kept at its size."""

    def __init__(self, window: QWidget, panel: QWidget | None) -> None:
        super().__init__(window)
        self.setObjectName(COVER_NAME)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Mid))
        self.setPalette(palette)
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        if panel is not None:
            card = panel.palette()  # a card on the cover
            card.setColor(QPalette.ColorRole.Window,
                          QApplication.palette().color(QPalette.ColorRole.Window))
            panel.setPalette(card)
            panel.setAutoFillBackground(True)
            panel.setContentsMargins(16, 12, 16, 12)
            column = QVBoxLayout()
            column.addStretch(1)
            column.addWidget(panel)
            column.addStretch(2)
            layout.addLayout(column)
        else:
            note = QLabel(_tr("已锁定"))
            layout.addWidget(note, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self.raise_)  # a widget added later stays under the cover
        return False


class ScreenLock(QObject):
    """Locks ``window`` (and every other window of the app) for ``ctx.officer``."""

    locked_changed = Signal(bool)

    def __init__(self, window: QWidget, ctx: AppContext, *, timeout_ms: int,
                 sign_out: Callable[[], None] | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._ctx = ctx
        self._sign_out = sign_out
        self.locked = False
        self.panel: UnlockPanel | None = None
        self._covers: list[Cover] = []
        self._disabled: list[QWidget] = []
        self._titles: list[tuple[QWidget, str]] = []
        self._checking = False
        self._detached = False
        self.idle = IdleWatch(timeout_ms, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
        self._watch_session()

    # --- triggers --------------------------------------------------------------------------

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self.idle.set_timeout_ms(timeout_ms)

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()

    def _watch_session(self) -> None:
        """Linux: the screensaver (session bus) and logind (system bus) announce a locked
        session; connect where the bus is there. Nothing happens where it is not."""
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - a Qt build without D-Bus
            return
        try:
            session = QDBusConnection.sessionBus()
            if session.isConnected():
                for service in ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"):
                    session.connect("", "", service, "ActiveChanged", self,
                                    b"1screensaver_active(bool)")
            system = QDBusConnection.systemBus()
            if system.isConnected():
                system.connect("org.freedesktop.login1", "", "org.freedesktop.login1.Session",
                               "Lock", self, b"1session_locked()")
        except Exception as exc:
            log.info("session lock signals not available: %s", exc)

    @Slot(bool)
    def screensaver_active(self, active: bool) -> None:
        if active:
            self.session_locked()

    @Slot()
    def session_locked(self) -> None:
        """The platform locked the session: lock now."""
        log.info("the session was locked: locking the window")
        self.lock()

    # --- lock and unlock -------------------------------------------------------------------

    def lock(self) -> None:
        if self.locked or self._detached:
            return
        self.locked = True
        self.idle.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        host = modal if modal is not None and modal.isVisible() else self._window
        officer = self._ctx.officer
        self.panel = UnlockPanel(_tr("{name}（{badge}）").format(name=officer.name,
                                                              badge=officer.badge_no))
        self.panel.unlock.clicked.connect(self.try_unlock)
        self.panel.password.returnPressed.connect(self.try_unlock)
        self.panel.sign_out.clicked.connect(self._signing_out)
        windows = [w for w in QApplication.topLevelWidgets()
                   if w.isVisible() and w.isWindow() and w.windowType() not in (
                       Qt.WindowType.ToolTip, Qt.WindowType.Popup)]
        if self._window not in windows:
            windows.append(self._window)
        for w in windows:
            self._cover(w, with_panel=w is host)
        self.panel.password.setFocus()
        self.locked_changed.emit(True)
        log.info("window locked")

    def _cover(self, w: QWidget, *, with_panel: bool) -> None:
        for child in w.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isEnabled() and not child.isWindow() and child.objectName() != COVER_NAME:
                child.setEnabled(False)
                self._disabled.append(child)
        if w is not self._window:
            self._titles.append((w, w.windowTitle()))
            w.setWindowTitle(_tr("已锁定"))
        self._covers.append(Cover(w, self.panel if with_panel else None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """While locked, a window that appears (a message box from background work) is covered
        too; a modal one takes the unlock form, since it keeps input from the others."""
        if (self.locked and event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and self._window.isVisible()  # a closed window's lock covers nothing new
                and watched.isWindow() and watched.windowType() not in (
                    Qt.WindowType.ToolTip, Qt.WindowType.Popup)
                and not any(c.parentWidget() is watched for c in self._covers)):
            modal = watched.isModal()
            self._cover(watched, with_panel=modal)
            if modal and self.panel is not None:
                self.panel.password.setFocus()
        return False

    def try_unlock(self) -> None:
        panel = self.panel
        if panel is None or self._checking:
            return
        password = panel.password.text()
        officer = self._ctx.officer
        store = self._ctx.store
        self._checking = True
        panel.error.setText(_tr("正在核对密码…"))
        panel.unlock.setEnabled(False)
        self._ctx.tasks.run(lambda _p: authenticate(store, officer.badge_no, password),
                            on_done=self._checked, on_error=self._refused)

    def _checked(self, signed: SignedIn) -> None:
        self._checking = False
        if signed.officer.id != self._ctx.officer.id:  # pragma: no cover - same badge
            self._refused(RuntimeError("another officer"))
            return
        self.unlock()

    def _refused(self, exc: BaseException) -> None:
        self._checking = False
        if self.panel is not None:
            self.panel.unlock.setEnabled(True)
            self.panel.error.setText(refusal_text(exc))
            self.panel.password.clear()
            self.panel.password.setFocus()

    def unlock(self) -> None:
        """Take the covers off (after the password was checked, or when signing out)."""
        for cover in self._covers:
            parent = cover.parentWidget()
            if parent is not None:
                parent.removeEventFilter(cover)
            cover.hide()
            cover.deleteLater()
        self._covers.clear()
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled.clear()
        for window, title in self._titles:
            window.setWindowTitle(title)
        self._titles.clear()
        self.panel = None
        self.locked = False
        self.idle.restart()
        self.locked_changed.emit(False)
        log.info("window unlocked")

    def _signing_out(self) -> None:
        if self._sign_out is not None and not self._checking:
            self._sign_out()

    def detach(self) -> None:
        """Stop watching (the window closed): no trigger locks any more."""
        self._detached = True
        self.idle.detach()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def lock_timeout_ms(minutes: int) -> int:
    return minutes * 60_000


