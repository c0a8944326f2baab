"""Screenshots of the team lead's screens: 中队督办 (the lead's 今日待办), the approval queue, the
return dialog and a case's 审批与跟踪 tab, taken offscreen at a given window size.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_leads.py --out docs/screenshots \
        [--cases 300] [--size 1366x768]

Builds a demo station in a temporary directory on 2026-11-16 (the demo leaves one return visit
in ten undone), adds the officers' requests (立案审批, a 处罚审批 over the 较大数额 waiting for
法制审核, one with the review recorded, one returned with a comment) and an order to correct whose
改正期限 has passed without a 复查, then looks at the station on 2026-11-30 as its lead.
Look at every image before committing it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from sqlalchemy import select  # noqa: E402

from gridapp import clock  # noqa: E402
from gridapp.approvals import service as approvals  # noqa: E402
from gridapp.demo import seed_demo  # noqa: E402
from gridapp.documents.service import issue_document  # noqa: E402
from gridapp.models import Case  # noqa: E402
from gridapp.store import StationStore, open_store  # noqa: E402
from gridapp.workbench.status import officer_choices  # noqa: E402
from ui import language  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fonts import ensure_cjk_font  # noqa: E402
from ui.main_window import PAGE_APPROVALS, PAGE_LEAD, MainWindow  # noqa: E402
from ui.signin import acting  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

LEAD, LI, WANG = "31010001", "31010002", "31010003"


def wait(app: QApplication, until: Callable[[], bool], timeout_s: float = 60) -> None:
    import time

    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            raise SystemExit("screenshots: timed out waiting for the window")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(path)


def _at(text: str) -> None:
    clock.start_at(datetime.fromisoformat(text))


def _cases(store: StationStore, status: str, n: int) -> list[Case]:
    with store.read() as s:
        return list(s.scalars(select(Case).where(Case.status == status, Case.deleted.is_(False))
                              .order_by(Case.opened_at.desc()).limit(n)))


def lead_work(store: StationStore) -> str:
    """The requests and the late re-check of the screenshots; returns the returned case's id."""
    discovered = _cases(store, "discovered", 3)
    filed = _cases(store, "filed", 3) + _cases(store, "investigated", 2)
    _at("2026-11-20T11:00:00+08:00")
    with store.session() as s:
        issue_document(store, s, discovered[2].number, "rectification_notice",
                       ["deadline=2026-11-25"], LEAD)
    _at("2026-11-24T09:30:00+08:00")
    with store.session() as s:
        approvals.submit(store, s, discovered[0].id, "filing", LI,
                         note="经劝导仍未改正，建议立案调查。")
        returned = approvals.submit(store, s, discovered[1].id, "filing", WANG,
                                    note="建议立案。")
    _at("2026-11-25T15:10:00+08:00")
    with store.session() as s:
        approvals.send_back(store, s, returned.id, "现场照片未显示占用面积，请补拍测量照片后重新提交。",
                            LEAD)
    _at("2026-11-26T10:00:00+08:00")
    with store.session() as s:
        approvals.submit(store, s, filed[0].id, "penalty", LI, proposed_fine=500,
                         note="违法事实清楚，建议按裁量基准罚款500元。")
        major = approvals.submit(store, s, filed[1].id, "penalty", WANG, proposed_fine=800,
                                 note="建议罚款800元。",
                                 major_reason="当事人对违法事实有异议，涉及多个法律关系")
        approvals.submit(store, s, filed[2].id, "closing", LI, note="罚款已缴纳，建议结案。")
    _at("2026-11-27T16:00:00+08:00")
    with store.session() as s:
        approvals.record_legal_review(store, s, major.id,
                                      "事实清楚，证据确凿，程序合法，裁量适当。", LEAD)
    return discovered[1].id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    data_dir = Path(tempfile.mkdtemp(prefix="gridapp-lead-shots-"))
    args.out.mkdir(parents=True, exist_ok=True)

    app = QApplication([sys.argv[0]])
    language.install(app, "zh_CN")
    ensure_cjk_font(app)
    store = open_store(data_dir)
    _at("2026-11-16T09:00:00+08:00")
    seed_demo(store, args.cases)
    returned_case = lead_work(store)
    _at("2026-11-30T09:00:00+08:00")
    officer = acting(next(c for c in officer_choices(store) if c.active))
    tasks = TaskRunner()
    ctx = AppContext(store, tasks, officer)
    window = MainWindow(ctx)
    window.resize(QSize(width, height))
    window.show()
    window.nav.setCurrentRow(PAGE_LEAD)
    wait(app, lambda: window.lead_today.model.rowCount() > 0 and not tasks.busy)
    save(window, args.out, "leads-today")

    window.nav.setCurrentRow(PAGE_APPROVALS)
    page = window.approvals
    wait(app, lambda: page.model.rowCount() > 0 and not tasks.busy)
    major = next(i for i, r in enumerate(page.model.rows) if r.major_reason and r.legal_review)
    page.table.selectRow(major)
    wait(app, lambda: not tasks.busy)
    save(window, args.out, "leads-approval-queue")

    page.act("return")
    dialog = page.dialog
    assert dialog is not None
    dialog.text.setPlainText("罚款金额的裁量理由不充分，请补充情节说明后重新提交。")  # type: ignore[attr-defined]
    wait(app, dialog.isVisible)
    save(dialog, args.out, "leads-return-dialog")
    dialog.reject()

    window.open_case(returned_case, "approvals")
    view = window.case_view
    wait(app, lambda: view.approvals.work is not None and view.detail is not None
         and not tasks.busy)
    save(window, args.out, "leads-case-approvals")
    tasks.shutdown()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
