"""Converting a plain station (made by an earlier version) into an encrypted one, in place.

Order, so that a crash at any step loses nothing and the next attempt finishes the job:
1. the officer's password is checked against the account — only an active officer converts
   (one who never had a password sets it now), and gets the first key slot; a demo station
   needs no password and gets an open slot, as new demo stations do;
2. a plain backup is taken (``backups/``), an encrypted copy is exported beside the database
   (``station.sqlite.encrypting``) and verified: integrity check and the same number of rows in
   every table;
3. the key file is written; a crash after this leaves the plain database with a key file, and
   the next attempt (same officer and password) reuses that key and redoes the copy;
4. the plain database's WAL is checkpointed into it and removed, and the encrypted copy is
   renamed over it (one atomic step);
5. every blob file is encrypted in place (each atomically: a crash leaves a mix that reads
   correctly, and the next start finishes it);
6. the plain backups — this one and those earlier migrations took — are deleted.

Deleting a file does not erase its blocks on every disk (SSD wear levelling, journaling file
systems): docs/SECURITY.md says so and recommends full-disk encryption as well.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gridapp.accounts import passwords
from gridapp.db import cipher
from gridapp.db.migrate import backup
from gridapp.errors import StorageError, ValidationError
from gridapp.evidence.blobstore import BlobStore
from gridapp.keys import slots, streams, unlock
from gridapp.keys.backoff import SignInRefused
from gridapp.models import Officer
from gridapp.paths import BACKUPS_DIRNAME, DB_FILENAME
from gridapp.store import open_store

Progress = Callable[[str, int, int], None]
ENCRYPTING_SUFFIX = ".encrypting"


@dataclass
class Conversion:
    tables: int = 0
    rows: int = 0
    files: int = 0
    removed_backups: list[str] = field(default_factory=list)
    # Officers who had a password but no key slot yet: a lead resets theirs (a new slot).
    need_reset: list[str] = field(default_factory=list)


def needs_conversion(data_dir: Path) -> bool:
    """True for a plain station (a database and no key file), or one whose conversion stopped
    half-way (a key file and a plain database, blob files not yet encrypted, or plain backups
    not yet deleted)."""
    db = data_dir / DB_FILENAME
    if not db.is_file():
        return False
    if slots.load(data_dir) is None or cipher.is_plain_sqlite(db):
        return True
    backups = (data_dir / BACKUPS_DIRNAME).glob("*.sqlite")
    return (any(cipher.is_plain_sqlite(b) for b in backups)
            or any(True for _ in _plain_blobs(data_dir)))


def _plain_blobs(data_dir: Path) -> list[Path]:
    out = []
    for _sha, path in BlobStore(data_dir / "blobs").iter_blobs():
        with path.open("rb") as fh:
            if not streams.is_encrypted(fh.read(len(streams.MAGIC))):
                out.append(path)
    return out


def is_demo(data_dir: Path) -> bool:
    """True for a plain demo station (it converts without a password)."""
    db = data_dir / DB_FILENAME
    return db.is_file() and cipher.is_plain_sqlite(db) and _is_demo(db)


def _is_demo(db: Path) -> bool:
    conn = cipher.connect(db, None)
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key = ?",
                            ("demo_station",)).fetchone() is not None  # demo.DEMO_MARKER_KEY
    finally:
        conn.close()


def _officer(db: Path, badge: str, password: str) -> tuple[str, bool, list[str]]:
    """The converting officer's id after checking the password (an officer who never had one
    — stations before accounts — sets it now: True), and the badges of the other active
    officers (they need a reset by a lead to get a key slot)."""
    conn = cipher.connect(db, None)
    try:
        rows = conn.execute("SELECT id, badge_no, password_hash FROM officer "
                            "WHERE active = 1 AND deleted = 0").fetchall()
    finally:
        conn.close()
    mine = [r for r in rows if r[1] == badge.strip()]
    if not mine or (mine[0][2] and not passwords.verify_password(mine[0][2], password)):
        raise SignInRefused("执法证号或密码不正确（转换加密须由本站在岗的执法人员用自己的密码办理）",
                            "wrong badge or password", field="password")
    if not mine[0][2]:
        passwords.check_policy(password, badge=badge.strip())
    return (str(mine[0][0]), not mine[0][2],
            [str(r[1]) for r in rows if r[1] != badge.strip()])


def _row_counts(conn: object, tables: list[str]) -> dict[str, int]:
    execute = conn.execute  # type: ignore[attr-defined]
    return {t: int(execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in tables}


def encrypt_station(data_dir: Path, badge: str, password: str, *,
                    progress: Progress | None = None) -> Conversion:
    """Convert the plain station in ``data_dir`` (see the module's contract)."""
    report = Conversion()
    db = data_dir / DB_FILENAME
    keys = slots.load(data_dir)
    if keys is not None and not cipher.is_plain_sqlite(db):  # swapped: finish what follows
        found = unlock.data_key(data_dir)
        assert found is not None
        officer = unlock.proven_officer(data_dir)
        if any((data_dir / BACKUPS_DIRNAME).glob("*-plain.sqlite")):
            # This conversion's own backup is still there: the crash came at or after the
            # swap and before the purge, so the new file is ours to bind (never a copy's).
            _rebind(data_dir, officer, _first_password(data_dir, officer, password))
        _finish_files(data_dir, found, report, progress)
        _purge_plain(data_dir, report)
        return report
    if keys is None:
        store = open_store(data_dir, create=False)  # plain: migrated to the head first
        try:
            if store.read_only:
                raise StorageError("数据目录只读，不能转换为加密存储", "read-only data directory")
            if store.identity_error is not None:
                raise store.identity_error  # a copy is confirmed or re-enrolled first
        finally:
            store.close()
    demo = _is_demo(db)
    others: list[str] = []
    if not demo and not badge.strip():
        raise ValidationError(
            "请用 --officer 执法证号 与 --password-stdin（或环境变量 GRIDAPP_OFFICER、GRIDAPP_PASSWORD）"
            "指明办理转换的执法人员及其密码", "name the converting officer with --officer",
            field="officer")
    if demo:  # demo data opens without a password (an open slot), as a new demo station does
        officer_id, sets_password = "", False
    else:
        officer_id, sets_password, others = _officer(db, badge, password)
    if keys is not None:  # an earlier attempt wrote the key file: continue with its key
        found = unlock.data_key(data_dir) if demo else unlock.unlock_with_password(
            data_dir, badge, password)
        assert found is not None
        key = found
    else:
        key = slots.new_data_key()
    if progress is not None:
        progress("database", 0, 1)
    backup(db, "plain")
    target = db.with_name(db.name + ENCRYPTING_SUFFIX)
    target.unlink(missing_ok=True)
    cipher.export_encrypted(db, target, key)
    _verify_copy(db, target, key, report)
    if keys is None:
        first = (slots.Slot("demo", open_key=key) if demo
                 else slots.password_slot(key, officer_id, badge.strip(), password))
        slots.save(data_dir, slots.KeyFile(key_check=slots.key_check(key), slots=(first,)))
    _swap(db, target)
    unlock.remember(key, officer_id)
    _rebind(data_dir, officer_id, password if sets_password else "")
    if progress is not None:
        progress("database", 1, 1)
    _finish_files(data_dir, key, report, progress)
    report.need_reset = others
    _purge_plain(data_dir, report)
    return report


def _purge_plain(data_dir: Path, report: Conversion) -> None:
    """Delete what the plain station left: its backups (this conversion's and earlier
    migrations') and files staged by an import that never finished."""
    for old in sorted((data_dir / BACKUPS_DIRNAME).glob("*.sqlite*")):
        if old.name.endswith(".sqlite") and not cipher.is_plain_sqlite(old):
            continue  # an encrypted backup (and its WAL files go with plain ones only)
        old.unlink()
        report.removed_backups.append(old.name)
    staged = data_dir / "blobs" / "tmp"
    if staged.is_dir():
        for leftover in staged.iterdir():
            if leftover.is_file():
                leftover.unlink()


def _first_password(data_dir: Path, officer_id: str, password: str) -> str:
    """``password`` when the converting officer's account still has none (a crash came
    between the swap and setting it), else empty."""
    if not officer_id or not password:
        return ""
    store = open_store(data_dir, create=False)
    try:
        with store.read() as s:
            officer = s.get(Officer, officer_id)
            return password if officer is not None and not officer.password_hash else ""
    finally:
        store.close()


def _rebind(data_dir: Path, officer_id: str, first_password: str) -> None:
    """The encrypted file replaced the bound one: bind the device to it (this station was
    checked to be in its own place before), and set the converting officer's first password
    where the account had none."""
    from gridapp.accounts.signin import set_password
    from gridapp.store import BINDING_KEY, device_binding, write_meta

    store = open_store(data_dir, create=False)
    try:
        write_meta(store, {BINDING_KEY: device_binding(store.db_path)})
        store.identity_error = None
        if first_password:
            with store.session() as s:
                officer = s.get(Officer, officer_id)
                assert officer is not None
                set_password(store, s, officer, first_password, actor=officer.badge_no)
    finally:
        store.close()


def _verify_copy(db: Path, target: Path, key: bytes, report: Conversion) -> None:
    plain = cipher.connect(db, None)
    enc = cipher.connect(target, key)
    try:
        tables = [r[0] for r in plain.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]
        if enc.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StorageError("加密副本校验失败（完整性检查未通过），原数据未改动",
                               "the encrypted copy failed its integrity check")
        before, after = _row_counts(plain, tables), _row_counts(enc, tables)
        if before != after:
            raise StorageError("加密副本校验失败（行数不一致），原数据未改动",
                               f"the encrypted copy differs: {before} != {after}")
        report.tables, report.rows = len(tables), sum(after.values())
    finally:
        plain.close()
        enc.close()


def _swap(db: Path, target: Path) -> None:
    conn = cipher.connect(db, None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    target.replace(db)
    with contextlib.suppress(OSError):
        fd = os.open(db.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _finish_files(data_dir: Path, key: bytes, report: Conversion,
                  progress: Progress | None) -> None:
    todo = _plain_blobs(data_dir)
    for n, path in enumerate(todo, 1):
        _encrypt_in_place(path, key)
        report.files += 1
        if progress is not None:
            progress("files", n, len(todo))


def _encrypt_in_place(path: Path, key: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.enc")
    sealer = streams.Encryptor(key)
    try:
        with path.open("rb") as src, tmp.open("xb") as out:
            out.write(sealer.header())
            while chunk := src.read(streams.CHUNK):
                out.write(sealer.update(chunk))
            out.write(sealer.finish())
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o400)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"加密证据文件 {path.name[:12]}… 失败：{exc.strerror or exc}",
                           f"encrypting {path} failed: {exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


