"""The reconciliation workspace: IT's own encrypted database, never a laptop's, built from every
bundle found in shared folders, USB sticks or laptops' outboxes, opened with IT's key.

It has the laptops' schema and replays their bundles with the laptops' own checks (signature, chain,
sequence, user certificates, entry checks, revocations), so that it ends with exactly what a laptop
that had received every file would hold; bundles are opened with IT's private key (each carries its
content key sealed to it). Its database key is random, sealed to IT's public key and wrapped by
IT's passphrase (``workspace.key``), never on disk in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import nacl.exceptions
import nacl.public
import nacl.pwhash
import nacl.secret
import nacl.utils

from continuity.core import hlc
from continuity.core.errors import DomainError
from continuity.core.ward import ward_from_dict
from continuity.interop import authorities
from continuity.paths import make_private_dir
from continuity.security import vault
from continuity.store import enrolment as enrolment_store
from continuity.store.tx import Store, WriteTx

KEY_FILE = "workspace.key"
DATABASE = "workspace.db"
WORKSPACE_DEVICE_NAME = "reconcile"
_KDF = nacl.pwhash.argon2id


class WorkspaceError(DomainError):
    """A workspace that cannot be made or opened."""


@dataclass(frozen=True)
class Workspace:
    folder: Path
    store: Store
    it_private_key: str | None  # to open the bundles (None: opened by passphrase, bundles opened with the escrowed copy)


# The cost of deriving the key from IT's passphrase: moderate (about half a second, 256 MiB), once
# per opening. Stored with the wrapped key, so that a file keeps opening whatever the constants
# become; a file claiming less than the interactive cost is refused as damaged. (The test suite
# makes its workspaces at the interactive cost: tests/conftest.py.)
PRODUCT_OPS, PRODUCT_MEM = _KDF.OPSLIMIT_MODERATE, _KDF.MEMLIMIT_MODERATE
WRAP_OPS, WRAP_MEM = PRODUCT_OPS, PRODUCT_MEM


def _wrap(key: bytes, passphrase: str) -> dict:
    salt = nacl.utils.random(_KDF.SALTBYTES)
    box = nacl.secret.SecretBox(_KDF.kdf(32, passphrase.encode("utf-8"), salt, opslimit=WRAP_OPS, memlimit=WRAP_MEM))
    return {"salt": base64.b64encode(salt).decode(), "box": base64.b64encode(bytes(box.encrypt(key))).decode(), "ops": WRAP_OPS,
            "mem": WRAP_MEM}


def _cost(wrapped: dict) -> tuple[int, int]:
    ops, mem = wrapped.get("ops", _KDF.OPSLIMIT_MODERATE), wrapped.get("mem", _KDF.MEMLIMIT_MODERATE)
    if not (isinstance(ops, int) and isinstance(mem, int) and _KDF.OPSLIMIT_INTERACTIVE <= ops <= _KDF.OPSLIMIT_SENSITIVE
            and _KDF.MEMLIMIT_INTERACTIVE <= mem <= _KDF.MEMLIMIT_SENSITIVE):
        raise ValueError("key derivation cost out of bounds")
    return ops, mem


def _unwrap(wrapped: dict, passphrase: str) -> bytes:
    try:
        ops, mem = _cost(wrapped)
        key = _KDF.kdf(32, passphrase.encode("utf-8"), base64.b64decode(wrapped["salt"]), opslimit=ops, memlimit=mem)
        return nacl.secret.SecretBox(key).decrypt(base64.b64decode(wrapped["box"]))
    except (nacl.exceptions.CryptoError, ValueError, KeyError, TypeError, AttributeError):
        raise WorkspaceError("Wrong passphrase of IT's key, or the workspace's key file is damaged.", field="it_passphrase") from None


def create(folder: Path, kit: dict, it_payload: dict, it_passphrase: str) -> Workspace:
    """A new workspace for the kit's ward (refused where one already is)."""
    if (folder / KEY_FILE).exists() or (folder / DATABASE).exists():
        raise WorkspaceError("A reconciliation workspace is already in {folder}: add folders to it, or choose another.",
                             field="workspace", folder=str(folder))
    if it_payload.get("ward_id") != kit["ward"]["id"]:
        raise WorkspaceError("This IT key belongs to ward {ward}, not to {this}.", field="it_key", ward=it_payload.get("ward_id"),
                             this=kit["ward"]["id"])
    try:
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            # Never in a laptop's data folder, a home or /tmp: the workspace makes its folder private (owner only).
            raise WorkspaceError("{folder} is not a new or empty folder: give one for the workspace alone.", field="workspace",
                                 folder=str(folder))
        make_private_dir(folder)
    except OSError as error:
        raise WorkspaceError("The workspace cannot be made in {folder} ({error}).", field="workspace", folder=str(folder),
                             error=error.strerror or str(error)) from None
    key = vault.new_database_key()
    payload = {"format": 1, "ward": kit["ward"]["id"], "kit_id": kit["kit_id"], "it": vault.seal_to_it(key, kit["it_public_key"]),
               "passphrase": _wrap(key, it_passphrase),
               # IT's private key, sealed with the workspace's own key: `add` opens bundles with the passphrase alone.
               "it_private_key": base64.b64encode(bytes(nacl.secret.SecretBox(key).encrypt(bytes.fromhex(it_payload["it_private_key"])))).decode()}
    vault.write_private_file(folder / KEY_FILE, json.dumps(payload, indent=1).encode("utf-8"))
    store = Store(folder / DATABASE, key=key)
    _enrol(store, kit)
    return Workspace(folder, store, it_payload["it_private_key"])


def open_workspace(folder: Path, it_passphrase: str) -> Workspace:
    try:
        with open(folder / KEY_FILE, "rb") as handle:
            payload = json.loads(handle.read(64 * 1024).decode("utf-8"))
    except FileNotFoundError:
        raise WorkspaceError("No reconciliation workspace in {folder}: make one with 'reconcile open'.", field="workspace",
                             folder=str(folder)) from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise WorkspaceError("The workspace's key file is damaged.", field="workspace") from None
    if not isinstance(payload, dict):
        raise WorkspaceError("The workspace's key file is damaged.", field="workspace")
    key = _kept_key(folder, payload.get("passphrase") or {}, it_passphrase)
    try:
        private = bytes(nacl.secret.SecretBox(key).decrypt(base64.b64decode(payload["it_private_key"]))).hex()
    except (nacl.exceptions.CryptoError, ValueError, KeyError, TypeError):
        raise WorkspaceError("The workspace's key file is damaged.", field="workspace") from None
    database = folder / DATABASE
    if not database.is_file() or database.stat().st_size == 0:  # opened, it would be made again empty, and all would look fine
        raise WorkspaceError("The workspace's database ({file}) in {folder} is missing or empty: restore it from a backup.", field="workspace",
                             file=DATABASE, folder=str(folder))
    return Workspace(folder, Store(folder / DATABASE, key=key), private)


# Workspaces a window keeps unlocked (see keep_unlocked): folder -> (fingerprint of the wrapped key and
# passphrase, the database key). Each service call opens the workspace anew, and unwrapping the key
# (Argon2id, ~0.5 s and 256 MB) on every click would make a window slow; a window holds IT's
# passphrase for its lifetime anyway, so holding the key it opens changes nothing of what is exposed.
_kept: dict[Path, tuple[bytes, bytes]] = {}
_kept_lock = threading.Lock()
_PROCESS_SALT = nacl.utils.random(32)  # fingerprints mean nothing outside this process


def _fingerprint(wrapped: dict, passphrase: str) -> bytes:
    return hashlib.blake2b(json.dumps(wrapped, sort_keys=True).encode() + b"\0" + passphrase.encode("utf-8"), key=_PROCESS_SALT).digest()


def _kept_key(folder: Path, wrapped: dict, passphrase: str) -> bytes:
    """The database key: unwrapped by the passphrase, or the one kept for this folder when the same
    passphrase opens the same key file again (a wrong passphrase is always refused)."""
    with _kept_lock:
        kept = _kept.get(folder.resolve())
    if kept is not None and hmac.compare_digest(kept[0], _fingerprint(wrapped, passphrase)):
        return kept[1]
    return _unwrap(wrapped, passphrase)


def keep_unlocked(folder: Path, it_passphrase: str) -> None:
    """Check the passphrase once and keep the key: later openings of ``folder`` with the same
    passphrase skip the key derivation, until ``let_go(folder)``."""
    try:
        with open(folder / KEY_FILE, "rb") as handle:
            wrapped = json.loads(handle.read(64 * 1024).decode("utf-8")).get("passphrase") or {}
    except FileNotFoundError:
        raise WorkspaceError("No reconciliation workspace in {folder}: make one with 'reconcile open'.", field="workspace",
                             folder=str(folder)) from None
    except (OSError, ValueError, UnicodeDecodeError, AttributeError):
        raise WorkspaceError("The workspace's key file is damaged.", field="workspace") from None
    key = _unwrap(wrapped, it_passphrase)
    with _kept_lock:
        _kept[folder.resolve()] = (_fingerprint(wrapped, it_passphrase), key)


def let_go(folder: Path) -> None:
    with _kept_lock:
        _kept.pop(folder.resolve(), None)


def _enrol(store: Store, kit: dict) -> None:
    """The workspace knows the ward as a laptop does (units, users' keys, laptops' keys, IT's keys),
    under an identity of its own that never writes a bundle."""
    ward = ward_from_dict(kit["ward"])
    now = datetime.now(timezone.utc)
    with store.raw_transaction() as db:
        enrolment_store.write_ward(db, ward, {c["user"]: c["verify_key"] for c in kit["credentials"]})
        # The hospital's authorities from the kit's [interop] table: the HL7 and FHIR exports file numbers under them.
        authorities.save(db, authorities.from_config(ward.interop))
        enrolment_store.write_keys(db, {"it_public_key": kit["it_public_key"], "it_verify_key": kit["it_verify_key"]},
                                   kit["devices"], kit["kit_id"])
        enrolment_store.write_device(db, device_id=uuid.uuid4().hex, device_name=WORKSPACE_DEVICE_NAME, ward=ward,
                                     kit_id=kit["kit_id"], enrolled_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                     hlc_now=hlc.pack(int(store.clock() * 1000), 0))
        tx = WriteTx(store, None)
        tx.audit("reconcile.open", "ward", ward.id, detail={"kit": kit["kit_id"], "laptops": len(kit["devices"])})
        tx.finish()
