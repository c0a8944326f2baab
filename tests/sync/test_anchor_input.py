"""An anchor that arrives in a push answer is kept only when it is HQ's and names this chain."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gridapp import anchors, audit
from gridapp.models import Meta
from gridapp.store import StationStore
from sync import protocol as p
from sync.station import _keep_anchor


def _anchor(key: Ed25519PrivateKey, device: str, seq: int, digest: str,
            signed_digest: str | None = None) -> p.AuditAnchor:
    at = "2026-11-29T06:00:00Z"
    return p.AuditAnchor(device=device, seq=seq, hash=digest, at=at,
                         key=anchors.public_key_text(key),
                         signature=anchors.sign(key, device, seq, signed_digest or digest, at))


@pytest.mark.parametrize("case", ["other key", "bad signature", "other device", "other hash",
                                  "beyond the chain"])
def test_a_bad_anchor_is_refused_with_a_reason_and_not_kept(store: StationStore,
                                                           case: str) -> None:
    hq, intruder = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    with store.session() as s:
        s.merge(Meta(key=anchors.PINNED_KEY, value=anchors.public_key_text(hq)))
    with store.read() as s:
        seq, digest = audit._head(s)
    anchor = {
        "other key": _anchor(intruder, store.device_id, seq, digest),
        "bad signature": _anchor(hq, store.device_id, seq, digest, signed_digest="x" * 43),
        "other device": _anchor(hq, "someoneelse", seq, digest),
        "other hash": _anchor(hq, store.device_id, seq, "y" * 43),
        "beyond the chain": _anchor(hq, store.device_id, seq + 5, digest),
    }[case]
    with store.session() as s:
        problem = _keep_anchor(s, store, anchor)
    assert problem and "指挥中心" in problem
    with store.read() as s:
        assert s.get(Meta, anchors.ANCHOR_KEY) is None, "nothing kept"
    with store.session() as s:  # HQ's own, for this chain: kept
        assert _keep_anchor(s, store, _anchor(hq, store.device_id, seq, digest)) == ""
    with store.read() as s:
        assert s.get(Meta, anchors.ANCHOR_KEY) is not None
