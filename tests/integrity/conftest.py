"""The documents fixtures (a case with photos, an evaluation and issued documents)."""

from tests.documents.conftest import (  # noqa: F401
    demo_case,
    photo_case,
    photo_case_template,
    store,
)
