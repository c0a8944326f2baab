"""Search terms and the trigram index: which terms the index can answer (plain Python).

``MIN_TRIGRAM``: the FTS5 trigram index matches terms of at least this many characters; a search
whose terms are all shorter is answered with ``LIKE`` (``gridapp.caselog.query``).
"""

from __future__ import annotations

MIN_TRIGRAM = 3


def short_search(text: str | None) -> bool:
    """Whether ``text`` has terms and all are too short for the trigram index."""
    terms = (text or "").split()
    return bool(terms) and all(len(term) < MIN_TRIGRAM for term in terms)
