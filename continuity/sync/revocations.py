"""IT revokes a laptop (stolen, lost, or its package lost): a signed file that travels through the
shared folder like any file.

``<folder>/it/<id>.revocation`` names the laptop, the last of its bundles still trusted, and a new
ward secret sealed to each remaining laptop's own key. Every laptop that reads it checks IT's
signature against the IT key it was enrolled with, sets aside that laptop's later bundles, and
seals its own new bundles with the new secret, which the revoked laptop cannot open. A file IT did
not sign is set aside with its reason, like a bad bundle.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

import nacl.exceptions
import nacl.public
import nacl.signing
import nacl.utils
import orjson

from continuity.core.errors import DomainError
from continuity.security import signed
from continuity.sync.bundle import BundleError

FOLDER = "it"
SUFFIX = ".revocation"
MAX_BYTES = 1024 * 1024
FORMAT = 1


def make(kit: dict, it_payload: dict, device_name: str, *, last_good: int, reason: str, now: datetime | None = None,
         already_revoked: set[str] = frozenset()) -> tuple[str, bytes]:
    """A revocation of ``device_name`` (its bundles numbered above ``last_good`` are refused) with
    the next ward secret for the other laptops, except those revoked before (``already_revoked``:
    device ids). Returns its file name and bytes."""
    device = next((d for d in kit["devices"] if d["name"] == device_name), None)
    if device is None:
        raise DomainError("This kit has no laptop named {name} (it has: {names}).", field="device", name=device_name,
                          names=", ".join(d["name"] for d in kit["devices"]))
    secret = nacl.utils.random(32)
    sealed = {}
    for other in kit["devices"]:
        if other["device_id"] != device["device_id"] and other["device_id"] not in already_revoked:
            public = nacl.signing.VerifyKey(bytes.fromhex(other["verify_key"])).to_curve25519_public_key()
            sealed[other["device_id"]] = base64.b64encode(nacl.public.SealedBox(public).encrypt(secret)).decode()
    revocation_id = uuid.uuid4().hex
    payload = {
        "kind": "revocation", "format": FORMAT, "ward": kit["ward"]["id"], "revocation_id": revocation_id,
        "issued_at": (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "device_id": device["device_id"], "device_name": device_name, "last_good_bundle": int(last_good),
        "reason": reason[:500], "secret_id": revocation_id, "secrets": sealed,
    }
    envelope = {"revocation": payload, "signature": signed.sign(payload, it_payload["it_signing_key"])}
    return f"{revocation_id}{SUFFIX}", json.dumps(envelope, sort_keys=True, indent=1).encode("utf-8")


def revoked_in(root: Path, it_verify_key: str, ward_id: str, *, folder: str = FOLDER) -> set[str]:
    """The devices the revocations IT signed in this folder name (read before issuing another)."""
    found = set()
    for path in files(root, folder):
        try:
            with open(path, "rb") as handle:
                found.add(check(handle.read(MAX_BYTES + 1), it_verify_key, ward_id)["device_id"])
        except (BundleError, OSError):
            continue
    return found


def files(root: Path, name: str = FOLDER) -> list[Path]:
    folder = root / name
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX) and not p.name.startswith("."))


def check(data: bytes, it_verify_key: str | None, ward_id: str) -> dict:
    """The revocation, if IT signed it for this ward; else a BundleError with its reason."""
    try:
        envelope = orjson.loads(data)  # depth-limited (nested 200 000 deep is refused, not a crash)
        payload = envelope["revocation"]
    except (ValueError, UnicodeDecodeError, KeyError, TypeError, RecursionError):
        raise BundleError("bad_revocation", "This file in the IT folder is not a revocation that can be read.") from None
    if not signed.is_signed_by(payload, envelope.get("signature"), it_verify_key):
        raise BundleError("bad_signature", "This revocation is not signed by this ward's IT: it is ignored.")
    if payload.get("ward") != ward_id:
        raise BundleError("wrong_ward", "This bundle belongs to another ward ({ward}).", ward=str(payload.get("ward"))[:40])
    if payload.get("format") != FORMAT or type(payload.get("last_good_bundle")) is not int or not isinstance(payload.get("secrets"), dict):
        raise BundleError("newer_version", "This revocation was written by a newer version of Continuity: it is kept and will "
                          "apply once this laptop is updated.")
    return payload


def secret_for(payload: dict, device_id: str, signing_key_hex: str) -> bytes | None:
    """The new ward secret sealed to this laptop (None for the revoked one)."""
    sealed = payload["secrets"].get(device_id)
    if sealed is None:
        return None
    try:
        private = nacl.signing.SigningKey(bytes.fromhex(signing_key_hex)).to_curve25519_private_key()
        return nacl.public.SealedBox(private).decrypt(base64.b64decode(sealed))
    except (nacl.exceptions.CryptoError, ValueError):
        raise BundleError("bad_revocation", "This file in the IT folder is not a revocation that can be read.") from None


def take_all(engine, report) -> None:
    """Apply the revocations found in the folder (each once); set aside what IT did not sign."""
    from continuity.store import enrolment as enrolment_store
    from continuity.store import replication
    from continuity.sync import folder as shared

    db = engine.db
    for path in files(engine.root):
        try:
            data = shared.read(path, MAX_BYTES)
        except shared.FolderUnavailable:
            continue
        if len(data) > MAX_BYTES:
            engine._reject_path(path, BundleError("too_large", "The file is larger than any bundle may be ({size} bytes).",
                                                  size=len(data)), report)
            continue
        try:
            payload = check(data, enrolment_store.get_secret(db, "it_verify_key"), engine.ward_id)
            if enrolment_store.has_revocation(db, payload["revocation_id"]):
                continue
            signing_key = enrolment_store.get_secret(db, "signing_key")  # none on IT's workspace: it reads with IT's key
            secret = secret_for(payload, engine.device_id, signing_key) if signing_key else None
        except BundleError as error:
            engine._reject_path(path, error, report)
            continue
        with engine.store.write(engine.user) as tx:
            now = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            row = {"device_id": payload["device_id"], "last_good_bundle": payload["last_good_bundle"],
                   "revocation_id": payload["revocation_id"], "issued_at": payload["issued_at"], "reason": payload["reason"],
                   "applied_at": now}
            enrolment_store.record_revocation(db, row, payload["secret_id"], secret.hex() if secret is not None else None)
            # The same laptop under an earlier kit (its old key and id): frozen where it stands here.
            for older in enrolment_store.same_laptop_earlier_ids(db, payload["device_id"], payload.get("device_name")):
                enrolment_store.record_revocation(db, {**row, "device_id": older, "last_good_bundle": replication.peer(db, older)["last_bundle"]},
                                                  payload["secret_id"], None)
            tx.audit("device.revoked", "device", payload["device_id"],
                     detail={"revocation": payload["revocation_id"], "last_good_bundle": payload["last_good_bundle"]})
        report.revocations += 1
