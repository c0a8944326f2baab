"""Audit anchors: HQ's signed statement that it holds a device's audit chain up to ``seq`` with
head ``hash``. The station keeps the newest one; ``gridapp verify`` then detects a chain that
was rewritten or cut below it even by someone who also holds the station's chain key.

Ed25519 (``cryptography``). The signed text is ``ANCHOR_CONTEXT``, device, seq, hash and time,
one per line. The station pins HQ's public key the first time it sees it (at enrolment or the
first anchor) and ignores anchors under any other key.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
)

ANCHOR_CONTEXT = "gridapp-audit-anchor/1"
KEY_FILENAME = "anchor-signing.pem"
# Station ``meta``: HQ's pinned public key, and the newest anchor (JSON of its fields).
PINNED_KEY = "hq_anchor_key"
ANCHOR_KEY = "hq_anchor"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signed_text(device: str, seq: int, digest: str, at: str) -> bytes:
    return f"{ANCHOR_CONTEXT}\n{device}\n{seq}\n{digest}\n{at}".encode()


def public_key_text(key: Ed25519PrivateKey) -> str:
    return _b64(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def sign(key: Ed25519PrivateKey, device: str, seq: int, digest: str, at: str) -> str:
    return _b64(key.sign(signed_text(device, seq, digest, at)))


def signature_holds(public_key: str, signature: str, device: str, seq: int, digest: str,
                    at: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(_unb64(public_key))
        key.verify(_unb64(signature), signed_text(device, seq, digest, at))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def load_or_create_signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """HQ's signing key in its data directory (shared by every server process on it), made
    once (written to a temporary file, then linked into place: never replaced)."""
    path = data_dir / KEY_FILENAME
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
        tmp = path.with_name(f".{KEY_FILENAME}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    loaded = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return loaded
