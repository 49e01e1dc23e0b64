"""A password change travels to every laptop.

The new credential (the user's key wrapped by the new password, numbered, signed by that key) is
written to this laptop's keyring and journaled like any change, so the next bundle carries it. A
laptop that receives it checks the signature against the user's public key from the kit and the
number, then replaces the old credential in its own keyring: the old password (the kit's initial
one included) no longer opens that laptop. A credential not signed by the user's own key (a thief
with a laptop's key cannot make one) is ignored.
"""

from __future__ import annotations

import json

import orjson

from continuity.security import vault
from continuity.store import users as user_store
from continuity.store.tx import Store


def publish(session, credential: dict) -> None:
    """Write the new credential here (keyring and journal); called by ``session.change_password``."""
    store = session.store
    keyring = vault.read_keyring(store.folder)
    with store.write(session.user) as tx:
        tx.set("credential", session.user, {"value": json.dumps(credential, sort_keys=True), "version": credential["version"]})
        tx.audit("password_change", "user", session.user, detail={"version": credential["version"]})
        # The keyring is written before the commit: if that fails, nothing is journaled.
        vault.write_keyring(store.folder, vault.with_credential(keyring, credential, store.key))


def trusted_credential(store: Store, user: str, credential: object) -> bool:
    """The credential descends, by endorsements, from the key the kit gave this user."""
    return vault.credential_is_valid(credential, user, user_store.verify_keys(store.db).get(user))


def refresh_keyring(store: Store) -> int:
    """Take the newer credentials that arrived from other laptops into this laptop's keyring (the
    database key sealed anew to each new key). Returns how many were taken."""
    if not store.encrypted:
        return 0
    keyring = vault.read_keyring(store.folder)
    if keyring is None:
        return 0
    taken = 0
    for row in user_store.credentials(store.db):
        entry = keyring["users"].get(row["user"])
        if entry is None or row["verify_key"] is None:
            continue
        try:
            credential = orjson.loads(row["value"])  # depth-limited: a hostile value is skipped, never a crash
        except (TypeError, ValueError, RecursionError):
            continue
        if not vault.credential_is_valid(credential, row["user"], row["verify_key"]):
            continue
        if vault.credential_rank(credential) > vault.credential_rank(entry["credential"]):
            keyring = vault.with_credential(keyring, credential, store.key)
            taken += 1
    if taken:
        vault.write_keyring(store.folder, keyring)
    return taken
