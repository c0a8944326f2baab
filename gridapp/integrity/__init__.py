"""Station-wide verification (``gridapp verify``): the live state checked against the record.

``chain`` (the audit chain, its sealed head, the device's high-water mark), ``rows`` (every
syncable row against the digest its last audit event recorded), ``pools`` (number ranges
against the numbers in use) and ``files`` (every blob a row references) each add findings to
one ``Report``; ``station.verify_station`` runs them all.
"""
