"""Cheap facts about video and audio files, read from container headers without decoding.

``probe_av`` never raises on malformed data: whatever cannot be read is ``None``. The files are
stored and hashed as-is whatever this finds.

Bounded work whatever the file: at most ``MAX_BOXES`` ISO-BMFF boxes per level, ``MAX_CHUNKS``
RIFF chunks, and ``AMR_SCAN_BYTES`` (1 MB, some 50 minutes of speech) of AMR frames (read in blocks; a longer recording's duration
is extrapolated from the frames scanned). A 400 MB recording is probed in milliseconds and a few
megabytes of memory; the import's time is the copy and the hash.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

_MP4_EPOCH = datetime(1904, 1, 1, tzinfo=UTC)
_CONTAINERS = {b"moov", b"trak", b"mdia"}
_AMR_NB_SIZES = (12, 13, 15, 17, 19, 20, 26, 31, 5, 6, 5, 5, 0, 0, 0, 0)
_AMR_WB_SIZES = (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0)
MAX_BOXES = 10_000
MAX_CHUNKS = 64  # a WAV file holds a handful (fmt, data, LIST, fact …)
AMR_SCAN_BYTES = 1 << 20
_BLOCK = 1 << 16
AMR_FRAME_S = 0.02


@dataclass(frozen=True)
class AvInfo:
    duration_s: float | None = None
    created_at: datetime | None = None


def _boxes(fh: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload offset, payload end) of the ISO-BMFF boxes in [start, end)."""
    out: list[tuple[bytes, int, int]] = []
    pos = start
    while pos + 8 <= end and len(out) < MAX_BOXES:
        fh.seek(pos)
        header = fh.read(16)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header[:8])
        payload = pos + 8
        if size == 1 and len(header) == 16:
            size = struct.unpack(">Q", header[8:16])[0]
            payload = pos + 16
        elif size == 0:
            size = end - pos
        if size < 8:
            break
        out.append((kind, payload, min(pos + size, end)))
        pos += size
    return out


def _mvhd(fh: BinaryIO, size: int) -> AvInfo:
    for kind, start, end in _boxes(fh, 0, size):
        if kind != b"moov":
            continue
        for sub, sstart, _send in _boxes(fh, start, end):
            if sub != b"mvhd":
                continue
            fh.seek(sstart)
            data = fh.read(32)
            if not data:
                return AvInfo()
            if data[0] == 1:
                created, _mod, scale, duration = struct.unpack(">QQIQ", data[4:32])
            else:
                created, _mod, scale, duration = struct.unpack(">IIII", data[4:20])
            seconds = duration / scale if scale else None
            when = _MP4_EPOCH + timedelta(seconds=created) if created else None
            if when is not None and not datetime(2000, 1, 1, tzinfo=UTC) < when < datetime(
                2100, 1, 1, tzinfo=UTC
            ):
                when = None
            return AvInfo(seconds, when)
    return AvInfo()


def _wav(fh: BinaryIO, size: int) -> AvInfo:
    byte_rate = 0
    pos = 12
    for _ in range(MAX_CHUNKS):
        if pos + 8 > size:
            break
        fh.seek(pos)
        kind, length = struct.unpack("<4sI", fh.read(8))
        if kind == b"fmt ":
            fmt = fh.read(16)
            if len(fmt) == 16:
                byte_rate = struct.unpack("<HHIIHH", fmt)[3]
        elif kind == b"data" and byte_rate:
            return AvInfo(min(length, size - pos - 8) / byte_rate)
        pos += 8 + length + (length & 1)
    return AvInfo()


def _amr(fh: BinaryIO, size: int, wideband: bool) -> AvInfo:
    """Duration from the frame headers: every frame of the first ``AMR_SCAN_BYTES`` is counted;
    past that the rest of the file is taken to hold frames of the average size seen."""
    sizes = _AMR_WB_SIZES if wideband else _AMR_NB_SIZES
    start = 9 if wideband else 6
    fh.seek(start)
    frames = scanned = skip = 0
    while scanned < AMR_SCAN_BYTES:
        block = fh.read(min(_BLOCK, AMR_SCAN_BYTES - scanned))
        if not block:
            break
        pos = skip
        while pos < len(block):
            frames += 1
            pos += 1 + sizes[(block[pos] >> 3) & 0x0F]
        skip = pos - len(block)  # the last frame runs on into the next block
        scanned += len(block)
    remaining = size - start - scanned
    if remaining > 0 and frames:
        frames += round(remaining * frames / scanned)
    return AvInfo(frames * AMR_FRAME_S)


def probe_av(path: Path, mime: str) -> AvInfo:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            if mime.startswith(("video/", "audio/mp4")):
                return _mvhd(fh, size)
            if mime == "audio/wav":
                return _wav(fh, size)
            if mime in ("audio/amr", "audio/amr-wb"):
                return _amr(fh, size, mime == "audio/amr-wb")
    except (OSError, struct.error, ValueError, OverflowError):
        pass
    return AvInfo()
