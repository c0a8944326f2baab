"""Entry point of the ``gridapp`` command.

Each area module in ``AREAS`` exposes ``register(subparsers)`` and sets ``handler`` on its
parsers (``parser.set_defaults(handler=fn)``) where ``fn(ctx: CliContext) -> int``.
Every ``GridappError`` becomes a message on stderr and its exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from gridapp.cli.argparse_zh import ArgumentParser
from gridapp.cli.context import CliContext
from gridapp.errors import GridappError

AREAS = (
    "gridapp.cli.station_cmd",
    "gridapp.cli.case_cmd",
    "gridapp.cli.audit_cmd",
    "gridapp.cli.pack_cmd",
    "gridapp.cli.rules_cmd",
    "gridapp.cli.evidence_cmd",
    "gridapp.cli.doc_cmd",
)


def common_options() -> argparse.ArgumentParser:
    """Options accepted by every subcommand (before or after the subcommand name)."""
    common = ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="数据目录 (默认: $GRIDAPP_DATA_DIR 或系统用户数据目录)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="输出 JSON"
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = ArgumentParser(
        prog="gridapp",
        description="城管网格执法助手 (gridapp) 命令行",
        parents=[common],
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in AREAS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # pypdf logs every malformed-file detail; the command reports the problem itself.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
    ctx = CliContext(args)
    try:
        code: int = args.handler(ctx)
        return code
    except GridappError as exc:
        print(f"错误: {exc.bilingual()}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # Output piped into e.g. `head` that closed early: not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
