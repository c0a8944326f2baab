"""Every ``--help`` page is Chinese: no argparse English headings or lines."""

from __future__ import annotations

import argparse
import subprocess
import sys

from gridapp.cli.main import build_parser

ENGLISH = ("usage:", "positional arguments", "optional arguments", "options:",
           "show this help message and exit", "error:")


def all_parsers() -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(p: argparse.ArgumentParser) -> None:
        found[p.prog] = p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    walk(child)

    walk(build_parser())
    return found


def test_help_of_every_command_and_subcommand_has_no_english_lines() -> None:
    parsers = all_parsers()
    assert "gridapp case show" in parsers and "gridapp doc serve" in parsers
    assert len(parsers) > 40
    for prog, parser in parsers.items():
        text = parser.format_help()
        assert "用法：" in text, prog
        for english in ENGLISH:
            assert english not in text, (prog, english)
        # Every argument the user can give is explained.
        for action in parser._actions:
            if action.help is not argparse.SUPPRESS and not isinstance(
                    action, argparse._SubParsersAction):
                assert action.help, (prog, action.dest)


def test_help_and_usage_errors_of_the_real_program_are_chinese() -> None:
    for argv in (["--help"], ["case", "--help"], ["evidence", "add", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "gridapp", *argv], check=False,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0
        assert "选项" in proc.stdout and "显示此帮助并退出" in proc.stdout
        assert not any(english in proc.stdout for english in ENGLISH)
    proc = subprocess.run([sys.executable, "-m", "gridapp", "case", "show"], check=False,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith("用法：")
    assert "缺少必需参数" in proc.stderr
