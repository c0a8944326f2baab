"""制作文书: choose a document (those the legal engine proposes next first, every other one under
其他文书), see every field with its value and where it came from, fill what is missing in place,
read the procedure gates, watch the 草稿 preview follow each edit, then 签发 → 打印 / 另存为 PDF.

Contract: every read, render and write runs on the task lanes; the preview is re-made
``PREVIEW_DELAY_MS`` after the last edit (older requests are superseded). 签发 is enabled only
when nothing is missing and no gate blocks; otherwise the line under the gates says why, naming
the gate and its article and what to do first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.workbench.drafting import (
    LIST_COLUMNS,
    DocumentChoice,
    DocumentDraft,
    DraftField,
    Issued,
    document_choices,
    draft_document,
    issue,
    issued_pdf,
    preview_pdf,
)
from ui.case_view.common import ERROR_STYLE, show_error_on
from ui.context import AppContext
from ui.documents import actions
from ui.errors import user_message
from ui.language import tr as _tr
from ui.pdf_pages import PageView, page_images
from ui.tasks import Changes, Lane, Progress

PREVIEW_DELAY_MS = 150
MISSING_COLOUR = "#fdecea"
SOURCE_COLOUR = "#707070"
ERROR_COLOUR = "#c0392b"
KIND_ROLE = Qt.ItemDataRole.UserRole
ROWS_PER_TURN = 4


def _colour(widget: QWidget, role: QPalette.ColorRole, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(role, QColor(colour))
    widget.setPalette(palette)


COLUMN_LABELS = {"q": lambda: _tr("问"), "a": lambda: _tr("答"), "name": lambda: _tr("名称"),
                 "spec": lambda: _tr("规格"), "qty": lambda: _tr("数量"), "note": lambda: _tr("备注"),
                 "proves": lambda: _tr("证明对象")}


class ListEditor(QWidget):
    """Rows of a list field (问答, 物品) typed in a table; empty rows are left out."""

    changed = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = LIST_COLUMNS[kind]
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels([COLUMN_LABELS[k]() for k, _label in self.columns])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setFixedHeight(130)
        self.table.itemChanged.connect(lambda _i: self.changed.emit())
        add = QPushButton(_tr("添加一行"))
        add.setObjectName("addRow")
        add.clicked.connect(self.add_row)
        remove = QPushButton(_tr("删除所选行"))
        remove.setObjectName("removeRow")
        remove.clicked.connect(self.remove_row)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def rows(self) -> list[dict[str, str]]:
        out = []
        for r in range(self.table.rowCount()):
            values = {}
            for c, (key, _label) in enumerate(self.columns):
                item = self.table.item(r, c)
                values[key] = item.text().strip() if item is not None else ""
            if any(values.values()):
                out.append(values)
        return out

    def set_rows(self, rows: Sequence[Sequence[tuple[str, str]]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for r, row in enumerate(rows):
            self.table.insertRow(r)
            for c, (_key, value) in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.blockSignals(False)


class FieldRow:
    """One field's editor, where its value came from, and what is wrong with it."""

    def __init__(self, spec: DraftField, changed: object) -> None:
        self.name = spec.name
        self.kind = spec.kind
        self.editor: QWidget
        if spec.editable and spec.kind in LIST_COLUMNS:
            lists = ListEditor(spec.kind)
            lists.set_rows(spec.rows)
            lists.changed.connect(changed)
            self.editor = lists
        elif not spec.editable:
            label = QLabel(spec.text or _tr("（签发时生成）"))
            label.setWordWrap(True)
            self.editor = label
        elif spec.kind == "multiline":
            edit = QPlainTextEdit(spec.text)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(72)
            edit.setPlaceholderText(spec.hint)
            edit.textChanged.connect(changed)
            self.editor = edit
        elif spec.kind == "choice" and spec.options:
            combo = QComboBox()
            combo.addItem("", "")
            for option in spec.options:
                combo.addItem(option, option)
            combo.setCurrentIndex(max(combo.findData(spec.text), 0))
            combo.currentIndexChanged.connect(changed)
            self.editor = combo
        else:
            line = QLineEdit(spec.text)
            line.setPlaceholderText(spec.hint or ("YYYY-MM-DD" if spec.kind == "date" else ""))
            line.textChanged.connect(changed)
            self.editor = line
        self.editor.setObjectName(f"field:{spec.name}")
        # Colours by palette, not style sheets: sixty per-widget style sheets made the first
        # paint of the form take a tenth of a second.
        self.provenance = QLabel()
        self.provenance.setObjectName(f"source:{spec.name}")
        _colour(self.provenance, QPalette.ColorRole.WindowText, SOURCE_COLOUR)
        self.error = QLabel()
        self.error.setObjectName(f"error:{spec.name}")
        self.error.setWordWrap(True)
        _colour(self.error, QPalette.ColorRole.WindowText, ERROR_COLOUR)
        self.error.hide()
        self.missing = False
        self.box = QWidget()
        column = QVBoxLayout(self.box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        top = QHBoxLayout()
        top.addWidget(self.editor, 1)
        top.addWidget(self.provenance)
        column.addLayout(top)
        column.addWidget(self.error)
        self.typed = False

    def text(self) -> str:
        if isinstance(self.editor, ListEditor):
            return json.dumps(self.editor.rows(), ensure_ascii=False)
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        if isinstance(self.editor, QComboBox):
            return str(self.editor.currentData() or "")
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return ""

    def set_text(self, text: str) -> None:
        if isinstance(self.editor, ListEditor):
            return  # rows are set from ``DraftField.rows`` once, then the officer's
        self.editor.blockSignals(True)
        if isinstance(self.editor, QPlainTextEdit):
            if self.editor.toPlainText() != text:
                self.editor.setPlainText(text)
        elif isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(text), 0))
        elif isinstance(self.editor, QLineEdit):
            if self.editor.text() != text:
                self.editor.setText(text)
        elif isinstance(self.editor, QLabel):
            self.editor.setText(text or _tr("（签发时生成）"))
        self.editor.blockSignals(False)

    def show(self, spec: DraftField, error: str) -> None:
        if not self.typed:
            self.set_text(spec.text)
        self.provenance.setText(spec.provenance)
        if spec.missing != self.missing:
            self.missing = spec.missing
            if spec.missing:
                _colour(self.editor, QPalette.ColorRole.Base, MISSING_COLOUR)
            else:
                self.editor.setPalette(QPalette())
        show_error_on(self.error, error or (_tr("必填，请填写") if spec.missing else ""))


class DocumentWizard(QDialog):
    """Emits ``issued(document_id)`` after 签发."""

    issued = Signal(str)
    preview_shown = Signal()

    def __init__(self, ctx: AppContext, case_id: str, number: str, kind: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.number = ctx, case_id, number
        self.setObjectName("documentWizard")
        self.setWindowTitle(_tr("制作文书 — {number}").format(number=number))
        self.resize(1340, 740)
        self.wanted = kind
        self.kind: str | None = None
        self.draft: DocumentDraft | None = None
        self.issued_doc: Issued | None = None
        self.rows: dict[str, FieldRow] = {}
        self.built = False  # every row of the chosen document's form exists
        self.choices: tuple[DocumentChoice, ...] = ()
        self.preview_pdf: bytes = b""

        self.list = QListWidget()
        self.list.setObjectName("documentChoices")
        self.list.setMinimumWidth(210)
        self.list.currentItemChanged.connect(lambda *_a: self._chosen())
        self.title = QLabel()
        self.title.setObjectName("documentTitle")
        self.title.setStyleSheet("font-size:16px; font-weight:bold;")
        self.form = QFormLayout()
        form_box = QWidget()
        form_box.setLayout(self.form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        self.gates = QLabel()
        self.gates.setObjectName("gates")
        self.gates.setWordWrap(True)
        self.gates.setTextFormat(Qt.TextFormat.RichText)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(ERROR_STYLE)
        self.issue_button = QPushButton(_tr("签发(&I)"))
        self.issue_button.setObjectName("issueDocument")
        self.issue_button.setEnabled(False)
        self.issue_button.clicked.connect(self.issue_now)
        self.print_button = QPushButton(_tr("打印(&P)…"))
        self.print_button.setObjectName("printDocument")
        self.print_button.clicked.connect(self.print_issued)
        self.save_button = QPushButton(_tr("另存为 PDF(&A)…"))
        self.save_button.setObjectName("saveDocument")
        self.save_button.clicked.connect(self.save_issued)
        close = QPushButton(_tr("关闭"))
        close.clicked.connect(self.close)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.addWidget(self.title)
        column.addWidget(scroll, 1)
        column.addWidget(QLabel(_tr("程序关口：")))
        column.addWidget(self.gates)
        column.addWidget(self.refusal)
        column.addLayout(buttons)
        self.preview = PageView()
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(middle)
        split.addWidget(self.preview)
        split.setSizes([220, 560, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        self._load_choices()

    # --- choices -------------------------------------------------------------------------

    def _load_choices(self) -> None:
        store, case_id = self.ctx.store, self.case_id
        self.ctx.tasks.run(lambda _p: document_choices(store, case_id), on_done=self._show_choices,
                           key=f"docwiz-choices-{id(self)}", error_title=_tr("无法读取文书目录"), owner=self)

    def _show_choices(self, choices: tuple[DocumentChoice, ...]) -> None:
        self.choices = choices
        self.list.blockSignals(True)
        self.list.clear()
        first: QListWidgetItem | None = None
        for proposed, heading in ((True, _tr("建议下一步")), (False, _tr("其他文书"))):
            group = [c for c in choices if c.proposed == proposed]
            if not group:
                continue
            header = QListWidgetItem(heading)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.list.addItem(header)
            for choice in group:
                item = QListWidgetItem(("★ " if proposed else "　") + choice.title)
                item.setData(KIND_ROLE, choice.kind)
                self.list.addItem(item)
                if first is None or choice.kind == self.wanted:
                    first = item
        self.list.blockSignals(False)
        if first is not None:
            self.list.setCurrentItem(first)

    def proposed(self) -> list[str]:
        return [c.kind for c in self.choices if c.proposed]

    def choose(self, kind: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(KIND_ROLE) == kind:
                self.list.setCurrentItem(item)
                return
        raise KeyError(kind)

    def _chosen(self) -> None:
        item = self.list.currentItem()
        kind = item.data(KIND_ROLE) if item is not None else None
        if not kind or kind == self.kind or self.issued_doc is not None:
            return
        self.kind = str(kind)
        self.draft = None
        for row in self.rows.values():
            row.box.deleteLater()
        while self.form.rowCount():
            self.form.removeRow(0)
        self.rows = {}
        self.built = False
        self.title.setText(item.text().lstrip("★　 "))
        self.issue_button.setEnabled(False)
        self.refresh()

    # --- draft and preview -----------------------------------------------------------------

    def entered(self) -> dict[str, str]:
        return {name: row.text() for name, row in self.rows.items() if row.typed}

    def _edited(self, name: str) -> None:
        self.rows[name].typed = True
        self.issue_button.setEnabled(False)  # until the draft with this edit is checked
        self.timer.start()

    def refresh(self) -> None:
        """Re-check the draft and re-make the preview with what is entered now."""
        if self.kind is None or self.issued_doc is not None:
            return
        store, case_id, kind, entered = self.ctx.store, self.case_id, self.kind, self.entered()
        self.ctx.tasks.run(lambda _p: draft_document(store, case_id, kind, entered),
                           on_done=self._show_draft, key=f"docwiz-draft-{id(self)}",
                           error_title=_tr("无法生成文书"), owner=self)
        if self.built:
            self._preview(entered)
        # else: the preview is made once the form is built, not while it is being built

    def _preview(self, entered: dict[str, str]) -> None:
        store, case_id, kind = self.ctx.store, self.case_id, self.kind
        if kind is None or self.issued_doc is not None:
            return
        width = self.preview.render_width()

        def make(p: Progress) -> tuple[bytes, list[QImage]]:
            pdf = preview_pdf(store, case_id, kind, entered)
            p.check()
            return pdf, page_images(pdf, stop=p.check, width=width)

        self.ctx.tasks.run(make, on_done=self._show_preview, key=f"docwiz-preview-{id(self)}",
                           error_title=_tr("无法生成预览"), owner=self)

    def _show_draft(self, draft: DocumentDraft) -> None:
        if draft.kind != self.kind or self.issued_doc is not None:
            return
        self.draft = draft
        if not self.built:
            if not self.rows:
                self._build_rows(draft.kind, 0)
            return
        self._apply(draft)

    def _build_rows(self, kind: str, start: int) -> None:
        """A few field rows per event-loop turn: the first paint of a long form is spread out
        instead of holding the window for a tenth of a second."""
        draft = self.draft
        if draft is None or draft.kind != kind or kind != self.kind:
            return
        for spec in draft.fields[start:start + ROWS_PER_TURN]:
            row = FieldRow(spec, lambda *_a, n=spec.name: self._edited(n))
            self.rows[spec.name] = row
            caption = QLabel(("<span style='color:#c0392b'>*</span>" if spec.required
                              else "") + spec.label + "：")
            caption.setBuddy(row.editor)
            self.form.addRow(caption, row.box)
            row.show(spec, draft.errors.get(spec.name, ""))
        if start + ROWS_PER_TURN < len(draft.fields):
            QTimer.singleShot(0, lambda: self._build_rows(kind, start + ROWS_PER_TURN))
            return
        self.built = True
        self._apply(draft)
        self._preview(self.entered())

    def _apply(self, draft: DocumentDraft) -> None:
        for spec in draft.fields:
            if spec.name in self.rows:
                self.rows[spec.name].show(spec, draft.errors.get(spec.name, ""))
        self.gates.setText(self._gates_html(draft))
        self.refusal.setText(draft.refusal())
        self.issue_button.setEnabled(draft.can_issue and not self.timer.isActive())
        self.issue_button.setToolTip(draft.refusal())

    @staticmethod
    def _gates_html(draft: DocumentDraft) -> str:
        if not draft.gates:
            return _tr("无（本文书签发前不需核对程序关口，或各关口均已满足）")
        lines = []
        basis = _tr("依据")
        for g in draft.gates:
            colour = "#c0392b" if g.blocking else "#b9770e"
            mark = _tr("阻断") if g.blocking else _tr("提示")
            lines.append(f"<p style='margin:2px'><b style='color:{colour}'>{mark}【{g.label}】</b>"
                         f"{g.reason}<br/><span style='color:#555'>{basis}：{g.basis}"
                         + (f"　{g.cure}" if g.cure else "") + "</span></p>")
        return "".join(lines)

    def _show_preview(self, made: tuple[bytes, list[QImage]]) -> None:
        if self.issued_doc is not None:
            return
        self.preview_pdf, images = made
        self.preview.set_images(images, _tr("草稿预览（未编号），共 {n} 页").format(n=len(images)))
        self.preview_shown.emit()

    # --- issue, print, save ------------------------------------------------------------------

    def issue_now(self) -> None:
        """签发 with what is entered; a refusal is shown under the gates and beside fields."""
        if self.kind is None:
            return
        store, case_id, kind = self.ctx.store, self.case_id, self.kind
        entered, actor = self.entered(), self.ctx.officer.id
        self.issue_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.refusal.setText(user_message(exc))
            self.issue_button.setEnabled(bool(self.draft and self.draft.can_issue))

        self.ctx.tasks.run(lambda _p: issue(store, case_id, kind, entered, actor),
                           on_done=self._issued, on_error=failed, error_title=_tr("文书未能签发"),
                           changes=Changes.of("document", "case", case_id=case_id), owner=self)

    def _issued(self, done: Issued) -> None:
        self.issued_doc = done
        self.title.setText(_tr("{title}　文号：{number}").format(title=done.title,
                                                               number=done.number))
        self.refusal.setStyleSheet("color:#1e8449;")
        self.refusal.setText(_tr("已签发 {number}（{pages} 页）。文书已不可更改；如有错误请作废后重新制作。")
                             .format(number=done.number, pages=done.pages))
        for row in self.rows.values():
            row.editor.setEnabled(False)
        self.list.setEnabled(False)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.print_button.setFocus()
        store, doc_id = self.ctx.store, done.document_id
        width = self.preview.render_width()

        def load(p: Progress) -> list[QImage]:
            return page_images(issued_pdf(store, doc_id), stop=p.check, width=width)

        self.ctx.tasks.run(load, lane=Lane.DB, key=f"docwiz-preview-{id(self)}",
                           on_done=lambda images: self.preview.set_images(
                               images, _tr("已签发 {number}，共 {n} 页").format(
                                   number=done.number, n=len(images))),
                           error_title=_tr("无法显示已签发的文书"), owner=self)
        self.issued.emit(done.document_id)

    def print_issued(self) -> None:
        if self.issued_doc is not None:
            actions.print_document(self.ctx, self, self.issued_doc.document_id, self.issued_doc.title)

    def save_issued(self) -> None:
        if self.issued_doc is not None:
            actions.save_document(self.ctx, self, self.issued_doc.document_id, self.issued_doc.number)

    def field_names(self) -> Sequence[str]:
        return tuple(self.rows)
