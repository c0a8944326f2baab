"""``gridapp stats``, ``report monthly`` and ``export register`` on the hand-built station
(``tests/workbench/stats_data.py``): the same numbers as the core, a real PDF checked with
pdftotext/pdffonts/pdfimages, a real workbook read back with openpyxl, and bad input refused in
Chinese with exit code 2 and nothing written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.cli.context import dumps
from gridapp.models import AuditEvent
from gridapp.store import StationStore
from gridapp.workbench.stats import StatsFilter, station_stats
from tests.conftest import DEMO_PARTY_ID
from tests.workbench.conftest import holdings
from tests.workbench.stats_data import OCTOBER, Builder, dataset

__all__ = ["dataset"]

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


def test_stats_json_is_the_core_figures(store: StationStore, dataset: Builder, run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("--data-dir", store.data_dir, "stats", "--from", "2026-10-01", "--to",
                "2026-10-31", "--json")
    assert r.code == 0, r.err
    assert r.json() == json.loads(dumps(asdict(station_stats(store, StatsFilter(OCTOBER)))))
    data = r.json()
    assert (data["opened"], data["closed"], data["soft"]) == (7, 5, 4)


def test_stats_table_in_chinese_and_filters(store: StationStore, dataset: Builder, run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("--data-dir", store.data_dir, "stats", "--from", "2026-10-01", "--to",
                "2026-10-31", "--officer", "31010003")
    assert r.code == 0, r.err
    assert "【主要指标】" in r.out and "王芳（31010003）" in r.out
    # 王芳's cases: opened C3 C4 C8, closed C3 C4 (both 执法), soft C4: 50%.
    assert "新立案件              3 件" in r.out
    assert "柔性执法率            50.0%（柔性办结 1 件，处罚结案 1 件）" in r.out
    assert "执法    2 件（100.0%）" in r.out


@pytest.mark.parametrize(("argv", "message"), [
    (("stats", "--from", "2026-10-01", "--to", "2026-09-30"), "早于起始日期"),
    (("stats", "--from", "2026-02-30", "--to", "2026-03-31"), "不是有效日期"),
    (("stats", "--from", "2026-10-01", "--to", "2026-10-31", "--grid", "G9"), "本站没有网格"),
    (("stats", "--from", "2026-10-01", "--to", "2026-10-31", "--officer", "1"), "本站没有执法证号"),
    (("report", "monthly", "--month", "2026-13", "--out", "{tmp}/r.pdf"), "不存在"),
    (("report", "monthly", "--month", "2026-11", "--out", "{tmp}/r.txt"), "应以 .pdf 结尾"),
    (("export", "register", "--from", "2026-1-01", "--to", "2026-10-31", "--out", "{tmp}/r.xlsx"),
     "不是 年-月-日 格式"),
    (("export", "register", "--from", "2026-10-01", "--to", "2026-10-31", "--out", "{tmp}/r.csv"),
     "应以 .xlsx 结尾"),
])
def test_bad_input_is_refused_and_nothing_written(store: StationStore, tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                                                  argv: tuple[str, ...], message: str) -> None:
    before = holdings(store)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    r = run_cli("--data-dir", store.data_dir, *(a.format(tmp=out_dir) for a in argv))
    assert r.code == 2 and message in r.err, r.err
    assert holdings(store) == before
    assert list(out_dir.iterdir()) == []


@needs_poppler
def test_monthly_report_pdf(store: StationStore, dataset: Builder, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "2026年10月月报.pdf"
    r = run_cli("--data-dir", store.data_dir, "--json", "report", "monthly", "--month", "2026-10",
                "--out", out)
    assert r.code == 0, r.err
    assert r.json()["figures"] == 6
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "测试中队" in text and "2026年10月城市管理执法工作月报" in text
    assert "统计期间：2026-10-01 至 2026-10-31" in text
    assert "80.0%（柔性办结 4 件，处罚结案 1 件）" in text  # the hand-computed soft rate
    assert "3101**********1234" in text and DEMO_PARTY_ID not in text
    assert "统计口径" in text and re.search(r"第\s*1\s*页\s*共\s*\d+\s*页", text)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) == 6  # the six charts
    # An existing file is not replaced without --force.
    stamp = out.read_bytes()
    again = run_cli("--data-dir", store.data_dir, "report", "monthly", "--month", "2026-09",
                    "--out", out)
    assert again.code == 2 and "已存在，未覆盖" in again.err
    assert out.read_bytes() == stamp
    forced = run_cli("--data-dir", store.data_dir, "report", "monthly", "--month", "2026-09",
                     "--out", out, "--force")
    assert forced.code == 0 and out.read_bytes() != stamp


def test_register_xlsx_masks_personal_numbers(store: StationStore, dataset: Builder,
                                               tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    out = tmp_path / "台账.xlsx"
    r = run_cli("--data-dir", store.data_dir, "export", "register", "--from", "2026-10-01",
                "--to", "2026-10-31", "--out", out)
    assert r.code == 0, r.err
    ws = load_workbook(out).active
    assert ws is not None and ws.title == "案件台账"
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[1] == "案件编号" and header[8] == "证件号码（脱敏）"
    assert len(body) == 7  # the 7 cases opened in October, oldest first
    first = dict(zip(header, body[0], strict=True))
    assert first["当事人"] == "王小明" and first["案件来源"] == "12345热线"
    assert first["证件号码（脱敏）"] == "3101**********1234"
    assert first["联系电话（脱敏）"] == "1380***8000"
    assert first["登记时间"] == "2026-10-02 09:00" and first["结案时间"] == "2026-10-03 14:00"
    assert first["处置方式"] == "服务" and first["执法人员"] == "张建国、李明"
    # No full identity or telephone number anywhere: not in the file, not in any part of it.
    secrets = [DEMO_PARTY_ID, "13800138000", "13900139000"]
    raw = out.read_bytes()
    with zipfile.ZipFile(out) as z:
        parts = [z.read(name) for name in z.namelist()]
    for secret in secrets:
        assert secret.encode() not in raw
        assert not any(secret.encode() in part for part in parts), secret
    assert any(b"1390***9000" in part for part in parts)  # 李四's phone, masked
    # Recorded in the audit chain, with the file's hash.
    with store.read() as s:
        ev = s.scalars(select(AuditEvent).where(AuditEvent.action == "register.export")).one()
    assert json.loads(ev.after_json)["cases"] == 7
    again = run_cli("--data-dir", store.data_dir, "export", "register", "--from", "2026-10-01",
                    "--to", "2026-10-31", "--out", out)
    assert again.code == 2 and "已存在，未覆盖" in again.err
