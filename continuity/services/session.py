"""Signing in: the password unwraps the user's key, which opens the laptop's database; throttled
(counted outside the database, parallel attempts included) and audited."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import nacl.signing

from continuity.core.errors import AuthenticationError, DomainError
from continuity.core.permissions import Permission, Role, parse_role, require
from continuity.paths import database_path
from continuity.security import presence, vault
from continuity.security.passwords import hash_password, verify_password
from continuity.security.policy import check_password
from continuity.store import connection, guard
from continuity.store import users as user_store
from continuity.store.tx import NotEnrolled, Store

FREE_ATTEMPTS = 4
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 60
_dummy_hash: str | None = None


def _dummy() -> str:
    """Checked when the user name is unknown, so that a wrong name takes as long as a wrong password.
    Made on first need, not at import (an Argon2 hash costs ~100 ms of start-up)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("continuity-unknown-user")
    return _dummy_hash


@dataclass
class Session:
    """A signed-in user on this laptop. Every service takes one and checks its permissions."""

    store: Store
    user: str
    role: Role
    display_name: str
    # The user's own key, unwrapped by the password (None for IT opening with its key, and in tests).
    signing_key: nacl.signing.SigningKey | None = field(default=None, repr=False)

    def require(self, permission: Permission) -> None:
        require(self.role, permission)

    @property
    def timezone(self) -> str:
        device = self.store.device()
        return device["timezone"] if device else "Europe/Paris"


def wait_after(failures: int) -> int:
    """Four free attempts; then 5 s, doubling, a minute at most: guessing is slowed to a crawl, and
    nobody can lock a colleague out for more than a minute by typing her name."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (failures - FREE_ATTEMPTS - 1))


def _charge(folder: Path, name: str, now: float) -> None:
    allowed, wait, _failures = guard.charge(folder, guard_name(folder, name), now, wait_after, MAX_WAIT_SECONDS)
    if not allowed:
        raise AuthenticationError("Too many failed attempts: wait {seconds} seconds before trying again.", field="password",
                                  seconds=int(wait) + 1)


def guard_name(folder: Path, name: str) -> str:
    """How an attempt is counted in the clear throttle file: a user of the keyring by her name;
    anything else typed in the name field (a password, by mistake) never written there."""
    keyring = vault.read_keyring(folder) if (folder / vault.KEYRING_NAME).exists() else None
    known = keyring is None or name in keyring.get("users", {})
    return name if known and name.isprintable() and len(name) <= 64 else "(unknown name)"


def open_session(folder: Path, name: str, password: str, *, clock=time.time) -> Session:
    """Sign in on a data folder that is not open yet: the password opens its database."""
    from continuity.services.enrolment import finish_backups, finish_encryption

    finish_encryption(folder)  # an encryption in place a crash interrupted
    keyring = vault.read_keyring(folder)
    if keyring is None:
        path = database_path(folder)
        if not path.exists() or not connection.is_clear(path):
            raise NotEnrolled("This data folder ({folder}) is not enrolled: run 'continuity demo' or 'continuity init --kit KIT "
                              "--device NAME'.", folder=str(folder))
        return sign_in(Store(path, clock=clock), name, password)  # an earlier version's clear folder
    _charge(folder, name, clock())
    try:
        unlocked = vault.unlock(keyring, name, password)
    except AuthenticationError:
        guard.failed(folder, guard_name(folder, name), clock())
        raise
    guard.succeeded(folder, name)
    store = Store(database_path(folder), key=unlocked.database_key, clock=clock)
    finish_backups(folder, unlocked.database_key)  # an encryption in place cut before its backups
    try:
        return _signed_in(store, name, unlocked.signing_key, keyring["users"][name]["credential"])
    except BaseException:
        store.close()
        raise


def open_with_it_key(folder: Path, it_private_key: str, *, it_signing_key: str | None = None, clock=time.time) -> Session:
    """IT opens a laptop whose users are gone, with its own key (the escrow in the keyring). With
    IT's signing key too, what IT changes there is certified by it and reaches the other laptops."""
    try:
        keyring = vault.read_keyring(folder)
    except vault.KeyringError:
        keyring = None  # damaged: IT's own copy of the key is kept apart
    escrows = [e for e in (keyring, vault.read_escrow(folder)) if e is not None]
    if not escrows:
        raise NotEnrolled("This data folder ({folder}) is not enrolled: run 'continuity demo' or 'continuity init --kit KIT "
                          "--device NAME'.", folder=str(folder))
    unlocked = None
    for escrow in escrows:
        try:
            unlocked = vault.unlock_with_it(escrow, it_private_key)
            break
        except vault.KeyringError:
            if escrow is escrows[-1]:
                raise
    store = Store(database_path(folder), key=unlocked.database_key, clock=clock)
    with store.write(presence.IT_USER) as tx:
        tx.audit("login", "user", presence.IT_USER, detail={"with": "it_key"})
        if it_signing_key is not None:
            device = store.device()
            user_store.save_certificate(store.db, presence.IT_USER, device["device_id"], presence.certify(
                nacl.signing.SigningKey(bytes.fromhex(it_signing_key)), device["ward_id"], device["device_id"], presence.IT_USER))
    return Session(store=store, user=presence.IT_USER, role=Role.IT, display_name="IT (key)")


def sign_in(store: Store, name: str, password: str) -> Session:
    """Sign in again on a database already open (unlocking the screen, switching user)."""
    _charge(store.folder, name, store.clock())
    signing_key = credential = None
    if store.encrypted:
        try:
            keyring = vault.read_keyring(store.folder) or {}
            unlocked = vault.unlock(keyring, name, password)
            if unlocked.database_key != store.key:
                raise AuthenticationError("Wrong user name or password.", field="password")
            signing_key, credential = unlocked.signing_key, keyring["users"][name]["credential"]
        except AuthenticationError:
            guard.failed(store.folder, guard_name(store.folder, name), store.clock())
            raise
    else:
        account = user_store.by_name(store.db, name)
        if not (verify_password(account["password_hash"] if account else _dummy(), password) and account is not None):
            guard.failed(store.folder, guard_name(store.folder, name), store.clock())
            raise AuthenticationError("Wrong user name or password.", field="password")
    guard.succeeded(store.folder, name)
    return _signed_in(store, name, signing_key, credential)


def _signed_in(store: Store, name: str, signing_key: nacl.signing.SigningKey | None, credential: dict | None = None) -> Session:
    account = user_store.by_name(store.db, name)
    if account is None:  # in the keyring but no longer in the ward (deactivated by a newer kit)
        raise AuthenticationError("Wrong user name or password.", field="password")
    if credential is not None:
        from continuity.services import credentials

        roots = user_store.root_keys(store.db).get(name, [])
        if not any(vault.credential_is_valid(credential, name, root) for root in roots):
            # Her keyring entry does not descend from a key a kit gave her: replaced by someone
            # else's (a colleague with access to the files, signing in under her name).
            raise AuthenticationError("This laptop's keyring entry for {user} is not the kit's: ask IT.", field="password", user=name)
        latest = credentials.best_credentials(store).get(name)
        if latest is not None and vault.credential_rank(latest) > vault.credential_rank(credential):
            # An older entry (put back by hand, or not refreshed yet): the newer password is the one.
            credentials.refresh_keyring(store)
            raise AuthenticationError("Your password was changed (here or on another laptop): sign in with the new one.",
                                      field="password")
    failures = guard.unrecorded_failures(store.folder)
    try:
        with store.write(name) as tx:
            # The failed attempts are recorded now: a wrong password could not open the trail to write them.
            for _id, user, at in failures:
                tx.audit("login", "user", user, outcome="failed", by=user,
                         detail={"at": datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
            tx.audit("login", "user", name)
            if signing_key is not None:  # she is here: the bundles that name her carry this
                device = store.device()
                user_store.save_certificate(store.db, name, device["device_id"], presence.certify(
                    signing_key, device["ward_id"], device["device_id"], name, (credential or {}).get("chain", [])))
        guard.mark_recorded(store.folder, [f[0] for f in failures])
    except connection.DiskFull:
        store.unaudited_reads = getattr(store, "unaudited_reads", 0) + 1  # a full disk: she can still read the ward
    return Session(store=store, user=name, role=parse_role(account["role"]), display_name=account["display_name"],
                   signing_key=signing_key)


def certify_here(store: Store, name: str, password: str) -> None:
    """Record that ``name`` works on this laptop, as signing in does (her password unwraps her key):
    for tools that act for users they hold the passwords of (the demo ward, benches)."""
    keyring = vault.read_keyring(store.folder) or {}
    unlocked = vault.unlock(keyring, name, password)
    device = store.device()
    with store.write(name):
        user_store.save_certificate(store.db, name, device["device_id"], presence.certify(
            unlocked.signing_key, device["ward_id"], device["device_id"], name, keyring["users"][name]["credential"].get("chain", [])))


def change_password(session: Session, old_password: str, new_password: str) -> None:
    """A new password for the signed-in user, checked against the policy. On an encrypted laptop it
    re-wraps the user's key (a new credential, numbered and signed by that key) and travels to the
    other laptops with the next bundle."""
    store = session.store
    account = user_store.by_name(store.db, session.user)
    if account is None:
        raise AuthenticationError("Wrong user name or password.", field="password")
    if new_password == old_password:
        raise DomainError("The new password must differ from the current one.", field="new_password")
    if not store.encrypted:
        if not verify_password(account["password_hash"], old_password):
            raise AuthenticationError("Wrong user name or password.", field="password")
        check_password(new_password, context=[session.user, account["display_name"]])
        with store.write(session.user) as tx:
            user_store.set_password_hash(store.db, session.user, hash_password(new_password))
            tx.audit("password_change", "user", session.user)
        return
    keyring = vault.read_keyring(store.folder) or {}
    _charge(store.folder, session.user, store.clock())
    try:
        unlocked = vault.unlock(keyring, session.user, old_password)
    except AuthenticationError:
        guard.failed(store.folder, session.user, store.clock())
        raise
    guard.succeeded(store.folder, session.user)
    check_password(new_password, context=[session.user, account["display_name"]])
    current = keyring["users"][session.user]["credential"]
    if len(current.get("chain", [])) + 1 >= vault.MAX_CHAIN:
        raise DomainError("This account has had too many password changes: ask IT to give it a new key in the next kit.",
                          field="new_password")
    credential, new_key = vault.rotate_credential(current, unlocked.signing_key, new_password)
    from continuity.services import credentials  # the credential travels: the journal is the way

    credentials.publish(session, credential)
    session.signing_key = new_key
    device = store.device()  # her certificate here, from her new key (with the chain that endorses it)
    with store.write(session.user):
        user_store.save_certificate(store.db, session.user, device["device_id"],
                                    presence.certify(new_key, device["ward_id"], device["device_id"], session.user, credential["chain"]))

