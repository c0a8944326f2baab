"""Sign-in: the officer at the keyboard picks who they are, once per start (remembered).

Contract: ``choose_officer`` returns the ``ActingOfficer`` every change of this run is recorded
as, or ``None`` when the officer cancels (the app then ends). Only active officers are offered.
The remembered choice (``signin/officerId`` in the settings) is preselected. Passwords come here
later; nothing else in the desktop knows how the officer was chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import ActingOfficer
from ui.language import tr as _tr

if TYPE_CHECKING:
    from gridapp.workbench.status import OfficerChoice

SETTING = "signin/officerId"


def acting(choice: OfficerChoice) -> ActingOfficer:
    return ActingOfficer(id=choice.id, name=choice.name, badge_no=choice.badge_no)


def remembered(settings: QSettings | None) -> str | None:
    value = settings.value(SETTING) if settings is not None else None
    return str(value) if value else None


def remember(settings: QSettings | None, officer: ActingOfficer) -> None:
    if settings is not None:
        settings.setValue(SETTING, officer.id)


class SignInDialog(QDialog):
    def __init__(
        self,
        station_name: str,
        choices: Sequence[OfficerChoice],
        preselect: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("选择执法人员"))
        self.setObjectName("signInDialog")
        self._choices = [c for c in choices if c.active]
        intro = QLabel(_tr("站点：{station}\n请选择本次使用的执法人员，所有操作将以其名义记录：")
                       .format(station=station_name))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("officerList")
        for choice in self._choices:
            item = QListWidgetItem(f"{choice.name}（{choice.badge_no}）")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            self.list.addItem(item)
        row = next((i for i, c in enumerate(self._choices) if c.id == preselect), 0)
        if self._choices:
            self.list.setCurrentRow(row)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_tr("进入"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.ok.setEnabled(bool(self._choices))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        if not self._choices:
            empty = QLabel(_tr("本站点没有在职的执法人员。请先用命令 gridapp officer add 添加。"))
            empty.setWordWrap(True)
            layout.addWidget(empty)
        layout.addWidget(buttons)
        self.resize(360, 320)

    def chosen(self) -> ActingOfficer | None:
        row = self.list.currentRow()
        if self.result() != QDialog.DialogCode.Accepted or not 0 <= row < len(self._choices):
            return None
        return acting(self._choices[row])


def ask_officer(station_name: str, choices: Sequence[OfficerChoice],
                preselect: str | None) -> ActingOfficer | None:
    """Show the sign-in dialog and wait for the answer (None: the officer chose 退出)."""
    dialog = SignInDialog(station_name, choices, preselect)
    dialog.exec()
    return dialog.chosen()
