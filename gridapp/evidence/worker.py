"""Decoding untrusted photos in a separate, memory-limited process.

``DecodeWorker`` (parent side) starts ``python -m gridapp.evidence.worker BUDGET`` on first use
and keeps it for the next photos. The child caps its own address space at its size after start-up
plus ``BUDGET`` bytes (``RLIMIT_AS``, where the platform has it) and glibc to two malloc arenas, so
a decoder that tries to allocate too much fails in the child, never in the application.

Wire format, both directions: a 4-byte big-endian length and a UTF-8 JSON header; a successful
reply's header gives the lengths of the thumbnail and print-copy bytes that follow it (JPEGs; a
document's print copy is a PDF of its pages, ``gridapp.evidence.paging``).
After a memory error the child answers and exits; a child that dies or overruns the timeout is
reported as a failure of that photo and replaced on the next request.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from gridapp.evidence.imaging import DEFAULT_MAX_PIXELS, DecodeFailure, PhotoResult

log = logging.getLogger(__name__)

DEFAULT_MEMORY_BUDGET = 768 << 20
DEFAULT_TIMEOUT_S = 60.0


def _send(stream: IO[bytes], header: dict[str, Any], *payloads: bytes) -> None:
    data = json.dumps(header).encode("utf-8")
    stream.write(len(data).to_bytes(4, "big") + data)
    for payload in payloads:
        stream.write(payload)
    stream.flush()


def _read_exact(stream: IO[bytes], n: int) -> bytes:
    chunks: list[bytes] = []
    while n > 0:
        chunk = stream.read(n)
        if not chunk:
            raise EOFError("decode worker closed its pipe")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _recv(stream: IO[bytes]) -> dict[str, Any]:
    size = int.from_bytes(_read_exact(stream, 4), "big")
    header: dict[str, Any] = json.loads(_read_exact(stream, size))
    return header


class DecodeWorker:
    """A reusable decode subprocess. Use as a context manager, or call ``close``.

    One photo at a time: an instance must not be shared between threads.
    """

    def __init__(
        self,
        *,
        memory_budget: int = DEFAULT_MEMORY_BUDGET,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        self.memory_budget = memory_budget
        self.timeout_s = timeout_s
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The running worker's process id (None before the first photo or after close)."""
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def __enter__(self) -> DecodeWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._reap()
        env = dict(os.environ, MALLOC_ARENA_MAX="2")
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (package_root, env.get("PYTHONPATH", "")) if p
        )
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "gridapp.evidence.worker", str(self.memory_budget)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        return self._proc

    def decode(self, path: Path, *, max_pixels: int = DEFAULT_MAX_PIXELS,
               document: bool = False) -> PhotoResult:
        """Decode ``path`` in the worker. Raises ``DecodeFailure`` for any failure of this photo.

        A worker that had already served photos and is found dead is replaced once and the
        request retried; a fresh worker's death is this photo's failure.
        """
        reused = self._proc is not None and self._proc.poll() is None
        try:
            return self._decode_once(path, max_pixels, document)
        except DecodeFailure as exc:
            if not (reused and exc.code == "crashed"):
                raise
        return self._decode_once(path, max_pixels, document)

    def _decode_once(self, path: Path, max_pixels: int, document: bool) -> PhotoResult:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        timer = threading.Timer(self.timeout_s, proc.kill)
        timer.start()
        try:
            _send(proc.stdin, {"path": str(path), "max_pixels": max_pixels,
                               "document": document})
            reply = _recv(proc.stdout)
            if not reply.get("ok"):
                if reply.get("exiting"):
                    self._reap()
                raise DecodeFailure(str(reply.get("code")), str(reply.get("detail")))
            thumb = _read_exact(proc.stdout, int(reply["thumb"]))
            print_copy = _read_exact(proc.stdout, int(reply["print"]))
        except (OSError, EOFError, ValueError) as exc:
            returncode = self._reap()
            code = "crashed" if timer.is_alive() else "timeout"
            log.warning("decode worker %s on %s (exit status %s): %s", code, path, returncode, exc)
            raise DecodeFailure(code, f"decode worker failed: {exc}") from exc
        finally:
            timer.cancel()
        return PhotoResult(reply["meta"], thumb, print_copy)

    def _reap(self) -> int | None:
        """Stop the current worker (if any); its exit status."""
        proc, self._proc = self._proc, None
        if proc is None:
            return None
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        if proc.poll() is None:
            proc.kill()
        return proc.wait()

    def close(self) -> None:
        self._reap()


# -- child side ------------------------------------------------------------------------------


def _limit_memory(budget: int) -> None:
    try:
        import resource
    except ImportError:  # not on this platform: the pixel limit still applies
        return
    try:
        with Path("/proc/self/status").open(encoding="ascii") as fh:
            vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        vm_kb = 256 << 10
    limit = vm_kb * 1024 + budget
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(budget: int) -> int:
    import pi_heif
    from PIL import Image

    from gridapp.evidence.imaging import process_photo
    from gridapp.evidence.paging import process_document

    pi_heif.register_heif_opener()
    Image.MAX_IMAGE_PIXELS = None  # the explicit check in process_photo applies instead
    _limit_memory(budget)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = _recv(stdin)
        except EOFError:
            return 0
        try:
            process = process_document if request.get("document") else process_photo
            result = process(Path(request["path"]), max_pixels=int(request["max_pixels"]))
        except DecodeFailure as exc:
            _send(stdout, {"ok": False, "code": exc.code, "detail": exc.detail})
            continue
        except MemoryError:
            _send(stdout, {"ok": False, "code": "decoder_limit",
                           "detail": "out of memory under the worker's memory cap", "exiting": True})
            return 3
        except Exception as exc:  # any decoder bug is this photo's failure
            _send(stdout, {"ok": False, "code": "corrupt", "detail": repr(exc)})
            continue
        _send(
            stdout,
            {"ok": True, "meta": result.meta, "thumb": len(result.thumb),
             "print": len(result.print_copy)},
            result.thumb,
            result.print_copy,
        )


if __name__ == "__main__":
    sys.exit(serve(int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MEMORY_BUDGET))
