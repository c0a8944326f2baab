"""Accounts from the desktop: an officer changes their own password; an admin or lead adds,
edits and retires officers, gives one a temporary password and sets the idle-lock time.

Contract: every action runs a ``gridapp.workbench.accounts`` service on the database lane as the
signed-in officer; roles are decided there (``gridapp.accounts.roles``), never here — the
dialog offers every action to everyone and shows the core's Chinese refusal in its message line.
A new account gets a temporary password (shown once), to be changed at its first sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.accounts.roles import ROLE_LABELS
from ui.context import AppContext, set_own_password
from ui.language import tr as _tr
from ui.signin import NewPasswordForm, refusal_text
from ui.tasks import Changes, Progress

if TYPE_CHECKING:
    from gridapp.workbench.accounts import AccountRow

ROLE_ORDER = ("officer", "lead", "admin")


def role_text(code: str) -> str:
    """The role's label in the interface language (``gridapp.accounts.roles.ROLE_LABELS``)."""
    return {"officer": _tr("执法队员"), "lead": _tr("中队长"), "admin": _tr("管理员")}.get(
        code, ROLE_LABELS.get(code, code))


class _MessageLine(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("accountsMessage")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str, *, error: bool = False) -> None:
        self.setStyleSheet("color: #b00020;" if error else "")
        self.setText(text)
        self.show()


class ChangePasswordDialog(QDialog):
    """The signed-in officer changes their own password (the current one is checked)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(_tr("修改密码"))
        self.form = NewPasswordForm(
            _tr("{name}（{badge}）修改自己的密码：").format(name=ctx.officer.name,
                                                     badge=ctx.officer.badge_no),
            ask_old=True)
        self.message = _MessageLine()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_tr("修改"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        for field in (self.form.old, self.form.new, self.form.confirm):
            field.returnPressed.connect(self.submit)  # also after a refusal re-enabled 修改
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.form.old.setFocus()

    def accept(self) -> None:
        self.submit()

    def submit(self) -> None:
        if not self.ok.isEnabled():
            return
        store, badge = self.ctx.store, self.ctx.officer.badge_no
        old, new, confirm = (self.form.old.text(), self.form.new.text(),
                             self.form.confirm.text())
        self.ok.setEnabled(False)
        self.message.say(_tr("正在设置新密码…"))

        def run(_p: Progress) -> None:
            set_own_password(store, badge, old, new, confirm)

        self.ctx.tasks.run(run, on_done=self._done, on_error=self._refused)

    def _done(self, _result: object) -> None:
        self.ok.setEnabled(True)
        self.ctx.message(_tr("密码已修改"))
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok.setEnabled(True)
        self.message.say(refusal_text(exc), error=True)


class OfficerForm(QDialog):
    """Name, badge (fixed when editing) and role of one officer."""

    def __init__(self, title: str, parent: QWidget | None = None, *,
                 row: AccountRow | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officerForm")
        self.setWindowTitle(title)
        self.name = QLineEdit(row.name if row else "")
        self.name.setObjectName("officerName")
        self.name.setMaxLength(100)
        self.badge = QLineEdit(row.badge if row else "")
        self.badge.setObjectName("officerBadge")
        self.badge.setMaxLength(40)
        self.badge.setReadOnly(row is not None)
        self.role = QComboBox()
        self.role.setObjectName("officerRole")
        for code in ROLE_ORDER:
            self.role.addItem(role_text(code), code)
        if row is not None:
            self.role.setCurrentIndex(max(0, self.role.findData(row.role)))
        form = QFormLayout()
        form.addRow(_tr("姓名"), self.name)
        form.addRow(_tr("执法证号"), self.badge)
        form.addRow(_tr("角色"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.name.text(), self.badge.text(), str(self.role.currentData())


class AccountsDialog(QDialog):
    """The station's officers and what an admin or lead may do with them."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 on_lock_minutes: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._on_lock_minutes = on_lock_minutes
        self.setObjectName("accountsDialog")
        self.setWindowTitle(_tr("账户管理"))
        self.rows: tuple[AccountRow, ...] = ()
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(
            [_tr("姓名"), _tr("执法证号"), _tr("角色"), _tr("状态"), _tr("密码")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()

        self.add_button = QPushButton(_tr("添加执法人员…"))
        self.edit_button = QPushButton(_tr("修改…"))
        self.retire_button = QPushButton(_tr("停用"))
        self.reset_button = QPushButton(_tr("重置密码"))
        self.add_button.clicked.connect(self._ask_add)
        self.edit_button.clicked.connect(self._ask_edit)
        self.retire_button.clicked.connect(self._ask_retire)
        self.reset_button.clicked.connect(self._ask_reset)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button, self.reset_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.lock_minutes = QLineEdit()
        self.lock_minutes.setObjectName("lockMinutes")
        self.lock_minutes.setMaxLength(6)
        self.lock_minutes.setMaximumWidth(80)
        self.lock_save = QPushButton(_tr("保存"))
        self.lock_save.clicked.connect(lambda: self.set_lock_minutes(self.lock_minutes.text()))
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel(_tr("无操作多久后锁定窗口（分钟，1–120）：")))
        lock_row.addWidget(self.lock_minutes)
        lock_row.addWidget(self.lock_save)
        lock_row.addStretch(1)

        self.message = _MessageLine()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_tr("关闭"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("添加、修改、停用执法人员和重置密码需要中队长或管理员角色；"
                                    "新账户得到一个临时密码，首次登录时须更改。")))
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(lock_row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(640, 420)
        self.reload()

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.ctx.store

        def read(_p: Progress) -> tuple[tuple[AccountRow, ...], int]:
            from gridapp.workbench.accounts import accounts, lock_minutes

            return accounts(store), lock_minutes(store)

        self.ctx.tasks.run(read, on_done=self._show, on_error=self._refused)

    def _show(self, loaded: tuple[tuple[AccountRow, ...], int]) -> None:
        self.rows, minutes = loaded
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            cells = (row.name, row.badge, role_text(row.role),
                     _tr("在职") if row.active else _tr("已停用"),
                     _tr("已设置") if row.has_password else _tr("未设置"))
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        if not self.lock_minutes.hasFocus():
            self.lock_minutes.setText(str(minutes))
        self.loaded = True

    def selected(self) -> AccountRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- actions (the core decides who may) ----------------------------------------------------

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.message.say(_tr("正在处理…"))

        def finished(result: Any) -> None:
            self.message.hide()
            done(result)
            self.ctx.tasks.changed.emit(Changes.of("station"))
            self.reload()

        self.ctx.tasks.run(lambda _p: work(), on_done=finished, on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.message.say(refusal_text(exc), error=True)

    def _ask_add(self) -> None:
        form = OfficerForm(_tr("添加执法人员"), self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.add_officer(*form.values())

    def add_officer(self, name: str, badge: str, role: str) -> None:
        """Add the officer and give them a temporary password (shown once)."""
        store, actor = self.ctx.store, self.ctx.officer.badge_no

        def work() -> str:
            from gridapp.workbench.accounts import add_account, reset_account_password

            add_account(store, actor=actor, name=name, badge=badge, role=role, password="")
            return reset_account_password(store, actor=actor, badge=badge)

        self._run(work, lambda temporary: self._show_temporary(badge.strip(), temporary))

    def _ask_edit(self) -> None:
        row = self.selected()
        if row is None:
            self.message.say(_tr("请先在表中选择一位执法人员"), error=True)
            return
        form = OfficerForm(_tr("修改执法人员"), self, row=row)
        if form.exec() == QDialog.DialogCode.Accepted:
            name, badge, role = form.values()
            self.edit_officer(badge, name, role)

    def edit_officer(self, badge: str, name: str, role: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer.badge_no

        def work() -> None:
            from gridapp.workbench.accounts import edit_account

            edit_account(store, actor=actor, badge=badge, name=name, role=role)

        self._run(work, lambda _r: self.message.say(_tr("已保存")))

    def _ask_retire(self) -> None:
        row = self.selected()
        if row is None:
            self.message.say(_tr("请先在表中选择一位执法人员"), error=True)
            return
        answer = QMessageBox.question(
            self, _tr("停用执法人员"),
            _tr("停用 {name}（{badge}）？停用后不能再登录和办案，已办案件和文书保留。")
            .format(name=row.name, badge=row.badge))
        if answer == QMessageBox.StandardButton.Yes:
            self.retire_officer(row.badge)

    def retire_officer(self, badge: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer.badge_no

        def work() -> None:
            from gridapp.workbench.accounts import retire_account

            retire_account(store, actor=actor, badge=badge)

        self._run(work, lambda _r: self.message.say(_tr("已停用")))

    def _ask_reset(self) -> None:
        row = self.selected()
        if row is None:
            self.message.say(_tr("请先在表中选择一位执法人员"), error=True)
            return
        self.reset_password(row.badge)

    def reset_password(self, badge: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer.badge_no

        def work() -> str:
            from gridapp.workbench.accounts import reset_account_password

            return reset_account_password(store, actor=actor, badge=badge)

        self._run(work, lambda temporary: self._show_temporary(badge, temporary))

    def _show_temporary(self, badge: str, temporary: str) -> None:
        self.last_temporary = temporary
        self.message.say(_tr("{badge} 的临时密码：{password}（只显示这一次；请当面告知本人，"
                             "首次登录时须更改）").format(badge=badge, password=temporary))

    def set_lock_minutes(self, raw: str) -> None:
        store, actor = self.ctx.store, self.ctx.officer.badge_no

        def work() -> int:
            from gridapp.workbench.accounts import set_lock_minutes

            return set_lock_minutes(store, raw, actor=actor)

        def done(minutes: int) -> None:
            self.message.say(_tr("空闲锁定时间已设为 {n} 分钟").format(n=minutes))
            if self._on_lock_minutes is not None:
                self._on_lock_minutes(minutes)

        self._run(work, done)
