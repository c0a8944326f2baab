"""案件台账 / the case register as an Excel workbook (.xlsx, openpyxl).

Contract: one row per live case opened in the period (the statistics filter: grid, officer),
oldest first. Personal data is masked: identity numbers and telephone numbers go through
``gridapp.caselog.identity.mask_id_number`` (the first and last four characters kept), so the
file holds no full number anywhere; the party's own address is left out (the place of the
violation is the case's address). The file is written whole or not at all (a temporary file
renamed into place) and the export is recorded in the audit chain (``register.export``: who,
the period, the row count and the file's SHA-256); on read-only media it is written but cannot
be recorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from gridapp import audit
from gridapp.caselog.identity import mask_id_number
from gridapp.errors import StorageError, os_reason
from gridapp.store import StationStore
from gridapp.timeutil import station_time, stored_instant
from gridapp.vocab.case_source import CASE_SOURCE
from gridapp.vocab.case_status import CASE_STATUS
from gridapp.vocab.disposition import DISPOSITION
from gridapp.vocab.stage import STAGE
from gridapp.workbench.stats import CaseScope, StatsFilter, instant_bounds

SHEET = "案件台账"
HEADERS = ("序号", "案件编号", "登记时间", "案件来源", "网格", "违法地点", "违法行为", "当事人",
           "证件号码（脱敏）", "联系电话（脱敏）", "案件状态", "阶段", "处置方式", "处理结果",
           "结案时间", "执法人员")
WIDTHS = (6, 26, 17, 10, 24, 34, 20, 18, 22, 16, 12, 16, 10, 16, 17, 24)


def mask(value: str) -> str:
    """An identity or telephone number masked; "" stays ""."""
    return mask_id_number(value) if value else ""


def _when(text: str | None) -> str:
    instant = stored_instant(text)
    return f"{station_time(instant):%Y-%m-%d %H:%M}" if instant is not None else ""


def register_rows(conn: sqlite3.Connection, store: StationStore, flt: StatsFilter
                  ) -> Iterator[tuple[object, ...]]:
    """The register's rows for ``flt`` (plain values, personal numbers masked)."""
    lo, hi = instant_bounds(flt.period.start, flt.period.end)
    scope = CaseScope(flt, covering=False)
    grids = dict(conn.execute("SELECT code, code || ' ' || name FROM grid WHERE deleted = 0"))
    violations = {code: v.name for code, v in store.pack.violations.items()}
    sql = (
        "SELECT c.number, c.opened_at, c.source, c.grid_code, c.address, c.violation_code, "
        "coalesce(p.name, ''), coalesce(p.id_number, ''), coalesce(p.phone, ''), c.status, "
        "c.stage, c.disposition, c.outcome, c.closed_at, "
        "(SELECT group_concat(name, '、') FROM (SELECT o.name FROM case_officer co JOIN officer o "
        "  ON o.id = co.officer_id WHERE co.case_id = c.id AND co.deleted = 0 ORDER BY o.badge_no)) "
        'FROM "case" c LEFT JOIN party p ON p.id = c.party_id '
        f"WHERE {scope.sql} AND c.opened_at >= :lo AND c.opened_at < :hi "
        "ORDER BY c.opened_at, c.number"
    )
    for n, row in enumerate(conn.execute(sql, scope.with_(lo=lo, hi=hi)), start=1):
        (number, opened, source, grid, address, violation, name, id_number, phone, status,
         stage, disposition, outcome, closed, officers) = row
        yield (n, number, _when(opened), CASE_SOURCE.zh(source), grids.get(grid, grid), address,
               violations.get(violation, violation), name, mask(id_number), mask(phone),
               CASE_STATUS.zh(status), STAGE.zh(stage),
               DISPOSITION.zh(disposition) if disposition else "", outcome, _when(closed),
               officers or "")


def export_register(store: StationStore, flt: StatsFilter, out: Path, actor: str) -> int:
    """Write the register for ``flt`` to ``out`` (whole or not at all); return the row count."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    rows = 0
    with store.read_connection() as conn:
        for row in register_rows(conn, store, flt):
            ws.append(list(row))
            rows += 1
    tmp = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        wb.save(tmp)
        digest = hashlib.sha256(tmp.read_bytes()).hexdigest()
        tmp.replace(out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"无法写入 {out}：{os_reason(exc)}", f"cannot write {out}") from exc
    if not store.read_only:
        try:
            with store.session() as s:
                station = store.station(s)
                audit.append(s, device=store.device_id, actor=actor, action="register.export",
                             entity="station", entity_id=station.id,
                             after={"file": out.name, "from": flt.period.start.isoformat(),
                                    "to": flt.period.end.isoformat(), "grid": flt.grid_code,
                                    "officer": flt.officer_id, "cases": rows,
                                    "sha256": digest})
        except BaseException:
            with contextlib.suppress(OSError):
                out.unlink()  # an export the chain does not record is not left behind
            raise
    return rows
