"""Sign-in: the officer at the keyboard types their badge (执法证号) and password.

Contract: ``ask_sign_in`` shows ``SignInDialog`` and returns the ``SignedIn`` officer every
change of this run is recorded as, or ``None`` when the officer chose 退出 (Esc; the app then
ends). The password is checked on the database lane through ``ui.context.authenticate`` — the
one seam (it becomes the station unlock with encryption at rest) — never on the GUI thread;
refusals (wrong password, the back-off wait, the temporary lock) are shown in Chinese as the
core words them. An officer signing in with a temporary (reset) password, or whose account has
none yet, sets a new one before the window opens. The last badge is remembered (``SETTING``);
on a demo station the documented demo account is filled in, so Enter starts the demo.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import GridappError
from ui.context import ActingOfficer, SignedIn, authenticate, set_own_password
from ui.language import tr as _tr
from ui.tasks import Progress, TaskRunner

if TYPE_CHECKING:
    from gridapp.store import StationStore
    from gridapp.workbench.status import OfficerChoice

log = logging.getLogger(__name__)

SETTING = "signin/badge"
DEMO_BADGE = "31010001"  # the documented demo account (gridapp.demo.DEMO_BADGE): no password


def acting(choice: OfficerChoice) -> ActingOfficer:
    return ActingOfficer(choice.id, choice.name, choice.badge_no, choice.role)


def remembered(settings: QSettings | None) -> str | None:
    """The badge that signed in last on this computer."""
    value = settings.value(SETTING) if settings is not None else None
    return str(value) if value else None


def remember(settings: QSettings | None, badge: str) -> None:
    if settings is not None:
        settings.setValue(SETTING, badge)


def refusal_text(exc: BaseException) -> str:
    """What a refused check says to the officer: the core's Chinese message, never a trace."""
    if isinstance(exc, GridappError):
        return exc.message_zh
    log.warning("password check failed: %r", exc)
    return _tr("无法核对密码，请稍后重试。详细信息已写入日志。")


def weak(method: Callable[[Any], None]) -> Callable[[Any], None]:
    """``method`` (of a widget) called through a weak reference: a task keeps only this, so the
    last reference to a parentless dialog is never dropped on a worker thread (Qt would then
    delete the widget from the wrong thread)."""
    ref = weakref.WeakMethod(method)

    def call(value: Any) -> None:
        bound = ref()
        if bound is not None:
            bound(value)

    return call


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(256)
    return field


class NewPasswordForm(QWidget):
    """New password twice (and the current one when ``ask_old``); the core checks the policy."""

    def __init__(self, intro: str, *, ask_old: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.old = password_field("oldPassword")
        self.new = password_field("newPassword")
        self.confirm = password_field("confirmPassword")
        form = QFormLayout()
        if ask_old:
            form.addRow(_tr("当前密码"), self.old)
        form.addRow(_tr("新密码"), self.new)
        form.addRow(_tr("再次输入新密码"), self.confirm)
        hint = QLabel(_tr("至少 8 位，不能与执法证号相同。"))
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(hint)

    def clear(self) -> None:
        for field in (self.old, self.new, self.confirm):
            field.clear()


class SignInDialog(QDialog):
    """Badge + password; then, when the core asks for it, a new password."""

    def __init__(self, station_name: str, store: StationStore, tasks: TaskRunner, *,
                 badge: str = "", demo: bool = False, parent: QWidget | None = None,
                 check: Callable[[StationStore, str, str], SignedIn] = authenticate) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("登录 — 城管网格执法助手"))
        self.setObjectName("signInDialog")
        self._store = store
        self._tasks = tasks
        self._check = check
        self._signed: SignedIn | None = None
        self._old_password = ""
        self.busy = False

        title = _tr("站点：{station}").format(station=station_name)
        if demo:
            title += _tr("（演示数据）")
        head = QLabel(title)
        head.setObjectName("station")
        head.setWordWrap(True)
        self.badge = QLineEdit(badge)
        self.badge.setObjectName("badge")
        self.badge.setMaxLength(40)
        self.password = password_field("password")
        form_page = QWidget()
        form = QFormLayout(form_page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_tr("执法证号"), self.badge)
        form.addRow(_tr("密码"), self.password)
        if demo:
            note = QLabel(_tr("演示站点：演示账户 {badge}（张建国，中队长）无需密码，直接按回车进入。")
                          .format(badge=DEMO_BADGE))
            note.setObjectName("demoNote")
            note.setWordWrap(True)
            form.addRow(note)
        self.change = NewPasswordForm("", ask_old=False)
        self.pages = QStackedWidget()
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.change)

        self.error = QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel = buttons.addButton(_tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        # Enter in any field submits (the busy guard makes the dialog's own default-button
        # Enter a no-op after it).
        for field in (self.badge, self.password, self.change.new, self.change.confirm):
            field.returnPressed.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(420, 240)
        (self.password if badge else self.badge).setFocus()

    # --- the officer's answers -------------------------------------------------------------

    def accept(self) -> None:
        """Enter in a field: submit (the dialog closes only once the check succeeded)."""
        self.submit()

    def submit(self) -> None:
        if self.busy:
            return
        if self.pages.currentIndex() == 0:
            self._sign_in()
        else:
            self._set_password()

    def _sign_in(self) -> None:
        badge, password = self.badge.text().strip(), self.password.text()
        if not badge:
            self.show_error(_tr("请输入执法证号"))
            self.badge.setFocus()
            return
        store, check = self._store, self._check
        self._working(_tr("正在核对密码…"))
        self._tasks.run(lambda _p: check(store, badge, password),
                        on_done=weak(self._checked), on_error=weak(self._refused))

    def _checked(self, signed: SignedIn) -> None:
        self._idle()
        if not signed.needs:
            self._signed = signed
            super().accept()
            return
        self._signed = signed
        self._old_password = self.password.text()
        self.password.clear()
        self.change.intro.setText(
            _tr("您使用的是管理员重置的临时密码，请设置新密码后进入。")
            if signed.needs == "temporary" else
            _tr("您的账户还没有密码，请设置密码后进入。"))
        self.ok.setText(_tr("设置并进入"))
        self.pages.setCurrentIndex(1)
        self.error.hide()
        self.change.new.setFocus()

    def _set_password(self) -> None:
        signed = self._signed
        assert signed is not None
        store, badge, old = self._store, signed.officer.badge_no, self._old_password
        new, confirm = self.change.new.text(), self.change.confirm.text()
        self._working(_tr("正在设置新密码…"))

        def run(_p: Progress) -> None:
            set_own_password(store, badge, old, new, confirm)

        self._tasks.run(run, on_done=weak(self._password_set), on_error=weak(self._refused))

    def _password_set(self, _result: object) -> None:
        self._idle()
        assert self._signed is not None
        self._signed = SignedIn(self._signed.officer)
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self._idle()
        self.show_error(refusal_text(exc))
        if self.pages.currentIndex() == 0:
            self.password.clear()
            self.password.setFocus()
        else:
            self.change.new.selectAll()
            self.change.new.setFocus()

    # --- state -----------------------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _working(self, text: str) -> None:
        self.busy = True
        self.error.setText(text)
        self.error.show()
        for widget in (self.badge, self.password, self.change, self.ok):
            widget.setEnabled(False)

    def _idle(self) -> None:
        self.busy = False
        self.error.hide()
        for widget in (self.badge, self.password, self.change, self.ok):
            widget.setEnabled(True)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def signed_in(self) -> SignedIn | None:
        if self.result() != QDialog.DialogCode.Accepted:
            return None
        return self._signed


def ask_sign_in(station_name: str, store: StationStore, tasks: TaskRunner, *, badge: str,
                demo: bool) -> SignedIn | None:
    """Show the sign-in dialog and wait for the answer (None: the officer chose 退出)."""
    dialog = SignInDialog(station_name, store, tasks, badge=badge, demo=demo)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    dialog.exec()
    return dialog.signed_in()
