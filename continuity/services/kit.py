"""The ward kit and the laptops' enrolment packages: prepared by IT before an outage.

IT's ``kit create`` writes three kinds of file, each sealed with a passphrase:

- the shared **kit**: the ward description, each laptop's public signing key and number blocks,
  each user's credential (a key pair whose private half is wrapped by the initial password), and
  IT's public keys. Nothing in it signs or decrypts anything a laptop exchanges;
- one **enrolment package** per laptop: the shared kit plus that laptop's own signing key and the
  ward secret. A lost package exposes one laptop, which IT revokes;
- **IT's key file** (its own passphrase): IT's private keys, which never leave IT.

The kit and every package are signed by IT's Ed25519 key. A laptop remembers the IT key it was
first enrolled with and accepts nothing IT did not sign with it: a self-made kit with the same ward
id does not replace a laptop's keys.
"""

from __future__ import annotations

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
from continuity.security import presence, signed, vault
from continuity.security.passwords import generate_password
from continuity.security.policy import check_passphrase
from continuity.security.sealed import read_limited, seal, unseal
from continuity.services import census as census_service
from continuity.store import enrolment as enrolment_store
from continuity.store import users as user_store
from continuity.store.tx import Store, WriteTx

KIT_MAGIC = b"CONTINUITY-KIT-2\n"
PACKAGE_MAGIC = b"CONTINUITY-ENROL-1\n"
IT_KEY_MAGIC = b"CONTINUITY-ITKEY-2\n"
EARLIER_MAGICS = (b"CONTINUITY-KIT-1\n", b"CONTINUITY-ITKEY-1\n")
KIT_FORMAT = 2
MAX_WARD_FILE_BYTES = 4 * 1024 * 1024
PACKAGE_SUFFIX = ".enrol"


def read_ward_file(path: Path) -> WardDescription:
    try:
        raw = read_limited(path, MAX_WARD_FILE_BYTES, field="ward")
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DomainError("The ward file is not UTF-8 text.", field="ward") from None
    except tomllib.TOMLDecodeError as error:
        raise DomainError("The ward file is not valid TOML: {error}", field="ward", error=str(error)) from None
    return parse_ward(data)


def new_it_keys(ward_id: str) -> dict:
    """IT's key pairs: X25519 (bundle content keys and laptops' database keys are sealed to it) and
    Ed25519 (what IT issues is signed with it)."""
    return {
        "format": KIT_FORMAT,
        "ward_id": ward_id,
        "it_private_key": nacl.public.PrivateKey.generate().encode().hex(),
        "it_signing_key": nacl.signing.SigningKey.generate().encode().hex(),
    }


def it_public_keys(it_payload: dict) -> dict:
    return {
        "it_public_key": nacl.public.PrivateKey(bytes.fromhex(it_payload["it_private_key"])).public_key.encode().hex(),
        "it_verify_key": nacl.signing.SigningKey(bytes.fromhex(it_payload["it_signing_key"])).verify_key.encode().hex(),
    }


def build_kit(
    ward: WardDescription, fixed_passwords: dict[str, str] | None = None, it_payload: dict | None = None,
    previous: dict | None = None, census: dict | None = None,
) -> tuple[dict, dict, dict[str, str]]:
    """The kit (with its enrolment packages under ``packages``), IT's key payload, and the initial
    passwords generated for users. A rebuilt kit reuses IT's keys (``it_payload``): laptops accept
    only what that key signs; and the users' keys of the ``previous`` kit: their passwords stay.
    ``census``: the main system's census (services.census.for_kit), signed with the kit and loaded
    on each laptop at its enrolment."""
    initial: dict[str, str] = {}
    credentials = []
    kept = {c["user"]: c for c in (previous or {}).get("credentials", [])}
    for user in ward.users:
        if user.name in kept and user.name not in (fixed_passwords or {}):
            credentials.append(kept[user.name])
            continue
        password = (fixed_passwords or {}).get(user.name)
        if password is None:
            password = initial[user.name] = generate_password()
        credentials.append(vault.new_credential(user.name, password))
    ward = replace(ward, users=[replace(u, password_hash=None) for u in ward.users])
    n = ward.numbering
    ipp_ranges = allocate_ranges(NumberKind.IPP, n.ipp_first, n.ipp_block, len(ward.laptops))
    nda_ranges = allocate_ranges(NumberKind.NDA, n.nda_first, n.nda_block, len(ward.laptops))
    it_payload = dict(it_payload or new_it_keys(ward.id))
    kit_id = uuid.uuid4().hex
    it_payload["kit_id"] = kit_id
    devices, signing_keys = [], {}
    for laptop, ipp, nda in zip(ward.laptops, ipp_ranges, nda_ranges, strict=True):
        signing = nacl.signing.SigningKey.generate()
        signing_keys[laptop.name] = signing.encode().hex()
        devices.append({"name": laptop.name, "location": laptop.location, "device_id": uuid.uuid4().hex,
                        "verify_key": signing.verify_key.encode().hex(), "ipp": [ipp.start, ipp.end], "nda": [nda.start, nda.end]})
    payload = {
        "format": KIT_FORMAT,
        "kit_id": kit_id,
        "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "ward": ward.to_dict(),
        "credentials": credentials,
        "devices": devices,
        **it_public_keys(it_payload),
        **({"census": census} if census else {}),
    }
    kit = {**payload, "signature": signed.sign(payload, it_payload["it_signing_key"])}
    ward_secret = nacl.utils.random(32).hex()
    packages = {}
    it_signing = nacl.signing.SigningKey(bytes.fromhex(it_payload["it_signing_key"]))
    device_ids = {d["name"]: d["device_id"] for d in devices}
    for name, signing_key in signing_keys.items():
        package = {"format": KIT_FORMAT, "kind": "enrolment", "kit": kit, "device": name, "signing_key": signing_key,
                   "ward_secret": ward_secret, "secret_id": kit_id}
        if census:
            # The census is loaded at enrolment in IT's name: every laptop believes those changes
            # only from a laptop IT certified (as when IT opens a laptop with its key).
            package["it_certificate"] = presence.certify(it_signing, ward.id, device_ids[name], presence.IT_USER)
        packages[name] = {"package": package, "signature": signed.sign(package, it_payload["it_signing_key"])}
    return {**kit, "packages": packages}, it_payload, initial


def write_file_atomically(path: Path, data: bytes, *, private: bool = True) -> None:
    """Whole or not at all, never through a planted link (interop/export_files). Kits, packages and
    IT's key are readable by their owner only; a revocation on the share (``private=False``) by
    whoever the share lets read it."""
    from continuity.interop import export_files

    export_files.write_whole(path, data, mode=0o600 if private else 0o644)


def packages_folder(kit_path: Path) -> Path:
    return kit_path.with_name(f"{kit_path.stem}-laptops")


def create_kit(
    ward_file: Path, out: Path, passphrase: str, it_passphrase: str, it_key_out: Path | None = None, *,
    previous_kit: Path | None = None, it_key: Path | None = None, census_files: list[Path] | None = None,
) -> dict:
    """Read a ward description, build its kit and write it, the laptops' packages and IT's key file.
    A rebuilt kit keeps IT's key (``it_key``: laptops accept only what it signs) and the users' keys
    of the ``previous_kit`` (their passwords, changed or not, stay valid). ``census_files``: the main
    system's census (CSV or HL7) carried by the kit; its bad rows are reported, the good ones kept."""
    ward = read_ward_file(ward_file)
    census, census_problems = census_service.for_kit(census_files, ward, datetime.now(timezone.utc)) if census_files else (None, [])
    check_passphrase(passphrase, field="passphrase", context=[ward.id, ward.name])
    check_passphrase(it_passphrase, field="it_passphrase", context=[ward.id, ward.name])
    it_payload = unseal_it_key(it_key, it_passphrase) if it_key else None
    if it_payload is not None and it_payload.get("ward_id") != ward.id:
        raise KitError("This IT key belongs to ward {ward}, not to {this}.", field="it_key", ward=it_payload.get("ward_id"), this=ward.id)
    previous = checked_kit(open_kit(previous_kit, passphrase), (it_public_keys(it_payload) if it_payload else {}).get("it_verify_key")) \
        if previous_kit else None
    built, it_payload, initial = build_kit(ward, it_payload=it_payload, previous=previous, census=census)
    result = write_kit(built, it_payload, out, passphrase, it_passphrase, it_key_out) | {"initial_passwords": initial}
    if census is not None:
        result["census"] = {"patients": len(census["patients"]), "stays": len(census["stays"]), "problems": census_problems}
    return result


def write_kit(
    built: dict, it_payload: dict, out: Path, passphrase: str, it_passphrase: str, it_key_out: Path | None = None
) -> dict:
    """Write the kit, one package per laptop and IT's key file. IT's key has its own passphrase:
    whoever enrols a laptop must not be able to open it (it reads every laptop's bundles)."""
    if it_passphrase == passphrase:
        raise KitError("IT's key needs its own passphrase, different from the kit's.", field="it_passphrase")
    kit = {k: v for k, v in built.items() if k != "packages"}
    write_file_atomically(out, seal(kit, passphrase, KIT_MAGIC))
    folder = packages_folder(out)
    packages = {}
    for name, package in built["packages"].items():
        path = folder / f"{name}{PACKAGE_SUFFIX}"
        write_file_atomically(path, seal(package, passphrase, PACKAGE_MAGIC))
        packages[name] = str(path)
    it_path = it_key_out or out.with_name(out.name + ".itkey")
    write_file_atomically(it_path, seal(it_payload, it_passphrase, IT_KEY_MAGIC))
    return {
        "kit": str(out),
        "it_key": str(it_path),
        "packages": packages,
        "kit_id": built["kit_id"],
        "ward": built["ward"]["id"],
        "laptops": [{"name": d["name"], "ipp": d["ipp"], "nda": d["nda"]} for d in built["devices"]],
    }


def open_kit(path: Path, passphrase: str) -> dict:
    """A kit or an enrolment package, opened with its passphrase (its signature is checked on use)."""
    blob = read_limited(path, field="kit")
    if blob.startswith(EARLIER_MAGICS):
        raise KitError("This ward kit was made by an earlier version of Continuity: ask IT for this laptop's enrolment package.",
                       field="kit")
    magic = PACKAGE_MAGIC if blob.startswith(PACKAGE_MAGIC) else KIT_MAGIC
    opened = unseal(blob, passphrase, magic)
    if not isinstance(opened, dict) or opened.get("format", (opened.get("package") or {}).get("format")) != KIT_FORMAT:
        raise KitError("This ward kit was made by another version of Continuity.", field="kit")
    return opened


def checked_kit(kit: object, it_verify_key: str | None = None) -> dict:
    """The shared kit, if IT signed it (with ``it_verify_key`` when this laptop already knows IT's key)."""
    if not isinstance(kit, dict):
        raise KitError("This file is not a Continuity ward kit (or is damaged at its start).", field="kit")
    payload = {k: v for k, v in kit.items() if k not in ("signature", "packages")}
    key = it_verify_key or payload.get("it_verify_key")
    if not signed.is_signed_by(payload, kit.get("signature"), key):
        raise KitError("This kit is not signed by this ward's IT: it is refused.", field="kit")
    return payload


def checked_package(source: dict, device_name: str, it_verify_key: str | None = None) -> dict:
    """The enrolment package of ``device_name`` (from a package file, or from a kit just built),
    if IT signed it and its kit."""
    envelope = (source.get("packages") or {}).get(device_name) if "packages" in source else source
    if envelope is None or "package" not in envelope:
        if "packages" in source or "devices" in source:
            names = ", ".join(d.get("name", "?") for d in source.get("devices", []))
            if device_name not in names.split(", "):
                raise KitError("This kit has no laptop named {name} (it has: {names}).", field="device", name=device_name, names=names)
            raise KitError("This is the ward's shared kit: enrol with this laptop's own package ({name}.enrol).", field="kit",
                           name=device_name)
        raise KitError("This file is not a Continuity ward kit (or is damaged at its start).", field="kit")
    package = envelope["package"]
    if not isinstance(package, dict) or package.get("kind") != "enrolment":
        raise KitError("This file is not a Continuity ward kit (or is damaged at its start).", field="kit")
    kit = checked_kit(package.get("kit"), it_verify_key)
    if not signed.is_signed_by(package, envelope.get("signature"), it_verify_key or kit["it_verify_key"]):
        raise KitError("This enrolment package is not signed by this ward's IT: it is refused.", field="kit")
    if package.get("device") != device_name:
        raise KitError("This enrolment package is for {package}, not {name}.", field="device", package=package.get("device"),
                       name=device_name)
    return package


def enrol(store: Store, source: dict, device_name: str, *, force: bool = False) -> dict:
    """Make this data folder the given laptop of the ward, from its enrolment package (or from a kit
    just built, which holds every package).

    A folder already enrolled is refused unless ``force``; even then it must be the same laptop of
    the same ward, and the package must be signed by the IT key it was first enrolled with. Nothing
    is lost or reused: with the same kit its sequence numbers and number blocks carry on where they
    were; a rebuilt kit gives it a new device id, whose journal is a new stream, while the old
    stream and the old keys stay (earlier bundles remain verifiable).
    """
    existing = store.device()
    known_it = enrolment_store.get_secret(store.db, "it_verify_key") if existing else None
    package = checked_package(source, device_name, known_it)
    kit = package["kit"]
    ward = ward_from_dict(kit["ward"])
    device = next((d for d in kit["devices"] if d["name"] == device_name), None)
    if device is None:
        raise KitError("This kit has no laptop named {name} (it has: {names}).", field="device", name=device_name,
                       names=", ".join(d["name"] for d in kit["devices"]))
    if existing is not None:
        if not force:
            raise KitError(
                "This data folder is already enrolled as {name} of ward {ward}: use --force to refresh it from this kit.",
                field="device", name=existing["device_name"], ward=existing["ward_id"])
        if existing["ward_id"] != ward.id or existing["device_name"] != device_name:
            raise KitError(
                "This data folder belongs to {name} of ward {ward}; use a new data folder for another laptop or ward.",
                field="device", name=existing["device_name"], ward=existing["ward_id"])
    if kit.get("census") is not None:
        census_service.check_kit_census(kit["census"])
    now = datetime.now(timezone.utc)
    with store.raw_transaction() as db:
        enrolment_store.write_ward(db, ward, {c["user"]: c["verify_key"] for c in kit["credentials"]})
        enrolment_store.write_keys(
            db,
            {"signing_key": package["signing_key"], "ward_secret": package["ward_secret"], "it_public_key": kit["it_public_key"],
             "it_verify_key": kit["it_verify_key"]},
            kit["devices"],
            kit["kit_id"],
        )
        enrolment_store.write_ranges(db, {"ipp": tuple(device["ipp"]), "nda": tuple(device["nda"])})
        enrolment_store.write_device(db, device_id=device["device_id"], device_name=device_name, ward=ward, kit_id=kit["kit_id"],
                                     enrolled_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"), hlc_now=hlc.pack(int(store.clock() * 1000), 0))
        # The enrolment is audited in the same transaction: no enrolled laptop without its entry.
        tx = WriteTx(store, None)
        detail = {"kit": kit["kit_id"]}
        if existing is not None and existing["device_id"] != device["device_id"]:
            detail["previous_device_id"] = existing["device_id"]
        tx.audit("device.enrol" if existing is None else "device.re-enrol", "device", device["device_id"], detail=detail)
        tx.finish()
    if store.key is not None:
        _write_keyring(store, kit, device_name)
    result = {"device": device_name, "device_id": device["device_id"], "ward": ward.id, "ipp": device["ipp"], "nda": device["nda"]}
    if kit.get("census") and package.get("it_certificate"):
        # Through the journal like any change, in IT's name: every laptop derives the same records,
        # sync keeps one of each.
        user_store.save_certificate(store.db, presence.IT_USER, device["device_id"], package["it_certificate"])
        result["census"] = census_service.load_from_kit(store, kit["census"])
    return result


def _write_keyring(store: Store, kit: dict, device_name: str) -> None:
    """Who can open this laptop's database: the kit's users (a newer local password kept) and IT."""
    try:
        current = vault.read_keyring(store.folder)
    except vault.KeyringError:
        current = None  # damaged (IT opened the laptop with its key): made anew for the kit's users
    vault.write_escrow(store.folder, store.key, kit["it_public_key"])
    if current is None:
        keyring = vault.make_keyring(store.key, ward=kit["ward"], device=device_name, it_public_key=kit["it_public_key"],
                                     credentials=kit["credentials"])
    else:
        keyring = vault.with_users(current, store.key, kit["credentials"])
        keyring["escrow"] = vault.seal_to_it(store.key, kit["it_public_key"])
        keyring["it_public_key"] = kit["it_public_key"]
        keyring["ward"] = {"id": kit["ward"]["id"], "name": kit["ward"].get("name", "")}
    vault.write_keyring(store.folder, keyring)


def unseal_it_key(path: Path, it_passphrase: str) -> dict:
    """IT's private key file (used by the reconciliation workstation)."""
    blob = read_limited(path, field="it_key")
    if blob.startswith(EARLIER_MAGICS):
        raise KitError("This key file was made by an earlier version of Continuity.", field="it_key")
    return unseal(blob, it_passphrase, IT_KEY_MAGIC)
