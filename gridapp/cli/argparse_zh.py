"""argparse with usage errors explained in Chinese (the English text follows for the log)."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少必需参数：{0}"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)"),
     "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 需要一个值"),
    (re.compile(r"argument (\S+): invalid int value: (.+)"), "参数 {0} 应为整数，收到 {1}"),
    (re.compile(r"argument (\S+): invalid float value: (.+)"), "参数 {0} 应为数字，收到 {1}"),
    (re.compile(r"argument (\S+): (.+)"), "参数 {0}：{1}"),
)


def explain(message: str) -> str:
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return template.format(*match.groups())
    return message


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        zh = explain(message)
        text = zh if zh == message else f"{zh} / {message}"
        self.exit(2, f"{self.prog}: 错误: {text}\n")
