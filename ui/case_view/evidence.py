"""证据: the case's evidence as a thumbnail grid, a full-size viewer with what was recorded at
capture, adding files (progress, cancel), withdrawing with a reason, and exporting.

Contract: thumbnails and full-size pictures are read on the file lane into ``QImage``s (safe off
the GUI thread) and only turned into pixmaps on the GUI thread; a tile shows a placeholder until
its thumbnail arrives. ``thumbnails_complete`` is True once every tile that has a thumbnail
shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import GridappError
from gridapp.store import StationStore
from gridapp.vocab.evidence import MEDIA
from gridapp.workbench.actions import (
    ImportResult,
    PreparedImport,
    abandon_import,
    export_evidence,
    finish_import,
    prepare_import,
    withdraw_evidence,
)
from gridapp.workbench.evidence import (
    EvidenceItemView,
    blob_bytes,
    document_pages,
    evidence_items,
)
from ui.case_view.common import CaseTab, error_label, show_error_on
from ui.context import AppContext
from ui.evidence_warnings import WARNING_SIGN, ImportWarningsDialog, confirm_import
from ui.language import colon, vocab_label
from ui.language import tr as _tr
from ui.media import media_filter
from ui.tasks import Cancelled, Changes, Lane, Progress

AnyIndex = QModelIndex | QPersistentModelIndex
THUMB = QSize(160, 120)
ITEM_ROLE = Qt.ItemDataRole.UserRole + 20


def _placeholder(text: str) -> QPixmap:
    pixmap = QPixmap(THUMB)
    pixmap.fill(QColor("#dfe3e8"))
    return pixmap


def tile_text(item: EvidenceItemView) -> str:
    text = f"{item.label} {vocab_label(MEDIA, item.media) if item.media else item.kind}"
    if item.warnings:
        text = f"{WARNING_SIGN} {text}"
    return text + (_tr("（已撤回）") if item.withdrawn else "")


def warning_text(item: EvidenceItemView) -> str:
    """The item's import warnings and the officer's reason, one per line ("" when none)."""
    if not item.warnings:
        return ""
    lines = [f"{WARNING_SIGN} {w}" for w in item.warnings]
    lines.append(_tr("导入理由：{reason}").format(reason=item.warning_reason))
    return "\n".join(lines)


class EvidenceModel(QAbstractListModel):
    """The case's items, in number order; thumbnails arrive later (``set_thumbnail``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[EvidenceItemView] = []
        self._icons: dict[str, QIcon] = {}
        self._placeholder = QIcon(_placeholder(""))

    def set_items(self, items: Sequence[EvidenceItemView]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self._icons = {k: v for k, v in self._icons.items() if any(i.id == k for i in items)}
        self.endResetModel()

    def set_thumbnail(self, item_id: str, image: QImage) -> None:
        self._icons[item_id] = QIcon(QPixmap.fromImage(image))
        for row, item in enumerate(self.items):
            if item.id == item_id:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def has_thumbnail(self, item_id: str) -> bool:
        return item_id in self._icons

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid() or not 0 <= index.row() < len(
                self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return tile_text(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(item.id, self._placeholder)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [item.file_name, item.captured_at_text]
            if item.withdrawn:
                lines.append(_tr("撤回理由：{reason}").format(reason=item.withdraw_reason))
            lines.append(warning_text(item))
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.ForegroundRole and item.withdrawn:
            return QColor("#8a8a8a")
        if role == Qt.ItemDataRole.ForegroundRole and item.warnings:
            return QColor("#b25e00")
        if role == ITEM_ROLE:
            return item
        return None


def _read_images(store: StationStore, paths: dict[str, Path],
                 progress: Progress) -> dict[str, QImage]:
    """Runs on the file lane: the thumbnails' pixels (decrypted from the blob store)."""
    images: dict[str, QImage] = {}
    for i, (item_id, path) in enumerate(paths.items()):
        progress.check()
        try:
            image = QImage.fromData(blob_bytes(store, path))
        except GridappError:
            continue  # a damaged or missing thumbnail: the tile stays without (verify names it)
        if not image.isNull():
            images[item_id] = image
        progress.update(i + 1, len(paths))
    return images


class ViewerDialog(QDialog):
    """One item full size, with its capture time, GPS, SHA-256 and who imported it; a 书证
    page by page (its pages come from the print copy, each decoded on the file lane)."""

    def __init__(self, ctx: AppContext, item: EvidenceItemView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("evidenceViewer")
        self.setWindowTitle(_tr("证据 {label}").format(label=item.label))
        self.picture = QLabel(_tr("正在载入…"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.picture_area = scroll
        form = QFormLayout()
        gps = _tr("无") if item.gps is None else f"{item.gps[0]:.6f}, {item.gps[1]:.6f}"
        captured = item.captured_at_text or _tr("不明")
        if item.capture_time_source_label:
            captured += f"（{item.capture_time_source_label}）"
        self.values: dict[str, QLabel] = {}
        for key, label, value in (
            ("file", _tr("文件"), item.file_name),
            ("captured", _tr("形成时间") if item.media == "document"
             else _tr("录制时间") if item.media in ("video", "audio") else _tr("拍摄时间"),
             captured),
            ("gps", _tr("GPS 位置"), gps),
            ("sha256", _tr("SHA-256"), item.sha256),
            ("imported", _tr("导入"), f"{item.imported_by}　{item.imported_at_text}"),
            ("status", _tr("状态"), _tr("已撤回：{reason}").format(reason=item.withdraw_reason)
             if item.withdrawn else _tr("有效")),
            *((("warnings", _tr("导入提示"), warning_text(item)),) if item.warnings else ()),
        ):
            text = QLabel(value)
            text.setObjectName(f"viewer:{key}")
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setWordWrap(True)
            if key == "warnings":
                text.setStyleSheet("color: #b25e00;")
            self.values[key] = text
            form.addRow(colon(label), text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.ctx = ctx
        self.pages: tuple[bytes, ...] = ()
        self.page = 0
        self.prev_button = QPushButton(_tr("上一页"))
        self.prev_button.setObjectName("viewer:prev")
        self.next_button = QPushButton(_tr("下一页"))
        self.next_button.setObjectName("viewer:next")
        self.page_label = QLabel()
        self.page_label.setObjectName("viewer:page")
        self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next_button)
        viewing = QVBoxLayout()
        viewing.addWidget(scroll, 1)
        viewing.addLayout(nav)
        for widget in (self.prev_button, self.next_button, self.page_label):
            widget.setVisible(item.media == "document")
        layout = QHBoxLayout(self)
        layout.addLayout(viewing, 3)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        side.addWidget(buttons)
        layout.addLayout(side, 2)
        self.resize(1100, 680)
        path = item.print_path or (item.original_path if item.media == "photo" else None)
        store = ctx.store
        if item.media == "document":
            ctx.tasks.run(lambda _p: document_pages(store, item), lane=Lane.FILES,
                          on_done=self._pages, error_title=_tr("无法显示证据"), owner=self)
        elif path is not None:
            ctx.tasks.run(lambda _p: QImage.fromData(blob_bytes(store, path)), lane=Lane.FILES,
                          on_done=self._show,
                          error_title=_tr("无法显示证据"), owner=self)
        else:
            self.picture.setText(_tr("该证据不是照片，请导出后用相应软件打开。"))

    def _pages(self, pages: tuple[bytes, ...]) -> None:
        self.pages = pages
        if not pages:
            self.picture.setText(_tr("该书证没有可显示的页面"))
            return
        self.show_page(0)

    def show_page(self, index: int) -> None:
        """Show page ``index`` (0-based) of a document; out of range is ignored."""
        if not 0 <= index < len(self.pages):
            return
        self.page = index
        self.page_label.setText(_tr("第 {n} / {total} 页").format(n=index + 1,
                                                                  total=len(self.pages)))
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(self.pages))
        data = self.pages[index]
        self.ctx.tasks.run(lambda _p: QImage.fromData(data), lane=Lane.FILES,
                           on_done=self._show, error_title=_tr("无法显示证据"), owner=self)

    def _show(self, image: QImage) -> None:
        if image.isNull():
            self.picture.setText(_tr("无法显示该图片"))
            return
        room = self.picture_area.viewport().size() - QSize(4, 4)
        self.picture.setPixmap(QPixmap.fromImage(image).scaled(
            room, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))


class WithdrawDialog(QDialog):
    """Asks why an item is withdrawn; the reason is required."""

    def __init__(self, item: EvidenceItemView, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_tr("撤回证据"))
        self.reason = QLineEdit()
        self.reason.setObjectName("withdrawReason")
        self.error = error_label("reason")
        text = QLabel(_tr("撤回证据 {label}（{file}）。撤回后仍保留在案卷中，标明已撤回。")
                      .format(label=item.label, file=item.file_name))
        text.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_tr("撤回理由(&R)："), self.reason)
        form.addRow("", self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(_tr("撤回"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            show_error_on(self.error, _tr("请填写撤回理由"))
            return
        self.accept()


def ask_withdraw_reason(parent: QWidget, item: EvidenceItemView) -> str | None:
    dialog = WithdrawDialog(item, parent)
    return dialog.reason.text().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None


def choose_files(parent: QWidget) -> list[str]:
    paths, _ = QFileDialog.getOpenFileNames(parent, _tr("选择证据文件"), "", media_filter())
    return paths


def choose_export_folder(parent: QWidget) -> str:
    return QFileDialog.getExistingDirectory(parent, _tr("选择导出到的空文件夹"))


class EvidenceTab(CaseTab):
    relevant = ("evidence",)
    thumbnails_shown = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("evidenceTab")
        self.model = EvidenceModel(self)
        self.view = QListView()
        self.view.setObjectName("evidenceGrid")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(THUMB)
        self.view.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setWordWrap(True)
        self.view.setModel(self.model)
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        self.summary = QLabel()
        # What the last import or export did (skipped files, repeated content): kept until the
        # next one, not overwritten by the count when the list reloads.
        self.outcome = QLabel()
        self.outcome.setObjectName("evidenceOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.hide()
        self.add_button = QPushButton(_tr("添加证据(&A)…"))
        self.add_button.clicked.connect(lambda: self.add_files(choose_files(self)))
        self.withdraw_button = QPushButton(_tr("撤回(&D)…"))
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.export_button = QPushButton(_tr("导出(&E)…"))
        self.export_button.clicked.connect(lambda: self.export_to(choose_export_folder(self)))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.withdraw_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.outcome)
        self.viewer: ViewerDialog | None = None
        self.warnings_dialog: ImportWarningsDialog | None = None  # open while it asks

    def show_case(self, case_id: str | None) -> None:
        if case_id != self.case_id:
            self._tell("")
        super().show_case(case_id)

    def _tell(self, text: str) -> None:
        self.outcome.setText(text)
        self.outcome.setVisible(bool(text))

    @property
    def thumbnails_complete(self) -> bool:
        return all(self.model.has_thumbnail(i.id) for i in self.model.items
                   if i.thumbnail_path is not None)

    def reload(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return
        self.ctx.tasks.run(lambda _p: evidence_items(store, case_id), on_done=self._show,
                           key=self.key("items"), error_title=_tr("无法读取证据"))

    def _show(self, items: tuple[EvidenceItemView, ...]) -> None:
        self.model.set_items(items)
        live = sum(1 for i in items if not i.withdrawn)
        self.summary.setText(_tr("共 {n} 件，其中已撤回 {w} 件").format(
            n=len(items), w=len(items) - live))
        wanted = {i.id: i.thumbnail_path for i in items
                  if i.thumbnail_path is not None and not self.model.has_thumbnail(i.id)}
        self.loaded.emit()
        if not wanted:
            self.thumbnails_shown.emit()
            return
        paths = {k: v for k, v in wanted.items() if v is not None}
        store = self.ctx.store
        self.ctx.tasks.run(lambda p: _read_images(store, paths, p), lane=Lane.FILES,
                           on_done=self._thumbnails, key=self.key("thumbnails"),
                           error_title=_tr("无法读取缩略图"))

    def _thumbnails(self, images: dict[str, QImage]) -> None:
        for item_id, image in images.items():
            self.model.set_thumbnail(item_id, image)
        self.thumbnails_shown.emit()

    def current_item(self) -> EvidenceItemView | None:
        index = self.view.currentIndex()
        item = index.data(ITEM_ROLE) if index.isValid() else None
        return item if isinstance(item, EvidenceItemView) else None

    def _open(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if isinstance(item, EvidenceItemView):
            self.viewer = ViewerDialog(self.ctx, item, self)
            self.viewer.open()

    def add_files(self, paths: Sequence[str]) -> None:
        """Prepare the files (progress, cancel), ask for a reason when the import has warnings
        (Cancel abandons it: nothing written), then write it."""
        case_id, store, actor = self.case_id, self.ctx.store, self.ctx.officer.id
        if case_id is None or not paths:
            return
        files = list(paths)

        def work(p: Progress) -> PreparedImport:
            prepared = prepare_import(store, case_id, files, actor, progress=p.update,
                                      cancelled=lambda: p.cancelled)
            if p.cancelled:  # cancelled as it finished: nothing must stay staged
                abandon_import(prepared)
                raise Cancelled
            return prepared

        self.ctx.tasks.run_with_progress(
            self, _tr("正在导入 {n} 个证据文件…").format(n=len(files)), work, lane=Lane.FILES,
            on_done=lambda prepared: self._confirm(case_id, prepared),
            on_cancel=lambda: self._tell(_tr("已取消导入，未导入任何文件。")),
            error_title=_tr("证据未能导入"))

    def _confirm(self, case_id: str, prepared: PreparedImport) -> None:
        confirm_import(self, self.ctx.tasks, prepared,
                       write=lambda reason: self._finish(case_id, prepared, reason),
                       stopped=lambda: self._tell(_tr("已取消导入，未导入任何文件。")),
                       keep=self._keep_dialog)

    def _keep_dialog(self, dialog: ImportWarningsDialog | None) -> None:
        self.warnings_dialog = dialog

    def _finish(self, case_id: str, prepared: PreparedImport, reason: str) -> None:
        store = self.ctx.store

        def work(_p: Progress) -> ImportResult:
            try:
                return finish_import(store, prepared, reason)
            finally:
                abandon_import(prepared)  # after an error: the staged files go

        def done(result: ImportResult) -> None:
            text = _tr("已导入 {n} 个文件。").format(n=len(result.imported))
            if result.skipped:
                text += _tr("未导入：") + "；".join(f"{Path(path).name}：{why}"
                                                 for path, why in result.skipped)
            if result.warnings:
                text += _tr("有 {n} 条提示，已随证据记录，理由：{reason}").format(
                    n=len(result.warnings), reason=reason)
            self._tell(text)

        self.ctx.tasks.run(work, lane=Lane.FILES, on_done=done,
                           changes=Changes.of("evidence", case_id=case_id),
                           error_title=_tr("证据未能导入"))

    def withdraw_current(self) -> None:
        item = self.current_item()
        if item is None or item.withdrawn:
            return
        reason = withdraw_question(self, item)
        if not reason:
            return
        case_id, store, actor = self.case_id, self.ctx.store, self.ctx.officer.id
        self.ctx.tasks.run(lambda _p: withdraw_evidence(store, item.id, reason, actor),
                           changes=Changes.of("evidence", case_id=case_id),
                           error_title=_tr("证据未能撤回"))

    def export_to(self, folder: str) -> None:
        case_id, store, actor = self.case_id, self.ctx.store, self.ctx.officer.id
        if case_id is None or not folder:
            return
        dest = Path(folder)
        self.ctx.tasks.run_with_progress(
            self, _tr("正在导出证据…"), lambda _p: export_evidence(store, case_id, dest, actor),
            lane=Lane.FILES, error_title=_tr("证据未能导出"),
            on_done=lambda n: self._tell(
                _tr("已导出 {n} 件证据到 {dir}").format(n=n, dir=dest)))


# Replaced in tests (the dialogs are modal).
withdraw_question = ask_withdraw_reason
