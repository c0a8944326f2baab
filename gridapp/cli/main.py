"""Entry point of the ``gridapp`` command.

The parser lists every command of ``registry.COMMANDS`` but builds the arguments of the one being
run only (``--help`` still lists them all); the handler named by that command
(``"case_cmd:run_show"``) is imported just before it runs, so a command pays only for the modules
it uses. Handlers are ``fn(ctx: CliContext) -> int``.
Every ``GridappError`` becomes a message on stderr and its exit code, never a traceback;
Ctrl+C exits 130 with one line (see ``gridapp.cli``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import cast

from gridapp import cli
from gridapp.cli.argparse_zh import ArgumentParser
from gridapp.cli.context import CliContext, give_credentials
from gridapp.cli.registry import COMMANDS
from gridapp.errors import GridappError
from gridapp.paths import keep_private

Handler = Callable[[CliContext], int]


def common_options() -> ArgumentParser:
    """Options accepted by every subcommand (before or after the subcommand name)."""
    common = ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="数据目录 (默认: $GRIDAPP_DATA_DIR 或系统用户数据目录)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON"
    )
    return common


def command_in(argv: Sequence[str]) -> str | None:
    """The top-level command named in ``argv`` (the first word that is not an option)."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in ("--data-dir", "--officer"):
            skip = True
        elif word == "--":
            return None
        elif not word.startswith("-"):
            return word
    return None


def build_parser(only: str | None = None, *, all_commands: bool = True) -> argparse.ArgumentParser:
    """The ``gridapp`` parser. Every command is listed; arguments are built for ``only``
    (or for every command when ``only`` is None and ``all_commands`` is true)."""
    common = common_options()
    parser = ArgumentParser(
        prog="gridapp",
        description="城管网格执法助手 (gridapp) 命令行",
        parents=[common],
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    parser.add_argument("--officer", dest="unlock_badge", metavar="BADGE", default=None,
                        help="解锁加密站点的执法证号（默认 $GRIDAPP_OFFICER、--as 指定的人员，"
                             "或唯一设有密码的人员）")
    parser.add_argument("--password-stdin", dest="unlock_password_stdin", action="store_true",
                        help="从标准输入的第一行读取该执法人员的密码（脚本也可用 $GRIDAPP_PASSWORD）")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    sub.required = True
    for command in COMMANDS:
        p = sub.add_parser(command.name, parents=[common], help=command.help,
                           description=command.help)
        if command.name == only or (only is None and all_commands):
            command.build(p, common)
    return parser


def resolve_handler(name: str) -> Handler:
    """``"case_cmd:run_show"`` → ``gridapp.cli.case_cmd.run_show`` (imported now)."""
    module_name, _, function = name.partition(":")
    module = importlib.import_module(f"gridapp.cli.{module_name}")
    return cast(Handler, getattr(module, function))


def _undecodable(words: Sequence[str]) -> str | None:
    """The first argument that held bytes which are not UTF-8 (Python keeps them as lone
    surrogates), shown with those characters as "?"."""
    for word in words:
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in word):
            return word.encode("utf-8", "replace").decode("utf-8")
    return None


def main(argv: Sequence[str] | None = None) -> int:
    keep_private()
    words = list(sys.argv[1:] if argv is None else argv)
    bad = _undecodable(words)
    if bad is not None:
        print(f"错误: 参数“{bad}”含有无法识别的字符（不是 UTF-8 编码），请检查输入法或终端编码 / "
              "an argument is not valid UTF-8", file=sys.stderr)
        return 2
    only = command_in(words)
    parser = build_parser(only, all_commands=False)
    args = parser.parse_args(words)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # pypdf logs every malformed-file detail; the command reports the problem itself.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
    handler = resolve_handler(args.handler)
    ctx = CliContext(args)
    try:
        give_credentials(args)
    except GridappError as exc:
        print(f"错误: {exc.bilingual()}", file=sys.stderr)
        return exc.exit_code
    if cli.PROGRAM:
        # From here the command may write: Ctrl+C unwinds it so open transactions roll back.
        signal.signal(signal.SIGINT, cli.raise_interrupt)
    try:
        code = handler(ctx)
        if cli.interrupt_requested():
            print(cli.INTERRUPTED_TEXT, file=sys.stderr)
            return cli.INTERRUPTED_EXIT
        return code
    except GridappError as exc:
        from gridapp.inputlimits import printable

        print(f"错误: {printable(exc.bilingual())}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # Output piped into e.g. `head` that closed early: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print(cli.INTERRUPTED_TEXT, file=sys.stderr)
        return cli.INTERRUPTED_EXIT
    except Exception as exc:
        if hasattr(exc, "statement") and hasattr(exc, "params"):
            # A database error we did not classify: its text would print the statement's
            # parameters (names, ID numbers). Say what failed, never the data.
            reason = type(getattr(exc, "orig", None) or exc).__name__
            print(f"错误: 数据库操作失败（{reason}），本次操作未保存 / database operation failed "
                  f"({reason}); nothing was saved", file=sys.stderr)
            return 2
        raise
    finally:
        if cli.PROGRAM:
            # A second Ctrl+C while closing or exiting ends the process at once, quietly.
            signal.signal(signal.SIGINT, cli.exit_now)
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
