"""Usage errors and operating-system errors reach the officer in Chinese."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from gridapp.cli.main import main as cli_main
from gridapp.errors import os_reason


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["evidence", "add"], "缺少必需参数"),
        (["case", "list", "--status", "nope"], "参数 --status 的取值 'nope' 无效"),
        (["case", "list", "--page", "x"], "参数 --page 应为整数"),
        (["case", "list", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_usage_errors_are_explained_in_chinese(capsys: pytest.CaptureFixture[str], argv: list[str],
                                               needle: str) -> None:
    with pytest.raises(SystemExit) as exc:
        cli_main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert needle in err and "错误" in err


def test_a_directory_given_as_a_file(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    r = run_cli("rules", "evaluate", "--input", tmp_path)
    assert r.code == 2 and "这是一个目录，不是文件" in r.err


@pytest.mark.parametrize(
    ("code", "zh"),
    [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有访问权限"), (errno.ENOENT, "不存在")],
)
def test_os_reasons(code: int, zh: str) -> None:
    assert zh in os_reason(OSError(code, "english text"))


@pytest.mark.parametrize(
    ("text", "zh"),
    [('{"violation": "x",}', "键名须用英文双引号括起"), ('{"violation" "x"}', "缺少英文冒号"),
     ('{"a": 1} 2', "末尾有多余内容"), ("", "此处缺少值")],
)
def test_json_syntax_errors_are_explained(tmp_path: Path, run_cli, text: str, zh: str) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "in.json"
    f.write_text(text, encoding="utf-8")
    r = run_cli("rules", "evaluate", "--input", f)
    assert r.code == 2 and zh in r.err and "第 1 行" in r.err
