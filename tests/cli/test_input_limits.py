"""Inputs built to break the parser are answered with a Chinese error and exit 2, nothing
written: deep nesting, giant integers, FIFOs and devices instead of files, huge pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.models import AuditEvent, Case
from gridapp.store import StationStore


def _counts(store: StationStore) -> tuple[int, int]:
    with store.read() as s:
        return (int(s.scalar(select(func.count()).select_from(Case)) or 0),
                int(s.scalar(select(func.count()).select_from(AuditEvent)) or 0))


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, Path]:
    files = {
        "deep.json": "[" * 100_000 + "]" * 100_000,
        "deep_object.json": '{"a":' * 5_000 + "1" + "}" * 5_000,
        "bignum.json": '{"violation": "street-vending", "lat": ' + "9" * 5_000 + "}",
        "deep.toml": "a = " + "[" * 100_000 + "]" * 100_000,
        "bignum.toml": 'code = "x"\nn = ' + "9" * 5_000 + "\n",
    }
    out = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        out[name] = tmp_path / name
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    out["fifo.toml"] = fifo
    return out


@pytest.mark.parametrize(("argv", "words"), [
    (["case", "add", "--from", "{deep.json}"], "嵌套过深"),
    (["case", "add", "--from", "{deep_object.json}"], "嵌套过深"),
    (["case", "add", "--from", "{bignum.json}"], "位的整数"),
    (["pack", "validate", "{deep.toml}"], "嵌套过深"),
    (["pack", "validate", "{bignum.toml}"], "位的整数"),
    (["pack", "validate", "{fifo.toml}"], "不是普通文件"),
    (["pack", "validate", "/dev/zero"], "不是普通文件"),
    (["template", "validate", "{deep.toml}"], "嵌套过深"),
    (["template", "validate", "{fifo.toml}"], "不是普通文件"),
    (["case", "list", "--page", "99999999999999999999"], "--page"),
])
def test_hostile_input_is_refused_in_chinese_and_writes_nothing(
        store: StationStore, run_cli: object, hostile: dict[str, Path], argv: list[str],
        words: str) -> None:
    before = _counts(store)
    args = [str(hostile[a[1:-1]]) if a.startswith("{") else a for a in argv]
    result = run_cli("--data-dir", str(store.data_dir), *args)  # type: ignore[operator]
    assert result.code == 2, result.err
    assert words in result.err and "Traceback" not in result.err
    assert _counts(store) == before


def test_a_pack_saved_with_a_byte_order_mark_is_read(run_cli: object, tmp_path: Path) -> None:
    from gridapp.paths import resources_dir

    text = (resources_dir() / "packs" / "shanghai.toml").read_text(encoding="utf-8")
    path = tmp_path / "shanghai.toml"
    path.write_text("\ufeff" + text, encoding="utf-8")
    result = run_cli("pack", "validate", str(path))  # type: ignore[operator]
    assert result.code == 0, result.err


@pytest.mark.parametrize("argv", [
    ["case", "search", "\udcff\udcfe"],  # bytes that are not UTF-8, as Python passes them
    ["case", "add", "--from", "\ud800.json"],
])
def test_arguments_that_are_not_utf8_are_refused(store: StationStore, run_cli: object,
                                                 argv: list[str]) -> None:
    before = _counts(store)
    result = run_cli("--data-dir", str(store.data_dir), *argv)  # type: ignore[operator]
    assert result.code == 2 and "不是 UTF-8" in result.err and "Traceback" not in result.err
    assert _counts(store) == before


def test_an_evidence_number_too_long_for_the_database_is_refused(
        store: StationStore, demo_case: Case, run_cli: object) -> None:
    result = run_cli("--data-dir", str(store.data_dir), "evidence", "show",  # type: ignore[operator]
                     f"{demo_case.number}#99999999999999999999")
    assert result.code == 2 and "证据编号" in result.err


def test_a_search_with_hundreds_of_terms_is_refused_at_once(
        store: StationStore, run_cli: object) -> None:
    import time

    words = " ".join(f"词{i}号" for i in range(400))
    started = time.monotonic()
    result = run_cli("--data-dir", str(store.data_dir), "case", "search", words)  # type: ignore[operator]
    assert result.code == 2 and "搜索内容过长" in result.err
    assert time.monotonic() - started < 2


def test_a_case_with_two_hundred_thousand_officers_is_refused_at_once(
        store: StationStore, run_cli: object, tmp_path: Path) -> None:
    import json
    import time

    from tests.conftest import DEMO_CASE_INPUT

    data = dict(DEMO_CASE_INPUT) | {"officers": [f"{i:08d}" for i in range(200_000)]}
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = _counts(store)
    started = time.monotonic()
    result = run_cli("--data-dir", str(store.data_dir), "case", "add", "--from", str(path))  # type: ignore[operator]
    assert result.code == 2 and "最多 20 名" in result.err
    assert time.monotonic() - started < 2 and _counts(store) == before


@pytest.mark.parametrize("fmt", ["沪城管案〔{year}〕{segment:02d}-{seq:2000000000d}",
                                 "沪城管案〔{year:999999999d}〕{segment:02d}-{seq:06d}"])
def test_a_pack_number_format_that_would_print_gigabytes_is_refused_at_once(
        run_cli: object, tmp_path: Path, fmt: str) -> None:
    import re
    import time

    from gridapp.paths import resources_dir

    text = (resources_dir() / "packs" / "shanghai.toml").read_text(encoding="utf-8")
    text, n = re.subn(r'(?m)^case = ".*"$', f'case = "{fmt}"', text, count=1)
    assert n == 1
    path = tmp_path / "shanghai.toml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = run_cli("pack", "validate", str(path))  # type: ignore[operator]
    assert result.code == 2 and "编号格式无效" in result.err
    assert time.monotonic() - started < 2


def test_doc_verify_refuses_a_fifo_and_a_device_at_once(store: StationStore, run_cli: object,
                                                         hostile: dict[str, Path]) -> None:
    for target in (hostile["fifo.toml"], Path("/dev/zero")):
        result = run_cli("--data-dir", str(store.data_dir), "doc", "verify", str(target))  # type: ignore[operator]
        assert result.code == 2 and "不是普通文件" in result.err


@pytest.mark.parametrize(("where", "value", "words"), [
    ("facts", "占道经营\x00", "控制字符"),
    ("facts", "占道\x1b[2J经营", "控制字符"),
    ("party.name", "王\u202e明小", "控制字符"),
    ("address", "南京东路\n100号", "控制字符"),
    ("facts", "占" * 20_001, "过长"),
    ("party.name", "王" * 501, "过长"),
])
def test_invisible_control_characters_and_overlong_text_are_refused(
        store: StationStore, run_cli: object, tmp_path: Path, where: str, value: str,
        words: str) -> None:
    import json

    from tests.conftest import DEMO_CASE_INPUT

    data = json.loads(json.dumps(DEMO_CASE_INPUT))
    if where.startswith("party."):
        data["party"][where.split(".", 1)[1]] = value
    else:
        data[where] = value
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = _counts(store)
    result = run_cli("--data-dir", str(store.data_dir), "case", "add", "--from", str(path))  # type: ignore[operator]
    assert result.code == 2 and words in result.err and where in result.err
    assert _counts(store) == before


def test_facts_keep_their_line_breaks(store: StationStore, run_cli: object,
                                      tmp_path: Path) -> None:
    import json

    from tests.conftest import DEMO_CASE_INPUT

    data = dict(DEMO_CASE_INPUT) | {"facts": "第一行\n第二行\t（附注）"}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("--data-dir", str(store.data_dir), "case", "add", "--from", str(path))  # type: ignore[operator]
    assert result.code == 0, result.err


@pytest.mark.parametrize(("field", "value", "words"), [
    ("grid", "G9999", "本站没有网格 G9999"),
    ("opened_at", "0001-01-01T09:00:00", "早于 1900 年"),
    ("act_date", "0001-01-01", "早于 1900 年"),
])
def test_unknown_grids_and_impossible_years_are_refused(
        store: StationStore, run_cli: object, tmp_path: Path, field: str, value: str,
        words: str) -> None:
    import json

    from tests.conftest import DEMO_CASE_INPUT

    path = tmp_path / "case.json"
    path.write_text(json.dumps(dict(DEMO_CASE_INPUT) | {field: value}, ensure_ascii=False),
                    encoding="utf-8")
    before = _counts(store)
    result = run_cli("--data-dir", str(store.data_dir), "case", "add", "--from", str(path))  # type: ignore[operator]
    assert result.code == 2 and words in result.err
    assert _counts(store) == before


def test_an_escape_sequence_echoed_in_an_error_is_shown_not_obeyed(
        store: StationStore, run_cli: object) -> None:
    result = run_cli("--data-dir", str(store.data_dir), "case", "show",  # type: ignore[operator]
                     "\x1b[2J\u202e000099")
    assert result.code == 2
    assert "\x1b" not in result.err and "\u202e" not in result.err
    assert "\\x1b[2J\\u202e000099" in result.err
