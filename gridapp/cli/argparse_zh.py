"""argparse in Chinese: help pages without English headings, usage errors explained in Chinese
(the English text follows for the log)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

# Compiled on first use (``re.fullmatch`` caches them): only a usage error pays for them.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+)", "缺少必需参数：{0}"),
    (r"unrecognized arguments: (.+)", "无法识别的参数：{0}"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
     "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (r"argument (\S+): expected one argument", "参数 {0} 需要一个值"),
    (r"argument (\S+): invalid int value: (.+)", "参数 {0} 应为整数，收到 {1}"),
    (r"argument (\S+): invalid float value: (.+)", "参数 {0} 应为数字，收到 {1}"),
    (r"argument (\S+): not allowed with argument (\S+)", "参数 {0} 不能与 {1} 同时使用"),
    (r"one of the arguments (.+) is required", "必须给出以下参数之一：{0}"),
    (r"ambiguous option: (\S+) could match (.+)", "选项 {0} 有歧义，可能是：{1}"),
    (r"argument (\S+): (.+)", "参数 {0}：{1}"),
)


def explain(message: str) -> str:
    for pattern, template in _PATTERNS:
        match = re.fullmatch(pattern, message)
        if match:
            return template.format(*match.groups())
    return message


HELP_TEXT = "显示此帮助并退出"


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """``argparse.ArgumentParser`` whose help headings, ``-h`` line and errors are Chinese."""

    def __init__(self, prog: str | None = None, *,
                 parents: Sequence[argparse.ArgumentParser] = (), add_help: bool = True,
                 **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(prog, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=HELP_TEXT)
        # As argparse does for ``parents``, after the headings are renamed so that the parents'
        # options join this parser's groups instead of adding groups of the same name.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        zh = explain(message)
        text = zh if zh == message else f"{zh} / {message}"
        from gridapp.inputlimits import printable  # only a usage error pays for it

        self.exit(2, f"{self.prog}: 错误: {printable(text)}\n")
