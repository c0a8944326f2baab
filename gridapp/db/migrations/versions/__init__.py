"""Alembic revisions (a package so the layer contracts and the wheel include them)."""
