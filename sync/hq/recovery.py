"""HQ's recovery key: an X25519 key pair in the HQ data directory (``recovery-key.pem``, 0600).

Stations receive the public key at enrolment and wrap their data key for it in a recovery slot
(``gridapp.keys.slots``). ``recovery_code`` opens such a slot (from a station's ``keys.json``
brought to HQ) and returns the code the station's ``gridapp device recover`` takes. Whoever
holds the private key can open every enrolled station's data given its files: keep the HQ data
directory on an access-controlled server and back the key up offline (docs/SECURITY.md).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

KEY_FILENAME = "recovery-key.pem"


def load_or_create(data_dir: Path) -> X25519PrivateKey:
    path = data_dir / KEY_FILENAME
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        key = X25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        return key
    if not isinstance(key, X25519PrivateKey):
        raise ValueError(f"{path} is not an X25519 private key")
    return key


def public_text(key: X25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def private_raw(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
