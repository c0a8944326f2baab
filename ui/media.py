"""The file-dialog filter for evidence: every type the import recognises by content, from
``gridapp.evidence.sniff.EXTENSIONS`` (one list), plus the extensions phones also use."""

from __future__ import annotations

from gridapp.evidence.sniff import EXTENSIONS
from ui.language import tr as _tr

ALSO = (".jpeg", ".tiff", ".hif")


def media_filter() -> str:
    patterns = " ".join(f"*{ext}" for ext in dict.fromkeys([*EXTENSIONS.values(), *ALSO]))
    return _tr("照片、视频、录音和书证 ({patterns});;所有文件 (*)").format(patterns=patterns)
