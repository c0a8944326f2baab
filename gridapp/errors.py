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
