"""Enforcement documents: templates, filling, gates, numbering, issue/void, 送达, rendering and
the case file (案卷)."""
