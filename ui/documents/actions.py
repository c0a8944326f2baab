"""Printing, saving, serving and voiding an issued document, and printing any PDF produced in
the background. The ``ask_*`` and ``choose_*`` functions are the only places that wait for the
officer (tests replace them); the work itself runs on the task lanes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gridapp import clock
from gridapp.documents.service import write_pdf
from gridapp.errors import GridappError, ValidationError
from gridapp.timeutil import station_time
from gridapp.workbench.documents import DocumentRow
from gridapp.workbench.drafting import (
    COPIES,
    SERVICE_METHODS,
    ServiceForm,
    issued_pdf,
    print_copies,
    serve,
    service_place,
    void,
)
from ui.case_view.common import error_label, show_error_on
from ui.context import AppContext
from ui.errors import user_message
from ui.language import tr as _tr
from ui.pdf_pages import print_pdfs
from ui.tasks import Changes, Lane, Progress

COPY_LABELS = {"file": lambda: _tr("存档联"), "party": lambda: _tr("当事人联"),
               "receipt": lambda: _tr("送达回证"), "bank": lambda: _tr("收缴银行联")}


class CopiesDialog(QDialog):
    """Which copies to print (存档联 / 当事人联 / 送达回证)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("打印 {title}").format(title=title))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_tr("请选择要打印的联次：")))
        self.boxes: dict[str, QCheckBox] = {}
        for code in COPIES:
            box = QCheckBox(COPY_LABELS[code]())
            box.setObjectName(f"copy:{code}")
            box.setChecked(code in ("file", "party"))
            layout.addWidget(box)
            self.boxes[code] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]


def ask_copies(parent: QWidget, title: str) -> list[str] | None:
    dialog = CopiesDialog(title, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    from PySide6.QtGui import QPageSize

    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


def ask_printer(parent: QWidget, printer: QPrinter) -> bool:
    """The system print dialog (A4); True when the officer chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("打印"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def choose_save_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, _tr("另存为 PDF"), suggested, "PDF (*.pdf)")
    return path


def print_produced(ctx: AppContext, parent: QWidget, title: str,
                   produce: Callable[[Progress], Sequence[bytes]],
                   done: Callable[[int], None] | None = None) -> None:
    """Ask for a printer, then make the PDFs (database lane) and print them (file lane)."""
    printer = new_printer()
    printer.setDocName(title)
    if not ask_printer(parent, printer):
        return

    def sent(pages: int) -> None:
        ctx.message(_tr("已发送打印：{title}，共 {n} 页").format(title=title, n=pages))
        if done is not None:
            done(pages)

    def made(pdfs: Sequence[bytes]) -> None:
        ctx.tasks.run_with_progress(
            parent, _tr("正在打印……"),
            lambda p: print_pdfs(printer, pdfs, stop=p.check, progress=p.update),
            lane=Lane.FILES, on_done=sent, error_title=_tr("打印失败"))

    ctx.tasks.run(produce, on_done=made, error_title=_tr("无法准备打印的文书"), owner=parent)


def print_document(ctx: AppContext, parent: QWidget, row_id: str, title: str,
                   done: Callable[[int], None] | None = None) -> None:
    """打印 an issued document: the chosen copies of it, as issued."""
    copies = ask_copies(parent, title)
    if not copies:
        return
    store = ctx.store
    print_produced(ctx, parent, title, lambda _p: print_copies(store, row_id, copies), done)


def save_produced(ctx: AppContext, parent: QWidget, suggested: str,
                  produce: Callable[[Progress], bytes],
                  done: Callable[[Path], None] | None = None) -> None:
    """另存为 PDF: ask where, then write the produced PDF whole (never half a file)."""
    chosen = choose_save_path(parent, suggested)
    if not chosen:
        return
    path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")

    def write(p: Progress) -> Path:
        write_pdf(produce(p), path)
        return path

    def saved(out: Path) -> None:
        ctx.message(_tr("已保存：{path}").format(path=out))
        if done is not None:
            done(out)

    ctx.tasks.run(write, on_done=saved, error_title=_tr("无法保存 PDF"))


def save_document(ctx: AppContext, parent: QWidget, row_id: str, number: str,
                  done: Callable[[Path], None] | None = None) -> None:
    store = ctx.store
    safe = "".join("_" if c in '\\/:*?"<>|' else c for c in number)
    save_produced(ctx, parent, f"{safe}.pdf", lambda _p: issued_pdf(store, row_id), done)


class ServiceDialog(QDialog):
    """送达 of one document: method, date, recipient, place; refusal reason and witnesses for
    留置送达; the consent on file for 电子送达. Errors appear beside the field; the dialog stays
    open until the record is written."""

    def __init__(self, ctx: AppContext, row: DocumentRow, case_id: str, party_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row, self.case_id = ctx, row, case_id
        self.setObjectName("serviceDialog")
        self.setWindowTitle(_tr("记录送达：{title} {number}").format(title=row.kind_label,
                                                                   number=row.number))
        self.method = QComboBox()
        self.method.setObjectName("serviceMethod")
        for code, label in SERVICE_METHODS.items():
            self.method.addItem(label, code)
        today = station_time(clock.now()).date()  # the station's day, not the laptop's zone
        station_today = QDate(today.year, today.month, today.day)
        self.served_on = QDateEdit(station_today)
        self.served_on.setObjectName("servedOn")
        self.served_on.setCalendarPopup(True)
        self.served_on.setDisplayFormat("yyyy年MM月dd日")
        self.served_on.setMaximumDate(station_today)
        self.recipient = QLineEdit(party_name)
        self.recipient.setObjectName("recipient")
        self.place = QLineEdit()
        self.place.setObjectName("servicePlace")
        self.refusal = QLineEdit()
        self.refusal.setObjectName("refusalReason")
        self.refusal.setPlaceholderText(_tr("如：当事人拒绝签收"))
        self.witnesses = QLineEdit()
        self.witnesses.setObjectName("witnesses")
        self.witnesses.setPlaceholderText(_tr("见证人姓名（所在单位），如 王芳（某某居委会），多人用“、”分隔"))
        self.consent = QCheckBox(_tr("受送达人已书面同意电子送达（确认书已归档）"))
        self.consent.setObjectName("consent")
        self.agent = QLineEdit()
        self.agent.setObjectName("agent")
        self.agent.setPlaceholderText(_tr("由他人代收时填写代收人姓名"))
        self.agent_relation = QLineEdit()
        self.agent_relation.setObjectName("agentRelation")
        self.agent_relation.setPlaceholderText(_tr("如：同住成年家属、单位收件人"))
        self.tracking = QLineEdit()
        self.tracking.setObjectName("trackingNumber")
        self.tracking.setPlaceholderText(_tr("邮寄送达的邮件号；送达日期填回执上的签收日期"))
        self.errors = {name: error_label(name) for name in
                       ("method", "served_on", "recipient", "place", "refusal_reason", "witness",
                        "consent", "agent", "agent_relation", "tracking_number", "$")}
        form = QFormLayout()
        self.rows: dict[str, QWidget] = {}
        for label, name, widget in (
            (_tr("送达方式(&M)："), "method", self.method),
            (_tr("送达日期(&D)："), "served_on", self.served_on),
            (_tr("受送达人(&R)："), "recipient", self.recipient),
            (_tr("送达地点："), "place", self.place),
            (_tr("拒收事由："), "refusal_reason", self.refusal),
            (_tr("见证人："), "witness", self.witnesses),
            (_tr("电子送达："), "consent", self.consent),
            (_tr("代收人："), "agent", self.agent),
            (_tr("代收人与受送达人关系："), "agent_relation", self.agent_relation),
            (_tr("邮件号："), "tracking_number", self.tracking),
        ):
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            if name in self.errors:
                column.addWidget(self.errors[name])
            caption = QLabel(label)
            caption.setBuddy(widget)
            form.addRow(caption, box)
            self.rows[name] = box
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_tr("记录送达(&S)"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["$"])
        layout.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.party_address = ""  # the party's recorded address, loaded on the DB lane
        self._method_changed()
        self.served: str = ""
        ctx.tasks.run(lambda _p: service_place(ctx.store, case_id), on_done=self._address_known,
                      owner=self)

    def _address_known(self, address: str) -> None:
        self.party_address = address
        self._offer_place()

    def _offer_place(self) -> None:
        """留置送达 leaves the document where the party lives (民事诉讼法第八十九条): the
        recorded address is offered in the place field, for the officer to confirm or correct."""
        if self.method.currentData() == "left" and not self.place.text().strip():
            self.place.setText(self.party_address)

    def _method_changed(self) -> None:
        code = self.method.currentData()
        for name, shown in (("refusal_reason", code == "left"), ("witness", code == "left"),
                            ("consent", code == "electronic"), ("agent", code == "direct"),
                            ("agent_relation", code == "direct"),
                            ("tracking_number", code == "post")):
            self.rows[name].setEnabled(shown)
        self._offer_place()

    def form(self) -> ServiceForm:
        code = str(self.method.currentData())
        day = self.served_on.date().toPython()
        assert isinstance(day, date)
        return ServiceForm(method=str(self.method.currentData()), served_on=day,
                           recipient=self.recipient.text().strip(),
                           place=self.place.text().strip(),
                           refusal_reason=self.refusal.text().strip(),
                           witnesses=self.witnesses.text().strip() if code == "left" else "",
                           consent=self.consent.isChecked(),
                           agent=self.agent.text().strip() if code == "direct" else "",
                           agent_relation=(self.agent_relation.text().strip()
                                           if code == "direct" else ""),
                           tracking_number=self.tracking.text().strip() if code == "post" else "")

    def submit(self) -> None:
        for label in self.errors.values():
            show_error_on(label, "")
        store, actor, doc_id, form = self.ctx.store, self.ctx.officer.id, self.row.id, self.form()
        self.buttons.setEnabled(False)

        def done(day: str) -> None:
            self.served = day
            self.buttons.setEnabled(True)
            self.accept()

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            name = exc.field if isinstance(exc, GridappError) else "$"
            show_error_on(self.errors.get(name or "$", self.errors["$"]), user_message(exc))

        self.ctx.tasks.run(lambda _p: serve(store, doc_id, form, actor), on_done=done,
                           on_error=failed,
                           changes=Changes.of("document", "case", case_id=self.case_id), owner=self)


def ask_service(ctx: AppContext, parent: QWidget, row: DocumentRow, case_id: str,
                party_name: str) -> str:
    """The date service counts from, or "" when the officer cancelled."""
    dialog = ServiceDialog(ctx, row, case_id, party_name, parent)
    dialog.exec()
    return dialog.served


def ask_void_reason(parent: QWidget, row: DocumentRow) -> str | None:
    reason, ok = QInputDialog.getText(
        parent, _tr("作废文书"),
        _tr("作废 {title} {number}。\n作废后文号不再使用，文书仍保留在案卷中。\n请填写作废理由：").format(
            title=row.kind_label, number=row.number))
    if not ok:
        return None
    return reason


def confirm_void(parent: QWidget, row: DocumentRow, reason: str) -> bool:
    answer = QMessageBox.question(
        parent, _tr("确认作废"),
        _tr("确定作废 {title} {number}？\n理由：{reason}\n此操作不能撤销。").format(
            title=row.kind_label, number=row.number, reason=reason))
    return answer == QMessageBox.StandardButton.Yes


def void_document(ctx: AppContext, parent: QWidget, row: DocumentRow, case_id: str) -> None:
    """作废 with a reason (asked, then confirmed); a refusal is shown, nothing else changes."""
    reason = ask_void_reason(parent, row)
    if reason is None:
        return
    if not reason.strip():
        ctx.tasks.failed.emit(ValidationError("作废文书必须说明理由", "a reason is required to void",
                                              field="reason"), _tr("不能作废"))
        return
    if not confirm_void(parent, row, reason.strip()):
        return
    store, actor = ctx.store, ctx.officer.id
    ctx.tasks.run(lambda _p: void(store, row.id, reason, actor),
                  on_done=lambda _r: ctx.message(_tr("已作废 {number}").format(number=row.number)),
                  changes=Changes.of("document", "case", case_id=case_id),
                  error_title=_tr("不能作废"))
