"""Documents in the window: from a new case with two photos to an issued 不予行政处罚决定书
printed through the print path and verified; a blocked decision cannot be issued and says
which gate and article; service and voiding from the 文书 tab; the case file built with
progress, previewed and saved; bad input is shown and writes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget, QWizard
from pytestqt.qtbot import QtBot

from gridapp.models import Document, DocumentService
from gridapp.store import StationStore
from gridapp.workbench.actions import create_case, import_files
from gridapp.workbench.drafting import issue
from tests.workbench.conftest import DRAFT, TWO_PHOTOS, holdings, officer_id
from ui import wizard as wizard_module
from ui.case_view import basic as basic_module
from ui.case_view.view import CaseView
from ui.context import ActingOfficer, AppContext
from ui.documents import actions
from ui.documents import casefile as casefile_module
from ui.documents.casefile import CaseFileDialog
from ui.documents.wizard import DocumentWizard
from ui.main_window import MainWindow
from ui.pdf_pages import page_images, print_pdfs
from ui.tasks import TaskRunner

CORRECTION = "当事人已于当场收拾摊位，恢复人行道通行。"
# What an officer types for a case without photos (the 证据 field then has nothing to fill from).
TYPED = {"correction": CORRECTION, "evidence": "现场检查笔录一份"}
# The 教育告诫记录 a no-penalty decision follows (行政处罚法第三十三条第三款).
EDUCATED = {"time": "2026-11-28 09:40", "method": "当面口头教育", "party_response": "我知道错了"}


@pytest.fixture
def ctx(store: StationStore) -> Iterator[AppContext]:
    tasks = TaskRunner()
    officer = ActingOfficer(officer_id(store, "31010001"), "张建国", "31010001")
    yield AppContext(store, tasks, officer)
    tasks.shutdown()


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The print path ends in a PDF file: the print dialog is answered with a file printer."""
    files: list[Path] = []

    def file_printer(_parent: QWidget, printer: QPrinter) -> bool:
        out = tmp_path / f"printed-{len(files) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        files.append(out)
        return True

    monkeypatch.setattr(actions, "ask_printer", file_printer)
    monkeypatch.setattr(actions, "ask_copies", lambda _p, _t: ["file", "party"])
    return files


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def case_with_partner(ctx: AppContext, *, photos: bool = True) -> str:
    partner = officer_id(ctx.store, "31010002")
    result = create_case(ctx.store, replace(DRAFT, partner_id=partner), ctx.officer.id)
    if photos:
        import_files(ctx.store, result.case_id, [str(p) for p in TWO_PHOTOS], ctx.officer.id, reason="已核实，属本案证据")
    return result.case_id


def educated(ctx: AppContext, case_id: str) -> None:
    """The officer educated the party and recorded it, and a 负责人 who is not on the case
    approved the no-penalty outcome, as a no-penalty decision requires (行政处罚法第三十三条
    第三款、第五十七条第一款)."""
    from gridapp.approvals import service as approvals
    from tests.conftest import OFFICER_BADGE, REVIEWER_BADGE, add_reviewer

    issue(ctx.store, case_id, "education_record", EDUCATED, ctx.officer.id)
    add_reviewer(ctx.store)
    with ctx.store.session() as s:
        row = approvals.submit(ctx.store, s, case_id, "penalty", OFFICER_BADGE,
                               note="建议不予行政处罚")
        approvals.approve(ctx.store, s, row.id, "同意不予行政处罚。", REVIEWER_BADGE)


def open_wizard(qtbot: QtBot, ctx: AppContext, case_id: str, kind: str | None = None
                ) -> DocumentWizard:
    wizard = DocumentWizard(ctx, case_id, "", kind)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.draft is not None and bool(wizard.preview.images)
                    and not ctx.tasks.busy, timeout=20_000)
    return wizard


def settled(qtbot: QtBot, ctx: AppContext, wizard: DocumentWizard) -> None:
    qtbot.waitUntil(lambda: not wizard.timer.isActive() and not ctx.tasks.busy, timeout=20_000)


def test_from_a_new_case_to_a_printed_and_verified_no_penalty_decision(
    qtbot: QtBot, ctx: AppContext, store: StationStore, printed: list[Path],
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.setattr(wizard_module, "confirm_discard", lambda _p: True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.wizard is not None)
    new_case = window.wizard
    assert isinstance(new_case, wizard_module.NewCaseWizard)
    qtbot.waitUntil(lambda: new_case.violation_step.choices != ()
                    and new_case.source_step.partner.count() > 1)

    def step(expected: object) -> None:
        page = new_case.currentPage()
        button = QWizard.WizardButton.CommitButton if page.isCommitPage() else \
            QWizard.WizardButton.NextButton
        qtbot.mouseClick(new_case.button(button), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: new_case.currentPage() is expected and not new_case.busy,
                        timeout=20_000)

    partner = new_case.source_step.partner
    partner.setCurrentIndex(partner.findData(officer_id(store, "31010002")))
    step(new_case.place_step)
    new_case.place_step.address.setText("上海市黄浦区南京东路100号门前")
    new_case.place_step.grid.setCurrentIndex(new_case.place_step.grid.findData("G0101"))
    step(new_case.violation_step)
    new_case.violation_step.search.setText("设摊")
    new_case.violation_step.list.setCurrentRow(0)
    step(new_case.party_step)
    party = new_case.party_step
    party.mode.button(party.NEW).setChecked(True)
    party.name.setText("王小明")
    party.id_number.setText(DRAFT.party.id_number)  # type: ignore[union-attr]
    party.address.setText("上海市黄浦区福州路8号")
    step(new_case.facts_step)
    step(new_case.photos_step)
    new_case.photos_step.add_paths([str(p) for p in TWO_PHOTOS])
    step(new_case.result_step)
    qtbot.waitUntil(lambda: new_case.warnings_dialog is not None, timeout=30_000)
    assert new_case.warnings_dialog is not None
    new_case.warnings_dialog.reason.setText("已核实")
    new_case.warnings_dialog.import_button.click()
    qtbot.waitUntil(lambda: new_case.import_result is not None, timeout=30_000)
    new_case.button(QWizard.WizardButton.FinishButton).click()

    view = window.case_view
    qtbot.waitUntil(lambda: view.checklist.view is not None and not ctx.tasks.busy,
                    timeout=10_000)
    assert "首违不罚" in view.checklist.outcome.text()
    # The officer educated the party on the spot and recorded it (第三十三条第三款).
    assert view.case_id is not None
    educated(ctx, view.case_id)

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.document_wizard is not None)
    wizard = view.document_wizard
    assert isinstance(wizard, DocumentWizard)
    qtbot.waitUntil(lambda: wizard.draft is not None and bool(wizard.preview.images)
                    and not ctx.tasks.busy, timeout=20_000)
    assert wizard.proposed()[0] == "no_penalty_decision", "the engine's proposal comes first"
    assert wizard.draft is not None and wizard.draft.kind == "no_penalty_decision"
    assert [f.name for f in wizard.draft.missing] == ["correction"]
    assert not wizard.issue_button.isEnabled()
    assert "改正情况" in wizard.refusal.text()
    source = wizard.findChild(QLabel, "source:party_name")
    assert source is not None and source.text() == "来自当事人"
    education = wizard.findChild(QPlainTextEdit, "field:education")
    assert education is not None and "设摊" in education.toPlainText(), "the pack's 说理"

    correction = wizard.findChild(QPlainTextEdit, "field:correction")
    assert correction is not None
    correction.setPlainText(CORRECTION)
    settled(qtbot, ctx, wizard)
    assert wizard.draft.can_issue and wizard.issue_button.isEnabled()
    assert len(wizard.preview.images) >= 1 and wizard.preview.images[0].width() > 400
    qtbot.waitUntil(lambda: wizard.preview.complete)
    page = wizard.preview.labels[0].pixmap()
    assert not page.isNull() and page.width() == wizard.preview.page_width(), "drawn at view width"
    assert "草稿" in wizard.preview.note.text()

    qtbot.mouseClick(wizard.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.issued_doc is not None and not ctx.tasks.busy,
                    timeout=20_000)
    number = wizard.issued_doc.number  # type: ignore[union-attr]
    assert number in wizard.title.text()
    assert wizard.print_button.isEnabled()

    qtbot.mouseClick(wizard.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(printed) and printed[0].exists() and not ctx.tasks.busy,
                    timeout=20_000)
    text = pdf_text(printed[0])
    assert "王小明" in text and number in text
    assert "【存档联】" in text and "【当事人联】" in text, "both chosen copies were printed"

    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(actions, "choose_save_path", lambda _p, _s: str(saved))
    qtbot.mouseClick(wizard.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.exists() and not ctx.tasks.busy, timeout=20_000)
    verify = subprocess.run(
        [sys.executable, "-m", "gridapp", "--data-dir", str(store.data_dir), "doc", "verify",
         str(saved)], check=False, capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"一致：内容与签发记录 {number} 相符" in verify.stdout

    wizard.close()
    documents = view.documents
    qtbot.waitUntil(lambda: any(r.number == number for r in documents.model.rows),
                    timeout=10_000)


def test_a_fine_decision_before_the_advance_notice_cannot_be_issued(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    case_id = case_with_partner(ctx, photos=False)
    wizard = open_wizard(qtbot, ctx, case_id, "penalty_decision")
    assert wizard.kind == "penalty_decision"
    fine = wizard.rows["fine_amount"]
    fine.editor.setText("200")  # type: ignore[attr-defined]
    settled(qtbot, ctx, wizard)
    assert wizard.draft is not None
    assert not wizard.issue_button.isEnabled()
    gates = wizard.gates.text()
    assert "事先告知" in gates and "第四十四条" in gates
    refusal = wizard.refusal.text()
    assert "事先告知" in refusal and "第四十四条" in refusal and "请先送达行政处罚事先告知书" in refusal
    before = holdings(store)

    wizard.issue_now()  # as if the button were pressed anyway: the core refuses too
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
    assert "事先告知" in wizard.refusal.text() and "第四十四条" in wizard.refusal.text()
    assert wizard.issued_doc is None
    assert holdings(store) == before, "nothing was written"


def test_a_bad_amount_is_shown_beside_the_field_and_nothing_is_written(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    case_id = case_with_partner(ctx, photos=False)
    wizard = open_wizard(qtbot, ctx, case_id, "penalty_decision")
    wizard.rows["fine_amount"].editor.setText("二百元")  # type: ignore[attr-defined]
    settled(qtbot, ctx, wizard)
    error = wizard.findChild(QLabel, "error:fine_amount")
    assert error is not None and "金额" in error.text() and error.isVisibleTo(wizard)
    assert not wizard.issue_button.isEnabled()
    before = holdings(store)
    wizard.issue_now()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
    assert "金额" in wizard.refusal.text()
    assert holdings(store) == before


def test_one_officer_is_not_enough_and_the_second_is_added_from_the_case(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = create_case(store, DRAFT, ctx.officer.id)
    wizard = open_wizard(qtbot, ctx, result.case_id, "no_penalty_decision")
    assert "两名执法人员" in wizard.gates.text() and "第四十二条" in wizard.gates.text()
    assert "添加第二名执法人员" in wizard.refusal.text()
    wizard.close()

    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.load(result.case_id, "basic")
    qtbot.waitUntil(lambda: view.detail is not None and not ctx.tasks.busy, timeout=10_000)
    assert "不得少于两人" in view.basic.officers.text()
    monkeypatch.setattr(basic_module, "ask_officer",
                        lambda _p, choices: next(c for c in choices if c.badge_no == "31010002"))
    view.basic.add_officer_button.click()
    qtbot.waitUntil(lambda: "31010002" in view.basic.officers.text() and not ctx.tasks.busy,
                    timeout=10_000)
    assert "不得少于两人" not in view.basic.officers.text()

    wizard = open_wizard(qtbot, ctx, result.case_id, "no_penalty_decision")
    assert "两名执法人员" not in wizard.gates.text()


def opened_documents(qtbot: QtBot, ctx: AppContext, case_id: str, doc_id: str = "") -> CaseView:
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.load(case_id, "documents")
    qtbot.waitUntil(lambda: view.detail is not None and view.documents.model.rowCount() > 0
                    and not ctx.tasks.busy, timeout=10_000)
    rows = view.documents.model.rows
    view.documents.table.selectRow(next((i for i, r in enumerate(rows) if r.id == doc_id), 0))
    return view


def row_of(view: CaseView, doc_id: str) -> Any:
    return next(r for r in view.documents.model.rows if r.id == doc_id)


def test_service_is_recorded_from_the_document_row_and_a_refusal_needs_a_witness(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    view = opened_documents(qtbot, ctx, case_id, issued.document_id)
    dialogs: list[actions.ServiceDialog] = []

    def fill_and_submit(ctx_: AppContext, parent: QWidget, row: object, cid: str,
                        party: str) -> str:
        # Owned by its parent (the documents tab, closed by qtbot): not registered separately,
        # or teardown would close it after its parent deleted it.
        dialog = actions.ServiceDialog(ctx_, row, cid, party, parent)  # type: ignore[arg-type]
        dialogs.append(dialog)
        dialog.method.setCurrentIndex(dialog.method.findData("left"))
        dialog.refusal.setText("当事人拒绝签收")
        dialog.submit()
        qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
        return dialog.served

    monkeypatch.setattr(actions, "ask_service", fill_and_submit)
    assert view.detail is not None and view.detail.evaluation is not None
    assert "reconsideration_until" not in [d.name for d in view.detail.evaluation.deadlines]
    before = holdings(store)
    view.documents.serve_button.click()
    dialog = dialogs[0]
    witness = dialog.findChild(QLabel, "error:witness")
    assert witness is not None and "见证人" in witness.text() and witness.isVisibleTo(dialog)
    assert dialog.served == "" and holdings(store) == before, "nothing written on a refusal"

    dialog.witnesses.setText("李四（社区网格员）")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.served != "" and not ctx.tasks.busy, timeout=10_000)
    qtbot.waitUntil(lambda: row_of(view, issued.document_id).state == "served", timeout=10_000)
    assert "留置送达" in row_of(view, issued.document_id).service_method_label
    qtbot.waitUntil(lambda: view.detail is not None and view.detail.evaluation is not None and
                    "reconsideration_until" in [d.name for d in view.detail.evaluation.deadlines],
                    timeout=10_000)  # the periods that start at service are there at once
    due = {d.name: d.due for d in view.detail.evaluation.deadlines}
    assert due["reconsideration_until"] > "2026-12-01" and "lawsuit_until" in due
    with store.read() as s:
        service = s.query(DocumentService).filter_by(document_id=issued.document_id).one()
        assert service.witness == "李四（社区网格员）"


def test_a_voided_document_stays_listed_and_a_reason_is_required(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    view = opened_documents(qtbot, ctx, case_id, issued.document_id)
    errors: list[str] = []
    ctx.tasks.failed.connect(lambda exc, _t: errors.append(str(exc)))
    asked: list[str] = []
    monkeypatch.setattr(actions, "ask_void_reason", lambda _p, _r: "  ")
    monkeypatch.setattr(actions, "confirm_void",
                        lambda _p, _r, reason: asked.append(reason) or True)
    view.documents.void_button.click()
    assert errors and "理由" in errors[0] and not asked
    monkeypatch.setattr(actions, "ask_void_reason", lambda _p, _r: "当事人姓名录入错误")
    view.documents.void_button.click()
    qtbot.waitUntil(lambda: row_of(view, issued.document_id).state == "voided", timeout=10_000)
    assert asked == ["当事人姓名录入错误"], "voiding was confirmed first"
    assert view.documents.model.rowCount() == 2, "the voided document stays listed"
    with store.read() as s:
        doc = s.get(Document, issued.document_id)
        assert doc is not None and doc.void_reason == "当事人姓名录入错误"


def test_the_case_file_is_checked_built_with_progress_previewed_and_saved(
    qtbot: QtBot, ctx: AppContext, store: StationStore, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    case_id = case_with_partner(ctx)
    dialog = CaseFileDialog(ctx, case_id, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    assert "不予行政处罚决定书" in dialog.summary.text(), "the missing decision is named"
    educated(ctx, case_id)
    issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    dialog.close()

    dialog = CaseFileDialog(ctx, case_id, "")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    assert dialog.check is not None and dialog.check.missing == ("首违不罚承诺书",)
    assert "未记录送达" in dialog.summary.text()
    with qtbot.waitSignal(dialog.built, timeout=30_000):
        dialog.build_button.click()
        assert dialog.cancel_button.isVisibleTo(dialog)
    assert dialog.case_file is not None and dialog.case_file.photos == 2
    assert len(dialog.preview.images) == dialog.case_file.pages
    saved = tmp_path / "case-file.pdf"
    monkeypatch.setattr(actions, "choose_save_path", lambda _p, _s: str(saved))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: saved.exists() and not ctx.tasks.busy, timeout=10_000)
    assert "卷内目录" in pdf_text(saved)


def test_a_case_file_build_can_be_cancelled(qtbot: QtBot, ctx: AppContext) -> None:
    case_id = case_with_partner(ctx)
    dialog = CaseFileDialog(ctx, case_id, "")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.build_button.click()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    assert dialog.case_file is None and not dialog.save_button.isEnabled()
    assert "取消" in dialog.preview.note.text()
    assert dialog.build_button.isEnabled(), "it can be built again"


def test_case_files_for_a_selection_of_cases_one_pdf_each(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ids = [case_with_partner(ctx, photos=False) for _ in range(2)]
    monkeypatch.setattr(casefile_module, "choose_folder", lambda _p: str(tmp_path))
    notes: list[str] = []
    ctx.tasks.notice.connect(notes.append)
    ctx.tasks.failed.connect(lambda exc, _t: notes.append(f"FAILED {exc!r}"))
    parent = QWidget()  # the window the progress dialog belongs to (it outlives the work)
    qtbot.addWidget(parent)
    casefile_module.save_selected(ctx, parent, ids)
    qtbot.waitUntil(lambda: bool(notes), timeout=30_000)
    assert sorted(p.name for p in tmp_path.glob("案卷_*.pdf")).__len__() == 2
    assert "2 份案卷" in notes[0]
    notes.clear()
    casefile_module.save_selected(ctx, parent, [])
    assert notes and "选择" in notes[0], "nothing selected: told what to do"


def test_the_raster_print_path_sends_every_page_as_an_image(
    qtbot: QtBot, ctx: AppContext, store: StationStore, tmp_path: Path
) -> None:
    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    from gridapp.workbench.drafting import print_copies
    with store.read() as s:
        doc_id = s.query(Document).filter_by(case_id=case_id,
                                             template_id="no_penalty_decision").one().id
    pdfs = print_copies(store, doc_id, ["file", "receipt"])
    pages = sum(len(page_images(p, 20)) for p in pdfs)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "raster.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    sent = print_pdfs(printer, pdfs, raster=True)
    assert sent == pages
    images = page_images(out.read_bytes(), 30)
    assert len(images) == pages
    first = images[0]
    dark = sum(1 for x in range(0, first.width(), 4) for y in range(0, first.height(), 4)
               if first.pixelColor(x, y).lightness() < 128)
    assert dark > 50, "the printed page carries the document, not a blank sheet"


def test_a_file_that_is_not_a_pdf_is_refused_clearly() -> None:
    from gridapp.errors import ValidationError

    with pytest.raises(ValidationError, match="PDF"):
        page_images(b"not a pdf at all")


def test_the_service_date_starts_at_the_station_day_not_the_laptop_zone(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    from datetime import UTC, date, datetime

    from gridapp import clock
    from gridapp.workbench.documents import case_documents

    clock.start_at(datetime(2026, 11, 28, 23, 30, tzinfo=UTC))  # 07:30 on the 29th in Shanghai
    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    row = next(r for r in case_documents(store, case_id) if r.id == issued.document_id)
    dialog = actions.ServiceDialog(ctx, row, case_id, "王小明")
    qtbot.addWidget(dialog)
    assert dialog.served_on.date().toPython() == date(2026, 11, 29)
    dialog.submit()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
    assert dialog.served == "2026-11-29", "served the day it was issued, station time"


def test_an_inquiry_record_is_typed_question_by_question_and_issued(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    from gridapp.workbench.drafting import issued_pdf
    from ui.documents.wizard import ListEditor

    case_id = case_with_partner(ctx, photos=False)
    wizard = open_wizard(qtbot, ctx, case_id, "inquiry_record")
    assert wizard.draft is not None and "qa" in [f.name for f in wizard.draft.missing]
    qa = wizard.rows["qa"].editor
    assert isinstance(qa, ListEditor)
    wizard.rows["start"].editor.setText("2026-11-28 10:05")  # type: ignore[attr-defined]
    wizard.rows["end"].editor.setText("2026-11-28 10:20")  # type: ignore[attr-defined]
    from PySide6.QtWidgets import QTableWidgetItem

    for question, answer in (("你在此经营多久了？", "今天早上刚来。"), ("", "")):
        qa.add_row()
        row = qa.table.rowCount() - 1
        qa.table.setItem(row, 0, QTableWidgetItem(question))
        qa.table.setItem(row, 1, QTableWidgetItem(answer))
    settled(qtbot, ctx, wizard)
    assert qa.rows() == [{"q": "你在此经营多久了？", "a": "今天早上刚来。"}], "empty rows are left out"
    assert wizard.draft.can_issue, wizard.draft.refusal()
    wizard.issue_button.click()
    qtbot.waitUntil(lambda: wizard.issued_doc is not None and not ctx.tasks.busy, timeout=20_000)
    out = Path(str(store.data_dir)) / "inquiry.pdf"
    out.write_bytes(issued_pdf(store, wizard.issued_doc.document_id))  # type: ignore[union-attr]
    text = pdf_text(out).replace(" ", "")
    assert "你在此经营多久了？" in text and "今天早上刚来。" in text


def test_closing_the_dialogs_while_their_work_runs_is_quiet(
    qtbot: QtBot, ctx: AppContext
) -> None:
    case_id = case_with_partner(ctx)
    errors: list[str] = []
    ctx.tasks.failed.connect(lambda exc, _t: errors.append(str(exc)))
    wizard = DocumentWizard(ctx, case_id, "", "no_penalty_decision")
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.show()
    wizard.close()  # before its choices, draft and preview arrive
    dialog = CaseFileDialog(ctx, case_id, "")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
    dialog2 = CaseFileDialog(ctx, case_id, "")
    dialog2.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog2.show()
    qtbot.waitUntil(lambda: dialog2.check is not None, timeout=10_000)
    dialog2.build_button.click()
    dialog2.close()  # the build is cancelled; its child process ends
    dialog.close()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=30_000)
    qtbot.wait(50)
    assert errors == []


def test_the_draft_preview_is_marked_and_unnumbered(ctx: AppContext, store: StationStore,
                                                    tmp_path: Path) -> None:
    from gridapp.workbench.drafting import preview_pdf

    case_id = case_with_partner(ctx, photos=False)
    out = tmp_path / "draft.pdf"
    out.write_bytes(preview_pdf(store, case_id, "no_penalty_decision", TYPED))
    text = pdf_text(out)
    assert "草稿" in text and "【存档联】" not in text
    assert "不罚字" not in text, "a draft carries no 文号"
    assert "核验码" not in text, "nor a verification code"


def test_the_evidence_file_dialog_offers_every_type_the_import_takes() -> None:
    from gridapp.evidence.sniff import EXTENSIONS
    from ui.media import media_filter

    offered = media_filter()
    assert all(f"*{ext}" in offered for ext in EXTENSIONS.values())
    assert "*.avif" in offered and "*.tif" in offered and "*.heic" in offered


def test_a_decision_for_a_party_without_an_identity_number_is_refused_until_one_is_given(
    ctx: AppContext, store: StationStore
) -> None:
    from gridapp.errors import GateBlockedError
    from gridapp.workbench.drafting import draft_document
    from gridapp.workbench.drafts import PartyDraft

    partner = officer_id(store, "31010002")
    no_id = replace(DRAFT, partner_id=partner, party=PartyDraft(
        kind="person", name="李四", address="上海市黄浦区福州路9号"))
    case_id = create_case(store, no_id, ctx.officer.id).case_id
    educated(ctx, case_id)
    draft = draft_document(store, case_id, "no_penalty_decision", TYPED)
    refusal = draft.refusal()
    assert "【当事人身份】" in refusal and "第五十九条" in refusal and "证件号码" in refusal
    before = holdings(store)
    with pytest.raises(GateBlockedError, match="当事人身份"):
        issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    assert holdings(store) == before
    typed = {**TYPED, "party_id": "310101199001011234"}
    assert draft_document(store, case_id, "no_penalty_decision", typed).can_issue


def test_a_voided_document_prints_only_its_file_copy(ctx: AppContext, store: StationStore) -> None:
    from gridapp.errors import ValidationError
    from gridapp.workbench.drafting import print_copies, void

    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    void(store, issued.document_id, "当事人姓名录入错误", ctx.officer.id)
    with pytest.raises(ValidationError, match="已作废"):
        print_copies(store, issued.document_id, ["party"])
    assert len(print_copies(store, issued.document_id, ["file"])) == 1


def test_the_service_dialog_records_who_signed_for_the_party_and_asks_the_relation(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    from gridapp.documents.serving import details_of, services_of
    from gridapp.workbench.documents import case_documents

    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    row = next(r for r in case_documents(store, case_id) if r.id == issued.document_id)
    dialog = actions.ServiceDialog(ctx, row, case_id, "王小明")
    qtbot.addWidget(dialog)
    assert dialog.rows["agent"].isEnabled() and not dialog.rows["tracking_number"].isEnabled()
    dialog.agent.setText("王秀英")
    dialog.submit()
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)
    error = dialog.errors["agent_relation"]
    assert "关系" in error.text() and "第八十八条" in error.text() and not dialog.served
    dialog.agent_relation.setText("同住成年家属（母亲）")
    dialog.submit()
    qtbot.waitUntil(lambda: not ctx.tasks.busy and bool(dialog.served), timeout=10_000)
    with store.read() as s:
        details = details_of(services_of(s, issued.document_id)[-1])
    assert details == {"agent": "王秀英", "agent_relation": "同住成年家属（母亲）"}


def test_the_service_dialog_offers_the_party_address_as_the_place_of_a_left_with_service(
    qtbot: QtBot, ctx: AppContext, store: StationStore
) -> None:
    """民事诉讼法第八十九条: the place is required for 留置送达; the dialog pre-fills the party's
    recorded address for the officer to confirm, and a changed place is what is recorded."""
    from gridapp.documents.serving import party_address, services_of
    from gridapp.workbench.documents import case_documents

    case_id = case_with_partner(ctx, photos=False)
    educated(ctx, case_id)
    issued = issue(store, case_id, "no_penalty_decision", TYPED, ctx.officer.id)
    with store.read() as s:
        address = party_address(s, case_id)
    assert address
    row = next(r for r in case_documents(store, case_id) if r.id == issued.document_id)
    dialog = actions.ServiceDialog(ctx, row, case_id, "王小明")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.party_address == address, timeout=10_000)
    assert dialog.place.text() == "", "直接送达: no place filled in for the officer"
    dialog.method.setCurrentIndex(dialog.method.findData("left"))
    assert dialog.place.text() == address
    dialog.place.setText("上海市黄浦区九江路20号摊位")
    dialog.refusal.setText("当事人拒绝签收")
    dialog.witnesses.setText("李四（社区网格员）")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.served) and not ctx.tasks.busy, timeout=10_000)
    with store.read() as s:
        assert services_of(s, issued.document_id)[-1].place == "上海市黄浦区九江路20号摊位"
