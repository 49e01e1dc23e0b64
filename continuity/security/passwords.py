"""Password hashing with Argon2id (argon2-cffi's RFC 9106 low-memory profile: 64 MiB, t=3, p=4,
stronger than the OWASP minimum of 19 MiB, t=2, p=1)."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# Easy to read aloud and to type on a French keyboard: no 0/O, 1/l/I, no y/z (QWERTZ/AZERTY swaps).
_ALPHABET = "abcdefghjkmnpqrstuvwx23456789"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def is_password_hash(value: str) -> bool:
    return value.startswith("$argon2id$")


def generate_password(groups: int = 3, size: int = 4) -> str:
    """An initial password like 'k4mt-9qrd-vx2e' for IT to hand out."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))
