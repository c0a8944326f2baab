"""Every bad input: a clear Chinese message naming the problem, and nothing written."""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gridapp.caselog import service
from gridapp.errors import GridappError, NotFoundError, StorageError, ValidationError
from gridapp.evidence.blobstore import BlobStore
from gridapp.evidence.capture import ImportLimits, import_files
from gridapp.evidence.worker import DecodeWorker
from gridapp.models import Case, Evidence
from gridapp.store import StationStore
from tests.conftest import LEAD_BADGE
from tests.evidence.conftest import PHOTOS, FaultyFs, state


@functools.cache
def _bomb_bytes(side: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\0" * ((side // 8 + 1) * side), 6)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def bomb_png(path: Path, side: int = 20_000) -> Path:
    """A ~50 KB PNG declaring side×side (400 MP) black pixels (1 bit each, 1 byte decoded)."""
    path.write_bytes(_bomb_bytes(side))
    return path


def refuse(store: StationStore, case: Case, path: Path, error: type[GridappError] = ValidationError,
           **kwargs: object) -> GridappError:
    """Import ``path``; assert it fails with ``error`` and that nothing at all was written."""
    before = state(store)
    with pytest.raises(error) as caught:
        import_files(store, case.id, [path], actor=LEAD_BADGE, **kwargs, reason="已核实，属本案证据")  # type: ignore[arg-type]
    after = state(store)
    assert after == before, "a refused import must not write rows, audit events or files"
    return caught.value


def test_truncated_jpeg(store: StationStore, demo_case: Case, tmp_path: Path,
                        worker: DecodeWorker) -> None:
    data = (PHOTOS / "jpg_gps_DSCN0010.jpg").read_bytes()
    src = tmp_path / "truncated.jpg"
    src.write_bytes(data[: len(data) // 2])
    err = refuse(store, demo_case, src, worker=worker)
    assert err.message_zh.startswith("truncated.jpg：图像文件已损坏或不完整")
    assert err.field == "file"


def test_corrupt_jpeg(store: StationStore, demo_case: Case, tmp_path: Path,
                      worker: DecodeWorker) -> None:
    src = tmp_path / "corrupt.jpg"
    src.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(20_000))
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像文件已损坏或不完整" in err.message_zh


def test_decompression_bomb_is_refused_before_decoding(store: StationStore, demo_case: Case,
                                                      tmp_path: Path,
                                                      worker: DecodeWorker) -> None:
    src = bomb_png(tmp_path / "bomb.png")
    assert src.stat().st_size < 100_000
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像像素过多" in err.message_zh and "解压炸弹" in err.message_zh
    assert "20000x20000" in err.message_en


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_AS is a POSIX facility")
def test_memory_limit_of_the_decoder_holds_without_the_pixel_limit(
    store: StationStore, demo_case: Case, tmp_path: Path
) -> None:
    src = bomb_png(tmp_path / "bomb.png")
    limits = ImportLimits(max_pixels=10**12, memory_budget=256 << 20)
    err = refuse(store, demo_case, src, limits=limits)
    assert "超出解码限制" in err.message_zh and "out of memory" in err.message_en


def test_file_over_the_size_cap(store: StationStore, demo_case: Case, tmp_path: Path) -> None:
    src = tmp_path / "huge.mp4"
    with src.open("wb") as fh:  # sparse: 500 MB + 1 byte without using the disk
        fh.write(b"\0\0\0\x18ftypisom\0\0\0\0isomiso2")
        fh.truncate(500 * 1024 * 1024 + 1)
    err = refuse(store, demo_case, src)
    assert "超过上限 500 MB" in err.message_zh and err.field == "file"
    small_cap = refuse(store, demo_case, PHOTOS / "jpg_gps_DSCN0010.jpg",
                       limits=ImportLimits(max_bytes=100_000))
    assert "超过上限" in small_cap.message_zh


def test_file_growing_past_the_cap_while_copied_is_refused(store: StationStore, demo_case: Case,
                                                          tmp_path: Path) -> None:
    src = tmp_path / "growing.wav"
    src.write_bytes(b"RIFF\0\0\0\0WAVE" + b"\0" * 2000)
    blobs = BlobStore(store.blobs_dir, key=store.data_key)
    with src.open("rb") as fh, pytest.raises(ValidationError) as err:
        blobs.stage_stream(fh, max_bytes=1000)
    assert "超过大小上限" in err.value.message_zh
    assert list(blobs.tmp_dir.iterdir()) == []


def test_unsupported_type_renamed_jpg(store: StationStore, demo_case: Case,
                                      tmp_path: Path) -> None:
    src = tmp_path / "photo.jpg"
    src.write_bytes(b"PK\x03\x04" + b"0" * 1000)  # a Word file (ZIP) renamed .jpg
    err = refuse(store, demo_case, src)
    assert "photo.jpg：不支持的文件类型（按文件内容识别，与扩展名无关）" in err.message_zh


def test_path_with_parent_reference(store: StationStore, demo_case: Case, tmp_path: Path,
                                    small_photo: Path) -> None:
    sneaky = tmp_path / "sub" / ".." / small_photo.name
    (tmp_path / "sub").mkdir()
    err = refuse(store, demo_case, sneaky)
    assert "不能含有上级目录" in err.message_zh and err.field == "file"


@pytest.mark.parametrize("name", ["line\nbreak.jpg", "tab\there.jpg",
                                  os.fsdecode(b"bad\xff\xfename.jpg")])
def test_path_with_odd_characters(store: StationStore, demo_case: Case, tmp_path: Path,
                                  small_photo: Path, name: str) -> None:
    odd = tmp_path / name
    odd.write_bytes(small_photo.read_bytes())
    err = refuse(store, demo_case, odd)
    assert "控制字符或无法识别的字符" in err.message_zh


def _missing(d: Path) -> Path:
    return d / "missing.jpg"


def _directory(d: Path) -> Path:
    return d


def _empty(d: Path) -> Path:
    (d / "empty.jpg").write_bytes(b"")
    return d / "empty.jpg"


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [(_missing, NotFoundError, "文件不存在"), (_directory, ValidationError, "不是普通文件"),
     (_empty, ValidationError, "empty.jpg：文件为空")],
)
def test_missing_directory_and_empty(store: StationStore, demo_case: Case, tmp_path: Path,
                                     make: Callable[[Path], Path], error: type[GridappError],
                                     message: str) -> None:
    err = refuse(store, demo_case, make(tmp_path), error)
    assert message in err.message_zh


def _drop_file_permission_override() -> None:
    """In the child, before exec: root loses CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_unreadable_file_via_cli(store: StationStore, demo_case: Case, tmp_path: Path) -> None:
    """An unreadable file is refused by ``gridapp evidence add`` (exit 2), nothing written.

    Root reads any file, so under root the command runs without the permission override.
    """
    secret = tmp_path / "secret.jpg"
    secret.write_bytes((PHOTOS / "jpg_Canon_40D.jpg").read_bytes())
    secret.chmod(0o000)
    before = state(store)
    proc = subprocess.run(
        [sys.executable, "-m", "gridapp", "--data-dir", str(store.data_dir), "evidence", "add",
         demo_case.number, str(secret)],
        check=False, capture_output=True, text=True, timeout=60,
        preexec_fn=_drop_file_permission_override if os.geteuid() == 0 else None,
    )
    assert proc.returncode == 2, proc.stderr
    assert "secret.jpg：无法读取文件" in proc.stderr
    assert state(store) == before


@pytest.mark.parametrize(("err", "message"), [(errno.ENOSPC, "磁盘空间不足"),
                                              (errno.EIO, "I/O 错误")])
def test_disk_full_or_io_error_during_copy(store: StationStore, demo_case: Case,
                                           worker: DecodeWorker, err: int, message: str) -> None:
    faulty = BlobStore(store.blobs_dir, key=store.data_key, fs=FaultyFs(fail_at=2, err=err))  # the first data write
    e = refuse(store, demo_case, PHOTOS / "jpg_gps_DSCN0010.jpg", StorageError,
               blobs=faulty, worker=worker)
    assert message in e.message_zh and "数据未作更改" in e.message_zh
    assert isinstance(e.__cause__, OSError) and e.__cause__.errno == err


def test_case_that_is_closed_or_unknown(store: StationStore, demo_case: Case,
                                        small_photo: Path) -> None:
    with store.session() as s:
        case = s.get(Case, demo_case.id)
        assert case is not None
        service.transition(store, s, case, "verified", LEAD_BADGE)
        service.transition(store, s, case, "closed", LEAD_BADGE, disposition="service")
    err = refuse(store, demo_case, small_photo)
    assert "不能再添加证据" in err.message_zh and err.field == "case"
    before = state(store)
    with pytest.raises(NotFoundError) as nf:
        import_files(store, "沪城管案〔2099〕999999", [small_photo], actor=LEAD_BADGE, reason="已核实，属本案证据")
    assert "找不到案件" in nf.value.message_zh and state(store) == before


def test_bad_kind_caption_or_officer(store: StationStore, demo_case: Case,
                                     small_photo: Path) -> None:
    kind = refuse(store, demo_case, small_photo, kind="照片")
    assert kind.field == "kind" and "证据种类“照片”无效" in kind.message_zh
    caption = refuse(store, demo_case, small_photo, caption="长" * 2001)
    assert caption.field == "caption" and "说明文字过长" in caption.message_zh
    before = state(store)
    with pytest.raises(NotFoundError) as nf:
        import_files(store, demo_case.id, [small_photo], actor="99999999", reason="已核实，属本案证据")
    assert "找不到执法证号为 99999999" in nf.value.message_zh and state(store) == before


class _FailingSource:
    """A source that breaks after the first chunk, like a USB stick pulled out mid-copy."""

    def __init__(self) -> None:
        self.calls = 0

    def read(self, n: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 1:
            raise OSError(errno.EIO, "Input/output error")
        return b"\xff\xd8\xff" + b"\0" * 1000


def test_source_read_error_is_reported_as_the_source_not_the_store(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(ValidationError) as err:
        blobs.stage_stream(_FailingSource())  # type: ignore[arg-type]
    assert "读取源文件失败（磁盘读写错误）" in err.value.message_zh
    assert list(blobs.tmp_dir.iterdir()) == []


def test_cli_bad_input_reports_in_chinese(store: StationStore, demo_case: Case, run_cli: Any,
                                          tmp_path: Path) -> None:
    d = ("--data-dir", store.data_dir)
    fake = tmp_path / "photo.jpg"
    fake.write_text("not a photo", encoding="utf-8")
    r = run_cli("evidence", "add", demo_case.number, fake, *d)
    assert r.code == 2 and "错误: [file] photo.jpg：不支持的文件类型" in r.err
    r = run_cli("evidence", "add", demo_case.number, PHOTOS / "jpg_Canon_40D.jpg", "--kind", "照片",
                *d)
    assert r.code == 2 and "证据种类“照片”无效" in r.err
    r = run_cli("evidence", "add", demo_case.number, PHOTOS / "jpg_Canon_40D.jpg",
                "--max-size-mb", "0", *d)
    assert r.code == 2 and "--max-size-mb 应大于 0" in r.err
    r = run_cli("evidence", "show", "nosuch", *d)
    assert r.code == 2 and "找不到证据 nosuch" in r.err
    with store.read() as s:
        assert s.scalars(select(Evidence)).all() == []


def _png(tmp_path: Path) -> bytes:
    import io

    from tests.evidence.conftest import upright_scene

    buf = io.BytesIO()
    upright_scene((320, 240)).save(buf, "PNG")
    return buf.getvalue()


def test_a_png_with_a_broken_data_stream_is_refused_not_stored_half_black(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    data = bytearray(_png(tmp_path))
    middle = data.index(b"IDAT") + (len(data) - data.index(b"IDAT")) // 2
    for k in range(middle, middle + 40):
        data[k] ^= 0x5A
    src = tmp_path / "broken.png"
    src.write_bytes(bytes(data))
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像文件已损坏或不完整" in err.message_zh


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_a_png_cut_off_part_way_is_refused(store: StationStore, demo_case: Case, tmp_path: Path,
                                          worker: DecodeWorker, fraction: float) -> None:
    data = _png(tmp_path)
    src = tmp_path / "cut.png"
    src.write_bytes(data[: int(len(data) * fraction)])
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像文件已损坏或不完整" in err.message_zh


@pytest.mark.parametrize("fraction", [0.2, 0.8, 0.99])
def test_a_heic_cut_off_part_way_is_refused(store: StationStore, demo_case: Case, tmp_path: Path,
                                           worker: DecodeWorker, fraction: float) -> None:
    """An interrupted copy from a phone: libheif would decode it, filling the missing tiles."""
    data = (PHOTOS / "heic_IMG_5195.HEIC").read_bytes()
    src = tmp_path / "cut.heic"
    src.write_bytes(data[: int(len(data) * fraction)])
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像文件已损坏或不完整" in err.message_zh


def test_an_oversized_webp_is_refused_for_its_size_not_as_damaged(
        store: StationStore, demo_case: Case, tmp_path: Path, worker: DecodeWorker) -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "scanner"  # EXIF makes the extended (VP8X) header
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buf, "WEBP", exif=exif)
    data = bytearray(buf.getvalue())
    assert data[12:16] == b"VP8X"
    data[24:27] = (16383 - 1).to_bytes(3, "little")  # a 16383 × 16383 canvas: 268 megapixels
    data[27:30] = (16383 - 1).to_bytes(3, "little")
    src = tmp_path / "huge.webp"
    src.write_bytes(bytes(data))
    err = refuse(store, demo_case, src, worker=worker)
    assert "图像像素过多" in err.message_zh and "已损坏" not in err.message_zh
