"""What the case tabs share: the case they show and how they ask for data."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from ui.context import AppContext
from ui.tasks import Changes

ERROR_STYLE = "color:#c0392b;"


def error_label(name: str) -> QLabel:
    """The red line under a field that says what is wrong with it (hidden while empty)."""
    label = QLabel()
    label.setObjectName(f"error:{name}")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error_on(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class CaseTab(QWidget):
    """A tab of the opened case. ``show_case`` sets the case and loads; ``reload`` loads again;
    a change announced for this case (``relevant``) reloads the tab."""

    relevant: tuple[str, ...] = ("case",)
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id: str | None = None
        ctx.tasks.changed.connect(self._changed)

    def show_case(self, case_id: str | None) -> None:
        self.case_id = case_id
        if case_id is not None:
            self.reload()

    def reload(self) -> None:
        raise NotImplementedError

    def key(self, what: str) -> str:
        return f"case-{what}-{id(self)}"

    def _changed(self, changes: Changes) -> None:
        if self.case_id is not None and changes.case_id in (None, self.case_id) and \
                changes.touches(*self.relevant):
            self.reload()
