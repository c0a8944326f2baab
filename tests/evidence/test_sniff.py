"""MIME types come from the bytes, never from the file name."""

from __future__ import annotations

import io
import struct
import wave
from pathlib import Path

import pytest
from PIL import Image

from gridapp.evidence.sniff import sniff
from tests.evidence.conftest import PHOTOS


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\0\0\0\0" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + b"\0\0\0\x08free"


def encoded(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, fmt)
    return buf.getvalue()


def wav_bytes() -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 800)
    return buf.getvalue()


CASES = [
    ((PHOTOS / "jpg_gps_DSCN0010.jpg").read_bytes(), "image/jpeg", "photo"),
    ((PHOTOS / "heic_IMG_5195.HEIC").read_bytes(), "image/heic", "photo"),
    ((PHOTOS / "heic_samplefilehub.heif").read_bytes(), "image/heic", "photo"),
    (encoded("PNG"), "image/png", "photo"),
    (encoded("WEBP"), "image/webp", "photo"),
    (ftyp(b"mif1", b"mif1", b"miaf"), "image/heif", "photo"),
    (ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41"), "video/mp4", "video"),
    (ftyp(b"mp42", b"mp42", b"isom"), "video/mp4", "video"),
    (ftyp(b"qt  ", b"qt  "), "video/quicktime", "video"),
    (b"\0\0\0\x08wide\0\0\0\x10mdat", "video/quicktime", "video"),
    (ftyp(b"3gp4", b"3gp4", b"isom"), "video/3gpp", "video"),
    (ftyp(b"M4A ", b"M4A ", b"mp42", b"isom"), "audio/mp4", "audio"),
    (b"ID3\x04\0\0\0\0\0\x21" + b"\0" * 40, "audio/mpeg", "audio"),
    (b"\xff\xfb\x90\x64" + b"\0" * 40, "audio/mpeg", "audio"),
    (wav_bytes(), "audio/wav", "audio"),
    (b"#!AMR\n\x3c" + b"\0" * 31, "audio/amr", "audio"),
    (b"#!AMR-WB\n\x04" + b"\0" * 17, "audio/amr-wb", "audio"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "application/pdf", "document"),  # even renamed .jpg
]


@pytest.mark.parametrize(("data", "mime", "media"), CASES, ids=[c[1] + str(i) for i, c in
                                                                 enumerate(CASES)])
def test_sniffs_supported_types(data: bytes, mime: str, media: str) -> None:
    found = sniff(data[:64])
    assert found is not None
    assert (found.mime, found.media) == (mime, media)


@pytest.mark.parametrize(
    "data",
    [
        "这是一个文本文件，不是照片".encode(),
        b"GIF89a\x01\x00\x01\x00",
        b"PK\x03\x04zip archive",
        ftyp(b"crx ", b"crx "),  # a Canon RAW in an ISO container
        b"\xff\xf1\x50\x80",  # AAC ADTS, not MP3
        b"",
    ],
)
def test_refuses_everything_else(data: bytes) -> None:
    assert sniff(data) is None


def test_tiff_pages_are_counted_from_the_directory_chain(tmp_path: Path) -> None:
    from PIL import Image

    from gridapp.evidence.sniff import tiff_pages

    one, three = tmp_path / "one.tif", tmp_path / "three.tif"
    Image.new("L", (30, 20)).save(one)
    Image.new("L", (30, 20)).save(three, save_all=True,
                                   append_images=[Image.new("L", (30, 20))] * 2)
    with one.open("rb") as fh:
        assert tiff_pages(fh, 200) == 1
    with three.open("rb") as fh:
        assert tiff_pages(fh, 200) == 3
        assert tiff_pages(fh, 1) == 2  # counting stops past the limit
    looped = bytearray(three.read_bytes())
    first = int.from_bytes(looped[4:8], "little")
    count = int.from_bytes(looped[first:first + 2], "little")
    next_at = first + 2 + count * 12
    looped[next_at:next_at + 4] = first.to_bytes(4, "little")  # page 1 points back to itself
    loop = tmp_path / "loop.tif"
    loop.write_bytes(bytes(looped))
    with loop.open("rb") as fh:
        assert tiff_pages(fh, 200) == 1
