"""A page whose content arrives with later work: 同步 (with sync)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.language import tr as _tr


class SyncPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPage")
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self.label)
        self.show_pending(None)

    def show_pending(self, pending: int | None) -> None:
        count = _tr("正在统计…") if pending is None else str(pending)
        self.label.setText(_tr("同步\n\n本机尚未连接总部，所有数据都保存在本机。\n"
                               "待同步的更改：{n} 条。\n连接总部的功能将在同步功能中提供。")
                           .format(n=count))

    def activate(self) -> None:
        pass
