"""An opened station: its data directory, database, clock and jurisdiction pack.

``open_store`` is how every front end (CLI, desktop, tests) reaches the data. It migrates the
database (after a timestamped backup) and hands out one SQLAlchemy session per unit of work.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.util.exc import CommandError as AlembicError
from sqlalchemy import Engine, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from gridapp import changes
from gridapp.changes import install_guard, record_change
from gridapp.clock import now as clock_now
from gridapp.db.engine import create_station_engine, writer
from gridapp.db.migrate import upgrade
from gridapp.db.statistics import refresh_if_stale
from gridapp.errors import NotFoundError, StorageError
from gridapp.hlc import HybridLogicalClock
from gridapp.models import Meta, Officer, Station, SyncMixin, new_id
from gridapp.paths import BLOBS_DIRNAME, DB_FILENAME

if TYPE_CHECKING:
    from gridapp.packs import JurisdictionPack

DEVICE_KEY = "device_id"
log = logging.getLogger(__name__)


@dataclass
class StationStore:
    data_dir: Path
    engine: Engine
    device_id: str
    _sessions: sessionmaker[Session] = field(repr=False)
    clock: HybridLogicalClock = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)
    _skew_logged: bool = field(init=False, default=False, repr=False)

    def __post_init__(self) -> None:
        self.clock = HybridLogicalClock(self.device_id)
        self._write_sessions = sessionmaker(writer(self.engine), expire_on_commit=False)
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
    ) -> None:
        """Stamp a mutation and write its outbox entry and audit event (same transaction)."""
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

    def officer_by_badge(self, session: Session, badge: str) -> Officer:
        off = session.scalars(select(Officer).where(Officer.badge_no == badge)).first()
        if off is None:
            raise NotFoundError(f"找不到执法证号为 {badge} 的执法人员", f"no officer {badge}")
        return off

    @cached_property
    def pack(self) -> JurisdictionPack:
        from gridapp.packs import load_pack

        with self.read() as s:
            code = self.station(s).pack_code
        return load_pack(code)

    def close(self) -> None:
        # Lets SQLite refresh planner statistics it finds stale (cheap; recommended at close).
        # Best effort: another process holding the write lock just means it runs next time.
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA optimize")
        except OperationalError:
            pass
        self.engine.dispose()


_READONLY_HINTS = ("readonly database", "unable to open database file", "disk i/o error",
                   "access permission denied")
_CORRUPT_HINTS = ("malformed", "not a database", "could not decode", "database corruption")


def classify_database_error(exc: BaseException, db_path: Path) -> StorageError | None:
    """A person-readable ``StorageError`` for a SQLite failure, or None for anything else.

    Busy, read-only/permission and corruption failures each get their own Chinese message,
    so an officer is never told the data is damaged when the disk is merely read-only.
    """
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "database is locked" in text or "database is busy" in text:
        return busy_error(db_path)
    if any(hint in text for hint in _READONLY_HINTS):
        return StorageError(
            f"无法写入站点数据库 {db_path}：数据目录只读、没有权限或磁盘不可用；"
            "请检查磁盘和目录权限。数据未被修改",
            f"cannot write station database {db_path} (read-only, permission or disk): {text}",
        )
    if any(hint in text for hint in _CORRUPT_HINTS):
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


def _device_id(engine: Engine) -> str:
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions() as s:
        row = s.get(Meta, DEVICE_KEY)
        if row is None:
            row = Meta(key=DEVICE_KEY, value=new_id().replace("-", "")[:16])
            s.add(row)
            s.commit()
        return row.value


def open_store(data_dir: Path, *, create: bool = True) -> StationStore:
    """Open (and if needed create and migrate) the station database in ``data_dir``."""
    db_path = data_dir / DB_FILENAME
    if not create and not db_path.exists():
        raise NotFoundError(
            f"数据目录 {data_dir} 中没有站点数据库，请先运行 gridapp init",
            f"no station database in {data_dir}; run 'gridapp init' first",
        )
    if db_path.exists():
        _check_readable(db_path)
    engine = create_station_engine(db_path)
    try:
        upgrade(engine, db_path)
        device = _device_id(engine)
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
    except AlembicError as exc:
        engine.dispose()
        raise StorageError(
            f"站点数据库 {db_path} 的结构版本无法识别（可能由更新版本的 gridapp 创建），"
            "请升级本软件；数据库未被修改",
            f"unknown schema revision in {db_path}: {exc}",
        ) from exc
    sessions = sessionmaker(engine, expire_on_commit=False)
    store = StationStore(data_dir=data_dir, engine=engine, device_id=device, _sessions=sessions)
    store.seed_clock()
    return store


def _check_readable(db_path: Path) -> None:
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        known = classify_database_error(exc, db_path)
        if known is not None:
            raise known from exc
        raise StorageError(
            f"无法读取站点数据库 {db_path}：文件损坏或不是 gridapp 数据库",
            f"unreadable station database {db_path}: {exc}",
        ) from exc
