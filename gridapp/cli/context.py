"""What every CLI handler receives: parsed arguments, output helpers, the station (lazily)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridapp.paths import resolve_data_dir

if TYPE_CHECKING:
    from gridapp.store import StationStore


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=_json_default)


@dataclass
class CliContext:
    args: argparse.Namespace
    _station: StationStore | None = field(default=None, init=False)

    @property
    def data_dir(self) -> Path:
        return resolve_data_dir(getattr(self.args, "data_dir", None))

    @property
    def as_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def station(self, *, create: bool = False) -> StationStore:
        """Open the station in the data directory (running migrations). ``create`` allows a new DB.

        An encrypted station opens with the credentials ``give_credentials`` gave; without them
        the password is asked on a terminal, else ``StationLocked`` (Chinese, exit 2)."""
        if self._station is None:
            from gridapp.keys.unlock import StationLocked
            from gridapp.store import open_store

            try:
                self._station = open_store(self.data_dir, create=create)
            except StationLocked:
                if not _ask_credentials(self.data_dir):
                    raise
                self._station = open_store(self.data_dir, create=create)
        return self._station

    def emit(self, obj: Any, human: str | Callable[[], str] | None = None) -> None:
        """Print ``obj`` as JSON under ``--json``, else the human-readable text."""
        if self.as_json or human is None:
            print(dumps(obj))
        else:
            print(human() if callable(human) else human)

    def close(self) -> None:
        if self._station is not None:
            self._station.close()
            self._station = None


def warn(text: str) -> None:
    print(text, file=sys.stderr)


def add_actor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as", dest="actor", metavar="BADGE", help="操作人执法证号（默认站点首位执法人员）"
    )


PASSWORD_ENV = "GRIDAPP_PASSWORD"  # noqa: S105  (the variable's name, not a password)


def give_credentials(args: argparse.Namespace) -> None:
    """Hand this process's unlock credentials to ``gridapp.keys.unlock``: the badge from
    ``--officer``, ``$GRIDAPP_OFFICER`` or the command's ``--as``; the password from the first
    line of standard input (``--password-stdin``) or ``$GRIDAPP_PASSWORD``."""
    import os

    from gridapp.errors import ValidationError
    from gridapp.keys import unlock

    unlock.forget_proven()
    badge = (getattr(args, "unlock_badge", None) or os.environ.get(unlock.OFFICER_ENV)
             or getattr(args, "actor", None) or "")
    password: str | None
    if getattr(args, "unlock_password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise ValidationError("--password-stdin：标准输入中没有密码",
                                  "--password-stdin: no password on standard input",
                                  field="password")
        password = line.rstrip("\r\n")
    else:
        password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        unlock.use_credentials(badge, password)
    elif badge:
        unlock.use_badge(badge)


def _ask_credentials(data_dir: Path) -> bool:
    """Ask a person at a terminal for the badge (when not known) and the password."""
    import getpass

    from gridapp.keys import slots, unlock

    if not sys.stdin.isatty():
        return False
    given = unlock.credentials()
    badge = given.badge if given is not None else ""
    keys = slots.load(data_dir)
    if not badge and keys is not None and len(keys.badges) == 1:
        badge = keys.badges[0]
    if not badge:
        badge = input("执法证号：").strip()
    unlock.use_credentials(badge, getpass.getpass(f"执法证号 {badge} 的密码："))
    return True


def actor_badge(ctx: CliContext, store: StationStore) -> str:
    """The acting officer: ``--as BADGE`` if given (must exist), else the officer whose password
    opened the station, else the station's first officer.

    An officer whose account has a password acts only after proving it: the password from
    ``GRIDAPP_PASSWORD`` (scripts) or asked on the terminal; wrong answers count towards the
    sign-in back-off and lock. A temporary password must be changed first."""
    from gridapp.caselog.service import default_actor
    from gridapp.keys.unlock import proven_officer
    from gridapp.models import Officer

    proven = proven_officer(store.data_dir)
    with store.read() as s:
        if getattr(ctx.args, "actor", None):
            officer = store.officer_by_badge(s, ctx.args.actor)
        elif proven and (mine := s.get(Officer, proven)) is not None and mine.active:
            officer = mine  # the officer whose password opened the station acts
        else:
            officer = default_actor(s)
        badge, name, protected = officer.badge_no, officer.name, bool(officer.password_hash)
        officer_id = officer.id
    if protected and officer_id != proven:
        _authenticate(store, badge, name, officer_id)
    return badge


def _authenticate(store: StationStore, badge: str, name: str, officer_id: str) -> None:
    import getpass
    import os

    from gridapp.accounts.signin import must_change_password, sign_in
    from gridapp.errors import ValidationError
    from gridapp.keys import slots, unlock

    given = unlock.credentials()
    password = given.password if given is not None else os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"{name}（{badge}）的密码：")
    if password is None:
        raise ValidationError(
            f"{name}（{badge}）的账户设有密码：请在终端输入，或在脚本中用环境变量 {PASSWORD_ENV} 提供",
            f"{badge} has a password: type it at the prompt or set {PASSWORD_ENV}",
            field="password")
    keys = slots.load(store.data_dir) if store.data_key is not None else None
    if keys is not None and keys.password_slot(badge) is not None:
        # On an encrypted station the officer's key slot is the credential: opening it proves
        # the password (waits and locks counted in the key file).
        unlock.unlock_with_password(store.data_dir, badge, password, officer_id=officer_id,
                                    prove=False)
        must = must_change_password(store, badge)
    else:
        must = sign_in(store, badge, password).must_change_password
    if must:
        raise ValidationError(
            f"{name}（{badge}）使用的是临时密码，须先更改：gridapp officer passwd {badge}",
            f"{badge} signed in with a temporary password: change it first", field="password")


def strip_comment_lines(text: str) -> str:
    """``text`` with every line whose first non-blank characters are ``//`` emptied.

    Input files may carry explanations on lines of their own (``case add --example`` writes
    them); only whole lines are comments, so ``//`` inside a value is never touched, and the
    lines keep their numbers for error messages."""
    return "\n".join("" if line.lstrip().startswith("//") else line
                     for line in text.split("\n"))


def read_json_input(source: str | Path, *, field: str = "file") -> Any:
    """JSON from a file path, or standard input for ``-``; errors name ``field``.
    Lines starting with ``//`` are comments (see ``strip_comment_lines``). A file is read as
    ``inputlimits.read_document`` reads it: a FIFO, a device or a directory is refused before
    anything is read, and so is a file over the size limit (standard input is bounded too)."""
    from gridapp.errors import ValidationError, json_error_zh
    from gridapp.inputlimits import load_json, read_document, read_stdin

    text = read_stdin(field=field) if str(source) == "-" else read_document(Path(source),
                                                                            field=field)
    try:
        return load_json(strip_comment_lines(text), field=field)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            json_error_zh(exc),
            f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
            field=field,
        ) from exc


Handler = Callable[[CliContext], int]
