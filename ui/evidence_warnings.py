"""The question an import with warnings asks before anything is written.

Contract: ``ImportWarningsDialog`` lists the warnings the prepared import found (the same
content already held, capture time or place far from the case, no capture time) and asks for
the officer's reason. 仍然导入 accepts only a reason the core accepts
(``gridapp.evidence.checks.check_reason``: not empty, one line, no control characters, at most
``MAX_REASON`` characters); the error shows under the field. 取消 (or Esc) rejects: the caller
then abandons the import and nothing is written. ``ask_import_reason`` opens the dialog without
blocking (window-modal) and calls back with the reason, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import ValidationError
from gridapp.evidence.checks import MAX_REASON, check_reason
from gridapp.workbench.actions import PreparedImport, abandon_import
from ui.case_view.common import error_label, show_error_on
from ui.language import pick
from ui.language import tr as _tr
from ui.tasks import Lane, TaskRunner

WARNING_SIGN = "⚠"


class ImportWarningsDialog(QDialog):
    """The warnings of one import and the reason field (see the module contract)."""

    def __init__(self, warnings: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importWarningsDialog")
        self.setWindowTitle(_tr("导入提示"))
        intro = QLabel(_tr(
            "以下 {n} 条提示不阻止导入，但请核实。仍要导入的，须说明理由；理由与提示一并记在证据上，"
            "写入审计日志和照片证据。取消则不导入任何文件。").format(n=len(warnings)))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("importWarnings")
        self.list.setWordWrap(True)
        self.list.addItems([f"{WARNING_SIGN} {w}" for w in warnings])
        self.reason = QLineEdit()
        self.reason.setObjectName("importReason")
        self.reason.setMaxLength(MAX_REASON + 1)  # one over, so an over-long paste is refused
        self.reason.setPlaceholderText(_tr("例如：已到现场核实，照片为当事人提供的本案照片"))
        self.error = error_label("reason")
        form = QFormLayout()
        form.addRow(_tr("导入理由(&R)："), self.reason)
        form.addRow("", self.error)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_tr("仍然导入"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setObjectName("importAnyway")
        self.cancel_button.setObjectName("importCancel")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.reason.setFocus()
        self.checked_reason = ""

    def _accept(self) -> None:
        try:
            self.checked_reason = check_reason(self.reason.text())
        except ValidationError as exc:
            show_error_on(self.error, pick(exc.message_zh, exc.message_en))
            self.reason.setFocus()
            return
        self.accept()


def ask_import_reason(parent: QWidget, warnings: Sequence[str],
                      answer: Callable[[str | None], None]) -> ImportWarningsDialog:
    """Open the dialog (window-modal, not blocking); ``answer(reason or None)`` once closed."""
    dialog = ImportWarningsDialog(warnings, parent)

    def finished(code: int) -> None:
        accepted = code == QDialog.DialogCode.Accepted.value
        answer(dialog.checked_reason if accepted else None)
        dialog.deleteLater()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog


def confirm_import(parent: QWidget, tasks: TaskRunner, prepared: PreparedImport, *,
                   write: Callable[[str], None], stopped: Callable[[], None],
                   keep: Callable[[ImportWarningsDialog | None], None]) -> None:
    """Between preparing an import and writing it: with no warnings, ``write("")``; else ask
    the officer's reason and ``write(reason)``, or on Cancel abandon the prepared files (file
    lane) and call ``stopped()`` — nothing written. ``keep`` is told the open dialog (None once
    it closed)."""
    if not prepared.needs_reason:
        write("")
        return
    texts = [pick(zh, en) for zh, en in zip(prepared.warnings, prepared.warnings_en, strict=True)]

    def answered(reason: str | None) -> None:
        keep(None)
        if reason is None:
            tasks.run(lambda _p: abandon_import(prepared), lane=Lane.FILES)
            stopped()
            return
        write(reason)

    keep(ask_import_reason(parent, texts, answered))
