"""An inline bar at the top of the window for errors and notices that must not block work.

Contract: ``show_error(exc, title)`` logs the detail (traceback for internal faults) and shows
the short Chinese text from ``ui.errors.user_message``; the bar stays until closed (Esc or ×) or
replaced. Nothing here is modal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ui import errors
from ui.language import tr as _tr

_STYLES = {
    "error": "background:#fdecea;border:1px solid #e6a19a;color:#8a1f11;",
    "info": "background:#eaf2fd;border:1px solid #9ab8e6;color:#123a73;",
}


class MessageBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("×")
        close.setToolTip(_tr("关闭提示（Esc）"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(close)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.hide)
        self.hide()

    @property
    def text(self) -> str:
        return self._label.text()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setStyleSheet(f"#messageBar {{{_STYLES[kind]}}}")
        self._label.setText(text)
        self.show()

    def show_error(self, exc: BaseException, title: str = "") -> None:
        errors.log_error(exc)
        text = errors.user_message(exc)
        self.show_message(f"{title}：{text}" if title else text, "error")
