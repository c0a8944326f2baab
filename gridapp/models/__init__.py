"""The domain model (glossary names). Importing this package registers every table."""

from gridapp.models.approval import Approval
from gridapp.models.audit import AuditEvent, OutboxEntry
from gridapp.models.base import Base, SyncMixin, new_id, utcnow
from gridapp.models.case import Case, CaseOfficer, Deadline, FollowUp
from gridapp.models.derived import CaseStat
from gridapp.models.document import Document, DocumentService, NumberPool
from gridapp.models.evaluation import RuleEvaluation
from gridapp.models.evidence import Evidence
from gridapp.models.execution import Execution
from gridapp.models.meta import Meta
from gridapp.models.party import Party
from gridapp.models.station import Grid, Officer, Station
from gridapp.models.sync_state import BlobReceipt, SyncConflict

__all__ = [
    "Approval",
    "AuditEvent",
    "Base",
    "BlobReceipt",
    "Case",
    "CaseOfficer",
    "CaseStat",
    "Deadline",
    "Document",
    "DocumentService",
    "Evidence",
    "Execution",
    "FollowUp",
    "Grid",
    "Meta",
    "NumberPool",
    "Officer",
    "OutboxEntry",
    "Party",
    "RuleEvaluation",
    "Station",
    "SyncConflict",
    "SyncMixin",
    "new_id",
    "utcnow",
]
