"""Evidence (证据): content-addressed blob store, capture pipeline, integrity checks.

This package's ``__init__`` imports nothing: the decode worker runs ``gridapp.evidence.worker``
in a subprocess and must not pay for SQLAlchemy or the models.
"""
