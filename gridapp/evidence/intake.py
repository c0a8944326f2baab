"""Checks on a file an officer hands in, before a single byte is copied.

Every check raises a ``GridappError`` naming the file (field ``file``), with the Chinese message
first; nothing is written by this module.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from gridapp.errors import NotFoundError, ValidationError, os_reason
from gridapp.evidence.paging import MAX_PAGES
from gridapp.evidence.sniff import HEAD_BYTES, Sniffed, sniff, tiff_pages
from gridapp.inputlimits import check_text
from gridapp.models.evidence import EVIDENCE_KINDS

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
MAX_CAPTION = 2000
SUPPORTED_ZH = ("JPEG、PNG、HEIC/HEIF、WebP 照片，MP4/MOV/3GP 视频，M4A/MP3/WAV/AMR 音频，"
                "PDF 与多页 TIFF 书证")
SUPPORTED_EN = ("JPEG, PNG, HEIC/HEIF, WebP photos; MP4/MOV/3GP video; M4A/MP3/WAV/AMR audio; "
                "PDF and multi-page TIFF documents")

_KIND_ALIASES = {
    "勘验笔录": "勘验笔录·现场笔录",
    "现场笔录": "勘验笔录·现场笔录",
    "勘验笔录/现场笔录": "勘验笔录·现场笔录",
    "勘验笔录、现场笔录": "勘验笔录·现场笔录",
}
DEFAULT_KIND = {"photo": "视听资料", "video": "视听资料", "audio": "视听资料", "document": "书证"}


@dataclass(frozen=True)
class Candidate:
    """A source file that passed every check: where it is, what it is, how big, its time."""

    path: Path
    name: str
    sniffed: Sniffed
    size: int
    mtime: float


def _bad(path: Path | str, zh: str, en: str) -> ValidationError:
    name = path.name if isinstance(path, Path) else path
    return ValidationError(f"{name}：{zh}", f"{name}: {en}", field="file")


def normalise_kind(kind: str | None, media: str) -> str:
    if not kind:
        return DEFAULT_KIND[media]
    value = _KIND_ALIASES.get(kind.strip(), kind.strip())
    if value not in EVIDENCE_KINDS:
        raise ValidationError(
            f"证据种类“{kind}”无效，应为：{'、'.join(EVIDENCE_KINDS)}",
            f"unknown evidence kind {kind!r}",
            field="kind",
        )
    return value


def check_caption(caption: str) -> str:
    text = caption.strip()
    if len(text) > MAX_CAPTION:
        raise ValidationError(
            f"说明文字过长（{len(text)} 字，上限 {MAX_CAPTION} 字）",
            f"caption too long ({len(text)} > {MAX_CAPTION} characters)",
            field="caption",
        )
    # Control characters (terminal escapes) and bidi controls (text shown reversed) refused.
    return check_text(text, "caption", label="说明文字", multiline=True, max_chars=MAX_CAPTION)


def _odd_character(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Candidate:
    """Validate one source file: a sane path, a readable regular file, under the cap, supported."""
    text = str(path)
    if _odd_character(text):
        shown = text.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise ValidationError(
            f"文件路径含有控制字符或无法识别的字符：{shown}",
            f"file path contains control or undecodable characters: {shown}",
            field="file",
        )
    if ".." in path.parts:
        raise ValidationError(
            f"文件路径不能含有上级目录“..”：{text}；请给出不含“..”的完整路径",
            f"file path must not contain '..': {text}; give a full path without '..'",
            field="file",
        )
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise NotFoundError(f"文件不存在：{text}", f"no such file: {text}", field="file") from exc
    except OSError as exc:
        raise _bad(path, f"无法访问文件（{os_reason(exc)}）", f"cannot access ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        raise _bad(path, "不是普通文件", "not a regular file")
    if st.st_size > max_bytes:
        raise _bad(
            path,
            f"文件大小 {st.st_size / (1 << 20):.1f} MB 超过上限 {max_bytes / (1 << 20):.0f} MB",
            f"size {st.st_size / (1 << 20):.1f} MB exceeds the limit of "
            f"{max_bytes / (1 << 20):.0f} MB",
        )
    if st.st_size == 0:
        raise _bad(path, "文件为空", "file is empty")
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise _bad(
            path, f"无法读取文件（{os_reason(exc)}）",
            f"cannot read file ({exc.strerror or exc})",
        ) from exc
    found = sniff(head)
    if found is not None and found.mime == "image/tiff":
        try:
            with path.open("rb") as fh:
                if tiff_pages(fh, MAX_PAGES) > 1:  # a scan of several pages: 书证
                    found = Sniffed(found.mime, "document")
        except OSError as exc:
            raise _bad(path, f"无法读取文件（{os_reason(exc)}）",
                       f"cannot read file ({exc.strerror or exc})") from exc
    if found is None:
        raise _bad(
            path,
            f"不支持的文件类型（按文件内容识别，与扩展名无关）；支持：{SUPPORTED_ZH}",
            f"unsupported file type (detected from content, not the name); supported: "
            f"{SUPPORTED_EN}",
        )
    return Candidate(path=path, name=path.name[:300], sniffed=found, size=st.st_size,
                     mtime=st.st_mtime)
