"""Screenshots of the desktop for the documentation, taken offscreen at a given window size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py --out docs/screenshots \
        [--data-dir DIR] [--cases 1000] [--size 1366x768]

Uses (or creates) a demo station with ``--cases`` cases, signs in its lead, and saves: today's
work, the case list with filters, the new-case wizard's party and photos steps, an opened case's
evidence tab with thumbnails and the viewer, its exemption checklist with answers and result,
its timeline, the 法规库 searched for 占道, and the documents: the document wizard with sources and a
blocking gate, a draft preview, the print dialog, a service record and a case-file preview; the
sign-in dialog (centred on a screen-sized backdrop) and the window locked after idle time
(``--only security`` takes just these two).
Photos come from tests/data/photos. Dialogs are taken together with the window behind them when
the script runs on a real display (``xvfb-run -s "-screen 0 1366x768x24"``), alone offscreen;
the print dialog proposes a file in ``$HOME``, so run it with a neutral HOME.
Look at every image before committing it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget, QWizard  # noqa: E402

from gridapp.demo import seed_demo  # noqa: E402
from gridapp.store import open_store  # noqa: E402
from gridapp.workbench.actions import import_files  # noqa: E402
from gridapp.workbench.cases import CaseQuery, case_page  # noqa: E402
from gridapp.workbench.status import officer_choices  # noqa: E402
from ui import language  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fonts import ensure_cjk_font  # noqa: E402
from ui.main_window import PAGE_ALL, MainWindow  # noqa: E402
from ui.signin import acting  # noqa: E402
from ui.tasks import Changes, TaskRunner  # noqa: E402
from ui.wizard import NewCaseWizard  # noqa: E402

PHOTOS = ROOT / "tests" / "data" / "photos"
PHOTO_NAMES = ("jpg_gps_DSCN0010.jpg", "jpg_Canon_40D.jpg", "jpg_Nikon_D70.jpg",
               "jpg_orientation_landscape_1.jpg", "jpg_orientation_landscape_6.jpg",
               "jpg_orientation_portrait_3.jpg")


def wait(app: QApplication, until: Callable[[], bool], timeout_s: float = 30,
         why: Callable[[], str] = lambda: "") -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for the window {why()}")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):  # let layouts and repaints settle
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path)


def save_dialog(app: QApplication, dialog: QWidget, out: Path, name: str) -> None:
    """The whole screen when there is one (the dialog over the window), else the dialog."""
    screen = app.primaryScreen()
    if app.platformName() == "offscreen" or screen is None:
        save(dialog, out, name)
        return
    path = out / f"{name}.png"
    if not screen.grabWindow(0).save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path)


def documents(app: QApplication, ctx: AppContext, window: MainWindow, case_id: str,
              out: Path, size: QSize) -> None:
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QPlainTextEdit

    from ui.documents.actions import ServiceDialog, new_printer
    from ui.documents.casefile import CaseFileDialog
    from ui.documents.wizard import DocumentWizard

    tasks = ctx.tasks
    view = window.case_view
    view.tabs.setCurrentWidget(view.documents)
    wizard = DocumentWizard(ctx, case_id, view.detail.number if view.detail else "",
                            "penalty_decision", window)
    wizard.resize(size)
    wizard.move(window.pos())
    wizard.show()
    wait(app, lambda: wizard.draft is not None and bool(wizard.preview.images) and not tasks.busy)
    wizard.rows["fine_amount"].editor.setText("200")  # type: ignore[attr-defined]
    wait(app, lambda: not wizard.timer.isActive() and not tasks.busy
         and "事先告知" in wizard.refusal.text())
    save(wizard, out, "documents-wizard-gate")
    wizard.choose("no_penalty_decision")
    wait(app, lambda: wizard.draft is not None and wizard.draft.kind == "no_penalty_decision"
         and bool(wizard.preview.images) and not tasks.busy)
    correction = wizard.findChild(QPlainTextEdit, "field:correction")
    assert correction is not None
    correction.setPlainText("当事人已于当场收拾摊位，恢复人行道通行，经执法队员现场复查确认。")
    wizard.rows["party_address"].editor.setText("上海市黄浦区福州路8号")  # type: ignore[attr-defined]
    wait(app, lambda: not wizard.timer.isActive() and not tasks.busy
         and wizard.issue_button.isEnabled(), why=wizard.refusal.text)
    save(wizard, out, "documents-preview")
    wizard.issue_button.click()
    wait(app, lambda: wizard.issued_doc is not None and not tasks.busy)
    printer = new_printer()
    printer.setDocName(wizard.issued_doc.number if wizard.issued_doc else "")
    dialog = QPrintDialog(printer, wizard)
    dialog.show()
    wait(app, dialog.isVisible)
    save_dialog(app, dialog, out, "documents-print-dialog")
    dialog.reject()
    wizard.close()
    wait(app, lambda: view.documents.model.rowCount() > 0 and not tasks.busy)
    view.documents.table.selectRow(0)
    row = view.documents.selected()
    assert row is not None
    service = ServiceDialog(ctx, row, case_id, view.documents.party_name, window)
    service.method.setCurrentIndex(service.method.findData("left"))
    service.place.setText("上海市黄浦区南京东路100号门前")
    service.refusal.setText("当事人拒绝签收")
    service.witnesses.setText("李四（社区网格员）")
    service.show()
    wait(app, service.isVisible)
    save_dialog(app, service, out, "documents-service")
    service.submit()
    wait(app, lambda: service.served != "" and not tasks.busy)
    case_file = CaseFileDialog(ctx, case_id, view.detail.number if view.detail else "", window)
    case_file.resize(size)
    case_file.move(window.pos())
    case_file.show()
    wait(app, lambda: case_file.check is not None and not tasks.busy)
    case_file.build_button.click()
    wait(app, lambda: case_file.case_file is not None and not tasks.busy, 120)
    case_file.preview.set_zoom(0.5)
    wait(app, lambda: True)
    save(case_file, out, "documents-case-file")
    case_file.close()


def security(app: QApplication, ctx: AppContext, window: MainWindow, out: Path,
             size: QSize) -> None:
    """The sign-in dialog as a demo station shows it, and the locked window."""
    from PySide6.QtGui import QPainter, QPalette, QPixmap

    from gridapp.demo import DEMO_BADGE
    from gridapp.workbench.status import station_status
    from ui.signin import SignInDialog

    status = station_status(ctx.store)
    dialog = SignInDialog(status.name, ctx.store, ctx.tasks, badge=DEMO_BADGE, demo=True)
    dialog.show()
    wait(app, dialog.isVisible)
    shot = dialog.grab()
    screen = QPixmap(size)
    screen.fill(dialog.palette().color(QPalette.ColorRole.Dark))
    painter = QPainter(screen)
    painter.drawPixmap((size.width() - shot.width()) // 2,
                       (size.height() - shot.height()) // 2, shot)
    painter.end()
    path = out / "security-sign-in.png"
    if not screen.save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path)
    dialog.close()
    window.nav.setCurrentRow(PAGE_ALL)
    wait(app, lambda: window.all_cases.model.rowCount() > 0 and not ctx.tasks.busy)
    window.install_lock(60_000)
    window.lock()
    wait(app, lambda: window.screen_lock is not None and window.screen_lock.locked)
    save(window, out, "security-locked")
    assert window.screen_lock is not None
    window.screen_lock.unlock()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--only", choices=("all", "security"), default="all")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gridapp-shots-"))
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication([sys.argv[0]])
    language.install(app, "zh_CN")
    ensure_cjk_font(app)
    store = open_store(data_dir)
    if not store.has_station():
        print(f"creating a demo station with {args.cases} cases in {data_dir}", file=sys.stderr)
        seed_demo(store, args.cases)
    officer = acting(next(c for c in officer_choices(store) if c.active))
    tasks = TaskRunner()
    ctx = AppContext(store, tasks, officer)
    window = MainWindow(ctx)
    window.resize(QSize(width, height))
    window.show()
    wait(app, lambda: window.today.model.rowCount() > 0 and not tasks.busy)
    if args.only == "security":
        security(app, ctx, window, args.out, QSize(width, height))
        tasks.shutdown()
        store.close()
        return 0
    save(window, args.out, "workbench-today")

    window.nav.setCurrentRow(PAGE_ALL)
    page = window.all_cases
    wait(app, lambda: page.status_combo.count() > 1 and not tasks.busy)
    page.overdue.setChecked(True)
    wait(app, lambda: page.loaded_query is not None and page.loaded_query.overdue
         and page.total > 0 and not tasks.busy)
    save(window, args.out, "workbench-case-list")

    wizard = NewCaseWizard(ctx, window)
    wizard.show()
    wait(app, lambda: wizard.violation_step.choices != () and not tasks.busy
         and wizard.source_step.partner.count() > 1)
    wizard.source_step.partner.setCurrentIndex(1)  # the second officer (APL Art 42)
    wizard.place_step.address.setText("上海市黄浦区南京东路100号门前")
    wizard.place_step.grid.setCurrentIndex(1)
    wizard.violation_step.search.setText("设摊")
    wizard.violation_step.list.setCurrentRow(0)
    for target in (wizard.place_step, wizard.violation_step, wizard.party_step):
        wizard.button(QWizard.WizardButton.NextButton).click()
        wait(app, lambda t=target: wizard.currentPage() is t and not wizard.busy)
    wizard.party_step.search.setText("餐饮")
    wait(app, lambda: wizard.party_step.found.count() > 0 and not tasks.busy)
    save(wizard, args.out, "workbench-wizard-party")
    party = wizard.party_step
    party.mode.button(party.NEW).setChecked(True)
    party.name.setText("王小明")
    party.id_number.setText("310101199001011234")
    party.phone.setText("13800138000")
    for target in (wizard.facts_step, wizard.photos_step):
        wizard.button(QWizard.WizardButton.NextButton).click()
        wait(app, lambda t=target: wizard.currentPage() is t and not wizard.busy)
    wizard.photos_step.add_paths([str(PHOTOS / n) for n in PHOTO_NAMES[:4]])
    save(wizard, args.out, "workbench-wizard-photos")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    wait(app, lambda: wizard.created_case is not None and wizard.import_result is not None
         and not tasks.busy, 120)
    created = wizard.created_case
    assert created is not None
    wizard.hide()

    window.open_case(created.case_id, "evidence")
    view = window.case_view
    import_files(store, created.case_id, [str(PHOTOS / n) for n in PHOTO_NAMES[4:]], officer.id, reason="已核实，属本案证据")
    tasks.changed.emit(Changes.of("evidence", case_id=created.case_id))
    wait(app, lambda: view.evidence.model.rowCount() == len(PHOTO_NAMES)
         and view.evidence.thumbnails_complete and not tasks.busy)
    save(window, args.out, "workbench-evidence")
    view.evidence._open(view.evidence.model.index(0, 0))
    viewer = view.evidence.viewer
    assert viewer is not None
    wait(app, lambda: viewer.picture.pixmap() is not None and not viewer.picture.pixmap().isNull())
    save(viewer, args.out, "workbench-evidence-viewer")
    viewer.close()

    view.tabs.setCurrentWidget(view.checklist)
    wait(app, lambda: view.checklist.view is not None and not tasks.busy)
    view.checklist.save_button.click()
    wait(app, lambda: "已保存" in view.checklist.saved_note.text() and not tasks.busy)
    save(window, args.out, "workbench-checklist")
    view.tabs.setCurrentWidget(view.timeline)
    wait(app, lambda: view.timeline.model.rowCount() > 3 and not tasks.busy)
    save(window, args.out, "workbench-timeline")

    view.tabs.setCurrentWidget(view.basic)
    wait(app, lambda: view.basic.violations != {} and not tasks.busy)
    view.basic.violated_button.click()
    laws_page = window.laws
    wait(app, lambda: laws_page.shown is not None and not tasks.busy)
    laws_page.search.setText("占道")
    laws_page.run_search()
    wait(app, lambda: laws_page.article_list.count() > 0 and not tasks.busy)
    save(window, args.out, "library-search")
    window.open_case(created.case_id, "documents")
    wait(app, lambda: view.detail is not None and not tasks.busy)
    documents(app, ctx, window, created.case_id, args.out, QSize(width, height))
    assert case_page(store, CaseQuery(), offset=0, limit=1).rows
    tasks.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
