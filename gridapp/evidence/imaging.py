"""Photo decoding: EXIF facts and the two derivatives (thumbnail, print copy).

Runs inside the decode worker (``gridapp.evidence.worker``) on untrusted files. Contracts:
- The pixel count that will actually be decoded is checked against ``max_pixels`` from the
  declared size *before* any pixel data is decoded (JPEG is first reduced with ``draft``, so a
  large JPEG is decoded at 1/2–1/8 scale and passes; a PNG declaring 400 MP does not).
- Derivatives are resized first and then turned upright per the EXIF orientation, so the large
  decoded image is never transposed; they are converted to sRGB from an embedded colour profile
  (phones write Display P3, older Macs "Generic RGB"). The original file is never modified.
- HEIF: the coded size each ``ispe`` declares (before a crop) is checked against ``max_pixels``
  before libheif is called, and an image sequence without a still is refused as such
  (``gridapp.evidence.heifbox``).
- The print copy is a new, shrunk image; the decoded image is never resized in place.
- Failures raise ``DecodeFailure`` with a code: ``corrupt``, ``too_large``, ``unsupported``,
  ``decoder_limit`` (libheif's security limits or the worker's memory cap), ``sequence`` (an
  image sequence with no still) or ``multipage`` (a TIFF of several pages given as a photo).
"""

from __future__ import annotations

import functools
import io
import math
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageCms

from gridapp.evidence.heifbox import HeifLayout, Transform, read_layout, uncropped

THUMB_PX = 256
PRINT_PX = 1600
THUMB_QUALITY = 80
PRINT_QUALITY = 85
DEFAULT_MAX_PIXELS = 64_000_000

FORMATS = ("JPEG", "PNG", "WEBP", "HEIF", "AVIF", "TIFF")
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_TAG_MAKE, _TAG_MODEL, _TAG_ORIENTATION = 0x010F, 0x0110, 0x0112
_IFD_EXIF, _IFD_GPS = 0x8769, 0x8825
_TAG_DT_ORIGINAL, _TAG_DT_DIGITIZED = 0x9003, 0x9004
_TAG_DATETIME, _TAG_OFFSET_TIME = 0x0132, 0x9010  # IFD0 DateTime and its offset (EXIF 2.31)
_TAG_OFFSET_ORIGINAL, _TAG_OFFSET_DIGITIZED = 0x9011, 0x9012


class DecodeFailure(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class PhotoResult:
    meta: dict[str, Any] = field(default_factory=dict)
    thumb: bytes = b""
    print_copy: bytes = b""


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).replace("\x00", "").strip() if value is not None else ""


def _datetime(value: Any) -> str | None:
    """EXIF 'YYYY:MM:DD HH:MM:SS' as ISO 'YYYY-MM-DDTHH:MM:SS', None if absent or invalid."""
    text = _text(value)
    if len(text) < 19 or text[4] != ":" or text[7] != ":":
        return None
    iso = f"{text[0:4]}-{text[5:7]}-{text[8:10]}T{text[11:19]}"
    try:
        from datetime import datetime

        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return iso if parsed.year >= 1990 else None


MAX_OFFSET_MINUTES = 14 * 60  # UTC−12:00 … UTC+14:00 are the offsets in use


def _offset(value: Any) -> str | None:
    """An EXIF ``OffsetTime*`` value such as ``+08:00``; None unless it is a real UTC offset
    (a camera writing ``+24:00`` or ``+08:99`` gets its time read as local time instead)."""
    text = _text(value)
    if not (len(text) == 6 and text[0] in "+-" and text[3] == ":"
            and text[1:3].isdigit() and text[4:6].isdigit()):
        return None
    hours, minutes = int(text[1:3]), int(text[4:6])
    if minutes >= 60 or hours * 60 + minutes > MAX_OFFSET_MINUTES:
        return None
    return text


XMP_TIME_KEYS = ("DateTimeOriginal", "DateCreated", "CreateDate")  # exif:, photoshop:, xmp:


def _xmp_time(im: Image.Image) -> tuple[str, str | None] | None:
    """The capture time an XMP packet states (exif:DateTimeOriginal, photoshop:DateCreated,
    xmp:CreateDate, in that order) as (ISO local time, offset or None); None when absent."""
    if not (im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")):
        return None
    try:
        packet = im.getxmp()  # parsed with defusedxml: a hostile packet is refused, not expanded
    except Exception:  # broken XMP must not block the photo itself
        return None
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in XMP_TIME_KEYS and isinstance(value, str):
                    found.setdefault(key, value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for each in node:
                walk(each)

    walk(packet)
    for key in XMP_TIME_KEYS:
        parsed = _xmp_datetime(found.get(key, ""))
        if parsed is not None:
            return parsed
    return None


def _xmp_datetime(text: str) -> tuple[str, str | None] | None:
    """'2013-09-23T10:09:46+02:00' (seconds, fraction, Z or offset optional) → parts."""
    from datetime import datetime

    text = text.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) < 16 or parsed.year < 1990:  # a bare date is not a capture time
        return None
    local = parsed.replace(tzinfo=None, microsecond=0).isoformat()
    offset = parsed.strftime("%z") if parsed.tzinfo else ""
    return local, (f"{offset[:3]}:{offset[3:]}" if offset else None)


def _coordinate(parts: Any, ref: Any, limit: float) -> float | None:
    try:
        d, m, s = (float(p) for p in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if any(math.isnan(v) or math.isinf(v) for v in (d, m, s)):
        return None
    value = d + m / 60 + s / 3600
    if _text(ref).upper() in ("S", "W"):
        value = -value
    return round(value, 7) if abs(value) <= limit else None


def read_exif(im: Image.Image) -> dict[str, Any]:
    """Capture time (+offset), GPS, camera and orientation; whatever is unreadable is left out."""
    out: dict[str, Any] = {"orientation": 1}
    try:
        exif = im.getexif()
        sub = exif.get_ifd(_IFD_EXIF)
        gps = exif.get_ifd(_IFD_GPS)
    except Exception:  # broken EXIF must not block the photo itself
        return out
    orientation = exif.get(_TAG_ORIENTATION)
    if isinstance(orientation, int) and 1 <= orientation <= 8:
        out["orientation"] = orientation
    original = _datetime(sub.get(_TAG_DT_ORIGINAL))
    offset = _offset(sub.get(_TAG_OFFSET_ORIGINAL))
    if original is None:
        original = _datetime(sub.get(_TAG_DT_DIGITIZED))
        offset = _offset(sub.get(_TAG_OFFSET_DIGITIZED))
    tag = "original"
    if original is None and (xmp := _xmp_time(im)) is not None:
        original, offset = xmp
        tag = "xmp"
    if original is None:  # some phones and edited photos write only the basic DateTime
        original = _datetime(exif.get(_TAG_DATETIME))
        offset = _offset(sub.get(_TAG_OFFSET_TIME))
        tag = "datetime"
    if original is not None:
        out["captured_local"] = original
        out["time_tag"] = tag
        out["utc_offset"] = offset
    make, model = _text(exif.get(_TAG_MAKE)), _text(exif.get(_TAG_MODEL))
    camera = model if make and model.lower().startswith(make.lower()) else f"{make} {model}"
    if camera.strip():
        out["camera"] = camera.strip()[:200]
    if gps:
        lat = _coordinate(gps.get(2), gps.get(1), 90.0)
        lon = _coordinate(gps.get(4), gps.get(3), 180.0)
        if lat is not None and lon is not None and (lat, lon) != (0.0, 0.0):
            out["lat"], out["lon"] = lat, lon
    return out


def _draft_box(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    w, h = size
    scale = long_edge / max(w, h)
    return max(1, math.ceil(w * scale)), max(1, math.ceil(h * scale))


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L").convert("RGB")
    if im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        im.mode == "P" and "transparency" in im.info
    ):
        rgba = im.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return im.convert("RGB")


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from the photo's embedded colour profile to sRGB (documents assume sRGB)."""
    if not icc:
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(source).strip().startswith("sRGB"):
            return im
        converted = ImageCms.profileToProfile(im, source, _srgb(), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # an unreadable profile: keep the pixels as they are
    return converted if isinstance(converted, Image.Image) else im


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def shrunk(im: Image.Image, long_edge: int) -> Image.Image:
    """A new image with its long edge at most ``long_edge`` (aspect kept); ``im`` untouched."""
    w, h = im.size
    if max(w, h) <= long_edge:
        return im.copy()
    scale = long_edge / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return im.resize(size, Image.Resampling.BICUBIC, reducing_gap=2.0)


def _jpeg(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def isobmff_truncated(stream: IO[bytes]) -> bool:
    """Whether an ISO base media file (HEIF, AVIF; the ``ftyp`` box first) ends inside one of
    its top-level boxes — a copy cut off part-way. libheif decodes such a file without an error,
    filling the missing tiles, so the structure is checked first. The stream is left at 0."""
    stream.seek(0, io.SEEK_END)
    end = stream.tell()
    at = 0
    try:
        while at < end:
            stream.seek(at)
            header = stream.read(16)
            if len(header) < 8:
                return True
            size, kind = int.from_bytes(header[:4], "big"), header[4:8]
            if at == 0 and kind != b"ftyp":
                return False  # not ISO-BMFF: other decoders judge it
            if size == 1:
                if len(header) < 16:
                    return True
                size = int.from_bytes(header[8:16], "big")
            elif size == 0:  # the last box runs to the end of the file
                return False
            if size < 8 or at + size > end:
                return True
            at += size
        return False
    finally:
        stream.seek(0)


def webp_size(head: bytes) -> tuple[int, int] | None:
    """Canvas size a WebP's first chunk declares (VP8X, VP8L or VP8), None when unreadable.
    Read before decoding: libwebp allocates the whole canvas when the file is opened, so an
    oversized WebP would otherwise fail as "corrupt" before the pixel limit could speak."""
    if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return None
    chunk = head[12:16]
    if chunk == b"VP8X":
        return (int.from_bytes(head[24:27], "little") + 1,
                int.from_bytes(head[27:30], "little") + 1)
    if chunk == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return (int.from_bytes(head[26:28], "little") & 0x3FFF,
                int.from_bytes(head[28:30], "little") & 0x3FFF)
    return None


def process_photo(
    path: Path | IO[bytes],
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    thumb_px: int = THUMB_PX,
    print_px: int = PRINT_PX,
) -> PhotoResult:
    """Decode ``path`` (a file or an open binary stream) at reduced scale; return EXIF facts and
    upright JPEG derivatives."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if isinstance(path, Path):
            with path.open("rb") as fh:
                cut = isobmff_truncated(fh)
                layout = read_layout(fh)
        else:
            cut = isobmff_truncated(path)
            layout = read_layout(path)
        if cut:
            raise DecodeFailure("corrupt", "the file ends inside one of its boxes (truncated)")
        transforms: list[Transform] = []
        if layout is not None:
            _check_layout(layout, max_pixels)
            if layout.cropped and not layout.avif:
                # libheif would refuse it (see heifbox): decoded uncropped, transformed here.
                transforms = layout.primary_transforms()
                if isinstance(path, Path):
                    path = io.BytesIO(uncropped(path.read_bytes(), layout))
                else:
                    path = io.BytesIO(uncropped(path.read(), layout))
        if isinstance(path, Path):
            with path.open("rb") as fh:
                head = fh.read(32)
        else:
            head = path.read(32)
            path.seek(0)
        canvas = webp_size(head)
        if canvas is not None and canvas[0] * canvas[1] > max_pixels:
            raise DecodeFailure("too_large", f"WebP canvas {canvas[0]}x{canvas[1]}")
        try:
            im = Image.open(path, formats=FORMATS)
        except Image.DecompressionBombError as exc:
            raise DecodeFailure("too_large", str(exc)) from exc
        except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as exc:
            said = _heif_open_error(path) if layout is not None and not layout.avif else None
            raise _open_failure(said or exc) from exc
        with im:
            return _process_open(im, max_pixels, thumb_px, print_px, transforms)


def _check_layout(layout: HeifLayout, max_pixels: int) -> None:
    """Refuse from the boxes alone: a coded frame over the pixel limit (whatever crop it
    carries), an image sequence with no still."""
    if layout.largest_coded > max_pixels:
        w, h = max(layout.coded_sizes, key=lambda s: s[0] * s[1])
        raise DecodeFailure("too_large", f"coded image {w}x{h} (ispe)")
    if layout.sequence_only:
        raise DecodeFailure("sequence", "an image sequence without a still (primary) image")


_ROTATE = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180,
           270: Image.Transpose.ROTATE_270}


def _transformed(im: Image.Image, transforms: list[Transform]) -> Image.Image:
    """A HEIF's crop, rotation and mirror applied in order (what libheif would have done)."""
    for t in transforms:
        if t.kind == "clap":
            im = im.crop(t.crop)
        elif t.kind == "irot" and t.angle in _ROTATE:
            im = im.transpose(_ROTATE[t.angle])
        elif t.kind == "imir":  # as libheif reads it (axis 1: left and right swap)
            im = im.transpose(Image.Transpose.FLIP_LEFT_RIGHT if t.axis
                              else Image.Transpose.FLIP_TOP_BOTTOM)
    return im


def _heif_open_error(path: Path | IO[bytes]) -> BaseException | None:
    """libheif's own words on a HEIF that Pillow could not identify (Pillow drops them)."""
    from pi_heif import HeifImageFile

    if not isinstance(path, Path):
        path.seek(0)
    try:
        HeifImageFile(path).close()
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError) as exc:
        return exc
    return None


def _decoder_limit(exc: BaseException) -> bool:
    text = str(exc)
    return "Security limit exceeded" in text or "Memory allocation error" in text


def _open_failure(exc: BaseException) -> DecodeFailure:
    if _decoder_limit(exc):
        return DecodeFailure("decoder_limit", str(exc).strip())
    return DecodeFailure("unsupported", str(exc))


def _process_open(im: Image.Image, max_pixels: int, thumb_px: int, print_px: int,
                  transforms: list[Transform] | None = None) -> PhotoResult:
    declared = im.size
    if declared[0] <= 0 or declared[1] <= 0:
        raise DecodeFailure("corrupt", f"declared size {declared}")
    if im.format == "TIFF" and getattr(im, "n_frames", 1) > 1:
        # Importing page 1 alone would lose the rest of a scanned document without a word.
        raise DecodeFailure("multipage", f"{getattr(im, 'n_frames', 1)} pages")
    if im.format == "JPEG" and max(declared) > print_px:
        im.draft("RGB", _draft_box(declared, print_px))
    decoded = im.size[0] * im.size[1]
    if decoded > max_pixels:
        raise DecodeFailure(
            "too_large", f"{declared[0]}x{declared[1]} would decode {decoded} pixels"
        )
    try:
        # Pixels first: reading a PNG's EXIF loads the image, and an error there must refuse
        # the file, not leave a half-decoded image that a later load() returns silently.
        im.load()
    except Image.DecompressionBombError as exc:
        raise DecodeFailure("too_large", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, RuntimeError,
            zlib.error) as exc:
        if _decoder_limit(exc):
            raise DecodeFailure("decoder_limit", str(exc).strip()) from exc
        raise DecodeFailure("corrupt", str(exc)) from exc
    meta = read_exif(im)
    icc = im.info.get("icc_profile")
    fmt = im.format
    if transforms:
        im = _transformed(im, transforms)
        declared = im.size
    meta.update(format=fmt, declared_width=declared[0], declared_height=declared[1])
    try:
        # A new image, never ``im`` shrunk in place: a HEIF holding several images keeps its
        # decoder, and the next access to ``im`` decoded it again at full size over the shrunk
        # pixels ("tile cannot extend outside image" when the print copy was made).
        printable = shrunk(_to_rgb(im), print_px)
        printable = _to_srgb(printable, icc if isinstance(icc, bytes) else None)
    except Image.DecompressionBombError as exc:
        raise DecodeFailure("too_large", str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise DecodeFailure("corrupt", str(exc)) from exc
    method = _TRANSPOSE.get(meta["orientation"])
    if method is not None:
        printable = printable.transpose(method)
    swap = meta["orientation"] in (5, 6, 7, 8)
    meta["width"], meta["height"] = (declared[1], declared[0]) if swap else declared
    thumb = printable.copy()
    thumb.thumbnail((thumb_px, thumb_px), Image.Resampling.BICUBIC)
    return PhotoResult(meta, _jpeg(thumb, THUMB_QUALITY), _jpeg(printable, PRINT_QUALITY))
