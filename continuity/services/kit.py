"""The ward kit: prepared by IT before an outage, used to enrol each laptop.

The kit (one encrypted file) holds the ward description, user accounts with Argon2id password
hashes, each laptop's identity, Ed25519 signing key and reserved IPP/NDA blocks, the ward secret
used to encrypt what laptops exchange, and IT's public key. IT's private key goes to a separate
file that never leaves IT.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import nacl.public
import nacl.signing
import nacl.utils

from continuity.core import hlc
from continuity.core.errors import DomainError, KitError
from continuity.core.identifiers import NumberKind, allocate_ranges
from continuity.core.ward import WardDescription, parse_ward, ward_from_dict
from continuity.security.passwords import generate_password, hash_password, is_password_hash
from continuity.security.sealed import seal, unseal
from continuity.store import enrolment as enrolment_store
from continuity.store.tx import Store, WriteTx

KIT_MAGIC = b"CONTINUITY-KIT-1\n"
IT_KEY_MAGIC = b"CONTINUITY-ITKEY-1\n"
KIT_FORMAT = 1


def read_ward_file(path: Path) -> WardDescription:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DomainError("File not found: {path}", field="ward", path=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise DomainError("The ward file is not valid TOML: {error}", field="ward", error=str(error)) from None
    return parse_ward(data)


def build_kit(ward: WardDescription, fixed_passwords: dict[str, str] | None = None) -> tuple[dict, dict, dict[str, str]]:
    """The kit payload, IT's private key payload, and the initial passwords generated for users."""
    initial: dict[str, str] = {}
    users = []
    for user in ward.users:
        if user.password_hash and is_password_hash(user.password_hash):
            users.append(user)
            continue
        password = (fixed_passwords or {}).get(user.name) or generate_password()
        if not (fixed_passwords and user.name in fixed_passwords):
            initial[user.name] = password
        users.append(replace(user, password_hash=hash_password(password)))
    ward = replace(ward, users=users)
    n = ward.numbering
    ipp_ranges = allocate_ranges(NumberKind.IPP, n.ipp_first, n.ipp_block, len(ward.laptops))
    nda_ranges = allocate_ranges(NumberKind.NDA, n.nda_first, n.nda_block, len(ward.laptops))
    devices = []
    for laptop, ipp, nda in zip(ward.laptops, ipp_ranges, nda_ranges, strict=True):
        signing = nacl.signing.SigningKey.generate()
        devices.append(
            {
                "name": laptop.name,
                "location": laptop.location,
                "device_id": uuid.uuid4().hex,
                "signing_key": signing.encode().hex(),
                "verify_key": signing.verify_key.encode().hex(),
                "ipp": [ipp.start, ipp.end],
                "nda": [nda.start, nda.end],
            }
        )
    it_key = nacl.public.PrivateKey.generate()
    kit_id = uuid.uuid4().hex
    kit = {
        "format": KIT_FORMAT,
        "kit_id": kit_id,
        "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ward": ward.to_dict(),
        "devices": devices,
        "ward_secret": nacl.utils.random(32).hex(),
        "it_public_key": it_key.public_key.encode().hex(),
    }
    it_payload = {"format": KIT_FORMAT, "kit_id": kit_id, "ward_id": ward.id, "it_private_key": it_key.encode().hex()}
    return kit, it_payload, initial


def write_file_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def create_kit(ward_file: Path, out: Path, passphrase: str, it_passphrase: str, it_key_out: Path | None = None) -> dict:
    """Read a ward description, build its kit and write it (plus IT's key file)."""
    ward = read_ward_file(ward_file)
    built, it_payload, initial = build_kit(ward)
    return write_kit(built, it_payload, out, passphrase, it_passphrase, it_key_out) | {"initial_passwords": initial}


def write_kit(
    built: dict, it_payload: dict, out: Path, passphrase: str, it_passphrase: str, it_key_out: Path | None = None
) -> dict:
    """Write the kit and IT's key file, each sealed with its own passphrase: whoever enrols a laptop
    must not be able to open IT's key (it reads every laptop's bundles)."""
    if it_passphrase == passphrase:
        raise KitError("IT's key needs its own passphrase, different from the kit's.", field="it_passphrase")
    write_file_atomically(out, seal(built, passphrase, KIT_MAGIC))
    it_path = it_key_out or out.with_name(out.name + ".itkey")
    write_file_atomically(it_path, seal(it_payload, it_passphrase, IT_KEY_MAGIC))
    return {
        "kit": str(out),
        "it_key": str(it_path),
        "kit_id": built["kit_id"],
        "ward": built["ward"]["id"],
        "laptops": [{"name": d["name"], "ipp": d["ipp"], "nda": d["nda"]} for d in built["devices"]],
    }


def open_kit(path: Path, passphrase: str) -> dict:
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise KitError("File not found: {path}", field="kit", path=str(path)) from None
    kit = unseal(blob, passphrase, KIT_MAGIC)
    if kit.get("format") != KIT_FORMAT:
        raise KitError("This ward kit was made by another version of Continuity.", field="kit")
    return kit


def enrol(store: Store, kit: dict, device_name: str, *, force: bool = False) -> dict:
    """Make this data folder the given laptop of the kit's ward.

    A folder already enrolled is refused unless ``force``; even then it must be the same laptop of
    the same ward. Nothing is lost or reused: with the same kit its sequence numbers and number
    blocks carry on where they were; a rebuilt kit gives it a new device id, whose journal is a new
    stream, while the old stream and the old keys stay (earlier bundles remain verifiable).
    """
    ward = ward_from_dict(kit["ward"])
    device = next((d for d in kit["devices"] if d["name"] == device_name), None)
    if device is None:
        raise KitError(
            "This kit has no laptop named {name} (it has: {names}).",
            field="device",
            name=device_name,
            names=", ".join(d["name"] for d in kit["devices"]),
        )
    existing = store.device()
    if existing is not None:
        if not force:
            raise KitError(
                "This data folder is already enrolled as {name} of ward {ward}: use --force to refresh it from this kit.",
                field="device",
                name=existing["device_name"],
                ward=existing["ward_id"],
            )
        if existing["ward_id"] != ward.id or existing["device_name"] != device_name:
            raise KitError(
                "This data folder belongs to {name} of ward {ward}; use a new data folder for another laptop or ward.",
                field="device",
                name=existing["device_name"],
                ward=existing["ward_id"],
            )
    now = datetime.now(timezone.utc)
    with store.raw_transaction() as db:
        enrolment_store.write_ward(db, ward)
        enrolment_store.write_keys(
            db,
            {
                "signing_key": device["signing_key"],
                "ward_secret": kit["ward_secret"],
                "it_public_key": kit["it_public_key"],
            },
            kit["devices"],
            kit["kit_id"],
        )
        enrolment_store.write_ranges(db, {"ipp": tuple(device["ipp"]), "nda": tuple(device["nda"])})
        enrolment_store.write_device(
            db,
            device_id=device["device_id"],
            device_name=device_name,
            ward=ward,
            kit_id=kit["kit_id"],
            enrolled_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            hlc_now=hlc.pack(int(store.clock() * 1000), 0),
        )
        # The enrolment is audited in the same transaction: no enrolled laptop without its entry.
        tx = WriteTx(store, None)
        detail = {"kit": kit["kit_id"]}
        if existing is not None and existing["device_id"] != device["device_id"]:
            detail["previous_device_id"] = existing["device_id"]
        tx.audit("device.enrol" if existing is None else "device.re-enrol", "device", device["device_id"], detail=detail)
        tx.finish()
    return {"device": device_name, "device_id": device["device_id"], "ward": ward.id, "ipp": device["ipp"], "nda": device["nda"]}


def unseal_it_key(path: Path, it_passphrase: str) -> dict:
    """IT's private key file (used by the reconciliation workstation)."""
    try:
        blob = path.read_bytes()
    except FileNotFoundError:
        raise KitError("File not found: {path}", field="it_key", path=str(path)) from None
    return unseal(blob, it_passphrase, IT_KEY_MAGIC)
