"""Screenshots of the statistics page and of a page of the monthly report, for the documentation.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots_stats.py --out docs/screenshots \
        [--data-dir DIR] [--cases 1000] [--size 1366x768]

Uses (or creates) a demo station with ``--cases`` cases; the lead records the 回访 (and 12345
feedback) of most of the cases closed in the last year through the follow-up service, so the
rates show. Saves ``stats-page.png`` (the year ending today) and ``monthly-report-1.png`` /
``monthly-report-2.png`` (``gridapp report monthly`` for this month, pages 1–2 through
``pdftoppm``). Look at every image before committing it.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshots import save, wait  # noqa: E402  (beside this script)

from gridapp.demo import seed_demo  # noqa: E402
from gridapp.store import open_store  # noqa: E402
from gridapp.workbench.status import officer_choices  # noqa: E402
from ui import language  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.fonts import ensure_cjk_font  # noqa: E402
from ui.main_window import PAGE_STATS, MainWindow  # noqa: E402
from ui.signin import acting  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402


def record_follow_ups(store: object, badge: str) -> None:
    """Most closed cases visited (and their 12345 callers answered), with a satisfaction."""
    from sqlalchemy import select

    from gridapp.followups import service as followups
    from gridapp.models import FollowUp

    rng = random.Random(3)  # noqa: S311  (which demo follow-ups to record, not a secret)
    with store.session() as s:  # type: ignore[attr-defined]
        due = list(s.scalars(select(FollowUp).where(FollowUp.done_at.is_(None),
                                                    FollowUp.kind != "recheck")))
        for row in due:
            if rng.random() < 0.15:
                continue
            satisfaction = rng.choices(("satisfied", "basically_satisfied", "dissatisfied"),
                                       (7, 2, 1))[0]
            finding = "confirmed" if row.kind == "caller_feedback" else ""
            followups.record_follow_up(store, s, row.case_id, row.kind, badge,  # type: ignore[arg-type]
                                       finding=finding, satisfaction=satisfaction)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--size", default="1366x768")
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
        lead = next(c for c in officer_choices(store) if c.active)
        record_follow_ups(store, lead.badge_no)
    officer = acting(next(c for c in officer_choices(store) if c.active))
    tasks = TaskRunner()
    ctx = AppContext(store, tasks, officer)
    window = MainWindow(ctx)
    window.resize(QSize(width, height))
    window.show()
    wait(app, lambda: not tasks.busy)

    from gridapp.timeutil import station_today
    from gridapp.workbench.stats import one_year_before

    today = station_today()
    page = window.stats
    page.set_period(one_year_before(today), today)
    painted: list[bool] = []
    page.painted.connect(lambda: painted.append(True))
    window.nav.setCurrentRow(PAGE_STATS)
    wait(app, lambda: bool(painted) and not tasks.busy, 120)
    save(window, args.out, "stats-page")
    tasks.shutdown()
    store.close()

    pdf = Path(tempfile.mkdtemp(prefix="gridapp-shots-report-")) / "monthly.pdf"
    subprocess.run([sys.executable, "-m", "gridapp", "--data-dir", str(data_dir), "report",
                    "monthly", "--month", f"{today:%Y-%m}", "--out", str(pdf)], check=True,
                   cwd=ROOT)
    for n in (1, 2):
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", str(n), "-l", str(n),
                        "-singlefile", str(pdf), str(args.out / f"monthly-report-{n}")],
                       check=True)
        print(args.out / f"monthly-report-{n}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
