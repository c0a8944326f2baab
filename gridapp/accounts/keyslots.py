"""Key slots follow the accounts: whoever gets a password gets a slot that opens the station.

Contracts (a plain station made by an earlier version — ``store.data_key`` None — has no slots
and every function here does nothing):
- ``give`` wraps the data key for the officer's new password (Argon2id, in the caller's
  transaction so a bad parameter fails before anything commits) and writes the slot to the key
  file only after the transaction commits: a rolled-back password change leaves the key file as
  it was. The same officer's earlier slot is replaced (changing a password rewraps one slot).
- ``drop`` removes a retired officer's slot after commit; ``relabel`` follows a badge change.
- ``open_demo`` gives a demo station its open slot (demo stations work without a password).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from gridapp.keys import slots
from gridapp.store import StationStore

log = logging.getLogger(__name__)
_PENDING = "gridapp_key_slot_changes"

Change = Callable[[slots.KeyFile], slots.KeyFile]


def _after_commit(store: StationStore, session: Session, change: Change) -> None:
    pending: list[Change] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        def write(sess: Session) -> None:
            todo = sess.info.pop(_PENDING, [])
            if not todo:
                return

            def apply(keys: slots.KeyFile) -> slots.KeyFile:
                for step in todo:
                    keys = step(keys)
                return keys
            try:
                slots.edit(store.data_dir, apply)
            except Exception:  # the database has committed: say so loudly, do not undo it
                log.exception("key slots not written after commit in %s", store.data_dir)
                raise

        def forget(sess: Session, *_: object) -> None:
            sess.info.pop(_PENDING, None)

        event.listen(session, "after_commit", write, once=True)
        event.listen(session, "after_rollback", forget, once=True)
    pending.append(change)


def give(store: StationStore, session: Session, officer_id: str, badge: str,
         password: str) -> None:
    if store.data_key is None:
        return
    slot = slots.password_slot(store.data_key, officer_id, badge, password)
    _after_commit(store, session, lambda keys: slots.with_slot(keys, slot))


def drop(store: StationStore, session: Session, officer_id: str) -> None:
    if store.data_key is None:
        return
    _after_commit(store, session, lambda keys: slots.without_password_slot(keys, officer_id))


def relabel(store: StationStore, session: Session, officer_id: str, badge: str) -> None:
    if store.data_key is None:
        return
    _after_commit(store, session, lambda keys: slots.relabelled(keys, officer_id, badge))


def open_demo(store: StationStore) -> None:
    """Give the demo station in ``store`` its open slot (idempotent)."""
    if store.data_key is None:
        return
    key = store.data_key
    slots.edit(store.data_dir, lambda keys: keys if keys.demo_slot() is not None
               else slots.with_slot(keys, slots.Slot("demo", open_key=key)))
