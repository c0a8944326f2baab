"""One error hierarchy for sync, with Chinese messages (English twin in ``en``)."""

from __future__ import annotations

from gridapp.errors import GridappError


class SyncError(GridappError):
    """Sync could not complete. ``retryable``: trying again later may succeed. The CLI exits
    with status 3 for every sync failure."""

    retryable = False
    exit_code = 3

    def __init__(self, zh: str, en: str, *, code: str = "",
                 retry_after: float | None = None) -> None:
        super().__init__(zh, en)
        self.zh = zh
        self.en = en
        self.code = code
        self.retry_after = retry_after


class NotConfigured(SyncError):
    """The station is not enrolled with HQ."""


class Unreachable(SyncError):
    """No answer from HQ (network down, timeout, TLS failure)."""

    retryable = True


class ServerBusy(SyncError):
    """HQ answered with a server error or asked to retry later."""

    retryable = True


class Refused(SyncError):
    """HQ refused the request (the ``code`` says why)."""


class Revoked(Refused):
    """HQ revoked this device; nothing is sent or received until it re-enrols."""


class TLSFailure(Unreachable):
    """HQ's certificate could not be verified."""

    retryable = False


class Cancelled(SyncError):
    """The run was asked to stop (the window closing); what was done so far is kept."""

    retryable = True
