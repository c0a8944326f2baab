"""One error hierarchy for the core.

Every error a user can cause carries a Chinese message first (shown in the UI and on stderr),
an English message (logs, bilingual output) and, where it applies, the name of the offending
field. The CLI maps every ``GridappError`` to exit code 2 and never prints a traceback for one.
"""

from __future__ import annotations


class GridappError(Exception):
    """Base class: an error a person can act on."""

    exit_code = 2

    def __init__(self, message_zh: str, message_en: str = "", *, field: str | None = None) -> None:
        self.message_zh = message_zh
        self.message_en = message_en or message_zh
        self.field = field
        super().__init__(self.bilingual())

    def bilingual(self) -> str:
        where = f"[{self.field}] " if self.field else ""
        if self.message_en and self.message_en != self.message_zh:
            return f"{where}{self.message_zh} / {self.message_en}"
        return f"{where}{self.message_zh}"


class ValidationError(GridappError):
    """Input data (a JSON file, a form field, a pack) is malformed."""


class PermissionDenied(GridappError):
    """The acting officer's role does not allow the action."""


class NotFoundError(GridappError):
    """A referenced record (case, party, document …) does not exist."""


class TransitionError(GridappError):
    """A case status transition that the state machine forbids."""


class StorageError(GridappError):
    """The station database or blob store cannot be opened or written."""


class IntegrityError(GridappError):
    """Stored data fails verification (audit chain, blob hash)."""

    exit_code = 1


class GateBlockedError(GridappError):
    """A procedure gate blocks the requested action."""


_OS_REASONS_ZH = {
    "ENOENT": "文件或目录不存在",
    "EACCES": "没有访问权限",
    "EPERM": "操作不被允许",
    "EISDIR": "这是一个目录，不是文件",
    "ENOTDIR": "路径中有一部分不是目录",
    "ENOSPC": "磁盘空间不足",
    "EROFS": "磁盘为只读",
    "EIO": "磁盘读写错误",
    "ENAMETOOLONG": "文件名过长",
    "EEXIST": "文件已存在",
    "ENOTEMPTY": "目录不为空",
    "EMFILE": "打开的文件过多",
}


def os_reason(exc: OSError) -> str:
    """The reason for an operating-system error, in Chinese for the messages people read."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS_ZH.get(name) or exc.strerror or type(exc).__name__


_JSON_MESSAGES_ZH = {
    "Expecting value": "此处缺少值",
    "Expecting property name enclosed in double quotes": "键名须用英文双引号括起",
    "Expecting ',' delimiter": "缺少英文逗号",
    "Expecting ':' delimiter": "缺少英文冒号",
    "Unterminated string starting at": "字符串缺少结尾的双引号",
    "Extra data": "末尾有多余内容",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义符",
}


def json_error_zh(exc: ValueError) -> str:
    """Where and what is wrong in a JSON text, in Chinese (``exc`` from ``json.loads``)."""
    import json

    if not isinstance(exc, json.JSONDecodeError):
        return "不是有效的 JSON"
    what = _JSON_MESSAGES_ZH.get(exc.msg, exc.msg)
    return f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{what}"
