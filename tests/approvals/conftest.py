"""Approvals and follow-ups reuse the documents' station with a photo case and evaluation."""

from __future__ import annotations

from tests.documents.conftest import (  # noqa: F401  (fixtures)
    demo_case,
    photo_case,
    photo_case_template,
    store,
)
