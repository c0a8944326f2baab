"""MIME type from a file's first bytes (never from its name).

``sniff(head)`` needs at most ``HEAD_BYTES`` leading bytes and returns a ``Sniffed`` with the MIME
type and the media class (photo / video / audio / document), or ``None`` for anything
unsupported. A TIFF is a photo here; ``tiff_pages`` counts its pages (a scan of several pages
is a document), walking the chain of image directories without decoding anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Literal

HEAD_BYTES = 64


@dataclass(frozen=True)
class Sniffed:
    mime: str
    media: str  # photo | video | audio | document

    @property
    def extension(self) -> str:
        return EXTENSIONS.get(self.mime, ".bin")


EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/avif": ".avif",
    "image/tiff": ".tif",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
    "video/3gpp": ".3gp",
    "video/3gpp2": ".3g2",
    "audio/mp4": ".m4a",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "audio/amr": ".amr",
    "audio/amr-wb": ".awb",
}

_HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_HEIF_BRANDS = {b"mif1", b"msf1"}
# AVIF: "avif" a still, "avis" an image sequence (animated). Both are pictures, even though an
# animated AVIF lists MP4 brands among its compatible ones: its first frame is the photo.
_AVIF_BRANDS = {b"avif", b"avis"}
_AUDIO_MP4_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_QUICKTIME_BRANDS = {b"qt  "}
_VIDEO_MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
    b"dash", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"NDAS", b"f4v ", b"mmp4", b"XAVC",
}
_QT_LEGACY_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def _ftyp(head: bytes) -> Sniffed | None:
    if len(head) < 12 or head[4:8] != b"ftyp":
        return None
    box_len = int.from_bytes(head[0:4], "big")
    major = head[8:12]
    compatible = {
        head[i : i + 4] for i in range(16, min(box_len, len(head)) - 3, 4)
    }
    brands = {major} | compatible
    # The major brand decides; compatible brands only break ties for generic containers.
    if major in _HEIC_BRANDS:
        return Sniffed("image/heic", "photo")
    if major in _AVIF_BRANDS or (major in _HEIF_BRANDS and brands & _AVIF_BRANDS):
        return Sniffed("image/avif", "photo")
    if major in _HEIF_BRANDS:
        return Sniffed("image/heic" if brands & _HEIC_BRANDS else "image/heif", "photo")
    if major.startswith(b"3gp") or major.startswith(b"3ge") or major.startswith(b"3gs"):
        return Sniffed("video/3gpp", "video")
    if major.startswith(b"3g2"):
        return Sniffed("video/3gpp2", "video")
    if major in _AUDIO_MP4_BRANDS:
        return Sniffed("audio/mp4", "audio")
    if major in _QUICKTIME_BRANDS:
        return Sniffed("video/quicktime", "video")
    if major in _VIDEO_MP4_BRANDS or brands & _VIDEO_MP4_BRANDS:
        return Sniffed("video/mp4", "video")
    return None


def _is_mp3_frame(head: bytes) -> bool:
    if len(head) < 4 or head[0] != 0xFF or (head[1] & 0xE0) != 0xE0:
        return False
    version = (head[1] >> 3) & 0x03
    layer = (head[1] >> 1) & 0x03
    bitrate = head[2] >> 4
    sample_rate = (head[2] >> 2) & 0x03
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 15) and sample_rate != 3


def tiff_pages(stream: IO[bytes], limit: int) -> int:
    """How many pages (image directories) a TIFF chains, counting at most ``limit`` + 1; a
    chain that loops or points outside the file ends the count there."""
    stream.seek(0)
    header = stream.read(16)
    order: Literal["little", "big"] = "little" if header[:2] == b"II" else "big"
    big = int.from_bytes(header[2:4], order) == 43  # BigTIFF: 8-byte offsets
    at = int.from_bytes(header[8:16] if big else header[4:8], order)
    seen: set[int] = set()
    while at and at not in seen and len(seen) <= limit:
        seen.add(at)
        stream.seek(at)
        raw = stream.read(8 if big else 2)
        if len(raw) < (8 if big else 2):
            break
        entries = int.from_bytes(raw, order)
        stream.seek(at + len(raw) + entries * (20 if big else 12))
        nxt = stream.read(8 if big else 4)
        if len(nxt) < (8 if big else 4):
            break
        at = int.from_bytes(nxt, order)
    return len(seen)


def sniff(head: bytes) -> Sniffed | None:
    if head.startswith(b"%PDF-"):
        return Sniffed("application/pdf", "document")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image/jpeg", "photo")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image/png", "photo")
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):  # what document scanners save
        return Sniffed("image/tiff", "photo")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return Sniffed("image/webp", "photo")
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return Sniffed("audio/wav", "audio")
    if head.startswith(b"#!AMR-WB\n"):
        return Sniffed("audio/amr-wb", "audio")
    if head.startswith(b"#!AMR\n"):
        return Sniffed("audio/amr", "audio")
    found = _ftyp(head)
    if found is not None:
        return found
    if len(head) >= 8 and head[4:8] in _QT_LEGACY_ATOMS and int.from_bytes(head[:4], "big") >= 8:
        return Sniffed("video/quicktime", "video")
    if head.startswith(b"ID3") or _is_mp3_frame(head):
        return Sniffed("audio/mpeg", "audio")
    return None
