"""Encryption keys of a station: one random data key, wrapped in key slots (``keys.json``).

- ``slots``: the key file — a slot per account (Argon2id-derived key-encryption key, AES-GCM
  wrap), one for HQ's recovery public key (X25519), and on demo stations an open slot;
- ``backoff``: the one policy for waits and locks after wrong passwords;
- ``unlock``: the process's unlocked keys and the credentials it was given (CLI, desktop);
- ``streams``: files encrypted in chunks (AES-GCM, STREAM construction) so a 200 MB video is
  never held in memory.
"""
