"""One desktop per station: a second start on the same data directory raises the first window.

Contract: ``InstanceGuard.acquire()`` returns True when this process is the only desktop on the
data directory (a lock file next to the station, stale locks of dead processes taken over). When
another desktop holds it, ``acquire()`` asks that one to raise its window and returns False. The
first desktop calls ``listen(callback)`` to be told when a second start asked for it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

RAISE = b"raise\n"


def _name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"gridapp-desktop-{digest}"


class InstanceGuard(QObject):
    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = _name(data_dir)
        self._lock = QLockFile(str(Path(QDir.tempPath()) / f"{self._name}.lock"))
        self._lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        if self._lock.tryLock(200):
            return True
        log.info("another desktop holds this station: asking it to come to the front")
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(1000):
            socket.write(RAISE)
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()
        return False

    def listen(self, on_raise: Callable[[], None]) -> None:
        QLocalServer.removeServer(self._name)  # a socket left by a crashed run
        server = QLocalServer(self)
        if not server.listen(self._name):
            log.warning("cannot listen for a second start: %s", server.errorString())
            return

        def incoming() -> None:
            while (conn := server.nextPendingConnection()) is not None:
                conn.readyRead.connect(lambda c=conn: self._read(c, on_raise))
                conn.disconnected.connect(conn.deleteLater)

        server.newConnection.connect(incoming)
        self._server = server

    @staticmethod
    def _read(conn: QLocalSocket, on_raise: Callable[[], None]) -> None:
        if bytes(conn.readAll().data()).startswith(RAISE.strip()):
            on_raise()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()
