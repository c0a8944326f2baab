"""Statistics benchmark: ``gridapp stats`` for one year and the desktop's statistics page.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_stats.py --data-dir DIR
       [--cases 100000] [--runs 7] [--top-up]

DIR holds a station (topped up with demo cases to ``--cases`` by ``stations.station_with``, the
benchmarks' shared helper; a 100,000-case station takes a quarter of an hour to make, so keep it).
``--top-up`` first gives the station what a year of real work leaves and the demo does not: a
legal-engine evaluation on every case, a 回访 on every closed case (most recorded in time, with
a satisfaction), a 12345 caller feedback on every closed hotline case and a 复查 on every case
that was ordered to correct — written straight into the tables (not through the audit chain), so
use it on a copy made for benchmarking only.

The period is the year ending today (station time). All in the same run:

(a) ``gridapp stats --from … --to … --json`` as a subprocess (target ≤ 1 s), interleaved with
    ``gridapp case list`` (the read command of ``bench_cli.py``) and ``python -c pass``: medians
    and the ratios to them.
(b) the statistics read model in process, a fresh connection each run: as shipped (per-case
    figures from ``case_stat``, revision 0009, and half the figures on a second connection), on
    one connection, and computed from their sources (``derived=False``, the baseline).
(c) the statistics page painted (figures and the six charts) after it is chosen in the
    navigation of a shown main window, in a fresh process each run (matplotlib imported cold,
    as the first time a lead opens it; target ≤ 1.5 s), against the case list page chosen in the
    same window first (the baseline); plus the longest GUI-thread stall while the statistics
    page was counted and drawn (a 10 ms timer). (c') repeats it with matplotlib imported
    before the page is chosen, as a preload after start-up would have it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_cli import ENV, gridapp, run_once  # noqa: E402  (beside this script)

CLI_TARGET_S = 1.0
PAGE_TARGET_S = 1.5


def year_period() -> tuple[str, str]:
    from gridapp.timeutil import station_today
    from gridapp.workbench.stats import one_year_before

    today = station_today()
    return one_year_before(today).isoformat(), today.isoformat()


def top_up(data_dir: Path) -> None:
    """Evaluations and follow-ups for every case that would have them (see the docstring)."""
    import sqlite3
    import uuid

    from gridapp.followups.service import return_visit_due
    from gridapp.store import open_store
    from gridapp.timeutil import station_date, stored_instant

    store = open_store(data_dir)
    pack = store.pack
    device = store.device_id
    store.close()
    con = sqlite3.connect(data_dir / "station.sqlite")
    have = con.execute("SELECT count(*) FROM rule_evaluation").fetchone()[0]
    if have:
        print(f"top-up: the station already holds {have} evaluations; left as it is")
        return
    rng = random.Random(5)
    now = "2026-11-28 00:00:00.000000"
    sync = (device, 1, now, "0", False)

    def ids() -> str:
        return str(uuid.uuid4())

    rows = con.execute('SELECT id, status, stage, source, opened_at, closed_at FROM "case"').fetchall()
    evaluations, follow_ups = [], []
    for case_id, status, stage, source, opened_at, closed_at in rows:
        ground = rng.choices(("", "first_offence", "minor_no_harm"), (8, 1, 1))[0]
        result = {"stage": stage, "exemption": {"applies": bool(ground), "branch": ground or None,
                                                "mandatory": ground == "minor_no_harm"},
                  "gates": [{"gate": "two_officers_required", "blocking": False}],
                  "priors": 0, "provisional": False}
        evaluations.append((ids(), *sync, case_id, pack.code, pack.version, "assess", "{}",
                            json.dumps(result), "", "", False, opened_at))
        if stage in ("orange", "red") and status not in ("discovered", "dismissed"):
            opened = stored_instant(opened_at)
            assert opened is not None
            due = (station_date(opened) + timedelta(days=7)).isoformat()
            done = rng.random() < 0.9
            follow_ups.append((ids(), *sync, case_id, "recheck", due,
                               opened_at if done else None, "", "corrected" if done else "", ""))
        if status == "closed" and closed_at:
            closed = stored_instant(closed_at)
            assert closed is not None
            due = return_visit_due(pack, station_date(closed)).isoformat()
            for kind in ("return_visit", "caller_feedback") if source == "hotline" else ("return_visit",):
                done = rng.random() < 0.85
                satisfaction = rng.choices(("satisfied", "basically_satisfied", "dissatisfied"),
                                           (7, 2, 1))[0] if done else ""
                follow_ups.append((ids(), *sync, case_id, kind, due, closed_at if done else None,
                                   "", "confirmed" if done and kind == "caller_feedback" else "",
                                   satisfaction))
    con.executemany(
        "INSERT INTO rule_evaluation (id, origin_device, revision, updated_at, hlc, deleted, "
        "case_id, pack_code, pack_version, action, input_json, result_json, checklist_json, "
        "history_as_of, provisional, evaluated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        evaluations)
    con.executemany(
        "INSERT INTO follow_up (id, origin_device, revision, updated_at, hlc, deleted, case_id, "
        "kind, due, done_at, result, finding, satisfaction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        follow_ups)
    con.commit()
    con.execute("ANALYZE")
    con.close()
    print(f"top-up: {len(evaluations)} evaluations, {len(follow_ups)} follow-ups")


def bench_cli(data_dir: Path, runs: int) -> dict[str, float]:
    first, last = year_period()
    d = str(data_dir)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "gridapp case list": gridapp("--data-dir", d, "case", "list"),
        "gridapp stats (one year)": gridapp("--data-dir", d, "stats", "--from", first, "--to",
                                            last, "--json"),
    }
    for cmd in commands.values():  # byte code and page cache warm, as bench_cli does
        run_once(cmd)
        run_once(cmd)
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd))
    return {k: statistics.median(v) for k, v in samples.items()}


VARIANTS = ("shipped", "one connection", "from the sources")


def bench_core(data_dir: Path, runs: int) -> tuple[dict[str, float], int, int]:
    """Medians of the read model, each run on a fresh connection: as shipped (``case_stat``
    and half the figures on a second connection), on one connection, and the baseline — one
    connection, every per-case figure computed from its sources (``derived=False``: the audit
    chain, follow-ups and evaluations, as before revision 0009)."""
    from gridapp.store import open_store
    from gridapp.workbench.stats import StatsFilter, parse_period, stats_on

    store = open_store(data_dir)
    names = {c: v.name for c, v in store.pack.violations.items()}
    flt = StatsFilter(parse_period(*year_period()))
    timing: dict[str, list[float]] = {k: [] for k in VARIANTS}
    opened = closed = 0
    for _ in range(runs + 1):
        for variant in VARIANTS:
            store.engine.dispose()  # a fresh connection (and page cache) for every run
            with store.read_connection() as conn:
                t0 = time.perf_counter()
                st = stats_on(conn, flt, names, derived=variant != "from the sources",
                              helper=store.read_connection if variant == "shipped" else None)
                timing[variant].append(time.perf_counter() - t0)
                opened, closed = st.opened, st.closed
    store.close()
    return {k: statistics.median(v[1:]) for k, v in timing.items()}, opened, closed


def page_child(data_dir: Path, warm: bool) -> None:
    """One run of (c) in this (fresh) process; prints a JSON line. ``warm``: matplotlib is
    imported and its font registered before the page is chosen (as a preload would)."""
    from datetime import date

    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from gridapp.store import open_store
    from gridapp.workbench.status import officer_choices
    from ui.context import AppContext
    from ui.fonts import ensure_cjk_font
    from ui.main_window import PAGE_ALL, PAGE_STATS, MainWindow
    from ui.signin import acting
    from ui.tasks import TaskRunner

    app = QApplication([sys.argv[0]])
    ensure_cjk_font(app)
    store = open_store(data_dir)
    officer = acting(next(c for c in officer_choices(store) if c.active))
    tasks = TaskRunner()
    ctx = AppContext(store, tasks, officer)
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()

    def settle(until: object, timeout: float = 120) -> None:
        deadline = time.perf_counter() + timeout
        while not until():  # type: ignore[operator]
            if time.perf_counter() > deadline:
                raise SystemExit("bench_stats: timed out")
            app.processEvents()
            time.sleep(0.001)

    settle(lambda: not tasks.busy)
    if warm:
        from gridapp.workbench.charts import warm_up

        warm_up()
    started = time.perf_counter()
    window.nav.setCurrentRow(PAGE_ALL)
    page = window.all_cases
    settle(lambda: page.total > 0 and not tasks.busy)
    app.processEvents()
    cases_s = time.perf_counter() - started

    first, last = (date.fromisoformat(d) for d in year_period())
    stats_page = window.stats  # built (not shown) so the year can be chosen first
    stats_page.set_period(first, last)
    painted = [False]
    stats_page.painted.connect(lambda: painted.__setitem__(0, True))
    clock = QElapsedTimer()
    clock.start()
    longest, last_tick = [0], [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        longest[0] = max(longest[0], now - last_tick[0])
        last_tick[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    window.nav.setCurrentRow(PAGE_STATS)
    settle(lambda: painted[0])
    app.processEvents()
    stats_s = time.perf_counter() - started
    timer.stop()
    print(json.dumps({"cases_s": cases_s, "stats_s": stats_s, "stall_ms": longest[0],
                      "opened": stats_page.stats.opened if stats_page.stats else 0}), flush=True)
    tasks.shutdown()
    store.close()


def bench_page(data_dir: Path, runs: int, warm: bool = False) -> dict[str, float]:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--page-child", "--data-dir",
                              str(data_dir), *(["--warm"] if warm else [])],
                             capture_output=True, text=True, check=True,
                             env={**ENV, "QT_QPA_PLATFORM": "offscreen"})
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {"cases_s": statistics.median(r["cases_s"] for r in results),
            "stats_s": statistics.median(r["stats_s"] for r in results),
            "stats_max_s": max(r["stats_s"] for r in results),
            "stall_ms": max(r["stall_ms"] for r in results)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--data-dir", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--top-up", action="store_true", help="add evaluations and follow-ups")
    ap.add_argument("--page-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.page_child:
        page_child(args.data_dir, args.warm)
        return
    from stations import station_with  # benchmarks/stations.py, beside this script

    store, data_dir, total = station_with(args.cases, args.data_dir or
                                          Path(tempfile.mkdtemp(prefix="gridapp-bench-stats-")))
    store.close()
    if args.top_up:
        top_up(data_dir)
    first, last = year_period()
    print(f"station: {total} cases; period {first} … {last}; {args.runs} runs each")

    core, opened, closed = bench_core(data_dir, args.runs)
    base = core["from the sources"]
    print(f"(b) read model, one year ({opened} opened, {closed} closed): " + "; ".join(
        f"{k} {v * 1000:.0f} ms ({base / v:.1f}× faster than from the sources)"
        for k, v in core.items() if k != "from the sources") + f"; baseline {base * 1000:.0f} ms")

    cli = bench_cli(data_dir, args.runs)
    bare, listing, stats = (cli["python -c pass"], cli["gridapp case list"],
                            cli["gridapp stats (one year)"])
    print(f"(a) gridapp stats: {stats * 1000:.0f} ms (target ≤ {CLI_TARGET_S * 1000:.0f} ms: "
          f"{'met' if stats <= CLI_TARGET_S else 'NOT met'}); case list {listing * 1000:.0f} ms "
          f"(stats ÷ case list {stats / listing:.2f}×); python -c pass {bare * 1000:.0f} ms "
          f"({stats / bare:.1f}×)")

    page = bench_page(data_dir, max(3, args.runs // 2))
    print(f"(c) statistics page painted: median {page['stats_s'] * 1000:.0f} ms, worst "
          f"{page['stats_max_s'] * 1000:.0f} ms (target ≤ {PAGE_TARGET_S * 1000:.0f} ms: "
          f"{'met' if page['stats_s'] <= PAGE_TARGET_S else 'NOT met'}); case list page "
          f"{page['cases_s'] * 1000:.0f} ms (÷ {page['stats_s'] / page['cases_s']:.1f}×); "
          f"longest GUI stall {page['stall_ms']:.0f} ms")
    warm = bench_page(data_dir, max(3, args.runs // 2), warm=True)
    print(f"(c') the same with matplotlib already imported (a preload): median "
          f"{warm['stats_s'] * 1000:.0f} ms, worst {warm['stats_max_s'] * 1000:.0f} ms; "
          f"longest GUI stall {warm['stall_ms']:.0f} ms")


if __name__ == "__main__":
    main()
