"""A TCP proxy on loopback that can cut, delay, corrupt or swallow traffic (one fault at a time).

A fault is armed with a marker: it becomes active once the marker (e.g. ``b"PATCH /"``) has been
seen in the client→server stream, and its offset counts bytes from the marker's first byte.
Each fault fires once, then the proxy passes traffic through again.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass


@dataclass
class Fault:
    kind: str  # cut | flip | drop_response | delay
    marker: bytes
    offset: int = 0
    seconds: float = 0.0
    seen: int = -1  # bytes since the marker's first byte (-1: marker not seen yet)
    fired: bool = False


class FaultProxy:
    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.fault: Fault | None = None
        self.lock = threading.Lock()
        self.fired = 0
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def arm(self, kind: str, marker: bytes, offset: int = 0, seconds: float = 0.0) -> None:
        with self.lock:
            self.fault = Fault(kind, marker, offset, seconds)

    def disarm(self) -> None:
        with self.lock:
            self.fault = None

    def close(self) -> None:
        self._stop = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            pair = _Pair(client, server)
            threading.Thread(target=self._up, args=(pair,), daemon=True).start()
            threading.Thread(target=self._down, args=(pair,), daemon=True).start()

    def _up(self, pair: _Pair) -> None:
        """client → server, where faults act."""
        window = b""
        while True:
            try:
                data = pair.client.recv(65536)
            except OSError:
                data = b""
            if not data:
                pair.close()
                return
            with self.lock:
                fault = self.fault
                if fault is not None and not fault.fired:
                    data, cut = self._apply(fault, window, data, pair)
                else:
                    cut = False
            window = (window + data)[-64:]
            try:
                if data:
                    pair.server.sendall(data)
            except OSError:
                pair.close()
                return
            if cut:
                time.sleep(0.05)
                pair.close()
                return

    def _apply(self, fault: Fault, window: bytes, data: bytes, pair: _Pair) -> tuple[bytes, bool]:
        start = 0
        if fault.seen < 0:
            joined = window + data
            at = joined.find(fault.marker)
            if at < 0:
                return data, False
            start = max(0, at - len(window))
            fault.seen = 0
        # bytes of ``data`` from ``start`` on count from the marker
        if fault.kind == "drop_response":
            pair.drop_response = True
            fault.fired = True
            self.fired += 1
            return data, False
        if fault.kind == "delay":
            fault.fired = True
            self.fired += 1
            time.sleep(fault.seconds)
            return data, False
        before = fault.seen
        fault.seen += len(data) - start
        if fault.seen <= fault.offset:
            return data, False
        at = start + (fault.offset - before)
        fault.fired = True
        self.fired += 1
        if fault.kind == "cut":
            return data[:at], True
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        return bytes(flipped), False

    def _down(self, pair: _Pair) -> None:
        """server → client; swallows the answer (and closes) when told to."""
        while True:
            try:
                data = pair.server.recv(65536)
            except OSError:
                data = b""
            if not data:
                pair.close()
                return
            if pair.drop_response:
                pair.close()
                return
            try:
                pair.client.sendall(data)
            except OSError:
                pair.close()
                return


class _Pair:
    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client = client
        self.server = server
        self.drop_response = False

    def close(self) -> None:
        for s in (self.client, self.server):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()
