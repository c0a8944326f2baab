"""``gridapp stats``, ``gridapp report monthly`` and ``gridapp export register``.

Dates, months and periods are checked before the station is opened: a bad one is refused in
Chinese (exit 2) and nothing is read or written. An output file that already exists is not
replaced unless ``--force`` is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.cli.context import CliContext, actor_badge
from gridapp.errors import ValidationError

if TYPE_CHECKING:
    import sqlite3

    from gridapp.workbench.stats import Period, Stats


def _table(rows: Sequence[tuple[str, ...]], title: str) -> list[str]:
    """A plain text table (CJK characters count two columns)."""
    def width(text: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)

    cols = len(rows[0]) if rows else 0
    widths = [max(width(r[i]) for r in rows) for i in range(cols)]
    out = [title]
    for r in rows:
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(r)]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def stats_text(st: Stats) -> str:
    from gridapp.workbench.stats import count_text, headline_rows

    lines = _table([(a, b) for a, b in headline_rows(st)], "【主要指标】")
    sections = (
        ("【721 处置结构（办结案件）】", st.mix),
        ("【三色阶段分布（新立案件）】", st.stages),
        ("【不予处罚，按法定情形（办结案件）】", st.exemptions),
        ("【网格案件数】", st.by_grid),
        ("【执法人员案件数】", st.by_officer),
        ("【违法行为案件数】", st.by_violation),
    )
    for title, counts in sections:
        lines.append("")
        rows = [(c.label, count_text(c)) for c in counts]
        lines += _table(rows, title) if rows else [title, "  （无）"]
    if st.repeat.top:
        lines.append("")
        lines += _table([(p.name, p.id_number_masked or "—", f"{p.cases} 件")
                         for p in st.repeat.top], "【重复违法当事人（12 个月内 2 件以上）】")
    return "\n".join(lines)


def _quick_stats(ctx: CliContext, period: Period) -> Stats | None:
    """The statistics read through a read-only connection, without opening the store (no ORM):
    None when the database is not one this path reads (missing, locked, another schema revision,
    no station, a SQLite error) — the caller then opens the store, which migrates or explains."""
    from gridapp.db import cipher
    from gridapp.db.readonly import open_read_only
    from gridapp.errors import GridappError
    from gridapp.keys import unlock
    from gridapp.packs import load_pack
    from gridapp.paths import DB_FILENAME
    from gridapp.workbench.detail import station_pack_code
    from gridapp.workbench.stats import resolve_on, stats_on

    try:
        key = unlock.data_key(ctx.data_dir)
    except GridappError:
        return None  # locked, wiped or a damaged key file: the full path explains
    conn = open_read_only(ctx.data_dir / DB_FILENAME, key)
    if conn is None:
        return None
    try:
        code = station_pack_code(conn)
        if code is None:
            return None
        pack = load_pack(code, data_dir=ctx.data_dir)
        flt = resolve_on(conn, period, grid=ctx.args.grid or "", officer=ctx.args.officer or "")

        @contextmanager
        def helper() -> Iterator[sqlite3.Connection | None]:
            second = open_read_only(ctx.data_dir / DB_FILENAME, key)
            try:
                yield second
            finally:
                if second is not None:
                    second.close()

        return stats_on(conn, flt, {c: v.name for c, v in pack.violations.items()},
                        helper=helper)
    except cipher.ERRORS:
        return None
    finally:
        conn.close()


def run_stats(ctx: CliContext) -> int:
    from gridapp.workbench.stats import parse_period

    period = parse_period(ctx.args.date_from, ctx.args.date_to)
    st = _quick_stats(ctx, period)
    if st is None:
        from gridapp.workbench.stats import resolve_filter, station_stats

        store = ctx.station(create=False)
        flt = resolve_filter(store, period, grid=ctx.args.grid or "",
                             officer=ctx.args.officer or "")
        st = station_stats(store, flt)
    ctx.emit(asdict(st), lambda: stats_text(st))
    return 0


def check_new_output(out: Path, force: bool, suffix: str) -> Path:
    """``out`` if a file may be written there: a file name ending in ``suffix`` that does not
    exist yet (or ``force``); anything else is refused in Chinese before any work is done."""
    from gridapp.documents.service import check_output_path

    if out.suffix.lower() != suffix:
        raise ValidationError(f"输出文件“{out.name[:60]}”应以 {suffix} 结尾",
                              f"the output file must end in {suffix}", field="out")
    return check_output_path(out, replace=force)


def run_report_monthly(ctx: CliContext) -> int:
    from gridapp.documents.service import write_pdf
    from gridapp.workbench.report import monthly_report
    from gridapp.workbench.stats import parse_month, resolve_filter

    period = parse_month(ctx.args.month)
    out = check_new_output(ctx.args.out, ctx.args.force, ".pdf")
    store = ctx.station(create=False)
    flt = resolve_filter(store, period, grid=ctx.args.grid or "")
    built = monthly_report(store, flt)
    write_pdf(built.pdf, out)
    ctx.emit({"out": str(out), "pages": built.pages, "figures": built.figures,
              "bytes": len(built.pdf)},
             f"月报已生成：{out}（{built.pages} 页，图 {built.figures} 幅）")
    return 0


def run_export_register(ctx: CliContext) -> int:
    from gridapp.workbench.register import export_register
    from gridapp.workbench.stats import parse_period, resolve_filter

    period = parse_period(ctx.args.date_from, ctx.args.date_to)
    out = check_new_output(ctx.args.out, ctx.args.force, ".xlsx")
    store = ctx.station(create=False)
    flt = resolve_filter(store, period, grid=ctx.args.grid or "", officer=ctx.args.officer or "")
    actor = actor_badge(ctx, store)
    rows = export_register(store, flt, out, actor)
    ctx.emit({"out": str(out), "cases": rows},
             f"案件台账已导出：{out}（{rows} 件，身份证号与电话已脱敏）")
    return 0
