"""Desktop benchmark: start-up, search as you type, opening a case with photos, GUI stalls.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui.py --data-dir DIR
       [--cases 100000] [--runs 5] [--keep]

DIR holds a station (a demo station with ``--cases`` cases is made there when it holds none; a
100,000-case station takes a quarter of an hour to make, so keep it). The station is copied to
a temporary directory first, because (c) adds a case with 20 photos to it.

(a) process start → main window shown with the first page of the case list painted
    (``gridapp-desktop --page all --officer … --probe-startup``, the quick start), against a bare
    ``QApplication`` with an empty ``QMainWindow`` shown, in the same run, interleaved; medians
    and their ratio (target ≤ 2.0). Its stall in (d) runs on until the store is open and the
    rest of the window loaded behind the first page. ``--start-only`` measures (a) alone.
(b) keystroke → case list updated, typing search terms one character at a time into the case
    search: p95 over every keystroke (target ≤ 100 ms).
(c) open a case with 20 photos → every thumbnail shown (target ≤ 1 s), median of ``--runs``.
(d) the longest GUI-thread stall during (a)–(c), (e) and (f): a 10 ms timer on the GUI thread
    records the longest gap between its ticks (target ≤ 100 ms).
(e) a field edited in the document wizard → the two-page 草稿 preview of the decision shown
    (target ≤ 0.5 s, the wizard's own wait after the last keystroke included), median of
    ``--runs``; the baseline is the core making the same preview PDF alone.
(f) 案卷 of the 20-photo case built and its pages shown (target ≤ 3 s), median of ``--runs``;
    the baseline is the core building the same case file alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 740)
window.show()
app.processEvents()
window.repaint()
print("ready 0", flush=True)
"""
TERMS = ("上海市黄浦区", "占道设摊", "南京东路", "餐饮管理", "浦东新区张杨路", "G0101")
PHOTOS = ROOT / "tests" / "data" / "photos"


def timed_start(command: list[str]) -> tuple[float, int]:
    """Seconds from spawning ``command`` to its "ready" line (first page painted), and the
    longest GUI stall it reports up to its "loaded" line (the store open and the rest of the
    window loaded behind the first page), or up to "ready" when it prints no "loaded"."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=tempfile.gettempdir())
    assert proc.stdout is not None
    elapsed, stall = None, 0
    for line in proc.stdout:
        if line.startswith("ready") and elapsed is None:
            elapsed = time.perf_counter() - started
            stall = int(line.split()[1])
        elif line.startswith("loaded"):
            stall = max(stall, int(line.split()[1]))
    proc.wait(timeout=60)
    if elapsed is None:
        raise SystemExit(f"bench_ui: {command[2:]} ended without getting ready")
    return elapsed, stall


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def prepare(source: Path, cases: int) -> Path:
    from gridapp.demo import seed_demo
    from gridapp.store import confirm_move, open_store

    store = open_store(source)
    try:
        if not store.has_station():
            print(f"making a demo station with {cases} cases in {source} …", file=sys.stderr)
            seed_demo(store, cases, batch=2000)
    finally:
        store.close()
    work = Path(tempfile.mkdtemp(prefix="gridapp-bench-ui-")) / "station"
    shutil.copytree(source, work)
    store = open_store(work)
    confirm_move(store)
    store.close()
    return work


def bench_start(data_dir: Path, badge: str, runs: int) -> dict[str, float]:
    app_cmd = [sys.executable, "-m", "ui", "--data-dir", str(data_dir), "--officer", badge,
               "--page", "all", "--probe-startup"]
    bare_cmd = [sys.executable, "-c", BARE]
    timed_start(app_cmd)  # warm the page cache and byte code once
    timed_start(bare_cmd)
    app_times, bare_times, stalls = [], [], []
    for _ in range(runs):
        seconds, stall = timed_start(bare_cmd)
        bare_times.append(seconds)
        seconds, stall = timed_start(app_cmd)
        app_times.append(seconds)
        stalls.append(stall)
    return {"app": statistics.median(app_times), "bare": statistics.median(bare_times),
            "stall": max(stalls)}


def bench_in_process(data_dir: Path, runs: int) -> dict[str, float]:
    from dataclasses import replace

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from gridapp.store import open_store
    from gridapp.workbench.actions import create_case, import_files
    from gridapp.workbench.choices import grid_choices
    from gridapp.workbench.drafts import CaseDraft
    from gridapp.workbench.status import officer_choices
    from ui.context import AppContext
    from ui.fonts import ensure_cjk_font
    from ui.main_window import PAGE_ALL, MainWindow
    from ui.signin import acting
    from ui.tasks import TaskRunner

    app = QApplication([sys.argv[0]])
    ensure_cjk_font(app)
    store = open_store(data_dir)
    officer = acting(next(c for c in officer_choices(store) if c.active))
    draft = CaseDraft(source="patrol", act_at=None, address="上海市黄浦区南京东路100号门前",
                      grid_code=grid_choices(store)[0].code, lat=None, lon=None,
                      violation_code="street-vending", party=None, facts="基准测试案件")
    case = create_case(store, replace(draft), officer.id)
    sources = sorted(p for p in PHOTOS.glob("jpg_*.jpg") if "invalid" not in p.name)
    folder = Path(tempfile.mkdtemp(prefix="gridapp-bench-photos-"))
    paths = []
    for i in range(20):
        target = folder / f"photo_{i:02d}.jpg"
        target.write_bytes(sources[i % len(sources)].read_bytes() + bytes([i + 1]) * (i + 1))
        paths.append(str(target))
    imported = import_files(store, case.case_id, paths, officer.id, reason="已核实，属本案证据")
    assert len(imported.imported) == 20, imported.skipped

    tasks = TaskRunner()
    ctx = AppContext(store, tasks, officer)
    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()

    clock = QElapsedTimer()
    clock.start()
    longest = [0]
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last[0])
        last[0] = now

    def settle(until: object, timeout: float = 60) -> None:
        deadline = time.perf_counter() + timeout
        while not until():  # type: ignore[operator]
            if time.perf_counter() > deadline:
                raise SystemExit("bench_ui: timed out")
            app.processEvents()
            time.sleep(0.001)

    window.nav.setCurrentRow(PAGE_ALL)
    page = window.all_cases
    from ui import heap

    heap.settle(tasks)  # as the app does once its window is shown
    settle(lambda: page.total > 0 and not tasks.busy and heap.settled)
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    last[0] = clock.elapsed()
    timer.start()

    keystrokes: list[float] = []
    for term in TERMS:
        page.search.clear()
        settle(lambda: not tasks.busy and page.loaded_query is not None
               and page.loaded_query.text is None)
        for i in range(len(term)):
            typed = term[: i + 1]
            started = time.perf_counter()
            page.search.insert(term[i])
            settle(lambda typed=typed: page.loaded_query is not None
                   and page.loaded_query.text == typed)
            app.processEvents()  # the model reset is painted
            keystrokes.append((time.perf_counter() - started) * 1000)
            pause = time.perf_counter() + 0.12  # a quick typist: about eight keys a second
            settle(lambda pause=pause: time.perf_counter() >= pause)
    settle(lambda: not tasks.busy)
    search_stall = longest[0]

    opens: list[float] = []
    evidence = window.case_view.evidence
    for _ in range(runs):
        window.close_case()
        app.processEvents()
        started = time.perf_counter()
        window.open_case(case.case_id, "evidence")
        settle(lambda: evidence.model.rowCount() == 20 and evidence.thumbnails_complete)
        app.processEvents()
        opens.append(time.perf_counter() - started)
        settle(lambda: not tasks.busy)
    open_stall = longest[0]
    def restart() -> None:
        last[0] = clock.elapsed()
        longest[0] = 0

    documents = bench_documents(app, ctx, case.case_id, runs, settle, longest, restart)
    timer.stop()
    longest[0] = max(open_stall, documents["preview_stall"], documents["casefile_stall"])
    tasks.shutdown()
    store.close()
    return {"p95_ms": percentile(keystrokes, 95), "p50_ms": statistics.median(keystrokes),
            "keys": len(keystrokes), "open_s": statistics.median(opens),
            "open_max_s": max(opens), "stall": longest[0], "search_stall": search_stall,
            "open_stall": open_stall, **documents}


def bench_documents(app: Any, ctx: Any, case_id: str, runs: int,
                    settle: Callable[..., None], longest: list[int],
                    restart: Callable[[], None]) -> dict[str, float]:
    """(e) and (f), on the case with 20 photos, with the GUI-thread timer still running."""
    from PySide6.QtWidgets import QPlainTextEdit

    from gridapp.workbench.casefiles import build_case_file
    from gridapp.workbench.drafting import preview_pdf
    from ui.documents.casefile import CaseFileDialog
    from ui.documents.wizard import DocumentWizard

    wait = settle  # settle(until, timeout=60)
    restart()  # the longest stall of this phase alone (the caller keeps the overall one)
    wizard = DocumentWizard(ctx, case_id, "", "no_penalty_decision")
    wizard.resize(1366, 740)
    wizard.show()
    wait(lambda: wizard.draft is not None and bool(wizard.preview.images)
         and not ctx.tasks.busy)
    correction = wizard.findChild(QPlainTextEdit, "field:correction")
    assert correction is not None
    shown = [0]
    wizard.preview_shown.connect(lambda: shown.__setitem__(0, shown[0] + 1))
    previews: list[float] = []
    cores: list[float] = []
    store = ctx.store
    for i in range(runs):
        text = f"当事人已当场改正（第 {i + 1} 次复查）。"
        before = shown[0]
        started = time.perf_counter()
        correction.setPlainText(text)  # one edit: the last before the preview
        wait(lambda before=before: shown[0] > before and not ctx.tasks.busy)
        app.processEvents()
        previews.append(time.perf_counter() - started)
        assert len(wizard.preview.images) == 2, "a two-page decision"
    wizard.close()
    preview_stall = longest[0]
    for i in range(runs):  # the baseline runs on this thread: not part of any stall
        started = time.perf_counter()
        preview_pdf(store, case_id, "no_penalty_decision",
                    {"correction": f"当事人已当场改正（第 {i + 1} 次复查）。"})
        cores.append(time.perf_counter() - started)
    restart()  # the baseline held this thread on purpose: start measuring afresh

    builds: list[float] = []
    core_builds: list[float] = []
    for _ in range(runs):
        dialog = CaseFileDialog(ctx, case_id, "")
        dialog.resize(1366, 740)
        dialog.show()
        wait(lambda dialog=dialog: dialog.check is not None and not ctx.tasks.busy)
        started = time.perf_counter()
        dialog.build_button.click()
        wait(lambda dialog=dialog: dialog.case_file is not None and not ctx.tasks.busy)
        app.processEvents()
        builds.append(time.perf_counter() - started)
        assert dialog.case_file is not None and dialog.case_file.photos == 20
        pages = dialog.case_file.pages
        dialog.close()
    casefile_stall = longest[0]
    for _ in range(runs):
        started = time.perf_counter()
        build_case_file(store, case_id)
        core_builds.append(time.perf_counter() - started)
    restart()
    return {"preview_s": statistics.median(previews), "preview_core_s": statistics.median(cores),
            "casefile_s": statistics.median(builds),
            "casefile_core_s": statistics.median(core_builds), "casefile_pages": pages,
            "preview_stall": preview_stall, "casefile_stall": casefile_stall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the working copy")
    parser.add_argument("--start-only", action="store_true",
                        help="measure (a) and its stall only")
    args = parser.parse_args()
    work = prepare(args.data_dir, args.cases)
    try:
        from gridapp.store import open_store
        from gridapp.workbench.cases import CaseQuery, case_count
        from gridapp.workbench.status import officer_choices

        store = open_store(work)
        total = case_count(store, CaseQuery())
        badge = next(c for c in officer_choices(store) if c.active).badge_no
        store.close()
        print(f"station: {total} cases (working copy {work})")
        start = bench_start(work, badge, args.runs)
        if args.start_only:
            ratio = start["app"] / start["bare"]
            print(f"(a) start → first page of cases painted {start['app']:.2f} s; bare "
                  f"QApplication + QMainWindow {start['bare']:.2f} s, ratio {ratio:.2f}; "
                  f"longest GUI stall until loaded {start['stall']} ms")
            return 0
        inner = bench_in_process(work, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work.parent, ignore_errors=True)
    ratio = start["app"] / start["bare"]
    stall = max(start["stall"], inner["stall"])
    rows = [
        ("(a) start → first page of cases painted", f"{start['app']:.2f} s",
         f"bare QApplication + QMainWindow {start['bare']:.2f} s, ratio {ratio:.2f}",
         ratio <= 2.0),
        ("(b) keystroke → list updated, p95", f"{inner['p95_ms']:.0f} ms",
         f"median {inner['p50_ms']:.0f} ms over {inner['keys']} keystrokes",
         inner["p95_ms"] <= 100),
        ("(c) open a case with 20 photos → thumbnails", f"{inner['open_s']:.2f} s",
         f"median of {args.runs}, slowest {inner['open_max_s']:.2f} s", inner["open_s"] <= 1.0),
        ("(e) field edit → 2-page draft preview shown", f"{inner['preview_s']:.2f} s",
         f"core preview PDF alone {inner['preview_core_s']:.2f} s, ratio "
         f"{inner['preview_s'] / inner['preview_core_s']:.2f}", inner["preview_s"] <= 0.5),
        ("(f) 20-photo 案卷 built and shown", f"{inner['casefile_s']:.2f} s",
         f"{inner['casefile_pages']} pages; core build alone {inner['casefile_core_s']:.2f} s, "
         f"ratio {inner['casefile_s'] / inner['casefile_core_s']:.2f}", inner["casefile_s"] <= 3.0),
        ("(d) longest GUI-thread stall", f"{stall} ms",
         f"start-up {start['stall']} ms, typing {inner['search_stall']} ms, typing and "
         f"opening cases {inner['open_stall']} ms, document wizard {inner['preview_stall']} ms, "
         f"case files {inner['casefile_stall']} ms", stall <= 100),
    ]
    for name, value, detail, ok in rows:
        print(f"{name:<48} {value:>9}  {'OK ' if ok else 'OVER'}  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
