"""The keys of one laptop's encrypted database, and who can open them.

The database is encrypted (SQLCipher) with a random 256-bit key, drawn at enrolment and never
written anywhere in clear. The data folder's ``keyring.json`` holds that key only in sealed forms:

- once per user, sealed to the user's own public key. Each user has an Ed25519 key pair made by IT
  when the kit is built; its private half travels only wrapped by a key derived from the user's
  password (Argon2id), in the kit and in each laptop's keyring. Signing in derives that key,
  unwraps the private key and opens the database key: a wrong password opens nothing.
- once sealed to IT's public key (escrow): IT can open a laptop whose users are gone.

A password change re-wraps the same private key under the new password (a new *credential*, signed
by the user's key and numbered): the sealed database keys on every laptop stay valid, and the new
credential travels to the other laptops like any change, where it replaces the old one. Nothing in
this file is readable without a password or IT's key; the file is written 0600 and atomically.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.public
import nacl.pwhash
import nacl.secret
import nacl.signing
import nacl.utils

from continuity.core.errors import AuthenticationError, DomainError
from continuity.paths import make_private_dir

KEYRING_NAME = "keyring.json"
KEYRING_FORMAT = 1
KEY_BYTES = 32
MAX_KEYRING_BYTES = 4 * 1024 * 1024
_KDF = nacl.pwhash.argon2id
# The OWASP/RFC 9106 interactive profile (64 MiB, 2 passes): paid once per sign-in.
USER_OPS = _KDF.OPSLIMIT_INTERACTIVE
USER_MEM = _KDF.MEMLIMIT_INTERACTIVE


class KeyringError(DomainError):
    """A keyring that is missing, damaged or does not belong to this database."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_database_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


# -- a user's credential: the private key wrapped by the password ------------------------------------

def _password_key(password: str, salt: bytes, ops: int, mem: int) -> bytes:
    # Bounds: a hostile credential from another laptop must not make us spend minutes or gigabytes.
    if not (1 <= ops <= _KDF.OPSLIMIT_SENSITIVE and 8192 <= mem <= _KDF.MEMLIMIT_SENSITIVE):
        raise ValueError("key derivation cost out of bounds")
    return _KDF.kdf(nacl.secret.SecretBox.KEY_SIZE, password.encode("utf-8"), salt, opslimit=ops, memlimit=mem)


def _signed_part(credential: dict) -> bytes:
    body = {k: v for k, v in credential.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


MAX_CHAIN = 50  # password changes per user: far beyond any downtime (each adds a link to her certificate)


def _link_statement(user: str, version: int, verify_key: str) -> bytes:
    return json.dumps({"kind": "credential", "user": user, "version": version, "verify_key": verify_key},
                      sort_keys=True, separators=(",", ":")).encode("utf-8")


def wrap_credential(user: str, seed: bytes, password: str, version: int, chain: list[dict] | None = None) -> dict:
    """The user's private key (its 32-byte seed) wrapped under ``password``, signed by that key.
    ``chain``: how this key descends from the one the kit gave (each link endorsed by the key before)."""
    salt = nacl.utils.random(_KDF.SALTBYTES)
    box = nacl.secret.SecretBox(_password_key(password, salt, USER_OPS, USER_MEM))
    signing = nacl.signing.SigningKey(seed)
    credential = {
        "user": user,
        "version": version,
        "verify_key": signing.verify_key.encode().hex(),
        "salt": _b64(salt),
        "ops": USER_OPS,
        "mem": USER_MEM,
        "wrapped": _b64(bytes(box.encrypt(seed))),
        "chain": list(chain or []),
    }
    credential["signature"] = signing.sign(_signed_part(credential)).signature.hex()
    return credential


def new_credential(user: str, password: str) -> dict:
    """A new key pair for a user (made by IT when building the kit), wrapped under the initial password."""
    return wrap_credential(user, nacl.utils.random(KEY_BYTES), password, 1)


def rotate_credential(credential: dict, old_key: nacl.signing.SigningKey, new_password: str) -> tuple[dict, nacl.signing.SigningKey]:
    """A password change: a new key pair, endorsed by the old key. Whatever the old password (or the
    kit's initial one) unwraps no longer opens a keyring that was re-sealed for the new key."""
    seed = nacl.utils.random(KEY_BYTES)
    new_key = nacl.signing.SigningKey(seed)
    version = credential["version"] + 1
    verify_key = new_key.verify_key.encode().hex()
    link = {"version": version, "verify_key": verify_key,
            "signature": old_key.sign(_link_statement(credential["user"], version, verify_key)).signature.hex()}
    return wrap_credential(credential["user"], seed, new_password, version, [*credential.get("chain", []), link]), new_key


def chain_key(user: str, root_verify_key: str, chain: object) -> str | None:
    """The key a chain of endorsements leads to from the kit's key, or None if a link is not sound."""
    if not isinstance(chain, list) or len(chain) > MAX_CHAIN:
        return None
    current = root_verify_key
    for expected, link in enumerate(chain, start=2):
        if not isinstance(link, dict) or link.get("version") != expected or not isinstance(link.get("verify_key"), str):
            return None
        try:
            nacl.signing.VerifyKey(bytes.fromhex(current)).verify(_link_statement(user, expected, link["verify_key"]),
                                                                  bytes.fromhex(link["signature"]))
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError, KeyError):
            return None
        current = link["verify_key"]
    return current


def credential_is_valid(credential: object, user: str, root_verify_key: str | None) -> bool:
    """A credential for that user, signed by its own key, which descends from the key the kit gave."""
    if not isinstance(credential, dict) or credential.get("user") != user or not isinstance(root_verify_key, str):
        return False
    if type(credential.get("version")) is not int or not isinstance(credential.get("signature"), str):
        return False
    chain = credential.get("chain", [])
    if chain_key(user, root_verify_key, chain) != credential.get("verify_key") or credential["version"] != len(chain) + 1:
        return False
    try:
        nacl.signing.VerifyKey(bytes.fromhex(credential["verify_key"])).verify(_signed_part(credential),
                                                                               bytes.fromhex(credential["signature"]))
        _unb64(credential["salt"]), _unb64(credential["wrapped"])
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError, KeyError):
        return False
    return True


def credential_rank(credential: dict) -> tuple[int, str]:
    """Which of two credentials wins: the later version; between two changes of the same version
    made on two laptops apart, the same one everywhere."""
    return credential["version"], hashlib.sha256(_signed_part(credential)).hexdigest()


def unwrap_credential(credential: dict, password: str) -> nacl.signing.SigningKey:
    """The user's signing key, or AuthenticationError for a wrong password."""
    try:
        key = _password_key(password, _unb64(credential["salt"]), int(credential["ops"]), int(credential["mem"]))
        seed = nacl.secret.SecretBox(key).decrypt(_unb64(credential["wrapped"]))
        signing = nacl.signing.SigningKey(seed)
    except (nacl.exceptions.CryptoError, ValueError, TypeError, KeyError):
        raise AuthenticationError("Wrong user name or password.", field="password") from None
    if signing.verify_key.encode().hex() != credential.get("verify_key"):
        raise AuthenticationError("Wrong user name or password.", field="password")
    return signing


# -- the keyring file -------------------------------------------------------------------------------

def seal_to_user(database_key: bytes, verify_key_hex: str) -> str:
    public = nacl.signing.VerifyKey(bytes.fromhex(verify_key_hex)).to_curve25519_public_key()
    return _b64(nacl.public.SealedBox(public).encrypt(database_key))


def seal_to_it(database_key: bytes, it_public_key_hex: str) -> str:
    return _b64(nacl.public.SealedBox(nacl.public.PublicKey(bytes.fromhex(it_public_key_hex))).encrypt(database_key))


@dataclass(frozen=True)
class Unlocked:
    database_key: bytes
    signing_key: nacl.signing.SigningKey | None  # the user's (None when IT opened it with its key)


def make_keyring(database_key: bytes, *, ward: dict, device: str, it_public_key: str, credentials: list[dict]) -> dict:
    """A keyring for a database key: one entry per user of the kit, and IT's escrow."""
    return {
        "format": KEYRING_FORMAT,
        "ward": {"id": ward["id"], "name": ward.get("name", "")},
        "device": device,
        "it_public_key": it_public_key,
        "escrow": seal_to_it(database_key, it_public_key),
        "users": {
            c["user"]: {"credential": c, "database_key": seal_to_user(database_key, c["verify_key"])} for c in credentials
        },
    }


def unlock(keyring: dict, user: str, password: str) -> Unlocked:
    entry = keyring.get("users", {}).get(user)
    if not isinstance(entry, dict):
        # As long as a wrong password would take: a wrong name says nothing about who exists.
        _password_key(password, bytes(_KDF.SALTBYTES), USER_OPS, USER_MEM)
        raise AuthenticationError("Wrong user name or password.", field="password")
    if not isinstance(entry.get("credential"), dict) or not isinstance(entry.get("database_key"), str):
        raise KeyringError("This laptop's keyring is damaged for {user}: ask IT to open it with its key.", field="password", user=user)
    signing = unwrap_credential(entry["credential"], password)
    try:
        private = signing.to_curve25519_private_key()
        database_key = nacl.public.SealedBox(private).decrypt(_unb64(entry["database_key"]))
    except (nacl.exceptions.CryptoError, ValueError, KeyError):
        raise KeyringError("This laptop's keyring is damaged for {user}: ask IT to open it with its key.", field="password",
                           user=user) from None
    return Unlocked(database_key, signing)


def unlock_with_it(keyring: dict, it_private_key_hex: str) -> Unlocked:
    try:
        private = nacl.public.PrivateKey(bytes.fromhex(it_private_key_hex))
        return Unlocked(nacl.public.SealedBox(private).decrypt(_unb64(keyring["escrow"])), None)
    except (nacl.exceptions.CryptoError, ValueError, KeyError, TypeError):
        raise KeyringError("IT's key does not open this laptop (another ward, or another kit).", field="it_key") from None


def with_credential(keyring: dict, credential: dict, database_key: bytes) -> dict:
    """The keyring with a user's newer credential, the database key sealed to its new key."""
    users = dict(keyring["users"])
    users[credential["user"]] = {"credential": credential, "database_key": seal_to_user(database_key, credential["verify_key"])}
    return {**keyring, "users": users}


def with_users(keyring: dict, database_key: bytes, credentials: list[dict]) -> dict:
    """The keyring for a kit's users (their version-1 credentials, whose keys are the roots): new users
    added, a password changed here since (a credential descending from the same root) kept."""
    users = {}
    for credential in credentials:
        current = keyring.get("users", {}).get(credential["user"])
        if current and credential_is_valid(current.get("credential"), credential["user"], credential["verify_key"]) \
                and current["credential"]["version"] >= credential["version"]:
            users[credential["user"]] = current  # changed here since: kept
        else:
            users[credential["user"]] = {"credential": credential, "database_key": seal_to_user(database_key, credential["verify_key"])}
    return {**keyring, "users": users}


ESCROW_NAME = "escrow.json"


def write_escrow(folder: Path, database_key: bytes, it_public_key: str) -> None:
    """IT's copy of the database key, apart from the keyring: a keyring lost or damaged does not
    take IT's way in with it."""
    write_private_file(folder / ESCROW_NAME, json.dumps({"format": KEYRING_FORMAT, "escrow": seal_to_it(database_key, it_public_key)})
                       .encode("utf-8"))


def read_escrow(folder: Path) -> dict | None:
    try:
        with open(folder / ESCROW_NAME, "rb") as handle:
            escrow = json.loads(handle.read(64 * 1024).decode("utf-8"))
        return escrow if isinstance(escrow, dict) and isinstance(escrow.get("escrow"), str) else None
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None


def keyring_path(folder: Path) -> Path:
    return folder / KEYRING_NAME


def read_keyring(folder: Path) -> dict | None:
    """The data folder's keyring, or None when it has none (a clear folder of an earlier version)."""
    path = keyring_path(folder)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_KEYRING_BYTES + 1)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise KeyringError("This laptop's keyring is damaged: ask IT to open it with its key.") from None
    try:
        if len(raw) > MAX_KEYRING_BYTES:
            raise ValueError("too large")
        keyring = json.loads(raw.decode("utf-8"))
        if keyring.get("format") != KEYRING_FORMAT or not isinstance(keyring.get("users"), dict):
            raise ValueError("unknown format")
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        raise KeyringError("This laptop's keyring is damaged: ask IT to open it with its key.") from None
    return keyring


def write_private_file(path: Path, data: bytes) -> None:
    """Write a file only its owner can read, atomically (temporary name, fsync, rename)."""
    make_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, 0o600)  # an existing temporary keeps its mode through O_CREAT
    temporary.replace(path)


def write_keyring(folder: Path, keyring: dict) -> None:
    write_private_file(keyring_path(folder), json.dumps(keyring, indent=1, sort_keys=True).encode("utf-8"))
