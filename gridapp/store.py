"""An opened station: its data directory, database, clock and jurisdiction pack.

``open_store`` is how every front end (CLI, desktop, tests) reaches the data. It migrates the
database (after a timestamped backup) and hands out one SQLAlchemy session per unit of work.
"""

from __future__ import annotations

import hashlib
import logging
import platform
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from gridapp import audit, changes
from gridapp.changes import install_guard, record_change
from gridapp.clock import now as clock_now
from gridapp.db import chain_key, cipher, device_state
from gridapp.db.engine import create_read_only_engine, create_station_engine, writer
from gridapp.db.media import read_only_media, wal_without_shm
from gridapp.db.migrate import UnknownRevisionError, upgrade
from gridapp.db.statistics import refresh_if_stale
from gridapp.errors import NotFoundError, StorageError, ValidationError
from gridapp.hlc import HybridLogicalClock
from gridapp.keys import slots, unlock
from gridapp.models import Meta, Officer, Station, SyncMixin, new_id
from gridapp.paths import BLOBS_DIRNAME, DB_FILENAME, make_private

if TYPE_CHECKING:
    from gridapp.packs import JurisdictionPack

DEVICE_KEY = "device_id"
# What the device id is bound to: this machine and this database file (see ``device_binding``).
BINDING_KEY = "device_binding"
log = logging.getLogger(__name__)


@dataclass
class StationStore:
    data_dir: Path
    engine: Engine
    device_id: str
    _sessions: sessionmaker[Session] = field(repr=False)
    # Set when the data directory is a copy (or a move/restore not yet confirmed): reads work,
    # every write is refused with this error until the device re-enrols or confirms the move.
    identity_error: StorageError | None = field(default=None, repr=False)
    # The audit chain's sealing key (``gridapp.db.chain_key``); None where none could be made.
    chain_key: bytes | None = field(default=None, repr=False)
    # The data directory is on read-only media: opened read-only, every write refused
    # (``identity_error`` is then ``read_only_error``).
    read_only: bool = field(default=False, repr=False)
    # The station's data key (``gridapp.keys``): the database is SQLCipher under it and files
    # in the blob store are encrypted with a key derived from it. None: a plain station made
    # by an earlier version, not yet converted (``gridapp.accounts.encrypt``).
    data_key: bytes | None = field(default=None, repr=False)
    clock: HybridLogicalClock = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _skew_logged: bool = field(init=False, default=False, repr=False)

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.device_id)
        info = {audit.KEY_INFO: self.chain_key} if self.chain_key is not None else {}
        self._write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False,
                                            info=info)
        install_guard(self._sessions)
        install_guard(self._write_sessions)

    def seed_clock(self) -> None:
        """Start the HLC past the highest stamp this station ever recorded (see ``gridapp.hlc``).

        The last stamp is written in the transaction of every change (``meta``), and the 0003
        migration seeded it from the rows and outbox of older stations, so one read suffices.
        """
        with self._sessions() as s:
            last = changes.last_stamp(s)
        try:
            lag = self.clock.seed([last])
        except ValueError:
            log.warning("ignoring an unreadable last change stamp %r in meta", last)
            return
        if self.clock.skewed:
            log.warning(
                "station clock is %d ms behind the last change stamp %s; new stamps continue "
                "from that stamp", lag, last,
            )

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def blobs_dir(self) -> Path:
        return self.data_dir / BLOBS_DIRNAME

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any exception."""
        if self.identity_error is not None:
            raise self.identity_error
        with self._write_sessions() as session:
            try:
                yield session
                session.commit()
            except DatabaseError as exc:
                session.rollback()
                known = classify_database_error(exc, self.db_path)
                if known is not None:
                    raise known from exc
                raise
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        with self._sessions() as session:
            try:
                yield session
            except DatabaseError as exc:
                known = classify_database_error(exc, self.db_path)
                if known is not None:
                    raise known from exc
                raise

    @contextmanager
    def read_connection(self) -> Iterator[sqlite3.Connection]:
        """A DB-API connection for plain-SQL read models (``gridapp.workbench``), inside one
        read transaction (one snapshot), rolled back and returned to the pool afterwards.
        The caller must not write through it. SQLite failures become ``StorageError`` as in
        ``read``."""
        pooled = self.engine.raw_connection()
        try:
            conn = cast(sqlite3.Connection, pooled.driver_connection)
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except cipher.ERRORS as exc:
            known = classify_database_error(exc, self.db_path)
            if known is not None:
                raise known from exc
            raise
        finally:
            pooled.close()

    def record(
        self,
        session: Session,
        obj: SyncMixin,
        *,
        op: str,
        actor: str,
        action: str,
        case_id: str = "",
        before: dict[str, Any] | None = None,
        audit_after: dict[str, Any] | None = None,
        audited: bool = True,
        audit_extra: dict[str, Any] | None = None,
    ) -> None:
        """Stamp a mutation and write its outbox entry and audit event (same transaction).

        ``audited=False``: see ``gridapp.changes.record_change``."""
        stamp = self.clock.now()
        record_change(
            session,
            obj,
            op=op,
            device=self.device_id,
            hlc=stamp,
            actor=actor,
            action=action,
            case_id=case_id,
            before=before,
            audit_after=audit_after,
            audited=audited,
            audit_extra=audit_extra,
        )
        if self.clock.skewed:
            # Recorded with each change made while the clock is behind (for a sync/status view).
            changes.note_skew(
                session, wall=clock_now().isoformat(), last=stamp, behind_ms=self.clock.lag_ms
            )
            if not self._skew_logged:
                log.warning("station clock is %d ms behind the last change stamp %s",
                            self.clock.lag_ms, stamp)
                self._skew_logged = True

    def observe(self, session: Session, stamp: str) -> None:
        """Advance the clock past a stamp received from elsewhere (sync), durably."""
        self.clock.observe(stamp)
        changes.persist_stamp(session, stamp)

    def station(self, session: Session) -> Station:
        st = session.scalars(select(Station).where(Station.deleted.is_(False))).first()
        if st is None:
            raise NotFoundError(
                "该数据目录尚未初始化站点，请先运行 gridapp init 或 gridapp demo",
                "no station in this data directory; run 'gridapp init' or 'gridapp demo' first",
            )
        return st

    def has_station(self) -> bool:
        with self.read() as s:
            return s.scalars(select(Station.id)).first() is not None

    def officer_by_badge(self, session: Session, badge: str, *,
                         include_retired: bool = False) -> Officer:
        """The officer acting or named by ``badge``; a retired officer (``active`` false) can
        no longer act and is refused unless ``include_retired`` (e.g. to show a name)."""
        # Badges are unique per station; a merged database may hold other stations' officers.
        off = session.scalars(
            select(Officer).where(Officer.badge_no == badge,
                                  Officer.station_id == self.station(session).id)
        ).first()
        if off is None:
            raise NotFoundError(f"找不到执法证号为 {badge} 的执法人员", f"no officer {badge}")
        if not off.active and not include_retired:
            raise ValidationError(f"执法人员 {off.name}（{badge}）已停用，不能再办案",
                                  f"officer {badge} is retired and can no longer act",
                                  field="badge")
        return off

    @cached_property
    def pack(self) -> JurisdictionPack:
        from gridapp.packs import load_pack

        with self.read() as s:
            code = self.station(s).pack_code
        return load_pack(code, data_dir=self.data_dir)

    def close(self) -> None:
        if self.read_only:
            self.engine.dispose()
            return
        # Lets SQLite refresh planner statistics it finds stale (cheap; recommended at close).
        # Best effort: another process holding the write lock just means it runs next time.
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        except OperationalError:
            pass
        self.engine.dispose()


# SQLite primary result codes (https://sqlite.org/rescode.html), read from the exception.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26
_READONLY_HINTS = ("readonly database", "unable to open database file", "disk i/o error",
                   "access permission denied")
_CORRUPT_HINTS = ("malformed", "not a database", "could not decode", "database corruption")


def classify_database_error(exc: BaseException, db_path: Path) -> StorageError | None:
    """A person-readable ``StorageError`` for a SQLite failure, or None for anything else.

    Disk full, busy, read-only/permission and corruption failures each get their own Chinese
    message (by SQLite's result code where the driver gives it, else by its message), so an
    officer is never told the data is damaged when the disk is merely full or read-only. The
    message never carries the statement's parameters (row data).
    """
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).lower()
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return StorageError(
            f"磁盘空间已满，无法写入站点数据库 {db_path}；请清理磁盘（或把数据目录移到空间足够的磁盘）"
            "后重试。本次操作未保存，已有数据未被修改",
            f"the disk holding {db_path} is full; nothing was saved",
        )
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text \
            or "database is busy" in text:
        return busy_error(db_path)
    if primary in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR) \
            or any(hint in text for hint in _READONLY_HINTS):
        return StorageError(
            f"无法写入站点数据库 {db_path}：数据目录只读、没有权限或磁盘不可用；"
            "请检查磁盘和目录权限。数据未被修改",
            f"cannot write station database {db_path} (read-only, permission or disk): {text}",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or any(hint in text for hint in _CORRUPT_HINTS):
        return StorageError(
            f"站点数据库 {db_path} 已损坏或不是 gridapp 数据库。请勿继续写入，"
            f"可从 {db_path.parent / 'backups'} 中的备份恢复，或联系管理员",
            f"station database {db_path} is damaged or not a gridapp database: {text}",
        )
    return None


def busy_error(db_path: Path) -> StorageError:
    return StorageError(
        f"站点数据库正忙：另一个 gridapp 程序正在写入 {db_path}，请待其完成后重试；本次操作未保存",
        f"station database {db_path} is busy: another gridapp process is writing; "
        "try again when it has finished (nothing was saved)",
    )


def machine_id() -> str:
    """A stable identifier of this computer (not carried by a copied data directory)."""
    for path in ("/etc/machine-id", "/var/lib/dbus/machine-id"):
        try:
            value = Path(path).read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if value:
            return value
    if sys.platform == "win32":
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE,
                                r"SOFTWARE\Microsoft\Cryptography") as key:
                return str(winreg.QueryValueEx(key, "MachineGuid")[0])
        except OSError:
            pass
    return platform.node()


def device_binding(db_path: Path) -> str:
    """``<this machine (hashed)>:<this database file's inode / file index>``.

    A copied data directory is a new file (and often another machine), so its binding differs;
    a file renamed or moved within the same disk keeps it. A restore from ``backups/`` or a move
    to another disk or laptop also differs: it is confirmed once with
    ``gridapp device confirm-move``. A filesystem without stable inodes reports 0: the file part
    is then left empty and only the machine is compared.
    """
    machine = hashlib.sha256(machine_id().encode()).hexdigest()[:16]
    inode = db_path.stat().st_ino
    return f"{machine}:{inode or ''}"


def binding_change(stored: str, here: str) -> str | None:
    """What differs between two bindings: None, ``"machine"``, ``"file"`` or ``"unknown"``."""
    if stored == here:
        return None
    if ":" not in stored or ":" not in here:
        return "unknown"
    stored_machine, _, stored_file = stored.partition(":")
    here_machine, _, here_file = here.partition(":")
    if stored_machine != here_machine:
        return "machine"
    if stored_file and here_file and stored_file != here_file:
        return "file"
    return None


_CHANGED = {
    "machine": ("这台电脑不是该数据目录原来所在的电脑", "this is not the computer it was on"),
    "file": ("数据库文件不是原来的文件（被复制或从备份恢复）",
             "the database file is not the original file (a copy or a restore)"),
}


def copied_error(data_dir: Path, changed: str = "unknown") -> StorageError:
    zh, en = _CHANGED.get(changed, ("其设备身份属于另一台设备或另一份数据库文件",
                                    "its identity belongs to another device or database file"))
    return StorageError(
        f"数据目录 {data_dir} 是复制、搬迁或从备份恢复的：{zh}。为避免两台设备共用同一身份、"
        "产生重复编号，暂不允许写入（查看不受影响）。若是副本、原设备仍在使用，请运行 gridapp "
        f"device reenrol --segment <市局分配的新号段> --data-dir {data_dir}；若原目录已不再使用，"
        f"请运行 gridapp device confirm-move --data-dir {data_dir} 确认",
        f"data directory {data_dir} was copied, moved or restored ({en}): writing is refused "
        "(reading still works). For a copy run 'gridapp device reenrol --segment N'; for a move "
        "or restore (the original is no longer used) run 'gridapp device confirm-move'",
    )


def restored_error(data_dir: Path) -> StorageError:
    return StorageError(
        f"数据目录 {data_dir} 中的站点数据库比本设备已发出的编号旧（可能是从备份恢复的旧副本）："
        "继续写入可能再次发出已经用过的案件编号、文号或证据序号。暂不允许写入（查看不受影响），"
        "也不能用 confirm-move 确认；请向市局（指挥中心）申请新的站点号段后运行 gridapp device "
        f"reenrol --segment N --data-dir {data_dir}",
        f"the station database in {data_dir} is behind the numbers this device already issued "
        "(restored from an older copy): writing could reuse issued numbers, so it is refused; "
        "take a new segment with 'gridapp device reenrol --segment N'",
    )


def _device_id(engine: Engine, db_path: Path) -> tuple[str, str | None]:
    """The device id and what differs from its binding (None when bound here, e.g. not a copy).

    A new database gets a new id bound here; a database from before bindings existed is bound
    on its first open.
    """
    sessions = sessionmaker(engine, expire_on_commit=False)
    here = device_binding(db_path)
    with sessions() as s:
        row = s.get(Meta, DEVICE_KEY)
        bound = s.get(Meta, BINDING_KEY)
        if row is None:
            row = Meta(key=DEVICE_KEY, value=new_id().replace("-", "")[:16])
            s.add(row)
        if bound is None:
            s.merge(Meta(key=BINDING_KEY, value=here))
        if s.new or s.dirty:
            s.commit()
        return row.value, None if bound is None else binding_change(bound.value, here)


def write_meta(store: StationStore, values: dict[str, str]) -> None:
    with sessionmaker(writer(store.engine))() as s:
        for key, value in values.items():
            s.merge(Meta(key=key, value=value))
        s.commit()


def confirm_move(store: StationStore) -> None:
    """Keep this device's identity at its new place (a move, a new laptop, a restore).

    Refused when the database is behind the numbers this device already issued.
    """
    if device_state.is_behind(store.engine, store.data_dir, store.device_id):
        raise restored_error(store.data_dir)
    write_meta(store, {BINDING_KEY: device_binding(store.db_path)})
    store.identity_error = None


def read_only_error(data_dir: Path) -> StorageError:
    return StorageError(
        f"数据目录只读（{data_dir} 在只读介质上或没有写权限），只能查看，不能修改；需要修改时，"
        "请把数据目录复制到可写的磁盘后再打开（复制的目录写入前须 gridapp device confirm-move "
        "或 device reenrol）",
        f"the data directory {data_dir} is read-only (read-only media or no write permission): "
        "viewing works, changes are refused",
    )


def open_store(data_dir: Path, *, create: bool = True) -> StationStore:
    """Open (and if needed create and migrate) the station database in ``data_dir``.

    A new station is created encrypted: a fresh data key, a key file with no slot yet (``init``
    adds the first account's, ``demo`` an open slot) and the key kept in this process. An
    encrypted station is opened with the key ``gridapp.keys.unlock`` gives (credentials or a
    demo slot; ``StationLocked`` without). On read-only media (``gridapp.db.media``) the
    database is opened read-only instead: nothing is migrated, bound or analysed, and every
    write is refused with ``read_only_error``."""
    db_path = data_dir / DB_FILENAME
    if not create and not db_path.exists():
        raise NotFoundError(
            f"数据目录 {data_dir} 中没有站点数据库，请先运行 gridapp init",
            f"no station database in {data_dir}; run 'gridapp init' first",
        )
    if db_path.exists():
        key = unlock.data_key(data_dir)
        if key is None and not cipher.is_plain_sqlite(db_path) and _size(db_path) > 0:
            raise StorageError(
                f"数据目录 {data_dir} 中缺少密钥文件 {slots.KEYS_FILENAME}：站点数据库是加密的（或已损坏），"
                "没有密钥文件无法打开；请从备份恢复密钥文件，或联系指挥中心用恢复密钥处理",
                f"{data_dir} has no key file but its database is encrypted (or damaged)")
        if key is not None and cipher.is_plain_sqlite(db_path):
            raise StorageError(
                f"数据目录 {data_dir} 的加密转换没有完成（数据库仍是明文）：请重新启动桌面程序或运行 "
                "gridapp device encrypt 完成转换",
                f"the conversion of {data_dir} to an encrypted store did not finish")
    else:
        key = _new_station_key(data_dir)
    if read_only_media(db_path):
        return _open_read_only(data_dir, db_path, key)
    if db_path.exists():
        _check_readable(db_path, key)
        make_private(data_dir)
    engine = create_station_engine(db_path, key=key)
    try:
        upgrade(engine, db_path, key)
        device, changed = _device_id(engine, db_path)
        behind = device_state.is_behind(engine, data_dir, device)
        refresh_if_stale(engine)
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        known = classify_database_error(exc, db_path)
        if known is not None:
            raise known from exc
        raise StorageError(
            f"无法打开站点数据库 {db_path}：文件损坏或不是 gridapp 数据库",
            f"cannot open station database {db_path}: {exc.orig}",
        ) from exc
    except UnknownRevisionError as exc:
        engine.dispose()
        raise StorageError(
            f"站点数据库 {db_path} 的结构版本无法识别（可能由更新版本的 gridapp 创建），"
            "请升级本软件；数据库未被修改",
            f"unknown schema revision in {db_path}: {exc}",
        ) from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    store = StationStore(data_dir=data_dir, engine=engine, device_id=device, _sessions=sessions,
                         identity_error=restored_error(data_dir) if behind
                         else None if changed is None else copied_error(data_dir, changed),
                         chain_key=_chain_key(engine, data_dir), data_key=key)
    store.seed_clock()
    return store


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _new_station_key(data_dir: Path) -> bytes | None:
    """The data key of a station about to be created here (kept in this process), or None
    when the directory cannot hold a key file (read-only media: nothing is created there)."""
    existing = unlock.data_key(data_dir)  # a key file without a database: an earlier attempt
    if existing is not None:
        return existing
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if read_only_media(data_dir / DB_FILENAME):
        return None
    key = slots.new_data_key()
    slots.create(data_dir, key)
    unlock.remember(key)
    return key


def _chain_key(engine: Engine, data_dir: Path) -> bytes | None:
    """The chain key; a station whose chain was never sealed gets one and its head sealed.

    A sealed chain whose key is gone is not resealed under a new key (that would bless whatever
    the database now holds): ``gridapp verify`` reports it.
    """
    key = chain_key.load(data_dir)
    if key is not None:
        return key
    with sessionmaker(engine)() as s:
        # A sealed chain, or one written by a sealing version, never gets a new key: that would
        # bless whatever the database holds now (``gridapp verify`` reports the missing key).
        if s.get(Meta, audit.SEAL_KEY) is not None or audit.has_digest_events(s):
            return None
    try:
        key = chain_key.create(data_dir)
    except FileExistsError:
        return chain_key.load(data_dir)
    except OSError as exc:  # read-only media: nothing is written there anyway
        log.warning("no audit chain key could be written in %s: %s", data_dir, exc)
        return None
    with sessionmaker(writer(engine))() as s:
        if s.get(Meta, audit.SEAL_KEY) is None:  # not sealed by another process meanwhile
            changes.pin_baseline(s, _device_of(s))
            audit.seal_head(s, key)
            s.commit()
    return key


def _device_of(session: Session) -> str:
    row = session.get(Meta, DEVICE_KEY)
    return row.value if row is not None else ""


def _open_read_only(data_dir: Path, db_path: Path, key: bytes | None) -> StationStore:
    if wal_without_shm(db_path):
        raise StorageError(
            f"数据目录只读，且站点数据库的日志文件（{db_path.name}-wal）尚未合并、缺少 "
            f"{db_path.name}-shm，无法在原处读取；请把数据目录复制到可写的磁盘后再打开",
            f"{db_path} is on read-only media with an unmerged WAL and no -shm file",
        )
    engine = create_read_only_engine(db_path, key=key)
    try:
        _check_revision_read_only(engine, db_path)
        device, changed = _read_device_id(engine, db_path)
        device_state.is_behind(engine, data_dir, device)  # reads the mark: fails early if unreadable
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        known = classify_database_error(exc, db_path)
        raise (known or StorageError(
            f"无法读取站点数据库 {db_path}：文件损坏或不是 gridapp 数据库",
            f"cannot read station database {db_path}: {exc.orig}",
        )) from exc
    except StorageError:
        engine.dispose()
        raise
    log.info("station %s is on read-only media (binding change: %s)", data_dir, changed)
    store = StationStore(data_dir=data_dir, engine=engine, device_id=device,
                         _sessions=sessionmaker(engine, expire_on_commit=False),
                         identity_error=read_only_error(data_dir), read_only=True,
                         chain_key=chain_key.load(data_dir), data_key=key)
    store.seed_clock()
    return store


def _check_revision_read_only(engine: Engine, db_path: Path) -> None:
    """A database on read-only media cannot be migrated: it must already be at the head."""
    from gridapp.db.migrate import head_revision, stored_revision
    from gridapp.db.revisions import shipped_head

    stored = stored_revision(engine)
    if stored is None or stored != (shipped_head() or head_revision()):
        raise StorageError(
            f"站点数据库 {db_path} 的结构版本（{stored or '无'}）与本软件不同，需要升级或由其他版本"
            "打开，但数据目录只读、不能修改；请把数据目录复制到可写的磁盘后再打开",
            f"{db_path} is at schema revision {stored}, not this version's; it is on read-only "
            "media and cannot be migrated",
        )


def _read_device_id(engine: Engine, db_path: Path) -> tuple[str, str | None]:
    """``_device_id`` without writing: the stored id (empty if none) and the binding change."""
    with sessionmaker(engine)() as s:
        row, bound = s.get(Meta, DEVICE_KEY), s.get(Meta, BINDING_KEY)
        device = row.value if row is not None else ""
        return device, None if bound is None else binding_change(bound.value,
                                                                 device_binding(db_path))


def _check_readable(db_path: Path, key: bytes | None) -> None:
    try:
        con = cipher.connect(f"file:{db_path}?mode=ro", key, uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except cipher.ERRORS as exc:
        known = classify_database_error(exc, db_path)
        if known is not None:
            raise known from exc
        raise StorageError(
            f"无法读取站点数据库 {db_path}：文件损坏或不是 gridapp 数据库",
            f"unreadable station database {db_path}: {exc}",
        ) from exc
