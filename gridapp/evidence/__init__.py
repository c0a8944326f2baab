"""Evidence (证据): capture, integrity, and a blob store that never loses a file.

Modules: ``blobstore`` (content-addressed files, atomic and durable writes, gc; also used for
issued PDFs), ``fsops`` (the OS calls it makes, replaceable to inject faults), ``sniff`` (type
from content), ``intake`` (checks before copying), ``imaging`` + ``worker`` (EXIF and derivatives,
decoded in a memory-limited subprocess), ``avprobe`` (video/audio headers), ``capture`` (the
all-or-nothing import), ``service`` (list, caption, withdraw), ``integrity`` (verify, gc
references), ``export`` (originals + manifest).

This ``__init__`` imports nothing: the decode worker runs ``gridapp.evidence.worker`` in a
subprocess and must not pay for SQLAlchemy or the models.
"""
