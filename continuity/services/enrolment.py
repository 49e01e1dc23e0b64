"""Enrolling a data folder, and encrypting in place a clear folder of an earlier version.

A new folder gets a random database key, written only into its keyring. A folder of an earlier
version (a clear database) is encrypted when it is enrolled with its new package: the database is
exported into an encrypted file, the keyring written, the clear file overwritten and replaced. A
crash at any step leaves either the clear folder as it was (the export is simply redone) or a
keyring beside a finished encrypted copy, which the next opening puts in place.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from continuity.core.errors import KitError
from continuity.paths import database_path
from continuity.security import vault
from continuity.services import kit
from continuity.store import connection
from continuity.store.tx import Store

ENCRYPTING_SUFFIX = ".encrypting"


def _encrypting(path: Path) -> Path:
    return path.with_name(path.name + ENCRYPTING_SUFFIX)


ENROLLING_MARK = ".enrolling"


def finish_encryption(folder: Path) -> bool:
    """Put in place an encrypted copy a crash left beside its keyring (the copy is complete: the
    keyring is written after it). True when it did."""
    path = database_path(folder)
    pending = _encrypting(path)
    if not pending.exists() or not vault.keyring_path(folder).exists():
        return False
    _replace_clear(path, pending)
    return True


def finish_backups(folder: Path, key: bytes) -> None:
    """Backups an encryption in place had not reached when it was cut: encrypted with the database's key."""
    backups = folder / "backups"
    for backup in sorted(backups.glob("*.db")) if backups.is_dir() else []:
        if connection.is_clear(backup):
            connection.encrypt_copy(backup, _encrypting(backup), key)
            _replace_clear(backup, _encrypting(backup))


def _replace_clear(path: Path, encrypted: Path) -> None:
    """The clear database overwritten (its bytes do not stay readable in the file) and replaced."""
    for clear in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), path):
        if clear.exists():
            size = clear.stat().st_size
            with open(clear, "r+b") as handle:
                handle.write(bytes(size))
                handle.flush()
                os.fsync(handle.fileno())
    os.replace(encrypted, path)
    for clear in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if clear.exists():
            clear.unlink()  # zeros: SQLite makes them anew


def enrol_folder(folder: Path, source: dict, device_name: str, *, force: bool = False, store: Store | None = None) -> dict:
    """Enrol ``folder`` as ``device_name`` from its package. ``store``: the folder's database already
    opened by a signed-in user (refreshing an encrypted folder needs its key)."""
    kit.checked_package(source, device_name)  # a wrong file or laptop refused before anything is written
    path = database_path(folder)
    finish_encryption(folder)
    if store is not None:
        return kit.enrol(store, source, device_name, force=force)
    if vault.keyring_path(folder).exists():
        raise KitError("This data folder is already enrolled: sign in (--user, or IT with --it-key) to refresh it from this package.",
                       field="device")
    if path.exists() and connection.is_clear(path):
        return _encrypt_clear_folder(folder, source, device_name, force)
    mark = folder / ENROLLING_MARK
    if path.exists() and path.stat().st_size:
        if not mark.exists():
            raise KitError("This data folder holds an encrypted database whose keyring is missing: IT can open it with its key "
                           "(continuity --it-key KIT.itkey ...) and refresh it from this package.", field="device")
        # An enrolment cut before its keyring was written: nothing was ever done on it. Kept aside, never deleted.
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if part.exists():
                part.rename(part.with_name(f"{part.name}.unfinished-{stamp}"))
    package = kit.checked_package(source, device_name)
    key = vault.new_database_key()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    mark.touch()
    vault.write_escrow(folder, key, package["kit"]["it_public_key"])
    store = Store(path, key=key)
    try:
        result = kit.enrol(store, source, device_name, force=force)
    finally:
        store.close()
    mark.unlink()
    return result


def _encrypt_clear_folder(folder: Path, source: dict, device_name: str, force: bool) -> dict:
    path = database_path(folder)
    clear = Store(path)
    try:
        result = kit.enrol(clear, source, device_name, force=force)
    finally:
        clear.close()
    key = vault.new_database_key()
    connection.checkpoint(path, None)
    connection.encrypt_copy(path, _encrypting(path), key)
    package_kit = kit.checked_package(source, device_name)["kit"]
    vault.write_escrow(folder, key, package_kit["it_public_key"])
    # From here the encrypted copy is complete and its key kept: a cut is finished at the next opening.
    vault.write_keyring(folder, vault.make_keyring(key, ward=package_kit["ward"], device=device_name,
                                                   it_public_key=package_kit["it_public_key"], credentials=package_kit["credentials"]))
    _replace_clear(path, _encrypting(path))
    # Backups that earlier migrations made are as clear as the database was (a cut here: finished at the next sign-in).
    finish_backups(folder, key)
    return result | {"encrypted": True}
