"""A device-local high-water mark of the numbers this device handed out (``device-state.json``).

A database restored from an older copy (``backups/``) holds number pools and an audit chain that
are behind what this device already handed out; writing to it would give the same case numbers,
文号 and evidence item numbers a second time. The mark lives in the data directory, outside the
database, so replacing ``station.sqlite`` does not take it back. Contracts:

- it is written (atomically: temporary file + rename) *after* a unit of work that took a number
  has committed, never inside the transaction, from what the database then holds, merged with
  the previous mark by maximum; so it is never ahead of what this device committed (a crash
  between the commit and the write only leaves it behind);
- one mark per device id that used this data directory; a database is compared with the mark
  of the device id it carries (so one restored from before a ``device reenrol`` is caught too);
- ``is_behind`` is True when the database holds less than the mark: the audit chain head
  (``meta`` ``audit_head`` = ``seq:hash``) is lower, or a pool of this device is missing or has a
  lower ``next_value``.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, event, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from gridapp.models import Meta, NumberPool

STATE_FILENAME = "device-state.json"
AUDIT_HEAD_KEY = "audit_head"
_LISTENING = "device_state_mark"


@dataclass(frozen=True)
class Mark:
    device: str
    audit_seq: int = 0
    pools: dict[str, int] = field(default_factory=dict)


def read_marks(data_dir: Path) -> dict[str, Mark]:
    """The marks kept in ``data_dir`` by device id ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((data_dir / STATE_FILENAME).read_text(encoding="utf-8"))
        return {str(dev): Mark(device=str(dev), audit_seq=int(m["audit_seq"]),
                               pools={str(k): int(v) for k, v in m["pools"].items()})
                for dev, m in data["devices"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def snapshot(engine: Engine, device: str) -> Mark:
    """What the database now holds for ``device``: audit head seq and its pools' next values."""
    with Session(engine) as s:
        head = s.get(Meta, AUDIT_HEAD_KEY)
        seq = int(head.value.split(":", 1)[0]) if head is not None else 0
        rows = s.execute(select(NumberPool.id, NumberPool.next_value)
                         .where(NumberPool.holder_device == device))
        pools: dict[str, int] = {row[0]: row[1] for row in rows}
    return Mark(device=device, audit_seq=seq, pools=pools)


def write_marks(data_dir: Path, marks: dict[str, Mark]) -> None:
    """Replace the file atomically (a reader sees the old or the new file, never a torn one)."""
    path = data_dir / STATE_FILENAME
    tmp = path.with_name(f".{STATE_FILENAME}.{os.getpid()}.tmp")
    body = json.dumps({"devices": {m.device: {"audit_seq": m.audit_seq, "pools": m.pools}
                                   for m in marks.values()}}, sort_keys=True)
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(body)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def advance(engine: Engine, data_dir: Path, device: str) -> None:
    """Raise ``device``'s mark to what the database holds now (never lowers it)."""
    now = snapshot(engine, device)
    marks = read_marks(data_dir)
    old = marks.get(device)
    if old is not None:
        pools = dict(old.pools)
        for pid, nxt in now.pools.items():
            pools[pid] = max(nxt, pools.get(pid, 0))
        now = Mark(device, max(now.audit_seq, old.audit_seq), pools)
    marks[device] = now
    write_marks(data_dir, marks)


def reset(engine: Engine, data_dir: Path, device: str) -> None:
    """Start the mark of a new device identity from what the database holds now.

    The marks of earlier identities stay, so a database restored from before the change (still
    carrying the old device id) is recognised as well.
    """
    marks = read_marks(data_dir)
    marks[device] = snapshot(engine, device)
    write_marks(data_dir, marks)


def advance_after_commit(session: Session, engine: Engine, data_dir: Path, device: str) -> None:
    """Advance the mark once ``session``'s transaction has committed (not if it rolls back).

    A failure to read the database or write the file is ignored: the data is committed and the
    mark merely stays behind (a restore is then recognised from the last mark that was written).
    """
    if session.info.get(_LISTENING):
        return
    session.info[_LISTENING] = True

    def _after_commit(_: Session) -> None:
        session.info.pop(_LISTENING, None)
        with contextlib.suppress(OSError, SQLAlchemyError):
            advance(engine, data_dir, device)

    event.listen(session, "after_commit", _after_commit, once=True)


def is_behind(engine: Engine, data_dir: Path, device: str) -> bool:
    """True when the database is behind this device's mark (restored from an older copy)."""
    mark = read_marks(data_dir).get(device)
    if mark is None:
        return False
    now = snapshot(engine, device)
    return now.audit_seq < mark.audit_seq or any(
        now.pools.get(pid, 0) < nxt for pid, nxt in mark.pools.items())
