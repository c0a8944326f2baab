"""The sync protocol ``/api/v1``: message shapes shared by the station client and HQ.

See ``docs/SYNC.md`` for the guarantees. Limits here are part of the protocol: a push carries
at most ``MAX_CHANGES`` changes and ``MAX_AUDIT`` audit events; a pull page at most
``MAX_PULL`` entries; a blob at most ``MAX_BLOB`` bytes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool

API = "/api/v1"
MAX_CHANGES = 500
MAX_AUDIT = 2000
MAX_PULL = 1000
MAX_BLOB = 4 << 30
MAX_INT = 2**53 - 1  # every integer stays exact in JSON and JavaScript
MAX_TEXT = 1_000_000  # characters in one column value
SHA256 = r"^[0-9a-f]{64}$"
ID = r"^[0-9A-Za-z._:-]{1,64}$"



def _whole_number(value: Any) -> Any:
    """JSON integers as JSON Schema reads them: 3 and 3.0 are integers, true is not."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not an integer")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        raise ValueError("a string is not an integer")
    return value


Int = Annotated[int, BeforeValidator(_whole_number)]
# One column's value in a row: never a nested structure.
ColumnValue = StrictBool | Annotated[int, BeforeValidator(_whole_number)] | float | str | None
Op = Literal["insert", "update", "tombstone", "append"]
ChangeStatus = Literal["applied", "duplicate", "conflict", "refused"]


class Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(Message):
    """Every error answer: a code, a Chinese message and its English twin."""

    code: str
    message: str
    message_en: str


class EnrolRequest(Message):
    code: str = Field(min_length=4, max_length=40)
    device_id: str = Field(pattern=ID)
    name: str = Field(default="", max_length=200)
    segment: Int = Field(default=0, ge=0, le=99)  # the device's station segment; 0: none yet


class EnrolResponse(Message):
    device_id: str
    station: str
    token: str
    segment: Int  # the segment this device numbers in (registered or newly given)
    anchor_key: str = ""  # HQ's Ed25519 public key for audit anchors (base64url, raw)
    recovery_key: str = ""  # HQ's X25519 recovery public key (base64, raw): a recovery slot


class ChangeIn(Message):
    change_id: Int = Field(ge=1, le=MAX_INT)
    entity: str = Field(pattern=r"^[a-z_]{1,40}$")
    entity_id: str = Field(min_length=1, max_length=36)
    op: Op
    base_revision: Int = Field(ge=0, le=MAX_INT)
    revision: Int = Field(ge=1, le=MAX_INT)
    hlc: str = Field(max_length=96)
    fields: list[str] = Field(default_factory=list, max_length=200)
    whole_row: StrictBool = False
    values: dict[str, ColumnValue] = Field(default_factory=dict, max_length=200)


class AuditEventIn(Message):
    seq: Int = Field(ge=1, le=MAX_INT)
    id: str = Field(max_length=36)
    at: str = Field(max_length=40)
    device: str = Field(max_length=64)
    actor: str = Field(default="", max_length=100)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=40)
    entity_id: str = Field(max_length=36)
    case_id: str = Field(default="", max_length=36)
    before_json: str = ""
    after_json: str = ""
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(max_length=64)
    v: Int = Field(default=2, ge=1, le=2)


class AuditHead(Message):
    seq: Int = Field(ge=0, le=MAX_INT)
    hash: str = Field(max_length=64)


class PushRequest(Message):
    changes: list[ChangeIn] = Field(default_factory=list, max_length=MAX_CHANGES)
    audit: list[AuditEventIn] = Field(default_factory=list, max_length=MAX_AUDIT)
    audit_head: AuditHead | None = None
    device_time: str = Field(default="", max_length=40)  # the device's wall clock, ISO


class ChangeResult(Message):
    change_id: Int
    status: ChangeStatus
    revision: Int = 0
    conflicts: list[str] = Field(default_factory=list)  # fields recorded as conflicts
    reason: str = ""


class AuditAnchor(Message):
    """HQ's signature over the device's chain head it holds (``sync.anchor``)."""

    device: str = Field(max_length=64)
    seq: Int = Field(ge=1, le=MAX_INT)
    hash: str = Field(max_length=64)
    at: str = Field(max_length=40)
    key: str = Field(max_length=100)  # HQ's public key (base64url, raw Ed25519)
    signature: str = Field(max_length=200)


class PushResponse(Message):
    results: list[ChangeResult]
    audit_acked_through: Int
    alarms: list[str] = Field(default_factory=list)
    clock_skew_ms: Int = 0
    audit_anchor: AuditAnchor | None = None


class FeedChange(Message):
    seq: Int
    entity: str
    entity_id: str
    revision: Int
    hlc: str
    deleted: StrictBool
    values: dict[str, Any]


class PullResponse(Message):
    changes: list[FeedChange]
    next_cursor: Int
    more: StrictBool


class HaveRequest(Message):
    sha256: list[str] = Field(max_length=5000)


class HaveResponse(Message):
    have: list[str]


class UploadRequest(Message):
    sha256: str = Field(pattern=SHA256)
    size: Int = Field(ge=0, le=MAX_BLOB)


class UploadState(Message):
    upload_id: str
    sha256: str
    size: Int
    offset: Int
    complete: StrictBool


class ConflictOut(Message):
    id: Int
    entity: str
    entity_id: str
    field: str
    hq_value: Any
    hq_device: str
    incoming_value: Any
    incoming_device: str
    incoming_hlc: str
    kept: str
    rule: str
    created_at: str
    resolved_at: str | None
    resolution: str


class ConflictList(Message):
    conflicts: list[ConflictOut]


class ResolveRequest(Message):
    keep: Literal["hq", "incoming"]
    by: str = Field(default="", max_length=100)


class ThroughputOut(Message):
    bytes: Int
    seconds: float


class PackOut(Message):
    id: Int
    code: str
    version: str
    sha256: str
    content: str
    published_at: str


class PackList(Message):
    packs: list[PackOut]
