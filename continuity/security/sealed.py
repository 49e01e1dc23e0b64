"""Files sealed with a passphrase: Argon2id key derivation + XSalsa20-Poly1305 (PyNaCl SecretBox).

Used for the ward kit and IT's key file. Any change to the file, or a wrong passphrase, fails the
authentication tag: there is no way to read a damaged kit "partly".
"""

from __future__ import annotations

import json
import stat
import zlib
from pathlib import Path

import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.exceptions import CryptoError

from continuity.core.errors import KitError

_KDF = nacl.pwhash.argon2id
# The kit travels on USB sticks: the "moderate" cost (256 MiB, about a second) makes guessing a
# passphrase from a lost stick expensive, and is paid once per enrolment.
_OPS = _KDF.OPSLIMIT_MODERATE
_MEM = _KDF.MEMLIMIT_MODERATE
MAX_SEALED_BYTES = 32 * 1024 * 1024


def read_limited(path: Path, limit: int = MAX_SEALED_BYTES, *, field: str = "kit") -> bytes:
    """A file's bytes, refused before reading past ``limit`` (a device such as /dev/zero, a folder or
    a huge file is said as such, not read until memory runs out)."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise KitError("{path} is not an ordinary file.", field=field, path=str(path))
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise KitError("File not found: {path}", field=field, path=str(path)) from None
    except PermissionError:
        raise KitError("This file cannot be read (permission denied): {path}", field=field, path=str(path)) from None
    except OSError as error:
        raise KitError("This file cannot be read ({error}): {path}", field=field, path=str(path), error=error.strerror or "") from None
    if len(data) > limit:
        raise KitError("This file is too large ({path}).", field=field, path=str(path))
    return data


def _key(passphrase: str, salt: bytes) -> bytes:
    return _KDF.kdf(nacl.secret.SecretBox.KEY_SIZE, passphrase.encode("utf-8"), salt, opslimit=_OPS, memlimit=_MEM)


def seal(payload: dict, passphrase: str, magic: bytes) -> bytes:
    if not passphrase:
        raise KitError("The passphrase must not be empty.", field="passphrase")
    salt = nacl.utils.random(_KDF.SALTBYTES)
    plain = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("utf-8"), 9)
    box = nacl.secret.SecretBox(_key(passphrase, salt))
    return magic + salt + bytes(box.encrypt(plain))


def unseal(blob: bytes, passphrase: str, magic: bytes) -> dict:
    if len(blob) > MAX_SEALED_BYTES:
        raise KitError("This file is too large to be a ward kit.", field="kit")
    if not blob.startswith(magic):
        raise KitError("This file is not a Continuity ward kit (or is damaged at its start).", field="kit")
    body = blob[len(magic):]
    salt, sealed = body[: _KDF.SALTBYTES], body[_KDF.SALTBYTES:]
    if len(salt) != _KDF.SALTBYTES or len(sealed) < nacl.secret.SecretBox.NONCE_SIZE + 16:
        raise KitError("The ward kit is truncated: copy it again from IT's original.", field="kit")
    try:
        plain = nacl.secret.SecretBox(_key(passphrase, salt)).decrypt(sealed)
    except CryptoError:
        raise KitError("Wrong passphrase, or the ward kit is damaged.", field="passphrase") from None
    try:
        return json.loads(zlib.decompress(plain))
    except (zlib.error, ValueError, RecursionError):
        raise KitError("The ward kit is damaged: copy it again from IT's original.", field="kit") from None
