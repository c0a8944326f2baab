"""Jurisdiction packs (地方规则包): versioned, validated legal data per city.

Public API: ``load_pack(code)``, ``list_packs()``, ``validate_file(path)``, ``DEFAULT_PACK`` and
the typed model (``JurisdictionPack``, ``ViolationType``, ``FineRange`` …).
"""

from __future__ import annotations

from gridapp.packs.loader import DEFAULT_PACK, list_packs, load_pack, packs_dir, validate_file
from gridapp.packs.model import (
    BRANCHES,
    EVENT_CLASSES,
    PARTY_KINDS,
    DeadlineRule,
    DiscretionBenchmark,
    ExemptionItem,
    Factor,
    FineRange,
    HearingThresholds,
    HolidayCalendar,
    JurisdictionPack,
    PackInfo,
    SeverityTier,
    ViolationType,
)

__all__ = [
    "BRANCHES",
    "DEFAULT_PACK",
    "EVENT_CLASSES",
    "PARTY_KINDS",
    "DeadlineRule",
    "DiscretionBenchmark",
    "ExemptionItem",
    "Factor",
    "FineRange",
    "HearingThresholds",
    "HolidayCalendar",
    "JurisdictionPack",
    "PackInfo",
    "SeverityTier",
    "ViolationType",
    "list_packs",
    "load_pack",
    "packs_dir",
    "validate_file",
]
