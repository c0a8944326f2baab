"""An opened case: a header (number, status, stage, party) and the case's tabs.

Contract: ``load(case_id, tab)`` shows the case at that tab ("basic", "party", "evidence",
"checklist", "documents", "timeline", "approvals"); every read runs on the task lanes and a change announced
for this case reloads what it touches. ``may_close()`` asks 保存 / 不保存 / 取消 when the
officer has unsaved edits (basic information or checklist answers) and says whether the case
may be left. ``closed`` asks the main window to close the case (its Ctrl+W does the same).
"""

from __future__ import annotations

from enum import Enum

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.stage import COLOURS as STAGE_COLOURS
from gridapp.vocab.stage import STAGE as STAGE_TERMS
from gridapp.workbench.detail import CaseDetail, case_detail
from ui.case_view.basic import BasicTab
from ui.case_view.checklist import ChecklistTab
from ui.case_view.common import CaseTab
from ui.case_view.evidence import EvidenceTab
from ui.case_view.follow import ApprovalsTab
from ui.case_view.lists import DocumentsTab, TimelineTab
from ui.case_view.party import PartyTab
from ui.context import AppContext
from ui.language import tr as _tr
from ui.language import vocab_label
from ui.tasks import Changes

TABS = ("basic", "party", "evidence", "checklist", "documents", "timeline", "approvals")


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget, number: str) -> Unsaved:
    box = QMessageBox(QMessageBox.Icon.Question, _tr("尚未保存"),
                      _tr("案件 {number} 有尚未保存的修改。").format(number=number),
                      parent=parent)
    save = box.addButton(_tr("保存"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_tr("不保存"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return Unsaved.SAVE if clicked is save else Unsaved.DISCARD if clicked is discard \
        else Unsaved.CANCEL


# Replaced in tests (the question is modal).
unsaved_question = ask_unsaved


class CaseView(QWidget):
    closed = Signal()
    detail_loaded = Signal(object)  # CaseDetail
    open_citation = Signal(str)  # a statute citation to show in 法规库

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("caseView")
        self.case_id: str | None = None
        self.detail: CaseDetail | None = None
        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        font = self.title.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.title.setFont(font)
        self.stage = QLabel()
        self.stage.setObjectName("caseStage")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("caseSubtitle")
        back = QPushButton(_tr("返回列表（Ctrl+W）"))
        back.clicked.connect(self.closed.emit)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.stage)
        header.addWidget(self.subtitle, 1)
        header.addWidget(back)

        self.basic = BasicTab(ctx)
        self.basic.open_citation.connect(self.open_citation)
        self.basic.violations_loaded.connect(self._education)
        self.party = PartyTab(ctx)
        self.evidence = EvidenceTab(ctx)
        self.checklist = ChecklistTab(ctx)
        self.documents = DocumentsTab(ctx)
        self.documents.new_document.connect(self.new_document)
        self.documents.open_case_file.connect(self.open_case_file)
        self.document_wizard: QDialog | None = None
        self.case_file_dialog: QDialog | None = None
        self.timeline = TimelineTab(ctx)
        self.approvals = ApprovalsTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        labels = (_tr("基本信息"), _tr("当事人"), _tr("证据"), _tr("免罚核查"), _tr("文书"),
                  _tr("时间线"), _tr("审批与跟踪"))
        for tab, label in zip(self.all_tabs(), labels, strict=True):
            self.tabs.addTab(tab, label)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        ctx.tasks.changed.connect(self._changed)

    def all_tabs(self) -> tuple[CaseTab, ...]:
        return (self.basic, self.party, self.evidence, self.checklist, self.documents,
                self.timeline, self.approvals)

    def tab(self, name: str) -> CaseTab:
        return self.all_tabs()[TABS.index(name)]

    def load(self, case_id: str, tab: str = "basic") -> None:
        self.case_id = case_id
        self.detail = None
        self.title.setText(_tr("正在载入…"))
        self.subtitle.setText("")
        self.stage.setText("")
        self.tabs.setCurrentIndex(TABS.index(tab) if tab in TABS else 0)
        for each in self.all_tabs():
            each.show_case(case_id)
        self._load_detail()

    def _load_detail(self) -> None:
        case_id, store = self.case_id, self.ctx.store
        if case_id is None:
            return

        def read(_p: object) -> CaseDetail:
            with store.read_connection() as conn:
                return case_detail(conn, case_id, store.pack)

        self.ctx.tasks.run(read, on_done=self._show_detail, key="case-detail",
                           error_title=_tr("无法读取案件"))

    def _show_detail(self, detail: CaseDetail) -> None:
        if detail.id != self.case_id:
            return
        self.detail = detail
        self.title.setText(detail.number)
        colour = STAGE_COLOURS.get(detail.stage, "#808080")
        self.stage.setText(f"● {vocab_label(STAGE_TERMS, detail.stage)}")
        self.stage.setStyleSheet(f"color:{colour};")
        party = detail.party.name if detail.party else _tr("（未关联当事人）")
        self.subtitle.setText(_tr("{status}　{violation}　当事人：{party}").format(
            status=vocab_label(CASE_STATUS, detail.status), violation=detail.violation_name, party=party))
        self.basic.show_detail(detail)
        self.documents.party_name = detail.party.name if detail.party else ""
        self.approvals.number = detail.number
        self._education()
        self.party.show_party(detail.party.id if detail.party else "")
        self.detail_loaded.emit(detail)

    def new_document(self, kind: str | None = None) -> None:
        """制作文书 (Ctrl+D) on the open case: the document wizard, proposed documents first."""
        if self.case_id is None:
            return
        open_one = self.document_wizard
        if open_one is not None and shiboken6.isValid(open_one) and open_one.isVisible() \
                and getattr(open_one, "case_id", None) == self.case_id:
            open_one.raise_()  # one document at a time: Ctrl+D again returns to it
            open_one.activateWindow()
            return
        from ui.documents.wizard import DocumentWizard

        number = self.detail.number if self.detail else ""
        wizard = DocumentWizard(self.ctx, self.case_id, number, kind, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.show()
        self.document_wizard = wizard
        self.tabs.setCurrentWidget(self.documents)

    def open_case_file(self) -> None:
        """案卷 of the open case: its completeness check, then build, preview, print, save."""
        if self.case_id is None:
            return
        from ui.documents.casefile import CaseFileDialog

        number = self.detail.number if self.detail else ""
        dialog = CaseFileDialog(self.ctx, self.case_id, number, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.case_file_dialog = dialog

    def _education(self) -> None:
        choice = self.basic.violations.get(self.detail.violation) if self.detail else None
        self.checklist.show_education(choice.education if choice else "")

    def _changed(self, changes: Changes) -> None:
        if self.case_id is not None and changes.case_id in (None, self.case_id) and \
                changes.touches("case", "party", "evidence", "checklist"):
            self._load_detail()

    def clear(self) -> None:
        """Forget the closed case (its thumbnails too)."""
        self.case_id = None
        self.detail = None
        self.evidence.model.set_items(())
        for each in self.all_tabs():
            each.case_id = None

    def has_unsaved(self) -> bool:
        return self.basic.has_unsaved() or self.checklist.has_unsaved()

    def save(self) -> None:
        if self.case_id is None:
            return
        if self.basic.has_unsaved():
            self.basic.save()
        if self.checklist.has_unsaved():
            self.checklist.save()

    def may_close(self) -> bool:
        if self.case_id is None or not self.has_unsaved():
            return True
        answer = unsaved_question(self, self.detail.number if self.detail else "")
        if answer is Unsaved.CANCEL:
            return False
        if answer is Unsaved.SAVE:
            if self.basic.has_unsaved() and self.basic.edit()[1]:
                self.tabs.setCurrentWidget(self.basic)
                self.basic.save()  # shows what to correct beside the fields; the case stays open
                return False
            self.save()
        return True
