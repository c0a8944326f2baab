"""案卷 for team leads: the completeness check first, then the build in the background with
progress and cancel, the pages previewed, printed or saved; and many cases at once from a
selection in the case list, one PDF each into a chosen folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.workbench.casefiles import (
    CaseFile,
    CaseFileCheck,
    build_case_file_apart,
    case_file_name,
    check_case_file,
    save_case_files,
)
from ui.context import AppContext
from ui.documents import actions
from ui.errors import user_message
from ui.language import tr as _tr
from ui.pdf_pages import PageView, page_images
from ui.tasks import Lane, Progress, Task


class CaseFileDialog(QDialog):
    """Emits ``built`` when the case file's pages are shown."""

    built = Signal()

    def __init__(self, ctx: AppContext, case_id: str, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case_id, self.number = ctx, case_id, number
        self.setObjectName("caseFileDialog")
        self.setWindowTitle(_tr("案卷 — {number}").format(number=number))
        self.resize(1000, 740)
        self.check: CaseFileCheck | None = None
        self.case_file: CaseFile | None = None
        self.task: Task[tuple[CaseFile, list[QImage]]] | None = None
        self.summary = QLabel(_tr("正在核对案卷完整性……"))
        self.summary.setObjectName("caseFileCheck")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.bar = QProgressBar()
        self.bar.setObjectName("caseFileProgress")
        self.bar.hide()
        self.build_button = QPushButton(_tr("生成案卷(&B)"))
        self.build_button.setObjectName("buildCaseFile")
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(_tr("取消生成"))
        self.cancel_button.setObjectName("cancelCaseFile")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.print_button = QPushButton(_tr("打印(&P)…"))
        self.print_button.setObjectName("printCaseFile")
        self.print_button.clicked.connect(self.print_file)
        self.save_button = QPushButton(_tr("另存为 PDF(&A)…"))
        self.save_button.setObjectName("saveCaseFile")
        self.save_button.clicked.connect(self.save_file)
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        close = QPushButton(_tr("关闭"))
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        for w in (self.build_button, self.cancel_button, self.print_button, self.save_button):
            row.addWidget(w)
        row.addWidget(self.bar, 1)
        row.addStretch(1)
        row.addWidget(close)
        self.preview = PageView()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        store = ctx.store
        ctx.tasks.run(lambda _p: check_case_file(store, case_id), on_done=self._show_check,
                      key=f"casefile-check-{id(self)}", error_title=_tr("无法核对案卷"), owner=self)

    def _show_check(self, check: CaseFileCheck) -> None:
        self.check = check
        lines = [_tr("按“{path}”核对：本案共有文书 {n} 件。").format(path=check.path_label,
                                                             n=check.documents)]
        if check.missing:
            lines.append("<span style='color:#c0392b'>" + _tr("缺少：") + "、".join(check.missing)
                         + "</span>")
        if check.unserved:
            lines.append("<span style='color:#b9770e'>" + _tr("未记录送达：")
                         + "、".join(check.unserved) + "</span>")
        if check.complete:
            lines.append("<span style='color:#1e8449'>" + _tr("应有文书齐全，均已送达。") + "</span>")
        else:
            lines.append(_tr("可以先生成案卷查看，补齐后再归档。"))
        self.summary.setText("<br/>".join(lines))

    def build(self) -> None:
        store, case_id = self.ctx.store, self.case_id
        width = self.preview.render_width()
        progress = Progress()

        def work(p: Progress) -> tuple[CaseFile, list[QImage]]:
            def step(done: int, total: int) -> None:
                p.update(done, total * 2)
                p.check()

            built = build_case_file_apart(store, case_id, step)
            half = p.total // 2 if p.total else 1
            images = page_images(built.pdf, stop=p.check, width=width)
            p.update(half * 2, half * 2)
            return built, images

        self.build_button.setEnabled(False)
        self.cancel_button.show()
        self.bar.show()
        self.bar.setRange(0, 0)

        def finished() -> None:
            self.cancel_button.hide()
            self.bar.hide()
            self.build_button.setEnabled(True)
            self.poll.stop()

        def done(made: tuple[CaseFile, list[QImage]]) -> None:
            finished()
            self.case_file, images = made
            built = self.case_file
            self.preview.set_images(images, _tr(
                "案卷共 {pages} 页：文书 {docs} 件，照片 {photos} 张").format(
                    pages=built.pages, docs=built.documents, photos=built.photos))
            self.print_button.setEnabled(True)
            self.save_button.setEnabled(True)
            self.built.emit()

        def failed(exc: BaseException) -> None:
            finished()
            self.preview.show_message(user_message(exc))

        def cancelled() -> None:
            finished()
            self.preview.show_message(_tr("已取消生成案卷"))

        from PySide6.QtCore import QTimer

        self.poll = QTimer(self)
        self.poll.setInterval(100)
        self.poll.timeout.connect(lambda: self._progress(progress))
        self.poll.start()
        self.task = self.ctx.tasks.run(work, lane=Lane.FILES, progress=progress, on_done=done,
                                       on_error=failed, on_cancel=cancelled,
                                       key=f"casefile-build-{id(self)}", owner=self)

    def _progress(self, progress: Progress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def print_file(self) -> None:
        if self.case_file is not None:
            pdf = self.case_file.pdf
            actions.print_produced(self.ctx, self, _tr("案卷 {number}").format(number=self.number),
                                   lambda _p: [pdf])

    def save_file(self) -> None:
        if self.case_file is not None:
            pdf = self.case_file.pdf
            actions.save_produced(self.ctx, self, case_file_name(self.number), lambda _p: pdf)

    def reject(self) -> None:
        self.cancel()  # Esc closes through done(), which skips closeEvent
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)


def choose_folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _tr("选择保存案卷的文件夹"))


def save_selected(ctx: AppContext, parent: QWidget, case_ids: Sequence[str]) -> None:
    """Case files of the selected cases, one PDF each, into a folder the lead chooses."""
    if not case_ids:
        ctx.message(_tr("请先在列表中选择案件（按住 Ctrl 或 Shift 可多选）"))
        return
    folder = choose_folder(parent)
    if not folder:
        return
    store, ids = ctx.store, list(case_ids)

    def done(paths: tuple[Path, ...]) -> None:
        ctx.message(_tr("已生成 {n} 份案卷，保存在 {folder}").format(n=len(paths), folder=folder))

    def work(p: Progress) -> tuple[Path, ...]:
        def step(done: int, total: int) -> None:
            p.update(done, total)
            p.check()

        return save_case_files(store, ids, Path(folder), step)

    ctx.tasks.run_with_progress(
        parent, _tr("正在生成 {n} 份案卷……").format(n=len(ids)), work,
        lane=Lane.FILES, on_done=done, on_cancel=lambda: ctx.message(_tr("已取消生成案卷")),
        error_title=_tr("无法生成案卷"))
